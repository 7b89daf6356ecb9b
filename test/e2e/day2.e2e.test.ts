/**
 * Day 2, on both engines: for every construct, every updatable property is
 *   1. changed once in the stack — the plan updates exactly that one resource in place (nothing else, no link
 *      re-run), the apply writes it, and
 *   2. changed outside Terraform (as in the CloudCasa UI) — the plan shows exactly that one resource drifting, and
 *      the apply puts the declared value back;
 * then every object is adopted into a fresh stack with `importExisting()` (its configuration differing from what
 * the API holds), the first apply brings each to the declared configuration, the re-plan is empty and destroy
 * deletes them. Each step plans with `-out` and applies that plan; the next step's plan, which must show only its
 * own change, proves the previous step converged. The matrix is printed.
 */
import { TerraformStack, Testing } from 'cdktf';
import { describeWithEngine, ENGINES } from './engines';
import { EngineWorkdir, pendingChanges, PlanJson } from './harness';
import {
  BackupHook, CloudCasaProvider, Duration, KubeBackup, KubeCluster, KubeHook, KubeHookType, KubeOffload, Namespaces, ObjectStore,
  OffloadTarget, Policy, Schedule, Trigger,
} from '../../lib';
import { CloudCasaClient } from '../../lib/client';
import { Emulator, startEmulator } from '../../lib/emulator';

interface Variant {
  clusterDescription: string;
  clusterTags: Record<string, string>;
  storeRegion: string;
  storeSkipTls: boolean;
  hookCommand: string;
  hookType: KubeHookType;
  policyCron: string;
  policyRetainDays: number;
  policyTimezone: string;
  backupNamespaces: Namespaces;
  backupPaused: boolean;
  backupPvs: boolean;
  backupTags: Record<string, string>;
  backupHookNamespaces: string[];
  offloadDeleteSnapshots: boolean;
  offloadParallelism: number;
  offloadPolicy: 'nightly' | 'weekly';
}

const V0: Variant = {
  clusterDescription: 'staging cluster',
  clusterTags: { team: 'platform' },
  storeRegion: 'us-east-1',
  storeSkipTls: false,
  hookCommand: 'sync',
  hookType: KubeHookType.PRE_BACKUP,
  policyCron: '30 1 * * *',
  policyRetainDays: 7,
  policyTimezone: 'UTC',
  backupNamespaces: Namespaces.of(['default', 'production']),
  backupPaused: false,
  backupPvs: true,
  backupTags: { tier: 'gold' },
  backupHookNamespaces: ['production'],
  offloadDeleteSnapshots: true,
  offloadParallelism: 2,
  offloadPolicy: 'weekly',
};

