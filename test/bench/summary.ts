// The benchmarks' JSON summary: each bench merges its figures into one file (default test/bench/results.json, or
// BENCH_SUMMARY), keyed by target, with the machine they came from. The README's performance section quotes it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function summaryFile(): string {
  return process.env.BENCH_SUMMARY ?? path.join(__dirname, 'results.json');
}

export function machine() {
  return { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
}

/** Merges `figures` under `key` into the summary file. */
export function writeSummary(key: string, figures: unknown): void {
  const file = summaryFile();
  let current: any = {};
  try { current = JSON.parse(fs.readFileSync(file, 'utf8')); } catch { /* first bench of the run */ }
  current.machine = machine();
  current.updated = new Date().toISOString();
  current.results = { ...current.results, [key]: figures };
  fs.writeFileSync(file, `${JSON.stringify(current, null, 2)}\n`);
}
