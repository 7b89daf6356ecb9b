// `npm run bench`: every benchmark in turn (a miss in one does not stop the others), then one table of every
// target with PASS/MISS from the JSON summary they wrote. Exits 1 when any target was missed or a bench failed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { summaryFile } from './summary';

const BENCHES = ['emulator', 'client', 'synth', 'validate', 'apply'];

const file = summaryFile();
fs.rmSync(file, { force: true });
const failed: string[] = [];
for (const name of BENCHES) {
  process.stdout.write(`\n== ${name} ==\n`);
  const r = spawnSync(process.execPath, [...process.execArgv, path.join(__dirname, `${name}.bench.ts`)], { stdio: 'inherit', env: process.env });
  if (r.status !== 0) failed.push(name);
}

const s = JSON.parse(fs.readFileSync(file, 'utf8'));
const rows: string[][] = [];
const add = (target: string, figure: string, goal: string, verdict: string) => rows.push([target, figure, goal, verdict]);
const res = s.results ?? {};
if (res.P1) add('P1 synth, fresh process', `${res.P1.ratio}× (${res.P1.constructsMs} vs ${res.P1.rawMs} ms)`, `≤ ${res.P1.target}×`, res.P1.verdict);
for (const [label, f] of Object.entries<any>(res['P2-P3'] ?? {})) {
  if (f.verdict !== 'info') add(label, `${f.value} ${f.unit}`, `≤ ${f.target} ${f.unit}`, f.verdict);
}
if (res.P4) add('P4 requests per poll interval', String(res.P4.perInterval), '≤ 1', res.P4.verdict);
if (res.P5) add('P5 emulator GET/s, p99', `${res.P5.rps}/s, ${res.P5.p99Ms} ms`, `≥ ${res.P5.target.rps}/s, < ${res.P5.target.p99Ms} ms`, res.P5.verdict);
for (const engine of ['terraform', 'tofu']) {
  const e = res.apply?.[engine];
  if (!e) continue;
  for (const [key, label] of [['apply', 'P6 apply'], ['update', 'P7 update'], ['plan', 'plan, no change'], ['destroy', 'destroy']] as const) {
    const x = e[key];
    if (x) add(`${engine} ${label}`, `${x.ratio}× (raw ${(x.rawMs / 1000).toFixed(1)} s, lib ${(x.libMs / 1000).toFixed(1)} s)`, `≤ ${x.target}×`, x.verdict);
  }
  if (e.apply) add(`${engine} P6 requests`, `lib ${e.apply.libRequests}, raw ${e.apply.rawRequests}`, `≤ raw + ${2 * e.N}`, e.apply.libRequests <= e.apply.rawRequests + 2 * e.N ? 'PASS' : 'MISS');
  if (e.update) add(`${engine} P7 writes`, String(e.update.libWrites), '= 1', e.update.libWrites === 1 ? 'PASS' : 'MISS');
  if (e.growth) {
    add(`${engine} P8 growth`, `${e.growth.rows.map((r: any) => `N=${r.n} ${(r.ms / 1000).toFixed(1)} s`).join(', ')}; slope ${e.growth.slopeSecondsPer100} s/100; ${e.growth.linearity}× per pair`,
      '≤ 1.25× per pair, 1 process per 500 links', e.growth.verdict);
  }
  if (e.runOnApply10) add(`${engine} P9 10 run-on-apply backups`, `+${(e.runOnApply10.addedMs / 1000).toFixed(1)} s`, '(information)', 'info');
}
if (res.apply?.jobLatency) {
  const j = res.apply.jobLatency;
  add('P9 casa run --wait, after the job ends', `${j.latencyMs} ms`, `≤ ${j.target} ms`, j.verdict);
}
const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length), 6));
process.stdout.write(`\n== summary (${file}; ${s.machine.cpus} × ${s.machine.model}, Node ${s.machine.node}) ==\n`);
for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i])).join('  ')}\n`);
const misses = rows.filter((r) => r[3] === 'MISS').length;
process.stdout.write(`${rows.filter((r) => r[3] === 'PASS').length} PASS, ${misses} MISS${failed.length ? `; benches that exited non-zero: ${failed.join(', ')}` : ''}\n`);
if (misses || failed.length) process.exitCode = 1;