function synth(externalVersion: string, v: Variant, adopt?: Record<string, string>): unknown {
  const stack = new TerraformStack(Testing.app(), 'day2');
  new CloudCasaProvider(stack, 'CloudCasa', { externalVersion });
  const prod = KubeCluster.fromName(stack, 'Prod', 'prod');
  const cluster = new KubeCluster(stack, 'Staging', { clusterName: 'day2-staging', description: v.clusterDescription, tags: v.clusterTags });
  const store = new ObjectStore(stack, 'Store', { objectStoreName: 'day2-store', bucketName: 'day2-bucket', region: v.storeRegion, skipTlsValidation: v.storeSkipTls });
  const hook = new KubeHook(stack, 'Freeze', { hookName: 'day2-freeze', hookType: v.hookType, rules: [{ targets: [{ command: v.hookCommand }] }] });
  const nightly = new Policy(stack, 'Nightly', {
    policyName: 'day2-nightly', timezone: v.policyTimezone, schedules: [{ schedule: Schedule.cron(v.policyCron), retention: Duration.days(v.policyRetainDays) }],
  });
  const weekly = new Policy(stack, 'Weekly', { policyName: 'day2-weekly', schedules: [{ schedule: Schedule.cron('0 3 * * SUN'), retention: Duration.days(30) }] });
  const backup = new KubeBackup(stack, 'Apps', {
    backupName: 'day2-apps',
    cluster: prod,
    namespaces: v.backupNamespaces,
    trigger: Trigger.adhoc(),
    paused: v.backupPaused,
    snapshotPersistentVolumes: v.backupPvs,
    tags: v.backupTags,
    preHooks: [BackupHook.fromHooks([hook], v.backupHookNamespaces)],
  });
  const offload = new KubeOffload(stack, 'Copy', {
    offloadName: 'day2-copy',
    backup,
    target: OffloadTarget.objectStore(store),
    trigger: Trigger.scheduled(v.offloadPolicy === 'nightly' ? nightly : weekly),
    deleteSnapshots: v.offloadDeleteSnapshots,
    pvcParallelism: v.offloadParallelism,
  });
  if (adopt) {
    const byCollection: Record<string, { importExisting(id: string): void }> = {
      'kubeclusters': cluster,
      'objectstores': store,
      'kubehooks': hook,
      'policies/day2-nightly': nightly,
      'policies/day2-weekly': weekly,
      'kubebackups': backup,
      'kubeoffloads': offload,
    };
    // the hook is adopted with `terraform import` and KubeHook.importSpec() instead (see the test)
    for (const [key, c] of Object.entries(byCollection)) if (key !== 'kubehooks') c.importExisting(adopt[key]);
  }
  return JSON.parse(Testing.synth(stack, true));
}

/** One property of the matrix: how the stack changes it, how the UI would, and where the API keeps it. */
interface Row {
  construct: string;
  /** the restful_resource address fragment of the construct (its construct id) */
  address: string;
  property: string;
  edit: (v: Variant) => Partial<Variant>;
  /** an out-of-band change of the same field through the API */
  drift: (client: CloudCasaClient, doc: any) => Promise<unknown>;
  /** the collection and name of the document, and the field's value in it */
  collection: string;
  name: string;
  read: (doc: any) => unknown;
  /** the value `read` must give for a variant */
  expected: (v: Variant) => unknown;
}

