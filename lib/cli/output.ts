/** Human and machine output for the CLI. */

export interface Column<T> { readonly header: string; readonly value: (row: T) => string | number | boolean | undefined }

/** Renders rows as an aligned plain-text table (the last column is not padded). */
export function table<T>(rows: T[], columns: Array<Column<T>>): string {
  const cells = rows.map(r => columns.map(c => cell(c.value(r))));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map(row => row[i].length)));
  const line = (vals: string[]) => vals.map((v, i) => (i === vals.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd();
  return [line(columns.map(c => c.header)), ...cells.map(line)].join('\n');
}

function cell(v: string | number | boolean | undefined): string {
  if (v === undefined || v === null || v === '') return '-';
  return String(v).replace(/\s+/g, ' ');
}

/** `2026-11-24 08:06:54Z` from epoch seconds. */
export function epoch(sec: number | undefined): string | undefined {
  return sec ? new Date(sec * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : undefined;
}

/** `1m 05s` for a number of seconds. */
export function duration(sec: number | undefined): string | undefined {
  if (sec === undefined || !Number.isFinite(sec) || sec < 0) return undefined;
  const m = Math.floor(sec / 60);
  const s = Math.round(sec % 60);
  return m ? `${m}m ${String(s).padStart(2, '0')}s` : `${s}s`;
}

export function truncate(s: string | undefined, n: number): string | undefined {
  return s && s.length > n ? `${s.slice(0, n - 1)}…` : s;
}

/** Parses `90s`, `15m`, `2h`, or a number of seconds. */
export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`invalid duration '${text}': use e.g. 90s, 15m, 2h`);
  const n = Number(m[1]);
  return Math.round(n * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 's') as 'ms' | 's' | 'm' | 'h']);
}

export function printJson(value: unknown) {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
