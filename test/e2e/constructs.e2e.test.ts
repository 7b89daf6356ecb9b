/**
 * The constructs end to end: construct → Terraform JSON → Terraform/OpenTofu + magodo/restful → the
 * emulated CloudCasa API. One stack with a policy, a scheduled backup, an ADHOC backup that runs on apply,
 * and an offload, taken through the seven steps of the issue on each engine, against its own emulator.
 */
import { App, TerraformStack, Testing } from 'cdktf';
import { describeWithEngine, ENGINES } from './engines';
import { EngineWorkdir, pendingChanges } from './harness';
import {
  CloudCasaProvider, Duration, KubeBackup, KubeCluster, KubeHook, KubeHookType, KubeOffload, Namespaces, OffloadTarget, Policy, Schedule, Trigger,
} from '../../lib';
import { CloudCasaClient } from '../../lib/client';
import { Emulator, startEmulator } from '../../lib/emulator';

/** What differs between the applies of the test. */
interface Variant {
  readonly retainDays: number;
  readonly scheduledNamespaces: string[];
  readonly adhocNamespaces: string[];
  readonly deleteSnapshots: boolean;
  readonly timezone: string;
  /** A hook command with `$(...)` and `%`, which restful's expander and Terraform's templates must leave alone. */
  readonly hookCommand: string;
}
const V0: Variant = { retainDays: 7, scheduledNamespaces: ['default', 'production'], adhocNamespaces: ['production'], deleteSnapshots: true, timezone: 'America/New_York', hookCommand: 'echo $(date) 100%' };
const V1: Variant = { retainDays: 14, scheduledNamespaces: ['production'], adhocNamespaces: ['production', 'default'], deleteSnapshots: false, timezone: 'Europe/Berlin', hookCommand: 'echo $(date) $(body._etag) 50%' };
const V2: Variant = { ...V1, scheduledNamespaces: ['production', 'kube-system'] };
const V3: Variant = { ...V2, adhocNamespaces: ['default'] };

function synth(externalVersion: string, v: Variant): unknown {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, 'e2e');
  new CloudCasaProvider(stack, 'CloudCasa', { externalVersion });
  const cluster = KubeCluster.fromName(stack, 'Cluster', 'prod');
  const nightly = new Policy(stack, 'Nightly', {
    policyName: 'e2e-nightly',
    timezone: v.timezone,
    schedules: [{ schedule: Schedule.daily({ hour: 1, minute: 30 }), retention: Duration.days(v.retainDays) }],
  });
  const copies = new Policy(stack, 'Copies', {
    policyName: 'e2e-copies', schedules: [{ schedule: Schedule.cron('0 3 * * SUN'), retention: Duration.days(90), locked: true }],
  });
  const scheduled = new KubeBackup(stack, 'Scheduled', {
    backupName: 'e2e-scheduled', cluster, namespaces: Namespaces.of(v.scheduledNamespaces), trigger: Trigger.scheduled(nightly),
  });
  new KubeBackup(stack, 'Adhoc', {
    backupName: 'test_terraform_kubebackup',
    cluster,
    namespaces: Namespaces.of(v.adhocNamespaces),
    trigger: Trigger.adhoc(),
    runOnApply: true,
    runOnApplyRetention: Duration.days(3),
    runOnApplyTimeout: Duration.minutes(2),
  });
  new KubeOffload(stack, 'Offsite', {
    offloadName: 'e2e-offsite',
    backup: scheduled,
    target: OffloadTarget.provider('aws', 'us-east-2'),
    trigger: Trigger.scheduled(copies),
    deleteSnapshots: v.deleteSnapshots,
  });
  new KubeHook(stack, 'Freeze', { hookName: 'e2e-freeze', hookType: KubeHookType.PRE_BACKUP, rules: [{ targets: [{ command: v.hookCommand }] }] });
  return JSON.parse(Testing.synth(stack, true));
}

const writes = (emu: Emulator) => emu.requestLog.filter(r => r.method !== 'GET');

