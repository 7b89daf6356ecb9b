/**
 * A stack always converges, end to end on both engines: when CloudCasa wrote an object but the engine never
 * learned it (a create answered 503 or reset after the write, or the engine was SIGKILLed mid-apply), the next
 * apply adopts the object by name (the validation finds it, an `import` block takes it into the state) instead
 * of failing on the duplicate name: every declared object exists exactly once and is in the state, copydef links
 * are written, the re-plan is empty, and destroy leaves nothing.
 */
import { spawn } from 'node:child_process';
import { TerraformStack, Testing } from 'cdktf';
import { describeWithEngine, engineEnv, ENGINES } from './engines';
import { EngineWorkdir, pendingChanges, StateJson } from './harness';
import {
  CloudCasaProvider, Duration, KubeBackup, KubeCluster, KubeOffload, Namespaces, OffloadTarget, PlanValidation, Policy, Schedule, Trigger,
} from '../../lib';
import { Emulator, startEmulator } from '../../lib/emulator';

const PAIRS = 9; // 2 policies + 9 backups + 9 offloads = 20 definitions, plus 9 copydef links

function synth(externalVersion: string, prefix: string): unknown {
  const stack = new TerraformStack(Testing.app(), prefix);
  new CloudCasaProvider(stack, 'CloudCasa', { externalVersion, planValidation: PlanValidation.apiOnly() });
  const cluster = KubeCluster.fromName(stack, 'Cluster', 'prod');
  const nightly = new Policy(stack, 'Nightly', { policyName: `${prefix}-nightly`, schedules: [{ schedule: Schedule.daily({ hour: 1 }), retention: Duration.days(7) }] });
  const weekly = new Policy(stack, 'Weekly', { policyName: `${prefix}-weekly`, schedules: [{ schedule: Schedule.cron('0 3 * * SUN'), retention: Duration.days(30) }] });
  for (let i = 0; i < PAIRS; i++) {
    const backup = new KubeBackup(stack, `Backup${i}`, {
      backupName: `${prefix}-backup-${i}`, cluster, namespaces: Namespaces.of(['default']), trigger: Trigger.adhoc(),
    });
    new KubeOffload(stack, `Copy${i}`, {
      offloadName: `${prefix}-copy-${i}`, backup, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.scheduled(i % 2 ? weekly : nightly),
    });
  }
  return JSON.parse(Testing.synth(stack, true));
}

const declared = (prefix: string) => ({
  policies: [`${prefix}-nightly`, `${prefix}-weekly`],
  kubebackups: Array.from({ length: PAIRS }, (_, i) => `${prefix}-backup-${i}`),
  kubeoffloads: Array.from({ length: PAIRS }, (_, i) => `${prefix}-copy-${i}`),
});

function stateIds(state: StateJson): string[] {
  return (state.values?.root_module?.resources ?? []).filter((r) => r.address.startsWith('restful_resource.')).map((r) => String(r.values.id));
}

/** The converged end state: each declared name once, every object in the state, every copy linked. */
async function expectConverged(emu: Emulator, wd: EngineWorkdir, prefix: string) {
  const want = declared(prefix);
  const mine = (coll: string) => emu.collection(coll).filter((d) => d.name.startsWith(`${prefix}-`));
  for (const [coll, names] of Object.entries(want)) {
    expect(mine(coll).map((d) => d.name).sort()).toEqual([...names].sort());
  }
  const ids = stateIds(await wd.show());
  const apiIds = Object.keys(want).flatMap((coll) => mine(coll).map((d) => `${coll}/${d._id}`));
  expect(ids.sort()).toEqual(apiIds.sort());
  const offloads = mine('kubeoffloads');
  for (const b of mine('kubebackups')) {
    expect(b.copydef).toBe(offloads.find((o) => o.backupdef === b._id)?._id);
  }
  expect(pendingChanges(await wd.plan())).toEqual([]);
}

