import { closest, distance } from 'fastest-levenshtein';

/** How serious a finding is: errors stop the plan, warnings and notes are reported only. */
export type Severity = 'error' | 'warning' | 'note';

/** One problem (or remark) about one construct. */
export interface Finding {
  readonly severity: Severity;
  /** Construct path, e.g. `prod/Apps` (or the stack name for stack-wide notes). */
  readonly path: string;
  /** The construct property at fault, e.g. `namespaces`. */
  readonly field: string;
  /** The value at fault, rendered as text. */
  readonly value?: string;
  /** The full sentence, starting with the path. */
  readonly message: string;
}

/** What `validateSpec` found. */
export interface ValidationReport {
  readonly errors: Finding[];
  readonly warnings: Finding[];
  readonly notes: Finding[];
  /** Backups and offloads checked. */
  readonly checked: number;
  /** HTTP requests made (CloudCasa API and Kubernetes APIs). */
  readonly requests: number;
  readonly durationMs: number;
  /**
   * For each adoptable object of the spec (by key): restful's import spec of the CloudCasa object that already
   * has its name, or `''` when there is none. The stack's import blocks read it.
   */
  readonly adopt: Record<string, string>;
}

/** Builds findings in the style of the constructs' synth-time errors: path, field, value, what is allowed. */
export class Findings {
  readonly items: Finding[] = [];

  add(severity: Severity, path: string, field: string, value: string | undefined, problem: string, advice = ''): void {
    const got = value === undefined ? '' : `; got ${value}`;
    const message = `${path}: '${field}' ${problem}${got}.${advice ? ` ${advice}` : ''}`;
    this.items.push({ severity, path, field, value, message });
  }

  /** A finding that is not about one field (e.g. "namespace checks skipped"). */
  remark(severity: Severity, path: string, field: string, message: string): void {
    this.items.push({ severity, path, field, message: `${path}: ${message}` });
  }

  of(severity: Severity): Finding[] {
    return this.items.filter((f) => f.severity === severity);
  }
}

/**
 * The closest candidate when it is plausibly a typo: at most a third of the word's length away (at least 1,
 * at most 3), so `prodution` → `production` but `web` does not suggest `db`.
 */
export function didYouMean(value: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates].filter((c) => c !== value);
  if (list.length === 0 || value === '') return undefined;
  const best = closest(value, list);
  const limit = Math.min(3, Math.max(1, Math.floor(value.length / 3)));
  return distance(value, best) <= limit ? best : undefined;
}

/** `"a", "b", "c"` with at most `max` items (`… and N more`). */
export function choices(values: Iterable<string>, max = 12): string {
  const all = [...values].sort();
  const shown = all.slice(0, max).map((v) => JSON.stringify(v)).join(', ');
  return all.length > max ? `${shown} … and ${all.length - max} more` : shown;
}

/** Every finding, one per line, errors first; for stderr of `validate-external` and the human output. */
export function formatFindings(report: ValidationReport, severities: Severity[] = ['error', 'warning', 'note']): string {
  const lines: string[] = [];
  const groups: Array<[Severity, Finding[]]> = [['error', report.errors], ['warning', report.warnings], ['note', report.notes]];
  const width = Math.max(0, ...groups.filter(([s, f]) => severities.includes(s) && f.length > 0).map(([s]) => s.length));
  for (const [severity, findings] of groups) {
    if (!severities.includes(severity)) continue;
    for (const f of findings) lines.push(`${`${severity}:`.padEnd(width + 1)} ${f.message}`);
  }
  return lines.join('\n');
}

/** `2 errors, 1 warning` */
export function summary(report: ValidationReport): string {
  const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${n(report.errors.length, 'error')}, ${n(report.warnings.length, 'warning')}, ${n(report.notes.length, 'note')}`
    + ` (${n(report.checked, 'definition')} checked, ${n(report.requests, 'request')}, ${report.durationMs} ms)`;
}
