// One test per strict rule of the emulator, each beside the permissive reading its `lenient` switch restores
// (docs/emulator-evidence.md lists the sources).
import { basics, Client, createBackup, start, waitFor } from './helpers';
import { Emulator, EmulatorOptions } from '../../lib/emulator';

async function withEmulator(opts: EmulatorOptions, fn: (em: Emulator, c: Client, ids: { clusterId: string; policyId: string }) => Promise<void>) {
  const { em, c } = await start(opts);
  try {
    await fn(em, c, await basics(em, c));
  } finally {
    await em.close();
  }
}

const hookBody = (name: string) => ({ name, hook_type: 'COMMON', hook: [{ target: [{ command: 'sync' }] }] });

describe('item methods: PATCH only where CloudCasa is known to take it', () => {
  test('kubebackups and policies take PATCH; the other collections answer 405 with an Allow header without it', async () => {
    await withEmulator({}, async (em, c, { clusterId, policyId }) => {
      const kb = await createBackup(c, clusterId);
      expect((await c.patch(`/kubebackups/${kb._id}`, { pause: true }, kb._etag)).status).toBe(200);
      const pol = (await c.get(`/policies/${policyId}`)).body;
      expect((await c.patch(`/policies/${policyId}`, { timezone: 'Europe/Berlin' }, pol._etag)).status).toBe(200);

      const hook = (await c.post('/kubehooks', hookBody('h'))).body;
      const off = (await c.post('/kubeoffloads', { name: 'o', backupdef: kb._id, trigger_type: 'ADHOC' })).body;
      const os = (await c.post('/objectstores', { name: 's', provider_type: 'aws', bucket_name: 'b' })).body;
      for (const [coll, doc] of [['kubehooks', hook], ['kubeoffloads', off], ['objectstores', os], ['kubeclusters', { _id: clusterId, _etag: 'x' }]] as const) {
        const r = await c.patch(`/${coll}/${doc._id}`, { description: 'd' }, doc._etag);
        expect({ coll, status: r.status, allow: r.headers.get('allow') }).toEqual({ coll, status: 405, allow: 'GET, PUT, DELETE, HEAD, OPTIONS' });
      }
      expect((await c.req('OPTIONS', `/kubebackups/${kb._id}`)).headers.get('allow')).toBe('GET, PUT, PATCH, DELETE, HEAD, OPTIONS');
      // nothing was written by the refused PATCHes
      expect(em.document('kubehooks', hook._id)._etag).toBe(hook._etag);
    });
  });

  test('lenient.patchEverywhere accepts PATCH on every collection', async () => {
    await withEmulator({ lenient: { patchEverywhere: true } }, async (_em, c) => {
      const hook = (await c.post('/kubehooks', hookBody('h'))).body;
      expect((await c.patch(`/kubehooks/${hook._id}`, { description: 'd' }, hook._etag)).status).toBe(200);
    });
  });
});

describe('null', () => {
  test('policy, copydef and copy_policy refuse null, so a merge patch cannot clear a link', async () => {
    await withEmulator({}, async (em, c, { clusterId, policyId }) => {
      const kb = await createBackup(c, clusterId, { trigger_type: 'SCHEDULED', policy: policyId });
      const r = await c.patch(`/kubebackups/${kb._id}`, { trigger_type: 'ADHOC', policy: null, copydef: null, copy_policy: null }, kb._etag);
      expect(r.status).toBe(422);
      expect(r.body._issues).toEqual({ policy: 'null value not allowed', copydef: 'null value not allowed', copy_policy: 'null value not allowed' });
      expect(em.document('kubebackups', kb._id).policy).toBe(policyId);
    });
  });

  test('lenient.nullableLinks accepts them', async () => {
    await withEmulator({ lenient: { nullableLinks: true } }, async (_em, c, { clusterId, policyId }) => {
      const kb = await createBackup(c, clusterId, { trigger_type: 'SCHEDULED', policy: policyId });
      const r = await c.patch(`/kubebackups/${kb._id}`, { trigger_type: 'ADHOC', policy: null }, kb._etag);
      expect(r.status).toBe(200);
      expect(r.body.policy).toBeNull();
    });
  });
});

