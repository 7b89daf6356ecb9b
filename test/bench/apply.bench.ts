// Apply benchmarks: this package's stack against the cheapest correct hand-written restful stack, on both engines,
// against the emulator over real HTTP. Each phase runs the two sides back to back (alternating which goes first), in
// one run; the figures are ratios of that run.
//
//   npx projen compile && npx ts-node --transpile-only --project test/tsconfig.json test/bench/apply.bench.ts
//
// P6  apply (create) of N = 200 backups + 200 copies + 3 policies: ≤ 1.25 × raw, requests ≤ raw + 2 per link.
//     The raw stack writes each copydef link by the cheapest correct means: a data source reads the backup after
//     both exist (a fresh etag), and a restful_operation PATCHes copydef with it.
// P7  update of one policy shared by all 200 copies: ≤ 1.1 × raw, exactly one write.
//     Plan with no change and destroy: ≤ 1.1 × raw.
// P8  growth: apply time of the library stack at N = 10, 50, 200, 1,000 (BENCH_GROWTH overrides), the slope per
//     100 pairs, linearity (time per pair at the largest N against N = 200), and how many link processes ran.
// P9  job latency: `casa run --wait` of a 0.4 s job (wall time minus the job's length, ≤ 1 s), and what 10
//     run-on-apply backups add to an apply.
// Exits 1 on a miss; figures go to the JSON summary (summary.ts).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TerraformStack, Testing } from 'cdktf';
import { writeSummary } from './summary';
import { CloudCasaProvider, Duration, KubeBackup, KubeCluster, KubeOffload, Namespaces, OffloadTarget, Policy, Schedule, Trigger } from '../../lib';
import { COLLECTIONS } from '../../lib/_collections';
import { CloudCasaClient } from '../../lib/client';
import { updateBodyPatches } from '../../lib/cloudcasa-resource';
import { Emulator, startEmulator } from '../../lib/emulator';
import { engineBinary, ENGINES, EngineName, EnginesManifest, loadEngines } from '../e2e/engines';
import { EngineWorkdir } from '../e2e/harness';

const N = Number(process.env.BENCH_N ?? 200);
const GROWTH = (process.env.BENCH_GROWTH ?? '10,50,200,1000').split(',').map(Number);
const POLICIES = 3;
const TARGETS = { apply: 1.25, update: 1.1, plan: 1.1, destroy: 1.1, jobLatencyMs: 1000 };
const JOB = { jobPendingMs: 100, jobRunningMs: 300 };
const misses: string[] = [];
const summary: Record<string, any> = {};

const r2 = (x: number) => Math.round(x * 100) / 100;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

function verdict(label: string, ok: boolean): string {
  if (!ok) misses.push(label);
  return ok ? 'PASS' : 'MISS';
}

/** The library stack: `n` ADHOC backups, each copied on one of three policies (unless `copies` is false). */
function libStack(n: number, clusterId: string, m: EnginesManifest, cron = 2, runOnApply = false, copies = true): any {
  const stack = new TerraformStack(Testing.app(), 'bench');
  new CloudCasaProvider(stack, 'CloudCasa', { externalVersion: m.versions.external });
  const cluster = KubeCluster.fromClusterId(stack, 'Cluster', clusterId);
  const policies = Array.from({ length: POLICIES }, (_, p) => new Policy(stack, `Policy${p}`, {
    policyName: `policy-${p}`,
    timezone: 'UTC',
    schedules: [{ schedule: Schedule.daily({ hour: p === 0 ? cron : p }), retention: Duration.days(7) }],
  }));
  for (let i = 0; i < n; i++) {
    const backup = new KubeBackup(stack, `B${i}`, {
      backupName: `b-${i}`, cluster, trigger: Trigger.adhoc(), namespaces: Namespaces.of([`app-${i % 10}`]), runOnApply,
    });
    if (copies) {
      new KubeOffload(stack, `C${i}`, {
        offloadName: `c-${i}`, backup, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.scheduled(policies[i % POLICIES]),
      });
    }
  }
  return JSON.parse(Testing.synth(stack));
}

/**
 * The hand-written restful stack: the same provider block and variables, the same bodies and PUT-from-the-last-read
 * updates, stable ids (`element(split("/", id), 1)`), and per link a data source read after both definitions exist
 * plus a PATCH of `copydef` with that etag (`ignore_changes` on the header keeps the next plan empty).
 */
