import { backupBody, policyBody, setup } from './fixtures';
import { CloudCasaClient, NotFoundError, op, UnprocessableEntityError, where } from '../../lib/client';
import { Emulator } from '../../lib/emulator';

let emulator: Emulator;
let client: CloudCasaClient;
let clusterId: string;

beforeAll(async () => {
  const s = await setup();
  emulator = s.emulator; clusterId = s.cluster._id; client = s.client();
});
afterAll(() => emulator.close());

describe('CRUD for every resource', () => {
  test('policies: create, get, getByName, update, delete', async () => {
    const p = await client.policies.create(policyBody('crud-policy'));
    expect(p._id).toMatch(/^[a-f0-9]{24}$/);
    expect(p.schedules[0].schedule).toMatchObject({ cronSpec: '30 0 * * MON,WED,FRI', minute: '30', hour: '0', dayOfWeek: 'MON,WED,FRI' });
    expect((await client.policies.getByName('crud-policy'))?._id).toBe(p._id);

    const updated = await client.policies.update(p._id, { timezone: 'UTC' });
    expect(updated.timezone).toBe('UTC');
    expect(updated._etag).not.toBe(p._etag);

    await client.policies.delete(p._id);
    await expect(client.policies.get(p._id)).rejects.toBeInstanceOf(NotFoundError);
    await client.policies.delete(p._id); // deleting what is gone succeeds
  });

  test('kubebackups and kubeoffloads: create, PUT update carries server fields, pause/resume, delete', async () => {
    const p = await client.policies.create(policyBody('crud-kb-policy'));
    const kb = await client.kubebackups.create(backupBody('crud-kb', clusterId, p._id));
    expect(kb).toMatchObject({ trigger_type: 'SCHEDULED', pause: false, source: { snapshot_longhorn: true } });

    const put = await client.kubebackups.update(kb._id, (cur) => ({ source: { ...cur.source, namespaces: ['default'] } }), { method: 'PUT' });
    expect(put.source.namespaces).toEqual(['default']);
    expect((await client.kubebackups.pause(kb._id)).pause).toBe(true);
    expect((await client.kubebackups.resume(kb._id)).pause).toBe(false);

    const ko = await client.kubeoffloads.create({
      name: 'crud-ko',
      backupdef: kb._id,
      trigger_type: 'SCHEDULED',
      policy: p._id,
      delete_snapshots: false,
      run_backup: true,
      offload_provider: { type: 'aws', region: 'us-east-2' },
    });
    expect(ko).toMatchObject({ cluster: clusterId, delete_snapshots: false });
    const linked = await client.kubebackups.update(kb._id, { copydef: ko._id });
    expect(linked.copydef).toBe(ko._id);
    await client.kubeoffloads.run(ko._id);
    await emulator.waitForJobs();
    const ran = await client.kubeoffloads.get(ko._id);
    // kubeoffloads take no PATCH: the default update is a PUT of the whole document, so the status a run wrote
    // and the owner's email survive it
    emulator.clearLogs();
    const ko2 = await client.kubeoffloads.update(ko._id, { options: { pvc_parallelism: 4 } });
    expect(emulator.writeLog.map((e) => e.method)).toEqual(['PUT']);
    expect(ko2.options).toEqual({ pvc_parallelism: 4 });
    expect(ko2.status).toEqual(ran.status);
    expect(ko2.cc_user_email).toBe(ran.cc_user_email);
    // and a PUT of the backup keeps its copydef link
    const kbPut = await client.kubebackups.update(kb._id, { pause: true }, { method: 'PUT' });
    expect(kbPut.copydef).toBe(ko._id);

    await client.kubeoffloads.delete(ko._id);
    await client.kubebackups.delete(kb._id);
    await client.policies.delete(p._id);
    expect(emulator.collection('kubebackups').filter(d => d.name === 'crud-kb')).toEqual([]);
  });

  test('kubeclusters, kubehooks, objectstores', async () => {
    const c = await client.kubeclusters.create({ name: 'staging', description: 'staging cluster' });
    const active = emulator.connectAgent('staging');
    const renamed = await client.kubeclusters.update(c._id, { description: 'renamed' });
    expect(renamed.description).toBe('renamed');
    expect(renamed.status).toEqual(active.status);

    const h = await client.kubehooks.create({ name: 'uname', hook_type: 'PRE_BACKUP', hook: [{ labels: { app: 'db' }, target: [{ command: '/bin/uname -a' }] }] });
    expect(h.hook[0].target[0].command).toBe('uname -a');

    const o = await client.objectstores.create({ name: 'store', provider_type: 'aws', bucket_name: 'bkt', region: 'us-east-1' });
    expect(o.provider_type).toBe('aws');

    for (const [coll, id] of [[client.kubehooks, h._id], [client.objectstores, o._id], [client.kubeclusters, c._id]] as const) {
      await (coll as any).delete(id);
    }
    expect(emulator.collection('kubehooks')).toEqual([]);
  });

  test('jobs and backupinstances are read-only collections a run fills', async () => {
    const kb = await client.kubebackups.create(backupBody('crud-run', clusterId));
    const { job } = await client.runAndWait(kb._id, { pollIntervalMs: 20, retainDays: 5 });
    expect(await client.jobs.get(job._id)).toMatchObject({ state: 'COMPLETED', backupdef: kb._id, backupdef_name: 'crud-run' });
    const [instance] = await client.backupinstances.all({ where: { backupdef: kb._id, state: 'READY' } });
    expect(instance).toMatchObject({ type: 'SNAPSHOT', backupdef_name: 'crud-run', retention: { retainDays: 5 } });
    expect(await client.backupinstances.get(instance._id)).toMatchObject({ _id: instance._id });
    await expect((client as any).transport.request('DELETE', `jobs/${job._id}`, { headers: { 'If-Match': 'x' } }))
      .rejects.toMatchObject({ status: 405 });
  });

  test('a 422 carries the per-field issues', async () => {
    const err = await client.policies.create({ name: 'bad', timezone: 'Mars/Olympus', schedules: [] }).catch(e => e);
    expect(err).toBeInstanceOf(UnprocessableEntityError);
    expect(err.status).toBe(422);
    expect(Object.keys(err.issues)).toEqual(expect.arrayContaining(['timezone', 'schedules']));
    expect(err.message).toMatch(/^422 validation failed: .*timezone/);
  });

  test('resolve finds by id or by name and reports what is missing', async () => {
    const p = await client.policies.create(policyBody('resolvable'));
    expect((await client.policies.resolve(p._id)).name).toBe('resolvable');
    expect((await client.policies.resolve('resolvable'))._id).toBe(p._id);
    await expect(client.policies.resolve('nope')).rejects.toThrow(/no policies with id or name 'nope'/);
  });
});