describe('normalize on patch', () => {
  const body = { source: { all_namespaces: false, namespaces: ['app'], snapshotPersistentVolumes: false, snapshot_longhorn: false } };

  test('a PATCH of a subdocument gets the schema defaults of the subfields it leaves out; top-level fields keep theirs', async () => {
    await withEmulator({}, async (_em, c, { clusterId }) => {
      const kb = await createBackup(c, clusterId, { ...body, pause: true });
      const r = await c.patch(`/kubebackups/${kb._id}`, { source: { namespaces: ['db'] } }, kb._etag);
      expect(r.status).toBe(200);
      // Eve normalises the patch payload: the defaults of `source` come back although they were stored as false
      expect(r.body.source).toEqual({ all_namespaces: false, namespaces: ['db'], snapshotPersistentVolumes: true, snapshot_longhorn: true });
      // `pause` (a top-level default) is stored, so the patch leaves it alone
      expect(r.body.pause).toBe(true);
      // a subdocument sent whole keeps what it says
      const whole = await c.patch(`/kubebackups/${kb._id}`, body, r.body._etag);
      expect(whole.body.source.snapshotPersistentVolumes).toBe(false);
    });
  });

  test('lenient.noNormalizeOnPatch merges into the stored subdocument instead', async () => {
    await withEmulator({ lenient: { noNormalizeOnPatch: true } }, async (_em, c, { clusterId }) => {
      const kb = await createBackup(c, clusterId, body);
      const r = await c.patch(`/kubebackups/${kb._id}`, { source: { namespaces: ['db'] } }, kb._etag);
      expect(r.body.source).toEqual({ ...body.source, namespaces: ['db'] });
    });
  });
});

describe('PUT replaces the document', () => {
  async function ranBackup(em: Emulator, c: Client, clusterId: string) {
    const kb = await createBackup(c, clusterId);
    await c.post(`/kubebackups/${kb._id}/action/run`, {});
    await em.waitForJobs();
    return (await c.get(`/kubebackups/${kb._id}`)).body;
  }
  const putBody = (kb: any) => ({ name: kb.name, cluster: kb.cluster, trigger_type: 'ADHOC', source: kb.source });

  test('what the PUT leaves out is gone, except the auth field org_id; sent back unchanged, server fields are kept', async () => {
    await withEmulator({}, async (em, c, { clusterId }) => {
      const kb = await ranBackup(em, c, clusterId);
      expect(kb.status.jobs).toHaveLength(1);
      // read-only fields sent back with their stored values pass (Eve's readonly rule compares)
      const kept = await c.put(`/kubebackups/${kb._id}`, { ...putBody(kb), status: kb.status, cc_user_email: kb.cc_user_email }, kb._etag);
      expect(kept.status).toBe(200);
      expect(em.document('kubebackups', kb._id)).toMatchObject({ status: kb.status, cc_user_email: kb.cc_user_email });
      kb._etag = kept.body._etag;
      const r = await c.put(`/kubebackups/${kb._id}`, putBody(kb), kb._etag);
      expect(r.status).toBe(200);
      const after = em.document('kubebackups', kb._id);
      expect(after.status).toBeUndefined();
      expect(after.cc_user_email).toBeUndefined();
      expect(after.org_id).toBe(kb.org_id);
      // once gone, a read-only field cannot be written back
      const again = await c.put(`/kubebackups/${kb._id}`, { ...putBody(kb), cc_user_email: kb.cc_user_email }, r.body._etag);
      expect(again.status).toBe(422);
      expect(again.body._issues).toEqual({ cc_user_email: 'field is read-only' });
    });
  });

  test('lenient.putKeepsServerFields keeps status and cc_user_email', async () => {
    await withEmulator({ lenient: { putKeepsServerFields: true } }, async (em, c, { clusterId }) => {
      const kb = await ranBackup(em, c, clusterId);
      await c.put(`/kubebackups/${kb._id}`, putBody(kb), kb._etag);
      const after = em.document('kubebackups', kb._id);
      expect(after.status).toEqual(kb.status);
      expect(after.cc_user_email).toBe(kb.cc_user_email);
    });
  });
});