function orphans(emu: Emulator, state: StateJson): number {
  const inState = new Set(stateIds(state));
  return ['policies', 'kubebackups', 'kubeoffloads'].flatMap((c) => emu.collection(c).map((d) => `${c}/${d._id}`)).filter((id) => !inState.has(id)).length;
}

for (const engine of ENGINES) {
  describeWithEngine(engine, 'convergence after lost replies and a killed apply', (bin, manifest) => {
    let emu: Emulator;
    // The offline mirror holds hashicorp/external 1.2.0 only; the product default (~> 2.3) is for a registry.
    const version = manifest.versions.external;
    const env = () => ({ TF_VAR_cloudcasa_api_url: emu.url, TF_VAR_cloudcasa_api_key: emu.apiKey });

    beforeAll(async () => {
      emu = await startEmulator({});
      emu.seedCluster({ name: 'prod', namespaces: ['default'] });
    });
    afterAll(async () => { await emu?.close(); });

    test('creates answered 503 (30 %) or reset (10 %) after the write: the next apply adopts the orphans and converges', async () => {
      const wd = EngineWorkdir.fromJson(engine, bin, manifest, synth(version, 'lost'), env());
      try {
        await wd.init();
        emu.setFaults([
          { method: 'POST', path: '^/(policies|kubebackups|kubeoffloads)$', rate: 0.3, fault: 'status', status: 503, when: 'after' },
          { method: 'POST', path: '^/(policies|kubebackups|kubeoffloads)$', rate: 0.1 / 0.7, fault: 'reset', when: 'after' },
        ], 7);
        const t0 = Date.now();
        const first = await wd.exec(['apply', '-no-color', '-input=false', '-auto-approve']);
        const t1 = Date.now();

        emu.setFaults([]);
        const lost = orphans(emu, await wd.show());
        // eslint-disable-next-line no-console
        console.log(`[${engine}] lost replies: first apply exited ${first.code} after ${t1 - t0} ms, ${lost} object(s) written but not in the state`);
        expect(emu.requestLog.some((r) => r.method === 'POST' && (r.status === 503 || r.status === 0))).toBe(true);

        const second = await wd.apply();
        // eslint-disable-next-line no-console
        console.log(`[${engine}] lost replies: the converging apply took ${Date.now() - t1} ms`);
        expect(second.stdout).toMatch(/Apply complete!/);
        if (lost > 0) expect(second.stdout).toMatch(new RegExp(`${lost} imported`));
        await expectConverged(emu, wd, 'lost');
        await wd.destroy();
        expect(['policies', 'kubebackups', 'kubeoffloads'].flatMap((c) => emu.collection(c))).toEqual([]);
      } finally {
        wd.cleanup();
      }
    }, 300_000);

    test('an apply SIGKILLed after some creates: the next apply adopts what was written and converges', async () => {
      const wd = EngineWorkdir.fromJson(engine, bin, manifest, synth(version, 'killed'), env());
      try {
        await wd.init();
        const child = spawn(bin, ['apply', '-no-color', '-input=false', '-auto-approve'], {
          cwd: wd.dir, env: engineEnv(manifest, env()), stdio: 'ignore', detached: true,
        });
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        // An explicit state step, not a delay: kill once some definitions exist, whatever the machine's speed.
        const deadline = Date.now() + 120_000;
        while (emu.collection('kubebackups').length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
        expect(emu.collection('kubebackups').length).toBeGreaterThanOrEqual(3);
        process.kill(-child.pid!, 'SIGKILL'); // the engine and its provider plugins
        await exited;

        const second = await wd.apply();
        expect(second.stdout).toMatch(/Apply complete!/);
        await expectConverged(emu, wd, 'killed');
        await wd.destroy();
        expect(['policies', 'kubebackups', 'kubeoffloads'].flatMap((c) => emu.collection(c))).toEqual([]);
      } finally {
        wd.cleanup();
      }
    }, 300_000);
  });
}
