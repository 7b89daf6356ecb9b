import { basics, Client, createBackup, start, waitFor } from './helpers';
import { Emulator } from '../../lib/emulator';

const META = ['_created', '_etag', '_id', '_links', '_status', '_updated'];

describe('CloudCasa resources and rules', () => {
  let em: Emulator;
  let c: Client;
  let clusterId: string;
  let policyId: string;

  beforeAll(async () => {
    ({ em, c } = await start({ userEmail: 'ops@example.com' }));
    ({ clusterId, policyId } = await basics(em, c));
  });
  afterAll(() => em.close());

  describe('documented request bodies are accepted and answered with the documented keys', () => {
    test('policy with cronSpec echoes split fields and numAlwaysRetain', async () => {
      const r = await c.post('/policies', {
        name: 'mwf',
        timezone: 'America/New_York',
        schedules: [{ retainDays: 30, locked: false, schedule: { cronSpec: '30 0 * * MON,WED,FRI' } }],
      });
      expect(r.status).toBe(201);
      expect(r.body.schedules).toEqual([{
        retainDays: 30,
        locked: false,
        numAlwaysRetain: 0,
        schedule: { cronSpec: '30 0 * * MON,WED,FRI', minute: '30', hour: '0', dayOfMonth: '*', month: '*', dayOfWeek: 'MON,WED,FRI' },
      }]);
      // org_id is the auth field: Eve strips it from write responses (the POL sample has none)
      expect(Object.keys(r.body).sort()).toEqual([...META, 'cc_user_email', 'name', 'schedules', 'timezone'].sort());
    });

    test('kubebackup gets server defaults and related links, and no status until its first run (KB sample)', async () => {
      const r = await c.post('/kubebackups', {
        name: 'nightly',
        cluster: clusterId,
        trigger_type: 'SCHEDULED',
        policy: policyId,
        source: { all_namespaces: false, namespaces: ['app'], snapshotPersistentVolumes: true },
        pre_hooks: [],
        post_hooks: [],
      });
      expect(r.status).toBe(201);
      expect(r.body.source.snapshot_longhorn).toBe(true);
      expect(r.body.pause).toBe(false);
      expect(r.body.cc_user_email).toBe('ops@example.com');
      expect(r.body.org_id).toBeUndefined();
      expect(r.body.status).toBeUndefined();
      expect((await c.get(`/kubebackups/${r.body._id}`)).body.org_id).toMatch(/^[a-f0-9]{24}$/);
      expect(r.body._links.related).toEqual({
        cluster: { title: 'kubecluster', href: `/v1/kubeclusters/${clusterId}` },
        policy: { title: 'policy', href: `/v1/policies/${policyId}` },
      });
      expect(Object.keys(r.body).sort()).toEqual([...META, 'cc_user_email', 'cluster', 'name', 'pause', 'policy',
        'post_hooks', 'pre_hooks', 'source', 'trigger_type'].sort());
    });

    test('kubeoffload gets its defaults and the cluster of its backupdef', async () => {
      const kb = await createBackup(c, clusterId);
      const r = await c.post('/kubeoffloads', {
        name: kb.name,
        backupdef: kb._id,
        trigger_type: 'SCHEDULED',
        policy: policyId,
        offload_provider: { type: 'aws', region: 'us-east-2' },
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({
        cluster: clusterId,
        delete_snapshots: true,
        run_backup: false,
        skip_live_copy: false,
        snapshot_longhorn: true,
        pause: false,
        offload_provider: { type: 'aws', region: 'us-east-2' },
      });
      expect(r.body.status).toBeUndefined();
      expect(r.body._links.related.backupdef.href).toBe(`/v1/kubebackups/${kb._id}`);
      // the copydef link dance: PATCH the kubebackup with the kubeoffload id
      const link = await c.patch(`/kubebackups/${kb._id}`, { copydef: r.body._id }, kb._etag);
      expect(link.status).toBe(200);
      expect(link.body._links.related.copydef).toEqual({ title: 'kubeoffload', href: `/v1/kubeoffloads/${r.body._id}` });
    });

    test('kubehook normalises an absolute command to its basename', async () => {
      const r = await c.post('/kubehooks', {
        name: 'uname',
        hook_type: 'PRE_BACKUP',
        description: 'd',
        hook: [{ labels: { app: 'web,api' }, target: [{ command: '/bin/uname -a', container: 'main' }, { command: 'sync' }] }],
      });
      expect(r.status).toBe(201);
      expect(r.body.hook[0].target).toEqual([{ command: 'uname -a', container: 'main' }, { command: 'sync' }]);
    });

    test('objectstore (S3) and kubecluster are accepted; an API cluster gets its status later, ACTIVE once its agent connects', async () => {
      const os = await c.post('/objectstores', {
        name: 'bucket',
        provider_type: 'aws',
        bucket_name: 'b1',
        region: 'us-east-1',
        s3provider: { endpoint: 'https://s3.example.com', credentials: { access_key: 'a', secret_key: 's' } },
        skip_tls_certificate_validation: false,
      });
      expect(os.status).toBe(201);
      const kc = await c.post('/kubeclusters', {
        name: 'new-cluster', description: 'x', tags: { env: 'dev' }, backup_provider: { user_objectstore: os.body._id },
      });
      expect(kc.status).toBe(201);
      // the provider polls for the agent URL after the POST: it is not in the reply
      expect(kc.body.status).toBeUndefined();
      const pending = await waitFor(async () => (await c.get(`/kubeclusters/${kc.body._id}`)).body.status);
      expect(pending.state).toBe('PENDING');
      expect(pending.agentURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/kubeclusteragents\/[a-f0-9]+\.yaml$/);
      expect(em.connectAgent('new-cluster').status).toEqual({ state: 'ACTIVE', agentURL: pending.agentURL });
    });
  });

  test('trigger_type defaults to SCHEDULED, which requires a policy; bad enum values are refused', async () => {
    const r = await c.post('/kubebackups', { name: 'np', cluster: clusterId, source: { all_namespaces: true } });
    expect(r.status).toBe(422);
    expect(r.body._issues).toEqual({ policy: 'required field' });
    const bad = await c.post('/kubebackups', { name: 'np', cluster: clusterId, trigger_type: 'WEEKLY', policy: policyId, source: { all_namespaces: true } });
    expect(bad.body._issues).toEqual({ trigger_type: 'unallowed value WEEKLY' });
    const adhoc = await c.post('/kubebackups', { name: 'np', cluster: clusterId, trigger_type: 'ADHOC', source: { all_namespaces: true } });
    expect(adhoc.status).toBe(201);
  });

  test('references must exist: cluster, policy, copydef, hooks (unless template)', async () => {
    const ghost = 'cccccccccccccccccccccccc';
    const r = await c.post('/kubebackups', {
      name: 'refs',
      cluster: ghost,
      policy: ghost,
      copydef: ghost,
      source: { all_namespaces: true },
      pre_hooks: [{ template: false, namespaces: ['app'], hooks: [ghost] }, { template: true, namespaces: [], hooks: ['tmpl-1'] }],
    });
    expect(r.status).toBe(422);
    expect(r.body._issues).toEqual({
      cluster: `value '${ghost}' must exist in resource 'kubeclusters', field '_id'.`,
      policy: `value '${ghost}' must exist in resource 'policies', field '_id'.`,
      copydef: `value '${ghost}' must exist in resource 'kubeoffloads', field '_id'.`,
      pre_hooks: { 0: { hooks: { 0: `value '${ghost}' must exist in resource 'kubehooks', field '_id'.` } } },
    });
    const hook = await c.post('/kubehooks', { name: 'freeze', hook_type: 'PRE_BACKUP', hook: [] });
    const ok = await createBackup(c, clusterId, { pre_hooks: [{ template: false, namespaces: ['app'], hooks: [hook.body._id] }] });
    expect(ok.pre_hooks[0].hooks).toEqual([hook.body._id]);
  });

  test('wrong types, missing required and unknown fields are reported per field', async () => {
    const r = await c.post('/kubebackups', { name: 5, cluster: 'abc', trigger_type: 'ADHOC', source: { namespaces: 'app' }, extra: true });
    expect(r.status).toBe(422);
    expect(r.body._issues).toEqual({
      name: 'must be of string type', cluster: 'must be of objectid type', extra: 'unknown field', source: { namespaces: 'must be of list type' },
    });
    const missing = await c.post('/kubebackups', { trigger_type: 'ADHOC' });
    expect(missing.body._issues).toEqual({ name: 'required field', cluster: 'required field', source: 'required field' });
  });

  test('names are unique per collection', async () => {
    await c.post('/kubehooks', { name: 'dup', hook_type: 'COMMON', hook: [] });
    const r = await c.post('/kubehooks', { name: 'dup', hook_type: 'COMMON', hook: [] });
    expect(r.status).toBe(422);
    expect(r.body._issues).toEqual({ name: "value 'dup' is not unique" });
    // a document may keep its own name on PUT
    const own = (await c.where('kubehooks', { name: 'dup' })).body._items[0];
    expect((await c.put(`/kubehooks/${own._id}`, { name: 'dup', hook_type: 'POST_BACKUP', hook: [] }, own._etag)).status).toBe(200);
  });

  test('objectstores are unique on provider_type + region + bucket + prefix, not on name', async () => {
    const body = { name: 'os-a', provider_type: 'aws', bucket_name: 'shared', region: 'eu-west-1', prefix: 'p' };
    expect((await c.post('/objectstores', body)).status).toBe(201);
    expect((await c.post('/objectstores', { ...body, prefix: 'q' })).status).toBe(201);
    const dup = await c.post('/objectstores', { ...body, name: 'other-name' });
    expect(dup.status).toBe(422);
    expect(dup.body._issues).toEqual({ bucket_name: "value 'shared' is not unique" });
    expect((await c.post('/objectstores', { name: 'x', provider_type: 'gcp' })).body._issues).toEqual({ provider_type: 'unallowed value gcp' });
    expect((await c.post('/objectstores', { name: 'x', provider_type: 'aws' })).body._issues).toEqual({ bucket_name: 'required field' });
  });

  test('the cluster of a kubebackup cannot change', async () => {
    const other = em.seedCluster({ name: 'other' });
    const kb = await createBackup(c, clusterId);
    const r = await c.patch(`/kubebackups/${kb._id}`, { cluster: other._id }, kb._etag);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ _status: 'ERR', _issues: { cluster: 'field is read-only' } });
  });

  test('kubeoffload needs an existing backupdef', async () => {
    const r = await c.post('/kubeoffloads', { name: 'o', backupdef: 'dddddddddddddddddddddddd', trigger_type: 'ADHOC' });
    expect(r.status).toBe(422);
    expect(r.body._issues).toEqual({ backupdef: "value 'dddddddddddddddddddddddd' must exist in resource 'kubebackups', field '_id'." });
  });

  test('server-managed fields: different values are read-only, echoed values and an empty status are accepted; org_id is refused', async () => {
    const kb = await createBackup(c, clusterId);
    const p = `/kubebackups/${kb._id}`;
    const r = await c.patch(p, { cc_user_email: 'me@x', status: { jobs: [] } }, kb._etag);
    expect(r.body._issues).toEqual({ cc_user_email: 'field is read-only', status: 'field is read-only' });
    const same = await c.patch(p, { cc_user_email: kb.cc_user_email, org_id: kb.org_id, status: {} }, kb._etag);
    expect(same.status).toBe(200);
    expect(same.body.status).toEqual(kb.status);
    // org_id is Eve's auth field, not a schema field: the server sets it, a client may not send it, not even unchanged
    const post = await c.post('/kubehooks', { name: 'ro', hook_type: 'COMMON', hook: [], org_id: 'x' });
    expect(post.body._issues).toEqual({ org_id: 'unknown field' });
    const stored = (await c.get(p)).body;
    const put = await c.put(p, { name: stored.name, cluster: stored.cluster, source: stored.source, trigger_type: 'ADHOC', org_id: stored.org_id }, stored._etag);
    expect(put.body._issues).toEqual({ org_id: 'unknown field' });
  });

  test('policies: at least one schedule, a valid 5-field cron, retainDays >= 1, an IANA timezone; split fields build cronSpec', async () => {
    const bad = await c.post('/policies', { name: 'bad', timezone: 'Mars/Olympus', schedules: [] });
    expect(bad.body._issues).toEqual({ timezone: 'unallowed value Mars/Olympus', schedules: 'min length is 1' });
    const cron = await c.post('/policies', {
      name: 'bad2',
      timezone: 'UTC',
      schedules: [{ retainDays: 0, schedule: { cronSpec: '61 * * * *' } }, { retainDays: 1.5, locked: 'yes', schedule: { cronSpec: '0 0 *' } }],
    });
    expect(cron.body._issues).toEqual({
      schedules: {
        0: { retainDays: 'min value is 1', schedule: { cronSpec: "invalid cron spec '61 * * * *'" } },
        1: { retainDays: 'must be of integer type', locked: 'must be of boolean type', schedule: { cronSpec: "invalid cron spec '0 0 *'" } },
      },
    });
    const split = await c.post('/policies', {
      name: 'split',
      timezone: 'GMT',
      schedules: [{ retainDays: 3, schedule: { minute: '15', hour: '2', dayOfMonth: '*/2', month: '*', dayOfWeek: '*' } }],
    });
    expect(split.status).toBe(201);
    expect(split.body.schedules[0].schedule.cronSpec).toBe('15 2 */2 * *');
    const wins = await c.post('/policies', {
      name: 'wins', timezone: 'UTC', schedules: [{ retainDays: 3, schedule: { cronSpec: '0 5 * * *', minute: '7', hour: '7' } }],
    });
    expect(wins.body.schedules[0].schedule).toMatchObject({ cronSpec: '0 5 * * *', minute: '0', hour: '5' });
  });

  test('kubehook hook_type is an enum and targets need a command', async () => {
    const r = await c.post('/kubehooks', { name: 'bad-hook', hook_type: 'SOMETIMES', hook: [{ target: [{ container: 'c' }] }] });
    expect(r.body._issues).toEqual({ hook_type: 'unallowed value SOMETIMES', hook: { 0: { target: { 0: { command: 'required field' } } } } });
  });

  test('namespaces: exactly one of all_namespaces or a non-empty list', async () => {
    const both = await c.post('/kubebackups', { name: 'ns', cluster: clusterId, trigger_type: 'ADHOC', source: { all_namespaces: true, namespaces: ['a'] } });
    expect(both.body._issues).toEqual({ source: { namespaces: 'must be empty when all_namespaces is true' } });
    const none = await c.post('/kubebackups', { name: 'ns', cluster: clusterId, trigger_type: 'ADHOC', source: { namespaces: [] } });
    expect(none.body._issues).toEqual({ source: { namespaces: 'required field' } });
  });
});
