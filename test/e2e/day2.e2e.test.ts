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
  names: { cluster: string; store: string; hook: string; nightly: string; backup: string; offload: string };
  clusterDescription: string;
  clusterTags: Record<string, string>;
  storeRegion: string;
  storeSkipTls: boolean;
  storeEndpoint: string;
  storeBucket: string;
  hookCommand: string;
  hookContainer: string;
  hookLabels: Record<string, string>;
  hookType: KubeHookType;
  policyCron: string;
  policyRetainDays: number;
  policyTimezone: string;
  policyLocked: boolean;
  policyExtraSchedule: boolean;
  backupNamespaces: Namespaces;
  backupPaused: boolean;
  backupPvs: boolean;
  backupTags: Record<string, string>;
  backupHookNamespaces: string[];
  backupPostHooks: boolean;
  offloadDeleteSnapshots: boolean;
  offloadParallelism: number;
  offloadPolicy: 'nightly' | 'weekly';
  offloadUploadLimit: number;
  offloadReadyTimeoutMinutes: number;
  offloadToStore: boolean;
}

const V0: Variant = {
  names: { cluster: 'day2-staging', store: 'day2-store', hook: 'day2-freeze', nightly: 'day2-nightly', backup: 'day2-apps', offload: 'day2-copy' },
  clusterDescription: 'staging cluster',
  clusterTags: { team: 'platform' },
  storeRegion: 'us-east-1',
  storeSkipTls: false,
  storeEndpoint: 'https://s3.example.com',
  storeBucket: 'day2-bucket',
  hookCommand: 'sync',
  hookContainer: 'main',
  hookLabels: { app: 'db' },
  hookType: KubeHookType.PRE_BACKUP,
  policyCron: '30 1 * * *',
  policyRetainDays: 7,
  policyTimezone: 'UTC',
  policyLocked: false,
  policyExtraSchedule: false,
  backupNamespaces: Namespaces.of(['default', 'production']),
  backupPaused: false,
  backupPvs: true,
  backupTags: { tier: 'gold' },
  backupHookNamespaces: ['production'],
  backupPostHooks: false,
  offloadDeleteSnapshots: true,
  offloadParallelism: 2,
  offloadPolicy: 'weekly',
  offloadUploadLimit: 100,
  offloadReadyTimeoutMinutes: 5,
  offloadToStore: true,
};

/** The construct ids of the objects the matrix changes (their `restful_resource` address starts with them). */
const ADDRESSES = ['Staging', 'Store', 'Freeze', 'Nightly', 'Weekly', 'Apps', 'Copy'] as const;

