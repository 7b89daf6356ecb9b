/** Human and machine output for the CLI. */
import { resolveApiKey } from '../client/connection';
import { maskSecret } from '../client/errors';

/** The `--api-key` of the command being run; `main` sets it once the command line is parsed. */
let givenApiKey: string | undefined;

/** Tells the output which `--api-key` the command got, so that it is masked as a key from the environment is. */
export function setGivenApiKey(key: string | undefined): void {
  givenApiKey = key;
}

/** The API key the command uses (`--api-key`, else the environment, as `resolveConnection` chooses): masked in all output. */
export function apiKeyInUse(): string | undefined {
  return resolveApiKey({ apiKey: { value: givenApiKey, from: '--api-key' } })?.value;
}

// C0 controls but tab and newline, DEL, C1 controls, and the Unicode bidi/zero-width format characters that can
// hide or reorder text on a terminal.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Text fit for a terminal: every control or format character is shown as a `\\xHH` / `\\uHHHH` escape (so
 * a name from the API cannot move the cursor, recolour or retitle the terminal), user info in URLs is masked,
 * and `secret` (by default the API key in use) is replaced by `***`. JSON output gets the same through `printJson`.
 */
export function terminalSafe(text: string, secret: string | undefined = apiKeyInUse()): string {
  return maskSecret(String(text), secret).replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

export interface Column<T> { readonly header: string; readonly value: (row: T) => string | number | boolean | undefined }

/** Renders rows as an aligned plain-text table (the last column is not padded). */
export function table<T>(rows: T[], columns: Array<Column<T>>): string {
  const t = tableWriter(columns);
  return [t.header(rows), ...t.rows(rows)].join('\n');
}

/**
 * A table printed a page at a time: the column widths are set by the first page (and grow when a later page has a
 * longer value), so rows appear as pages arrive instead of after the last one.
 */
export function tableWriter<T>(columns: Array<Column<T>>) {
  let widths = columns.map((c) => c.header.length);
  // Cells are terminal-safe (see `cell`); headers are ours.
  const line = (vals: string[]) => vals.map((v, i) => (i === vals.length - 1 ? v : v.padEnd(widths[i]))).join('  ').trimEnd();
  const cellsOf = (rows: T[]) => {
    const cells = rows.map(r => columns.map(c => cell(c.value(r))));
    widths = widths.map((w, i) => Math.max(w, ...cells.map(row => row[i].length)));
    return cells;
  };
  let pending: string[][] | undefined;
  return {
    /** The header line, sized by the first page of rows. */
    header(firstPage: T[]): string { pending = cellsOf(firstPage); return line(columns.map(c => c.header)); },
    /** The lines of a page of rows. */
    rows(page: T[]): string[] {
      const cells = pending ?? cellsOf(page);
      pending = undefined;
      return cells.map(line);
    },
  };
}

function cell(v: string | number | boolean | undefined): string {
  if (v === undefined || v === null || v === '') return '-';
  return terminalSafe(String(v).replace(/[ \t\n\r]+/g, ' '));
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

/**
 * Credential fields the API echoes back (object stores' S3 and Azure keys): `--json` output shows `"***"`
 * instead, so a pipeline log never receives them.
 */
const CREDENTIAL_KEYS = new Set(['access_key', 'secret_key', 'client_secret', 'account_key', 'password', 'sas_token']);

/** Pretty JSON on stdout with credential fields redacted and the API key masked. */
/** JSON text as printed: credentials as `***`, DEL/C1/bidi controls escaped, the key in use masked. */
function jsonText(value: unknown, indent = ''): string {
  const text = JSON.stringify(value, (k, v) => (CREDENTIAL_KEYS.has(k) && v !== null && v !== undefined && v !== '' ? '***' : v), 2);
  // JSON.stringify escapes C0 controls but not DEL, C1 or bidi controls: escape those as JSON \\u escapes.
  const safe = text.replace(/[\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return maskSecret(indent ? safe.replace(/^/gm, indent) : safe, apiKeyInUse());
}

export function printJson(value: unknown) {
  process.stdout.write(`${jsonText(value)}\n`);
}

/**
 * A JSON array printed an element at a time, as pages arrive: the same text `printJson` gives for the whole array.
 */
export function jsonArrayWriter() {
  let count = 0;
  return {
    item(value: unknown) { process.stdout.write(`${count++ === 0 ? '[\n' : ',\n'}${jsonText(value, '  ')}`); },
    end() { process.stdout.write(count === 0 ? '[]\n' : '\n]\n'); },
  };
}
