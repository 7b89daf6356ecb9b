// Plan-time validation benchmarks.
//
//   npx projen compile && npx ts-node --transpile-only --project test/tsconfig.json test/bench/validate.bench.ts [runs]
//
// P2: validateSpec over 1,000 backups on 20 clusters and 10 policies, namespaces through a kubeconfig, against the
//     emulator: requests (≤ 31) and time (≤ 0.5 s, first run, including the load of @kubernetes/client-node).
// P3: `terraform plan` of a 100-backup stack against the emulator, with and without the validation data source
//     (median of `runs`, default 9, interleaved): the fraction the default validation adds (≤ 10 %).
// Exits 1 on a miss.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TerraformStack, Testing } from 'cdktf';
import { writeSummary } from './summary';
import { CloudCasaProvider, Duration, KubeBackup, KubeCluster, Namespaces, PlanValidation, Policy, Schedule, Trigger } from '../../lib';
import { CloudCasaClient } from '../../lib/client';
import { startEmulator } from '../../lib/emulator';
import { BackupSpec, validateSpec } from '../../lib/validate';
import { cliProcess } from '../cli/cli-helpers';
import { engineBinary, loadEngines } from '../e2e/engines';
import { EngineWorkdir } from '../e2e/harness';

const RUNS = Number(process.argv[2] ?? 9);
// The default (PlanValidation.auto()) on a pipeline runner without a kubeconfig: what P3's target is about. The
// kubeconfig rows add the load of @kubernetes/client-node (~0.3 s) and are printed for information.
const HEADLINE = 'with, default auto() (no kubeconfig)';
const misses: string[] = [];

const figures: Record<string, { value: number; target: number; unit: string; verdict: string }> = {};