const put = (client: CloudCasaClient, coll: string) => (id: string, change: any) => (client as any)[coll].update(id, change);
const rows: Row[] = [
  {
    construct: 'KubeCluster',
    address: 'Staging',
    property: 'description',
    collection: 'kubeclusters',
    name: 'day2-staging',
    edit: () => ({ clusterDescription: 'renamed cluster' }),
    drift: (c, d) => put(c, 'kubeclusters')(d._id, { description: 'from the UI' }),
    read: (d) => d.description,
    expected: (v) => v.clusterDescription,
  },
  {
    construct: 'KubeCluster',
    address: 'Staging',
    property: 'tags',
    collection: 'kubeclusters',
    name: 'day2-staging',
    edit: () => ({ clusterTags: { team: 'platform', env: 'staging' } }),
    drift: (c, d) => put(c, 'kubeclusters')(d._id, { tags: { team: 'ui' } }),
    read: (d) => d.tags,
    expected: (v) => v.clusterTags,
  },
  {
    construct: 'ObjectStore',
    address: 'Store',
    property: 'region',
    collection: 'objectstores',
    name: 'day2-store',
    edit: () => ({ storeRegion: 'eu-west-1' }),
    drift: (c, d) => put(c, 'objectstores')(d._id, { region: 'ap-south-1' }),
    read: (d) => d.region,
    expected: (v) => v.storeRegion,
  },
  {
    construct: 'ObjectStore',
    address: 'Store',
    property: 'skipTlsValidation',
    collection: 'objectstores',
    name: 'day2-store',
    edit: () => ({ storeSkipTls: true }),
    drift: (c, d) => put(c, 'objectstores')(d._id, { skip_tls_certificate_validation: false }),
    read: (d) => d.skip_tls_certificate_validation,
    expected: (v) => v.storeSkipTls,
  },
  {
    construct: 'KubeHook',
    address: 'Freeze',
    property: 'rules (command)',
    collection: 'kubehooks',
    name: 'day2-freeze',
    edit: () => ({ hookCommand: 'sh -c "echo $(date) >> /tmp/frozen"' }),
    drift: (c, d) => put(c, 'kubehooks')(d._id, { hook: [{ target: [{ command: 'true' }] }] }),
    read: (d) => d.hook[0].target[0].command,
    expected: (v) => v.hookCommand,
  },
  {
    construct: 'KubeHook',
    address: 'Freeze',
    property: 'hookType',
    collection: 'kubehooks',
    name: 'day2-freeze',
    edit: () => ({ hookType: KubeHookType.POST_BACKUP }),
    drift: (c, d) => put(c, 'kubehooks')(d._id, { hook_type: 'COMMON' }),
    read: (d) => d.hook_type,
    expected: (v) => v.hookType,
  },
  // first, so that the Policy rows below edit a policy the copy references
  {
    construct: 'KubeOffload',
    address: 'Copy',
    property: 'trigger (policy)',
    collection: 'kubeoffloads',
    name: 'day2-copy',
    edit: () => ({ offloadPolicy: 'nightly' }),
    drift: async (c, d) => put(c, 'kubeoffloads')(d._id, { policy: (await c.policies.getByName('day2-weekly'))!._id }),
    read: (d) => d.policy,
    expected: () => undefined, // checked against the policy id below
  },
  {
    construct: 'Policy',
    address: 'Nightly',
    property: 'schedule (cron)',
    collection: 'policies',
    name: 'day2-nightly',
    edit: () => ({ policyCron: '45 2 * * *' }),
    drift: (c, d) => put(c, 'policies')(d._id, { schedules: [{ ...d.schedules[0], schedule: { cronSpec: '0 5 * * *' } }] }),
    read: (d) => d.schedules[0].schedule.cronSpec,
    expected: (v) => v.policyCron,
  },
  {
    construct: 'Policy',
    address: 'Nightly',
    property: 'retention',
    collection: 'policies',
    name: 'day2-nightly',
    edit: () => ({ policyRetainDays: 21 }),
    drift: (c, d) => put(c, 'policies')(d._id, { schedules: [{ ...d.schedules[0], retainDays: 3 }] }),
    read: (d) => d.schedules[0].retainDays,
    expected: (v) => v.policyRetainDays,
  },
  {
    construct: 'Policy',
    address: 'Nightly',
    property: 'timezone',
    collection: 'policies',
    name: 'day2-nightly',
    edit: () => ({ policyTimezone: 'Europe/Berlin' }),
    drift: (c, d) => put(c, 'policies')(d._id, { timezone: 'Asia/Tokyo' }),
    read: (d) => d.timezone,
    expected: (v) => v.policyTimezone,
  },
  {
    construct: 'KubeBackup',
    address: 'Apps',
    property: 'namespaces',
    collection: 'kubebackups',
    name: 'day2-apps',
    edit: () => ({ backupNamespaces: Namespaces.allExcept(['kube-system']) }),
    // a namespace added to the exclusion list in the UI (a list changed outside Terraform)
    drift: (c, d) => put(c, 'kubebackups')(d._id, { source: { ...d.source, excluded_namespaces: ['kube-system', 'default'] } }),
    read: (d) => [d.source.all_namespaces, d.source.namespaces ?? [], d.source.excluded_namespaces ?? []],
    expected: (v) => [v.backupNamespaces.allNamespaces, v.backupNamespaces.included ?? [], v.backupNamespaces.excluded ?? []],
  },
  {
    construct: 'KubeBackup',
    address: 'Apps',
    property: 'snapshotPersistentVolumes',
    collection: 'kubebackups',
    name: 'day2-apps',
    edit: () => ({ backupPvs: false }),
    drift: (c, d) => put(c, 'kubebackups')(d._id, { source: { ...d.source, snapshotPersistentVolumes: true } }),
    read: (d) => d.source.snapshotPersistentVolumes,
    expected: (v) => v.backupPvs,
  },
  {
    construct: 'KubeBackup',
    address: 'Apps',
    property: 'paused',
    collection: 'kubebackups',
    name: 'day2-apps',
    edit: () => ({ backupPaused: true }),
    drift: (c, d) => c.kubebackups.resume(d._id),
    read: (d) => d.pause,
    expected: (v) => v.backupPaused,
  },
  {
    construct: 'KubeBackup',
    address: 'Apps',
    property: 'tags',
    collection: 'kubebackups',
    name: 'day2-apps',
    edit: () => ({ backupTags: { tier: 'silver' } }),
    drift: (c, d) => put(c, 'kubebackups')(d._id, { tags: { tier: 'ui' } }),
    read: (d) => d.tags,
    expected: (v) => v.backupTags,
  },
  {
    construct: 'KubeBackup',
    address: 'Apps',
    property: 'preHooks',
    collection: 'kubebackups',
    name: 'day2-apps',
    edit: () => ({ backupHookNamespaces: ['production', 'default'] }),
    drift: (c, d) => put(c, 'kubebackups')(d._id, { pre_hooks: [] }),
    read: (d) => d.pre_hooks.map((h: any) => h.namespaces),
    expected: (v) => [v.backupHookNamespaces],
  },
  {
    construct: 'KubeOffload',
    address: 'Copy',
    property: 'deleteSnapshots',
    collection: 'kubeoffloads',
    name: 'day2-copy',
    edit: () => ({ offloadDeleteSnapshots: false }),
    drift: (c, d) => put(c, 'kubeoffloads')(d._id, { delete_snapshots: true }),
    read: (d) => d.delete_snapshots,
    expected: (v) => v.offloadDeleteSnapshots,
  },
  {
    construct: 'KubeOffload',
    address: 'Copy',
    property: 'pvcParallelism',
    collection: 'kubeoffloads',
    name: 'day2-copy',
    edit: () => ({ offloadParallelism: 8 }),
    drift: (c, d) => put(c, 'kubeoffloads')(d._id, { options: { ...d.options, pvc_parallelism: 1 } }),
    read: (d) => d.options?.pvc_parallelism,
    expected: (v) => v.offloadParallelism,
  },
];