function rawStack(n: number, clusterId: string, lib: any, cron = 2): any {
  const headers = { 'If-Match': '$(body._etag)', 'Accept': 'application/json', 'Content-Type': 'application/json' };
  // A reference is written as a placeholder, so that the PUT patches can carry it as `${jsonencode(<ref>)}`.
  const ref = (r: string) => `@@${r}@@`;
  const expr = (r: string) => `element(split("/", restful_resource.${r}.id), 1)`;
  const refs = (text: string, inJson: boolean) => text.replace(inJson ? /"@@(\w+)@@"/g : /@@(\w+)@@/g,
    (_m, r) => (inJson ? `\${jsonencode(${expr(r)})}` : `\${${expr(r)}}`));
  const deepRefs = (v: any): any => (typeof v === 'string' ? refs(v, false)
    : Array.isArray(v) ? v.map(deepRefs) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepRefs(x)])) : v);
  const eve = (p: string, body: any) => ({
    path: p,
    read_path: '$(path)/$(body._id)',
    update_method: 'PUT',
    update_header: headers,
    delete_header: headers,
    body: deepRefs(body),
    update_body_patches: updateBodyPatches(body, (COLLECTIONS as any)[p].trackedKeys)
      .map((x: any) => (x.raw_json === undefined ? x : { ...x, raw_json: refs(x.raw_json, true) })),
  });
  const id = (r: string) => `\${${expr(r)}}`;
  const resources: any = {};
  const operations: any = {};
  const data: any = {};
  for (let p = 0; p < POLICIES; p++) {
    resources[`policy_${p}`] = eve('policies', {
      name: `policy-${p}`, timezone: 'UTC', schedules: [{ retainDays: 7, locked: false, schedule: { cronSpec: `0 ${p === 0 ? cron : p} * * *` } }],
    });
  }
  for (let i = 0; i < n; i++) {
    resources[`kb_${i}`] = eve('kubebackups', {
      name: `b-${i}`,
      cluster: clusterId,
      trigger_type: 'ADHOC',
      source: { all_namespaces: false, namespaces: [`app-${i % 10}`], snapshotPersistentVolumes: true },
      pre_hooks: [],
      post_hooks: [],
      pause: false,
    });
    resources[`ko_${i}`] = eve('kubeoffloads', {
      name: `c-${i}`,
      backupdef: ref(`kb_${i}`),
      trigger_type: 'SCHEDULED',
      policy: ref(`policy_${i % POLICIES}`),
      delete_snapshots: true,
      run_backup: true,
      offload_provider: { type: 'aws', region: 'us-east-2' },
    });
    data[`kb_${i}_etag`] = { id: `kubebackups/${id(`kb_${i}`)}`, depends_on: [`restful_resource.ko_${i}`] };
    operations[`link_${i}`] = {
      path: `kubebackups/${id(`kb_${i}`)}`,
      method: 'PATCH',
      body: { copydef: id(`ko_${i}`) },
      header: { 'If-Match': `\${data.restful_resource.kb_${i}_etag.output._etag}` },
      lifecycle: { ignore_changes: ['header'] },
    };
  }
  const required = { restful: lib.terraform.required_providers.restful };
  return {
    terraform: { required_providers: required },
    provider: { restful: lib.provider.restful },
    variable: lib.variable,
    resource: { restful_resource: resources, restful_operation: operations },
    data: { restful_resource: data },
  };
}

interface Side {
  readonly label: 'lib' | 'raw';
  readonly emu: Emulator;
  readonly wd: EngineWorkdir;
  readonly clusterId: string;
}

async function side(label: 'lib' | 'raw', engine: EngineName, bin: string, m: EnginesManifest, dir: string): Promise<Side> {
  const emu = await startEmulator(JOB);
  const clusterId = emu.seedCluster({ name: 'prod', namespaces: Array.from({ length: 10 }, (_, i) => `app-${i}`) })._id;
  const lib = libStack(N, clusterId, m);
  const wd = EngineWorkdir.fromJson(engine, bin, m, label === 'lib' ? lib : rawStack(N, clusterId, lib), {
    TF_VAR_cloudcasa_api_url: emu.url, TF_VAR_cloudcasa_api_key: emu.apiKey, HOME: dir, KUBECONFIG: '',
  });
  await wd.init();
  return { label, emu, wd, clusterId };
}

/** Times `op` on both sides, alternating which goes first by `round`. */
async function both<T>(round: number, sides: [Side, Side], op: (s: Side) => Promise<T>): Promise<Record<'lib' | 'raw', { ms: number; value: T }>> {
  const order = round % 2 === 0 ? sides : [sides[1], sides[0]];
  const out: any = {};
  for (const s of order) {
    s.emu.clearLogs();
    const t0 = performance.now();
    const value = await op(s);
    out[s.label] = { ms: performance.now() - t0, value };
  }
  return out;
}

const writes = (s: Side) => s.emu.requestLog.filter((r) => r.method !== 'GET').length;
const linkRuns = (stdout: string) => (stdout.match(/Provisioning with 'local-exec'/g) ?? []).length;

