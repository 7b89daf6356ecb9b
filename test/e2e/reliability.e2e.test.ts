/**
 * Every wait is bounded and every answer is visible, end to end on both engines: a wrong API URL and an API that
 * never answers fail `plan` with a message naming the URL (the restful look-ups wait for the validation, which
 * has its own timeouts); warnings and notes of the validation are printed by the engine (check blocks); and a
 * stack whose cluster, policy and hook were deleted out of band can still be destroyed.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { describeWithEngine, ENGINES, RunResult } from './engines';
import { EngineWorkdir } from './harness';
import {
  CloudCasaProvider, KubeBackup, KubeCluster, KubeHook, KubeHookType, Namespaces, PlanValidation, Policy, Trigger, BackupHook,
} from '../../lib';
import { CloudCasaClient } from '../../lib/client';
import { Emulator, startEmulator } from '../../lib/emulator';

function synth(externalVersion: string, validation: PlanValidation = PlanValidation.auto()): unknown {
  const stack = new TerraformStack(Testing.app(), 'rel');
  new CloudCasaProvider(stack, 'CloudCasa', { externalVersion, planValidation: validation });
  const cluster = KubeCluster.fromName(stack, 'Cluster', 'prod');
  const policy = Policy.fromName(stack, 'Shared', 'shared-nightly');
  const hook = new KubeHook(stack, 'Freeze', { hookName: 'rel-freeze', hookType: KubeHookType.PRE_BACKUP, rules: [{ targets: [{ command: 'sync' }] }] });
  new KubeBackup(stack, 'Apps', {
    backupName: 'rel-apps',
    cluster,
    namespaces: Namespaces.of(['default']),
    trigger: Trigger.scheduled(policy),
    preHooks: [BackupHook.fromHooks([hook], ['default'])],
  });
  return JSON.parse(Testing.synth(stack, true));
}

const flat = (r: RunResult) => `${r.stdout}\n${r.stderr}`.replace(/\s+/g, ' ');

for (const engine of ENGINES) {
  describeWithEngine(engine, 'reliability: bounded plans, visible warnings, destroy after out-of-band deletion', (bin, manifest) => {
    let emu: Emulator;
    let client: CloudCasaClient;
    let home: string;
    let wd: EngineWorkdir;
    // The offline mirror holds hashicorp/external 1.2.0 only; the product default (~> 2.3) is for a registry.
    const version = manifest.versions.external;

    beforeAll(async () => {
      emu = await startEmulator({});
      emu.seedCluster({ name: 'prod', namespaces: ['default'] });
      client = new CloudCasaClient({ apiUrl: emu.url, apiKey: emu.apiKey });
      await client.policies.create({ name: 'shared-nightly', timezone: 'UTC', schedules: [{ retainDays: 7, schedule: { cronSpec: '0 1 * * *' } }] } as any);
      // No kubeconfig anywhere: auto() validation skips namespace checks and must say so.
      home = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-rel-home-'));
      wd = EngineWorkdir.fromJson(engine, bin, manifest, synth(version), {
        TF_VAR_cloudcasa_api_url: emu.url, TF_VAR_cloudcasa_api_key: emu.apiKey, HOME: home, KUBECONFIG: '',
      });
      await wd.init();
    });
    afterAll(async () => {
      wd?.cleanup();
      fs.rmSync(home, { recursive: true, force: true });
      await emu?.close();
    });

    test('a URL that is not the API root fails plan with a message that says so, and nothing is read', async () => {
      emu.clearLogs();
      const r = await wd.exec(['plan', '-no-color', '-input=false'], { TF_VAR_cloudcasa_api_url: `${new URL(emu.url).origin}/v1` });
      expect(r.code).not.toBe(0);
      expect(flat(r)).toContain(`no CloudCasa API at ${new URL(emu.url).origin}/v1 (GET ${new URL(emu.url).origin}/v1/kubeclusters answered 404); the URL must be the API root, ending in /api/v1`);
      // The look-ups waited for the validation, so the engine never sent them.
      expect(emu.requestLog.filter((x) => x.path.startsWith('/v1/') && x.query.includes('where'))).toEqual([]);
    }, 90_000);

    test('an API that accepts connections and never answers fails plan with a timeout naming the URL', async () => {
      const sockets = new Set<net.Socket>();
      const silent = net.createServer((s) => { sockets.add(s); s.on('error', () => undefined); });
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
      const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}/api/v1`;
      try {
        const r = await wd.exec(['plan', '-no-color', '-input=false'], { TF_VAR_cloudcasa_api_url: url });
        expect(r.code).not.toBe(0);
        expect(flat(r)).toMatch(new RegExp(`no response within 15000 ms: list \\w+ at ${url.replace(/[.]/g, '\\.')}`));
      } finally {
        for (const s of sockets) s.destroy();
        await new Promise<void>((r) => silent.close(() => r()));
      }
    }, 150_000);

    test('validation warnings and notes are printed by the engine as warnings, and apply still succeeds', async () => {
      emu.setClusterState('prod', 'PENDING');
      const plan = await wd.ok(['plan', '-no-color', '-input=false']);
      const out = flat(plan);
      expect(out).toContain('Check block assertion failed');
      expect(out).toContain('CloudCasa plan-time validation warnings:');
      expect(out).toMatch(/rel\/Apps: 'cluster' is not ACTIVE/);
      expect(out).toContain('CloudCasa plan-time validation notes:');
      expect(out).toMatch(/namespace checks skipped: no kubeconfig/);
      emu.setClusterState('prod', 'ACTIVE');
      const apply = await wd.apply();
      expect(flat(apply)).not.toContain('CloudCasa plan-time validation warnings:');
      expect(emu.collection('kubebackups').map((b) => b.name)).toEqual(['rel-apps']);
    });

    test('with its cluster, policy and hook deleted out of band, plan fails naming them, and destroy works with the documented switch', async () => {
      const [cluster] = emu.collection('kubeclusters');
      const [policy] = emu.collection('policies');
      const [hook] = emu.collection('kubehooks');
      for (const [coll, doc] of [['kubeclusters', cluster], ['policies', policy], ['kubehooks', hook]] as const) {
        await (client as any)[coll].delete(doc._id);
      }
      const plan = await wd.exec(['plan', '-no-color', '-input=false']);
      expect(plan.code).not.toBe(0);
      expect(flat(plan)).toMatch(/rel\/Apps: 'cluster'/);
      const destroy = await wd.exec(['destroy', '-no-color', '-input=false', '-auto-approve'], { CLOUDCASA_SKIP_VALIDATION: '1' });
      if (destroy.code !== 0) throw new Error(`destroy failed:\n${destroy.stdout}\n${destroy.stderr}`);
      expect(emu.collection('kubebackups')).toEqual([]);
      expect(emu.collection('kubehooks')).toEqual([]);
      expect((await wd.show()).values?.root_module?.resources ?? []).toEqual([]);
    });
  });
}