/** The restful_resource and terraform_data changes of a plan, as `address: actions`. */
function changes(plan: PlanJson): string[] {
  return pendingChanges(plan).filter((c) => c.type !== 'external').map((c) => `${c.address}: ${c.change.actions.join(',')}`);
}

for (const engine of ENGINES) {
  describeWithEngine(engine, 'day 2: every property edited, drifted and repaired, then adopted', (bin, manifest) => {
    let emu: Emulator;
    let client: CloudCasaClient;
    let wd: EngineWorkdir;
    let v: Variant = V0;
    const version = manifest.versions.external;
    const env = () => ({
      TF_VAR_cloudcasa_api_url: emu.url,
      TF_VAR_cloudcasa_api_key: emu.apiKey,
      TF_VAR_cloudcasa_store_access_key: 'AKIADAY2',
      TF_VAR_cloudcasa_store_secret_key: 'day2-secret',
    });
    const matrix: string[][] = [];

    beforeAll(async () => {
      emu = await startEmulator();
      emu.seedCluster({ name: 'prod', namespaces: ['default', 'production', 'kube-system'] });
      client = new CloudCasaClient({ apiUrl: emu.url, apiKey: emu.apiKey });
      wd = EngineWorkdir.fromJson(engine, bin, manifest, synth(version, v), env());
      await wd.init();
      await wd.apply();
      expect(changes(await wd.plan())).toEqual([]);
    });
    afterAll(async () => {
      // eslint-disable-next-line no-console
      console.log([`day-2 matrix (${engine})`, '| construct | property | edit: planned | drift: planned | repaired |', '|---|---|---|---|---|',
        ...matrix.map((r) => `| ${r.join(' | ')} |`)].join('\n'));
      wd?.cleanup();
      await emu?.close();
    });

    const doc = (r: Row) => emu.collection(r.collection).find((d) => d.name === r.name);
    const valueOf = async (r: Row, variant: Variant) => (r.property === 'trigger (policy)'
      ? (await client.policies.getByName(`day2-${variant.offloadPolicy}`))!._id : r.expected(variant));
    const applyPlanned = () => wd.ok(['apply', '-no-color', '-input=false', 'tfplan']);

    test.each(rows.map((r) => [`${r.construct}.${r.property}`, r] as const))('%s: one edit is one in-place update; drift is shown and put back', async (_label, r) => {
      const only = [`restful_resource.${r.address}_`];
      const isOnly = (cs: string[]) => cs.length === 1 && cs[0].startsWith(only[0]) && cs[0].endsWith(': update');

      // 1. the edit
      v = { ...v, ...r.edit(v) };
      wd.writeJson(synth(version, v));
      const edit = changes(await wd.plan());
      expect(edit).toEqual([expect.stringMatching(new RegExp(`^restful_resource\\.${r.address}_[0-9A-F]+: update$`))]);
      await applyPlanned();
      expect(r.read(doc(r))).toEqual(await valueOf(r, v));

      // 2. the same field changed outside Terraform
      await r.drift(client, doc(r));
      expect(r.read(doc(r))).not.toEqual(await valueOf(r, v));
      const drift = changes(await wd.plan());
      expect(drift).toEqual([expect.stringMatching(new RegExp(`^restful_resource\\.${r.address}_[0-9A-F]+: update$`))]);
      await applyPlanned();
      expect(r.read(doc(r))).toEqual(await valueOf(r, v));
      matrix.push([r.construct, r.property, isOnly(edit) ? '1 update ✓' : edit.join('; '), isOnly(drift) ? '1 update ✓' : drift.join('; '), '✓']);
    });

    test('after the matrix the plan is empty and the copydef link still points at the copy', async () => {
      expect(changes(await wd.plan())).toEqual([]);
      expect(emu.collection('kubebackups')[0].copydef).toBe(emu.collection('kubeoffloads')[0]._id);
    });

    test('a fresh stack adopts every object (importExisting(), or `import` with importSpec()), brings it to its configuration, re-plans empty and destroys', async () => {
      const ids: Record<string, string> = {};
      for (const coll of ['kubeclusters', 'objectstores', 'kubehooks', 'kubebackups', 'kubeoffloads']) {
        ids[coll] = emu.collection(coll).find((d) => d.name.startsWith('day2-'))!._id;
      }
      for (const p of emu.collection('policies')) ids[`policies/${p.name}`] = p._id;
      const json: any = synth(version, V0, ids);
      const fresh = EngineWorkdir.fromJson(engine, bin, manifest, json, env());
      try {
        await fresh.init();
        const hookAddress = `restful_resource.${Object.keys(json.resource.restful_resource).find((k) => k.startsWith('Freeze_'))}`;
        await fresh.ok(['import', '-no-color', '-input=false', hookAddress, KubeHook.importSpec(ids.kubehooks)]);
        const plan = await fresh.plan();
        const imports = pendingChanges(plan).filter((c) => (c.change as any).importing);
        expect(imports).toHaveLength(6);
        emu.clearLogs();
        await fresh.ok(['apply', '-no-color', '-input=false', 'tfplan']);
        // nothing created twice; every object now as V0 declares it
        expect(emu.writeLog.filter((w) => w.method === 'POST' && !w.path.includes('/action/'))).toEqual([]);
        for (const r of rows) expect({ row: `${r.construct}.${r.property}`, value: r.read(doc(r)) }).toEqual({ row: `${r.construct}.${r.property}`, value: await valueOf(r, V0) });
        expect(changes(await fresh.plan())).toEqual([]);
        await fresh.destroy();
        for (const coll of ['objectstores', 'kubehooks', 'policies', 'kubebackups', 'kubeoffloads']) expect({ coll, left: emu.collection(coll) }).toEqual({ coll, left: [] });
        expect(emu.collection('kubeclusters').map((c) => c.name)).toEqual(['prod']);
      } finally {
        fresh.cleanup();
      }
    });
  });
}