describe('cluster registration', () => {
  test('no status in the POST reply; PENDING with an agent URL later; the URL serves a manifest without the key; ACTIVE when the agent connects', async () => {
    await withEmulator({ clusterStatusDelayMs: 0 }, async (em, c) => {
      const kc = await c.post('/kubeclusters', { name: 'fresh' });
      expect(kc.status).toBe(201);
      expect(kc.body.status).toBeUndefined();
      const status = await waitFor(async () => (await c.get(`/kubeclusters/${kc.body._id}`)).body.status);
      expect(status).toEqual({ state: 'PENDING', agentURL: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/kubeclusteragents\/[a-f0-9]{32}\.yaml$/) });
      const manifest = await fetch(status.agentURL);
      expect(manifest.status).toBe(200);
      expect(manifest.headers.get('content-type')).toBe('application/yaml');
      expect(await manifest.text()).toContain(`clusterId: "${kc.body._id}"`);
      expect((await fetch(`${em.origin}/kubeclusteragents/${'0'.repeat(32)}.yaml`)).status).toBe(404);
      expect(em.connectAgent('fresh').status).toEqual({ ...status, state: 'ACTIVE' });
    });
  });

  test('before the delay has passed there is no status; connectAgent creates it as ACTIVE at once', async () => {
    await withEmulator({ clusterStatusDelayMs: 3_600_000 }, async (em, c) => {
      const kc = (await c.post('/kubeclusters', { name: 'slow' })).body;
      expect(em.document('kubeclusters', kc._id).status).toBeUndefined();
      expect(em.connectAgent(kc._id).status).toEqual({ state: 'ACTIVE', agentURL: expect.stringContaining('/kubeclusteragents/') });
    });
  });

  test('autoConnectAgents: the cluster turns ACTIVE by itself', async () => {
    await withEmulator({ clusterStatusDelayMs: 0, autoConnectAgents: true }, async (_em, c) => {
      const kc = (await c.post('/kubeclusters', { name: 'auto' })).body;
      const status = await waitFor(async () => (await c.get(`/kubeclusters/${kc._id}`)).body.status);
      expect(status.state).toBe('ACTIVE');
    });
  });

  test('lenient.immediateClusterStatus puts PENDING and the agent URL in the POST reply', async () => {
    await withEmulator({ lenient: { immediateClusterStatus: true } }, async (_em, c) => {
      const kc = await c.post('/kubeclusters', { name: 'now' });
      expect(kc.body.status).toEqual({ state: 'PENDING', agentURL: expect.stringContaining('/kubeclusteragents/') });
    });
  });
});

describe('shapes', () => {
  test('defaults: no status on a fresh definition, captured titles, /v1/ hrefs, no org_id in write replies', async () => {
    await withEmulator({}, async (_em, c, { clusterId }) => {
      const kb = await createBackup(c, clusterId);
      expect(kb.status).toBeUndefined();
      expect(kb.org_id).toBeUndefined();
      expect(kb._links.self).toEqual({ title: 'kubebackup', href: `/v1/kubebackups/${kb._id}` });
    });
  });

  test('lenient.statusOnCreate, eveItemTitles, orgIdInWriteResponses and linkPrefix "" give the earlier shapes', async () => {
    const opts: EmulatorOptions = { linkPrefix: '', lenient: { statusOnCreate: true, eveItemTitles: true, orgIdInWriteResponses: true } };
    await withEmulator(opts, async (_em, c, { clusterId, policyId }) => {
      const kb = await createBackup(c, clusterId, { trigger_type: 'SCHEDULED', policy: policyId });
      expect(kb.status).toEqual({ jobs: [], last_job_run_time: 0 });
      expect(kb.org_id).toMatch(/^[a-f0-9]{24}$/);
      expect(kb._links).toEqual({
        self: { title: 'Kubebackup', href: `kubebackups/${kb._id}` },
        related: { cluster: { title: 'Kubecluster', href: `kubeclusters/${clusterId}` }, policy: { title: 'Policie', href: `policies/${policyId}` } },
      });
    });
  });
});

describe('deletes', () => {
  test('by default deleting a kubeoffload leaves its kubebackup (and its etag) alone', async () => {
    await withEmulator({}, async (em, c, { clusterId }) => {
      const kb = await createBackup(c, clusterId);
      const off = (await c.post('/kubeoffloads', { name: 'o', backupdef: kb._id, trigger_type: 'ADHOC' })).body;
      const linked = (await c.patch(`/kubebackups/${kb._id}`, { copydef: off._id }, kb._etag)).body;
      expect((await c.del(`/kubeoffloads/${off._id}`, off._etag)).status).toBe(204);
      expect(em.document('kubebackups', kb._id)).toMatchObject({ copydef: off._id, _etag: linked._etag });
    });
  });

  test('cascadeOffloadDelete: the kubebackup forgets its copy and gets a new etag, so a DELETE with the old one is 412', async () => {
    await withEmulator({ cascadeOffloadDelete: true }, async (em, c, { clusterId }) => {
      const kb = await createBackup(c, clusterId);
      const off = (await c.post('/kubeoffloads', { name: 'o', backupdef: kb._id, trigger_type: 'ADHOC' })).body;
      const linked = (await c.patch(`/kubebackups/${kb._id}`, { copydef: off._id }, kb._etag)).body;
      expect((await c.del(`/kubeoffloads/${off._id}`, off._etag)).status).toBe(204);
      const after = em.document('kubebackups', kb._id);
      expect(after.copydef).toBeUndefined();
      expect(after._etag).not.toBe(linked._etag);
      expect((await c.del(`/kubebackups/${kb._id}`, linked._etag)).status).toBe(412);
    });
  });
});