function check(label: string, value: number, target: number, unit: string) {
  const ok = value <= target;
  if (!ok) misses.push(label);
  figures[label] = { value, target, unit, verdict: ok ? 'PASS' : 'MISS' };
  process.stdout.write(`${label.padEnd(44)} ${String(value).padStart(8)} ${unit.padEnd(9)} target ≤ ${target} ${unit}  ${ok ? 'ok' : 'MISS'}\n`);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function p2(dir: string) {
  const emu = await startEmulator({});
  try {
    const clusters = Array.from({ length: 20 }, (_, c) => emu.seedCluster({ name: `cluster-${c}`, namespaces: ['default', ...Array.from({ length: 30 }, (__, n) => `ns-${n}`)] }));
    const client = new CloudCasaClient({ apiUrl: emu.url, apiKey: emu.apiKey });
    const policies: Array<{ _id: string }> = [];
    for (let p = 0; p < 10; p++) {
      policies.push(await client.policies.create({ name: `policy-${p}`, timezone: 'UTC', schedules: [{ retainDays: 7, locked: false, schedule: { cronSpec: `0 ${p} * * *` } }] } as any));
    }
    const kubeconfig = path.join(dir, 'kubeconfig');
    emu.writeKubeconfig(kubeconfig);
    const backups: BackupSpec[] = Array.from({ length: 1000 }, (_, i) => ({
      path: `bench/B${i}`,
      name: `b${i}`,
      cluster: i % 2 ? { id: clusters[i % 20]._id } : { name: `cluster-${i % 20}` },
      allNamespaces: false,
      namespaces: [`ns-${i % 30}`, 'default'],
      triggerType: 'SCHEDULED',
      policy: i % 3 ? { name: `policy-${i % 10}` } : { id: policies[i % 10]._id },
    }));
    const before = emu.requestLog.length;
    const t0 = performance.now();
    const report = await validateSpec({ version: 1, stack: 'bench', namespaceSource: { mode: 'kubeconfig', path: kubeconfig }, backups, offloads: [] }, { client });
    const ms = Math.round(performance.now() - t0);
    if (report.errors.length) throw new Error(`P2 spec should be valid: ${report.errors[0].message}`);
    const served = emu.requestLog.length - before;
    process.stdout.write(`P2: 1,000 backups, 20 clusters, 10 policies (reported ${report.requests} requests, emulator served ${served})\n`);
    check('P2 requests', served, 31, 'requests');
    // In-process, through the library's unbundled modules (client-node as ~450 ms of ESM files): for information.
    // The targets are the program as the engine runs it, below.
    process.stdout.write(`${'P2 in-process, cold (library modules, info)'.padEnd(44)} ${String(ms).padStart(8)} ms\n`);
    figures['P2 in-process, cold (library modules)'] = { value: ms, target: NaN, unit: 'ms', verdict: 'info' };
    // The program as the engine runs it: a fresh Node process reading the query on stdin. Best of 3 (cold module
    // loading is what is measured; the first of the three also warms the disk cache).
    const program = async (namespaceSource: any, specBackups = backups) => {
      const query = JSON.stringify({ api_url: emu.url, spec: JSON.stringify({ version: 1, stack: 'bench', namespaceSource, backups: specBackups, offloads: [] }) });
      let best = Infinity;
      for (let r = 0; r < 3; r++) {
        const t = performance.now();
        const res = await cliProcess(['validate-external'], { CLOUDCASA_API_KEY: emu.apiKey, KUBECONFIG: '', HOME: dir }, query);
        if (res.code !== 0) throw new Error(`validate-external failed: ${res.stderr}`);
        best = Math.min(best, performance.now() - t);
      }
      return Math.round(best);
    };
    check('P2 program, fresh process, kubeconfig', await program({ mode: 'kubeconfig', path: kubeconfig }), 500, 'ms');
    // The start: the same program on a one-backup stack (process start, module loading, the few look-ups it needs).
    check('P2 program start, no kubeconfig (1 backup)', await program({ mode: 'auto' }, backups.slice(0, 1)), 150, 'ms');
    const noKube = await program({ mode: 'auto' });
    process.stdout.write(`${'P2 program, no kubeconfig, 1,000 backups (info)'.padEnd(44)} ${String(noKube).padStart(8)} ms\n`);
    figures['P2 program, no kubeconfig, 1,000 backups'] = { value: noKube, target: NaN, unit: 'ms', verdict: 'info' };
    const t1 = performance.now();
    await validateSpec({ version: 1, stack: 'bench', namespaceSource: { mode: 'kubeconfig', path: kubeconfig }, backups, offloads: [] }, { client });
    process.stdout.write(`P2 time (warm, for information)               ${String(Math.round(performance.now() - t1)).padStart(8)} ms\n`);
  } finally {
    await emu.close();
  }
}

function stack100(externalVersion: string, planValidation: PlanValidation): unknown {
  const stack = new TerraformStack(Testing.app(), 'bench');
  new CloudCasaProvider(stack, 'CloudCasa', { externalVersion, planValidation });
  const cluster = KubeCluster.fromName(stack, 'Cluster', 'prod');
  const policy = new Policy(stack, 'Nightly', { schedules: [{ schedule: Schedule.daily({ hour: 2 }), retention: Duration.days(7) }] });
  for (let i = 0; i < 100; i++) {
    new KubeBackup(stack, `B${i}`, { cluster, namespaces: Namespaces.of([`ns-${i % 10}`]), trigger: Trigger.scheduled(policy) });
  }
  return JSON.parse(Testing.synth(stack));
}

async function p3(dir: string) {
  const bin = engineBinary('terraform');
  const manifest = loadEngines();
  if (!bin || !manifest) {
    process.stdout.write('P3: SKIPPED (terraform not built: run `npm run engines`)\n');
    misses.push('P3 (no engine)');
    return;
  }
  const emu = await startEmulator({});
  try {
    emu.seedCluster({ name: 'prod', namespaces: Array.from({ length: 10 }, (_, n) => `ns-${n}`) });
    const kubeconfig = path.join(dir, 'kubeconfig-p3');
    emu.writeKubeconfig(kubeconfig);
    const env = { TF_VAR_cloudcasa_api_url: emu.url, TF_VAR_cloudcasa_api_key: emu.apiKey };
    const variants: Array<[string, PlanValidation]> = [
      ['without', PlanValidation.disabled()],
      [HEADLINE, PlanValidation.auto()],
      ['with, kubeconfig (info: loads @kubernetes/client-node)', PlanValidation.kubeconfig({ path: kubeconfig })],
    ];
    const times: Record<string, number[]> = {};
    const wds = [];
    for (const [label, v] of variants) {
      const json: any = stack100(manifest.versions.external, v);
      const wd = EngineWorkdir.fromJson('terraform', bin, manifest, json, { ...env, HOME: dir, KUBECONFIG: '' });
      wds.push(wd);
      await wd.init();
      await wd.ok(['plan', '-no-color', '-input=false', '-lock=false']); // warm-up
      times[label] = [];
    }
    // Interleaved, so machine noise hits both variants alike.
    for (let r = 0; r < RUNS; r++) {
      for (let i = 0; i < variants.length; i++) {
        const t0 = performance.now();
        await wds[i].ok(['plan', '-no-color', '-input=false', '-lock=false']);
        times[variants[i][0]].push(performance.now() - t0);
      }
    }
    for (const wd of wds) wd.cleanup();
    const base = median(times.without);
    const withV = median(times[HEADLINE]);
    process.stdout.write(`P3: terraform plan, 100 backups, median of ${RUNS}:\n`);
    for (const [label] of variants) {
      const m = median(times[label]);
      process.stdout.write(`    ${label.padEnd(44)} ${String(Math.round(m)).padStart(6)} ms  ${label === 'without' ? '' : `+${Math.round(((m - base) / base) * 1000) / 10} %`}\n`);
      figures[`P3 plan ${label}`] = { value: Math.round(m), target: NaN, unit: 'ms', verdict: 'info' };
    }
    check('P3 added by validation', Math.round(((withV - base) / base) * 1000) / 10, 10, '%');
  } finally {
    await emu.close();
  }
}

(async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-validate-bench-'));
  try {
    await p2(dir);
    if (!process.env.BENCH_P2_ONLY) await p3(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    writeSummary('P2-P3', figures);
  }
  if (misses.length) {
    process.stdout.write(`MISSED: ${misses.join(', ')}\n`);
    process.exitCode = 1;
  }
})().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exitCode = 1;
});