function synth(externalVersion: string, v: Variant, adopt?: Record<string, string>): unknown {
  const stack = new TerraformStack(Testing.app(), 'day2');
  new CloudCasaProvider(stack, 'CloudCasa', { externalVersion });
  const prod = KubeCluster.fromName(stack, 'Prod', 'prod');
  const n = v.names;
  const cluster = new KubeCluster(stack, 'Staging', { clusterName: n.cluster, description: v.clusterDescription, tags: v.clusterTags });
  const store = new ObjectStore(stack, 'Store', {
    objectStoreName: n.store, bucketName: v.storeBucket, region: v.storeRegion, skipTlsValidation: v.storeSkipTls, endpoint: v.storeEndpoint,
  });
  const hook = new KubeHook(stack, 'Freeze', {
    hookName: n.hook, hookType: v.hookType, rules: [{ labels: v.hookLabels, targets: [{ command: v.hookCommand, container: v.hookContainer }] }],
  });
  const nightly = new Policy(stack, 'Nightly', {
    policyName: n.nightly,
    timezone: v.policyTimezone,
    schedules: [
      { schedule: Schedule.cron(v.policyCron), retention: Duration.days(v.policyRetainDays), locked: v.policyLocked },
      ...(v.policyExtraSchedule ? [{ schedule: Schedule.cron('0 4 * * SAT'), retention: Duration.days(60) }] : []),
    ],
  });
  const weekly = new Policy(stack, 'Weekly', { policyName: 'day2-weekly', schedules: [{ schedule: Schedule.cron('0 3 * * SUN'), retention: Duration.days(30) }] });
  const backup = new KubeBackup(stack, 'Apps', {
    backupName: n.backup,
    cluster: prod,
    namespaces: v.backupNamespaces,
    trigger: Trigger.adhoc(),
    paused: v.backupPaused,
    snapshotPersistentVolumes: v.backupPvs,
    tags: v.backupTags,
    preHooks: [BackupHook.fromHooks([hook], v.backupHookNamespaces)],
    postHooks: v.backupPostHooks ? [BackupHook.fromHooks([hook], ['default'])] : undefined,
  });
  const offload = new KubeOffload(stack, 'Copy', {
    offloadName: n.offload,
    backup,
    target: v.offloadToStore ? OffloadTarget.objectStore(store) : OffloadTarget.provider('aws', 'us-east-2'),
    trigger: Trigger.scheduled(v.offloadPolicy === 'nightly' ? nightly : weekly),
    deleteSnapshots: v.offloadDeleteSnapshots,
    pvcParallelism: v.offloadParallelism,
    uploadSpeedLimit: v.offloadUploadLimit,
    moverReadyTimeout: Duration.minutes(v.offloadReadyTimeoutMinutes),
  });
  if (adopt) {
    // the hook (Freeze) is adopted with `terraform import` and KubeHook.importSpec() instead (see the test)
    const byAddress: Record<string, { importExisting(id: string): void }> = {
      Staging: cluster, Store: store, Nightly: nightly, Weekly: weekly, Apps: backup, Copy: offload,
    };
    for (const [address, c] of Object.entries(byAddress)) c.importExisting(adopt[address]);
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
  /** the collection of the document, and the field's value in it */
  collection: string;
  read: (doc: any) => unknown;
  /** the value `read` must give for a variant */
  expected: (v: Variant) => unknown;
}

const put = (client: CloudCasaClient, coll: string) => (id: string, change: any) => (client as any)[coll].update(id, change);

/** The row of a construct's `name`: renamed to `<name>-2` in the stack, then to `ui-<key>` in the UI. */
function renameRow(construct: string, address: string, collection: string, key: keyof Variant['names']): Row {
  return {
    construct,
    address,
    property: 'name',
    collection,
    edit: (v) => ({ names: { ...v.names, [key]: `${V0.names[key]}-2` } }),
    drift: (c, d) => put(c, collection)(d._id, { name: `ui-${key}` }),
    read: (d) => d.name,
    expected: (v) => v.names[key],
  };
}
const rows: Row[] = [
  {
    construct: 'KubeCluster',
    address: 'Staging',
    property: 'description',
    collection: 'kubeclusters',
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
    edit: () => ({ offloadParallelism: 8 }),
    drift: (c, d) => put(c, 'kubeoffloads')(d._id, { options: { ...d.options, pvc_parallelism: 1 } }),
    read: (d) => d.options?.pvc_parallelism,
    expected: (v) => v.offloadParallelism,
  },
  // a rename of each construct, in the stack and then in the UI
  renameRow('KubeCluster', 'Staging', 'kubeclusters', 'cluster'),
  renameRow('ObjectStore', 'Store', 'objectstores', 'store'),
  renameRow('KubeHook', 'Freeze', 'kubehooks', 'hook'),
  renameRow('Policy', 'Nightly', 'policies', 'nightly'),
  renameRow('KubeBackup', 'Apps', 'kubebackups', 'backup'),
  renameRow('KubeOffload', 'Copy', 'kubeoffloads', 'offload'),
  {
    construct: 'ObjectStore',
    address: 'Store',
    property: 'bucketName',
    collection: 'objectstores',
    edit: () => ({ storeBucket: 'day2-bucket-2' }),
    drift: (c, d) => put(c, 'objectstores')(d._id, { bucket_name: 'ui-bucket' }),
    read: (d) => d.bucket_name,
    expected: (v) => v.storeBucket,
  },
  {
    construct: 'ObjectStore',
    address: 'Store',
    property: 'endpoint',
    collection: 'objectstores',
    edit: () => ({ storeEndpoint: 'https://s3.eu.example.com' }),
    drift: (c, d) => put(c, 'objectstores')(d._id, { s3provider: { ...d.s3provider, endpoint: 'https://ui.example.com' } }),
    read: (d) => d.s3provider?.endpoint,
    expected: (v) => v.storeEndpoint,
  },
  {
    construct: 'KubeHook',
    address: 'Freeze',
    property: 'rules (container)',
    collection: 'kubehooks',
    edit: () => ({ hookContainer: 'sidecar' }),
    drift: (c, d) => put(c, 'kubehooks')(d._id, { hook: [{ ...d.hook[0], target: [{ ...d.hook[0].target[0], container: 'ui' }] }] }),
    read: (d) => d.hook[0].target[0].container,
    expected: (v) => v.hookContainer,
  },
  {
    construct: 'KubeHook',
    address: 'Freeze',
    property: 'rules (labels)',
    collection: 'kubehooks',
    edit: () => ({ hookLabels: { app: 'db', tier: 'one' } }),
    drift: (c, d) => put(c, 'kubehooks')(d._id, { hook: [{ ...d.hook[0], labels: { app: 'ui' } }] }),
    read: (d) => d.hook[0].labels,
    expected: (v) => v.hookLabels,
  },
  {
    construct: 'Policy',
    address: 'Nightly',
    property: 'schedule (locked)',
    collection: 'policies',
    edit: () => ({ policyLocked: true }),
    drift: (c, d) => put(c, 'policies')(d._id, { schedules: [{ ...d.schedules[0], locked: false }] }),
    read: (d) => d.schedules[0].locked,
    expected: (v) => v.policyLocked,
  },
  {
    construct: 'Policy',
    address: 'Nightly',
    property: 'schedules (one added)',
    collection: 'policies',
    edit: () => ({ policyExtraSchedule: true }),
    drift: (c, d) => put(c, 'policies')(d._id, { schedules: [d.schedules[0]] }),
    read: (d) => d.schedules.length,
    expected: (v) => (v.policyExtraSchedule ? 2 : 1),
  },
  {
    construct: 'KubeBackup',
    address: 'Apps',
    property: 'postHooks',
    collection: 'kubebackups',
    edit: () => ({ backupPostHooks: true }),
    drift: (c, d) => put(c, 'kubebackups')(d._id, { post_hooks: [] }),
    read: (d) => d.post_hooks?.length ?? 0,
    expected: (v) => (v.backupPostHooks ? 1 : 0),
  },
  {
    construct: 'KubeOffload',
    address: 'Copy',
    property: 'uploadSpeedLimit',
    collection: 'kubeoffloads',
    edit: () => ({ offloadUploadLimit: 500 }),
    drift: (c, d) => put(c, 'kubeoffloads')(d._id, { options: { ...d.options, upload_speed_limit: 1 } }),
    read: (d) => d.options?.upload_speed_limit,
    expected: (v) => v.offloadUploadLimit,
  },
  {
    construct: 'KubeOffload',
    address: 'Copy',
    property: 'moverReadyTimeout',
    collection: 'kubeoffloads',
    edit: () => ({ offloadReadyTimeoutMinutes: 10 }),
    drift: (c, d) => put(c, 'kubeoffloads')(d._id, { options: { ...d.options, mover_ready_timeout: '1m' } }),
    read: (d) => d.options?.mover_ready_timeout,
    expected: (v) => `${v.offloadReadyTimeoutMinutes}m`,
  },
  {
    construct: 'KubeOffload',
    address: 'Copy',
    property: 'target',
    collection: 'kubeoffloads',
    edit: () => ({ offloadToStore: false }),
    drift: (c, d) => put(c, 'kubeoffloads')(d._id, { offload_provider: { type: 'aws', region: 'eu-west-1' } }),
    read: (d) => d.offload_provider,
    expected: () => undefined, // the store's id: see valueOf
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
    /** The `_id` of each object, by construct id, from the state after the first apply. */
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      emu = await startEmulator();
      emu.seedCluster({ name: 'prod', namespaces: ['default', 'production', 'kube-system'] });
      client = new CloudCasaClient({ apiUrl: emu.url, apiKey: emu.apiKey });
      wd = EngineWorkdir.fromJson(engine, bin, manifest, synth(version, v), env());
      await wd.init();
      await wd.apply();
      expect(changes(await wd.plan())).toEqual([]);
      for (const r of (await wd.show()).values?.root_module?.resources ?? []) {
        const address = ADDRESSES.find((a) => r.address.startsWith(`restful_resource.${a}_`));
        if (address) ids[address] = String(r.values.id).split('/')[1];
      }
      expect(Object.keys(ids).sort()).toEqual([...ADDRESSES].sort());
    });
    afterAll(async () => {
      // eslint-disable-next-line no-console
      console.log([`day-2 matrix (${engine})`, '| construct | property | edit: planned | drift: planned | repaired |', '|---|---|---|---|---|',
        ...matrix.map((r) => `| ${r.join(' | ')} |`)].join('\n'));
      wd?.cleanup();
      await emu?.close();
    });

    const doc = (r: Row) => emu.document(r.collection, ids[r.address]);
    const valueOf = async (r: Row, variant: Variant) => {
      if (r.property === 'trigger (policy)') return ids[variant.offloadPolicy === 'nightly' ? 'Nightly' : 'Weekly'];
      if (r.property === 'target') return variant.offloadToStore ? { user_objectstore: ids.Store } : { type: 'aws', region: 'us-east-2' };
      return r.expected(variant);
    };
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
      const json: any = synth(version, V0, ids);
      const fresh = EngineWorkdir.fromJson(engine, bin, manifest, json, env());
      try {
        await fresh.init();
        const hookAddress = `restful_resource.${Object.keys(json.resource.restful_resource).find((k) => k.startsWith('Freeze_'))}`;
        await fresh.ok(['import', '-no-color', '-input=false', hookAddress, KubeHook.importSpec(ids.Freeze)]);
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