for (const engine of ENGINES) {
  describeWithEngine(engine, 'constructs end to end', (bin, manifest) => {
    let emu: Emulator;
    let client: CloudCasaClient;
    let wd: EngineWorkdir;
    let clusterId: string;
    // The offline mirror holds hashicorp/external 1.2.0 only; the product default (~> 2.3) is for a registry.
    const version = manifest.versions.external;

    beforeAll(async () => {
      emu = await startEmulator({ jobPendingMs: 100, jobRunningMs: 300 });
      clusterId = emu.seedCluster({ name: 'prod', namespaces: ['default', 'production', 'kube-system'] })._id;
      client = new CloudCasaClient({ apiUrl: emu.url, apiKey: emu.apiKey });
      wd = EngineWorkdir.fromJson(engine, bin, manifest, synth(version, V0), {
        TF_VAR_cloudcasa_api_url: emu.url, TF_VAR_cloudcasa_api_key: emu.apiKey, CLOUDCASA_POLL_INTERVAL: '100ms',
      });
      await wd.init();
    });
    afterAll(async () => { wd?.cleanup(); await emu?.close(); });

    test('1. apply creates exactly the expected documents, and the ADHOC backup runs', async () => {
      const r = await wd.apply();
      expect(r.stdout).toMatch(/ended COMPLETED/);
      const [nightly] = emu.collection('policies').filter(p => p.name === 'e2e-nightly');
      const [copies] = emu.collection('policies').filter(p => p.name === 'e2e-copies');
      expect(nightly).toMatchObject({
        timezone: 'America/New_York',
        schedules: [{ retainDays: 7, locked: false, schedule: { cronSpec: '30 1 * * *', minute: '30', hour: '1' } }],
      });
      expect(copies.schedules[0]).toMatchObject({ retainDays: 90, locked: true, schedule: { cronSpec: '0 3 * * SUN' } });
      const byName = Object.fromEntries(emu.collection('kubebackups').map(b => [b.name, b]));
      expect(Object.keys(byName).sort()).toEqual(['e2e-scheduled', 'test_terraform_kubebackup']);
      const [offload] = emu.collection('kubeoffloads');
      expect(byName['e2e-scheduled']).toMatchObject({
        cluster: clusterId,
        trigger_type: 'SCHEDULED',
        policy: nightly._id,
        pause: false,
        copydef: offload._id,
        source: { all_namespaces: false, namespaces: ['default', 'production'], snapshotPersistentVolumes: true },
      });
      expect(byName.test_terraform_kubebackup).toMatchObject({ trigger_type: 'ADHOC', source: { namespaces: ['production'] } });
      expect(byName.test_terraform_kubebackup.policy).toBeUndefined();
      expect(offload).toMatchObject({
        name: 'e2e-offsite',
        backupdef: byName['e2e-scheduled']._id,
        cluster: clusterId,
        trigger_type: 'SCHEDULED',
        policy: copies._id,
        delete_snapshots: true,
        run_backup: true, // the default of a scheduled copy
        offload_provider: { type: 'aws', region: 'us-east-2' },
      });
      const jobs = emu.collection('jobs').filter(j => j.backupdef_name === 'test_terraform_kubebackup');
      expect(jobs.map(j => [j.state, j.retention?.retainDays])).toEqual([['COMPLETED', 3]]);
      expect(emu.requestLog.filter(x => x.status === 428 || x.status === 412)).toEqual([]);
    });

    test('2. an immediate second plan shows no changes', async () => {
      expect(pendingChanges(await wd.plan()).map(c => `${c.address}: ${c.change.actions}`)).toEqual([]);
    });

    test('3. a change to each construct applies in place: a PUT with If-Match that keeps the copydef link, no 428/412', async () => {
      const linkedTo = emu.collection('kubebackups').find(b => b.name === 'e2e-scheduled').copydef;
      expect(linkedTo).toMatch(/^[a-f0-9]{24}$/);
      emu.clearLogs();
      wd.writeJson(synth(version, V1));
      const plan = await wd.plan();
      const actions = Object.fromEntries(pendingChanges(plan).map(c => [c.address, c.change.actions.join(',')]));
      expect(Object.entries(actions).filter(([a]) => a.startsWith('restful_resource')).map(([, x]) => x)).toEqual(['update', 'update', 'update', 'update', 'update']);
      await wd.apply();
      const w = writes(emu);
      expect(w.filter(x => x.status === 428 || x.status === 412)).toEqual([]);
      // the strict emulator takes PATCH only on kubebackups and policies; the constructs PUT everywhere
      expect(w.filter(x => x.method === 'PATCH')).toEqual([]);
      const puts = w.filter(x => x.method === 'PUT');
      expect(puts).toHaveLength(5);
      expect(puts.every(x => x.ifMatch && x.status === 200)).toBe(true);
      // the PUT started from the last read, so what the offload's link wrote is still there
      expect(emu.collection('kubebackups').find(b => b.name === 'e2e-scheduled').copydef).toBe(linkedTo);
      expect(w.filter(x => x.method === 'POST' && !x.path.endsWith('/action/run'))).toEqual([]); // nothing re-created
      expect(emu.collection('policies').find(p => p.name === 'e2e-nightly')).toMatchObject({ timezone: 'Europe/Berlin', schedules: [{ retainDays: 14 }] });
      expect(emu.collection('kubebackups').find(b => b.name === 'e2e-scheduled').source.namespaces).toEqual(['production']);
      expect(emu.collection('kubeoffloads')[0].delete_snapshots).toBe(false);
      expect(emu.collection('kubehooks').find(h => h.name === 'e2e-freeze').hook[0].target[0].command).toBe(V1.hookCommand);
      // The ADHOC body changed, so it ran again.
      expect(emu.collection('jobs').filter(j => j.backupdef_name === 'test_terraform_kubebackup')).toHaveLength(2);
      expect(pendingChanges(await wd.plan())).toEqual([]);
    });

    test('4. after a job changed the backup\'s etag on the server, the next update still succeeds', async () => {
      const kb = await client.kubebackups.getByName('e2e-scheduled');
      await client.runAndWait(`kubebackups/${kb!._id}`, { pollIntervalMs: 50 });
      expect((await client.kubebackups.get(kb!._id))._etag).not.toBe(kb!._etag);
      emu.clearLogs();
      wd.writeJson(synth(version, V2));
      await wd.apply();
      expect(emu.requestLog.filter(x => x.status === 428 || x.status === 412)).toEqual([]);
      const after = await client.kubebackups.get(kb!._id);
      expect(after.source.namespaces).toEqual(['production', 'kube-system']);
      // the status the run wrote survives the PUT (the strict emulator drops what a PUT leaves out)
      expect(after.status?.jobs?.length).toBeGreaterThan(0);
      expect(after.cc_user_email).toBe(kb!.cc_user_email);
    });

    test('5. an object deleted behind Terraform\'s back is planned for re-creation and re-created', async () => {
      const old = (await client.kubeoffloads.all())[0];
      await client.kubeoffloads.delete(old._id);
      const plan = await wd.plan();
      const offload = pendingChanges(plan).find(c => c.type === 'restful_resource' && c.address.includes('Offsite'));
      expect(offload?.change.actions).toEqual(['create']);
      await wd.apply();
      const now = await client.kubeoffloads.all();
      expect(now).toHaveLength(1);
      expect(now[0]._id).not.toBe(old._id);
      expect((await client.kubebackups.getByName('e2e-scheduled'))?.copydef).toBe(now[0]._id);
      expect(pendingChanges(await wd.plan())).toEqual([]);
    });

    test('6. a FAILED ADHOC job fails the apply with the job\'s message', async () => {
      emu.scriptJob('test_terraform_kubebackup', { state: 'FAILED', message: 'snapshot of pvc data-db-0 failed: CSI driver timeout' });
      wd.writeJson(synth(version, V3));
      const r = await wd.exec(['apply', '-no-color', '-input=false', '-auto-approve']);
      expect(r.code).not.toBe(0);
      expect(r.stderr + r.stdout).toMatch(/FAILED: snapshot of pvc data-db-0 failed: CSI driver timeout/);
      expect(r.stderr + r.stdout).not.toContain(emu.apiKey);
    });

    test('7. destroy leaves no object the stack created', async () => {
      await wd.destroy();
      expect(emu.collection('policies')).toEqual([]);
      expect(emu.collection('kubebackups')).toEqual([]);
      expect(emu.collection('kubeoffloads')).toEqual([]);
      expect(emu.collection('kubehooks')).toEqual([]);
      expect(emu.collection('kubeclusters').map(c => c.name)).toEqual(['prod']);
      const state = JSON.stringify(await wd.show());
      expect(state).not.toContain(emu.apiKey);
    });
  });
}