describe('queries', () => {
  test('where builder, sort, projection and limit', async () => {
    for (const n of ['q-a', 'q-b', 'q-c']) await client.policies.create(policyBody(n));
    const names = (await client.policies.all({ where: where({ name: op.in(['q-a', 'q-c']) }), sort: '-name' })).map(p => p.name);
    expect(names).toEqual(['q-c', 'q-a']);
    const projected = await client.policies.all({ where: { name: 'q-b' }, projection: { name: 1 } });
    expect(projected[0]).toHaveProperty('_etag');
    expect(projected[0]).not.toHaveProperty('schedules');
    expect(await client.policies.all({ where: { name: { $in: ['q-a', 'q-b', 'q-c'] } }, limit: 2 })).toHaveLength(2);
  });

  test('pages through 1,000 jobs', async () => {
    const kb = await client.kubebackups.create(backupBody('many-runs', clusterId));
    for (let i = 0; i < 1000; i += 50) {
      await Promise.all(Array.from({ length: 50 }, () => client.kubebackups.run(kb._id)));
    }
    emulator.clearLogs();
    const seen = new Set<string>();
    for await (const j of client.jobs.list({ where: { backupdef: kb._id }, maxResults: 100 })) seen.add(j._id);
    expect(seen.size).toBe(1000);
    expect(emulator.requestLog.filter(r => r.path.startsWith('/api/v1/jobs')).length).toBe(10);
  });
});