async function p6p7(engine: EngineName, bin: string, m: EnginesManifest, dir: string) {
  const sides: [Side, Side] = [await side('lib', engine, bin, m, dir), await side('raw', engine, bin, m, dir)];
  const row = (phase: string, t: Record<'lib' | 'raw', { ms: number }>, target: number, extra = '') => {
    const ratio = t.lib.ms / t.raw.ms;
    const v = verdict(`${engine} ${phase}`, ratio <= target);
    process.stdout.write(`  ${phase.padEnd(28)} raw ${secs(t.raw.ms).padStart(8)}  lib ${secs(t.lib.ms).padStart(8)}  ratio ${r2(ratio).toFixed(2)} (≤ ${target}) ${v}${extra}\n`);
    return { rawMs: Math.round(t.raw.ms), libMs: Math.round(t.lib.ms), ratio: r2(ratio), target, verdict: v };
  };
  try {
    process.stdout.write(`${engine}: N = ${N} backups + ${N} copies + ${POLICIES} policies\n`);
    const out: any = {};
    const apply = await both(0, sides, async (s) => {
      const r = await s.wd.apply();
      return { requests: s.emu.requestLog.length, processes: linkRuns(r.stdout) };
    });
    const reqOk = apply.lib.value.requests <= apply.raw.value.requests + 2 * N;
    out.apply = {
      ...row('P6 apply (create)', apply, TARGETS.apply,
        `; requests raw ${apply.raw.value.requests}, lib ${apply.lib.value.requests} (≤ raw + 2 per link: ${verdict(`${engine} P6 requests`, reqOk)}); `
        + `local-exec processes: lib ${apply.lib.value.processes}`),
      rawRequests: apply.raw.value.requests,
      libRequests: apply.lib.value.requests,
      libProcesses: apply.lib.value.processes,
    };
    const plan = await both(1, sides, (s) => s.wd.ok(['plan', '-no-color', '-input=false', '-detailed-exitcode']));
    out.plan = row('plan, no change', plan, TARGETS.plan);
    for (const s of sides) {
      const lib = libStack(N, s.clusterId, m, 5);
      s.wd.writeJson(s.label === 'lib' ? lib : rawStack(N, s.clusterId, lib, 5));
    }
    const update = await both(2, sides, async (s) => { await s.wd.apply(); return writes(s); });
    const oneWrite = update.lib.value === 1;
    out.update = {
      ...row('P7 update (one policy cron)', update, TARGETS.update,
        `; writes raw ${update.raw.value}, lib ${update.lib.value} (exactly 1: ${verdict(`${engine} P7 writes`, oneWrite)})`),
      rawWrites: update.raw.value,
      libWrites: update.lib.value,
    };
    const destroy = await both(3, sides, (s) => s.wd.destroy());
    out.destroy = row('destroy', destroy, TARGETS.destroy);
    summary[engine] = { ...summary[engine], N, ...out };
  } finally {
    for (const s of sides) { s.wd.cleanup(); await s.emu.close(); }
  }
}

async function p8(engine: EngineName, bin: string, m: EnginesManifest, dir: string) {
  const rows: Array<{ n: number; ms: number; processes: number; requests: number }> = [];
  for (const n of GROWTH) {
    // The N of P6 was just measured there, on the same stack: its apply is this row.
    const known = summary[engine]?.apply;
    if (n === N && known) {
      rows.push({ n, ms: known.libMs, processes: known.libProcesses, requests: known.libRequests });
      continue;
    }
    const emu = await startEmulator(JOB);
    const clusterId = emu.seedCluster({ name: 'prod', namespaces: Array.from({ length: 10 }, (_, i) => `app-${i}`) })._id;
    const wd = EngineWorkdir.fromJson(engine, bin, m, libStack(n, clusterId, m), {
      TF_VAR_cloudcasa_api_url: emu.url, TF_VAR_cloudcasa_api_key: emu.apiKey, HOME: dir, KUBECONFIG: '',
    });
    try {
      await wd.init();
      const t0 = performance.now();
      const r = await wd.apply();
      rows.push({ n, ms: Math.round(performance.now() - t0), processes: linkRuns(r.stdout), requests: emu.requestLog.length });
    } finally {
      wd.cleanup();
      await emu.close();
    }
  }
  // Least-squares slope of time against N.
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const xs = rows.map((r) => r.n); const ys = rows.map((r) => r.ms);
  const mx = mean(xs); const my = mean(ys);
  const slope = xs.reduce((a, x, i) => a + (x - mx) * (ys[i] - my), 0) / xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const at200 = rows.find((r) => r.n === 200) ?? rows[rows.length - 2];
  const largest = rows[rows.length - 1];
  const linearity = (largest.ms / largest.n) / (at200.ms / at200.n);
  const maxProcesses = Math.max(...rows.map((r) => r.processes - Math.ceil(r.n / 500)));
  process.stdout.write(`  P8 growth (lib apply):${rows.map((r) => ` N=${r.n} ${secs(r.ms)} (${r.processes} local-exec, ${r.requests} requests)`).join(';')}\n`);
  const v = verdict(`${engine} P8`, linearity <= 1.25 && maxProcesses <= 0);
  process.stdout.write(`  P8 slope ${(slope * 100 / 1000).toFixed(2)} s per 100 pairs; time per pair at N=${largest.n} vs N=${at200.n}: ${r2(linearity)}× `
    + `(≤ 1.25, linear); link processes: one per 500 links ${maxProcesses <= 0 ? 'yes' : 'NO'}: ${v}\n`);
  summary[engine] = { ...summary[engine], growth: { rows, slopeSecondsPer100: r2(slope * 100 / 1000), linearity: r2(linearity), verdict: v } };
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(__dirname, '../../lib/cli/casa.js'), ...args], { env, stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function p9(engines: Array<[EngineName, string]>, m: EnginesManifest, dir: string) {
  const jobMs = JOB.jobPendingMs + JOB.jobRunningMs;
  const emu = await startEmulator(JOB);
  try {
    const cluster = emu.seedCluster({ name: 'prod', namespaces: ['default'] });
    const env: NodeJS.ProcessEnv = { ...process.env, CLOUDCASA_API_URL: emu.url, CLOUDCASA_API_KEY: emu.apiKey };
    delete env.CLOUDCASA_POLL_INTERVAL; delete env.CLOUDCASA_MAX_POLL_INTERVAL;
    const client = new CloudCasaClient({ apiUrl: emu.url, apiKey: emu.apiKey });
    const kb = await client.kubebackups.create({ name: 'p9', cluster: cluster._id, trigger_type: 'ADHOC', source: { all_namespaces: true, snapshotPersistentVolumes: true }, pre_hooks: [], post_hooks: [] } as any);
    const t0 = performance.now();
    const code = await runCli(['run', kb._id, '--wait'], env);
    const wall = performance.now() - t0;
    const latency = wall - jobMs;
    const v = verdict('P9 casa run --wait', code === 0 && latency <= TARGETS.jobLatencyMs);
    process.stdout.write(`P9 casa run --wait of a ${jobMs / 1000} s job (default polling): ${secs(wall)}, ${Math.round(latency)} ms after the job's end `
      + `including the process start (≤ ${TARGETS.jobLatencyMs} ms): ${v}\n`);
    summary.jobLatency = { jobMs, wallMs: Math.round(wall), latencyMs: Math.round(latency), target: TARGETS.jobLatencyMs, verdict: v };
  } finally {
    await emu.close();
  }
  for (const [engine, bin] of engines) {
    const times: Record<string, number> = {};
    for (const runOnApply of [false, true]) {
      const e = await startEmulator(JOB);
      const clusterId = e.seedCluster({ name: 'prod', namespaces: Array.from({ length: 10 }, (_, i) => `app-${i}`) })._id;
      const wd = EngineWorkdir.fromJson(engine, bin, m, libStack(10, clusterId, m, 2, runOnApply, false), {
        TF_VAR_cloudcasa_api_url: e.url, TF_VAR_cloudcasa_api_key: e.apiKey, HOME: dir, KUBECONFIG: '',
      });
      try {
        await wd.init();
        const t0 = performance.now();
        await wd.apply();
        times[String(runOnApply)] = performance.now() - t0;
      } finally {
        wd.cleanup();
        await e.close();
      }
    }
    const added = times.true - times.false;
    process.stdout.write(`P9 ${engine}: 10 run-on-apply backups (${jobMs / 1000} s jobs) add ${secs(added)} to an apply (${secs(times.false)} → ${secs(times.true)}); `
      + 'for information\n');
    const runOnApply10 = { withoutMs: Math.round(times.false), withMs: Math.round(times.true), addedMs: Math.round(added) };
    summary[engine] = { ...summary[engine], runOnApply10 };
  }
}

(async () => {
  const m = loadEngines();
  const engines = ENGINES.map((e) => [e, engineBinary(e)] as const).filter((x): x is [EngineName, string] => x[1] !== undefined);
  if (!m || engines.length < ENGINES.length) {
    process.stdout.write('P6–P9: SKIPPED (engines not built: run `npm run engines`)\n');
    process.exitCode = 1;
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-apply-bench-'));
  try {
    for (const [engine, bin] of engines) {
      await p6p7(engine, bin, m, dir);
      await p8(engine, bin, m, dir);
    }
    await p9(engines, m, dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    writeSummary('apply', summary);
  }
  if (misses.length) {
    process.stdout.write(`MISSED: ${misses.join(', ')}\n`);
    process.exitCode = 1;
  }
})().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  // An emulator or engine left open would keep the process alive.
  process.exit(1);
});
