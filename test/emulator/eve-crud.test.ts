import { API_KEY, basics, Client, createBackup, start } from './helpers';
import { Emulator } from '../../lib/emulator';

const NOT_FOUND = 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';
const RFC1123 = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

describe('Eve CRUD semantics', () => {
  let em: Emulator;
  let c: Client;
  let clusterId: string;
  let now = Date.UTC(2024, 0, 1, 12, 0, 0);

  beforeAll(async () => {
    // a controllable clock: `_updated` has second resolution on the wire, as in Eve
    ({ em, c } = await start({ clock: () => now }));
    ({ clusterId } = await basics(em, c));
  });
  afterAll(() => em.close());

  test('GET of a missing id is 404 with the Eve envelope and the Werkzeug message', async () => {
    const r = await c.get('/kubebackups/0123456789abcdef01234567');
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ _status: 'ERR', _error: { code: 404, message: NOT_FOUND } });
  });

  test('unknown collections and non-ObjectId item URLs are 404 too', async () => {
    expect((await c.get('/nothing')).status).toBe(404);
    const r = await c.get('/kubebackups/not-an-id');
    expect(r.status).toBe(404);
    expect(r.body._error.message).toBe(NOT_FOUND);
  });

  test('requests without the bearer key get 401 with the error envelope', async () => {
    const r = await fetch(`${em.url}/kubebackups`);
    expect(r.status).toBe(401);
    expect(await r.json()).toEqual({ _status: 'ERR', _error: { code: 401, message: 'Please provide proper credentials' } });
    const wrong = await fetch(`${em.url}/kubebackups`, { headers: { Authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
  });

  test('POST returns 201, a Location header and the full document plus meta (BANDWIDTH_SAVER off)', async () => {
    const r = await c.post('/kubehooks', { name: 'h-post', hook_type: 'PRE_BACKUP', hook: [{ target: [{ command: 'sync' }] }] });
    expect(r.status).toBe(201);
    expect(r.body._status).toBe('OK');
    expect(r.body._id).toMatch(/^[a-f0-9]{24}$/);
    expect(r.body._etag).toMatch(/^[a-f0-9]{40}$/);
    expect(r.body._created).toMatch(RFC1123);
    expect(r.body._updated).toBe(r.body._created);
    // hrefs start with /v1/ and titles are lower-case singulars, as in CloudCasa's kubebackup/kubeoffload/job samples
    expect(r.body._links.self).toEqual({ title: 'kubehook', href: `/v1/kubehooks/${r.body._id}` });
    expect(r.body.name).toBe('h-post');
    expect(r.headers.get('location')).toBe(`/v1/kubehooks/${r.body._id}`);
    // Eve strips the auth field from write responses; a GET shows it
    expect(r.body.org_id).toBeUndefined();
    expect((await c.get(`/kubehooks/${r.body._id}`)).body.org_id).toMatch(/^[a-f0-9]{24}$/);
    expect(r.headers.get('etag')).toBeNull();
  });

  test('a client-supplied _id is kept on POST and must be unique', async () => {
    const id = 'abcdefabcdefabcdefabcdef';
    const r = await c.post('/kubehooks', { _id: id, name: 'own-id', hook_type: 'COMMON', hook: [] });
    expect(r.status).toBe(201);
    expect(r.body._id).toBe(id);
    const again = await c.post('/kubehooks', { _id: id, name: 'own-id-2', hook_type: 'COMMON', hook: [] });
    expect(again.body._issues).toEqual({ _id: `value '${id}' is not unique` });
  });

  test('a bulk POST is all-or-nothing with per-document statuses', async () => {
    const before = em.collection('kubehooks').length;
    const bad = await c.post('/kubehooks', [
      { name: 'bulk-1', hook_type: 'PRE_BACKUP', hook: [] },
      { name: 'bulk-2', hook_type: 'NOPE', hook: [] },
    ]);
    expect(bad.status).toBe(422);
    expect(bad.body._error).toEqual({ code: 422, message: 'Insertion failure: 1 document(s) contain(s) error(s)' });
    expect(bad.body._items).toEqual([{ _status: 'OK' }, { _status: 'ERR', _issues: { hook_type: 'unallowed value NOPE' } }]);
    expect(em.collection('kubehooks').length).toBe(before);
    const ok = await c.post('/kubehooks', [
      { name: 'bulk-1', hook_type: 'PRE_BACKUP', hook: [] },
      { name: 'bulk-2', hook_type: 'COMMON', hook: [] },
    ]);
    expect(ok.status).toBe(201);
    expect(ok.body._items).toHaveLength(2);
    expect(ok.headers.get('location')).toBe(`/v1/kubehooks/${ok.body._items[0]._id}`);
    expect((await c.post('/kubehooks', [])).status).toBe(400);
    // a one-element list is a single document to Eve: the single-document envelope, not `_items`
    const one = await c.post('/kubehooks', [{ name: 'bulk-one', hook_type: 'COMMON', hook: [] }]);
    expect(one.status).toBe(201);
    expect(one.body._items).toBeUndefined();
    expect(one.body).toMatchObject({ _status: 'OK', name: 'bulk-one' });
    const oneBad = await c.post('/kubehooks', [{ name: 'bulk-one', hook_type: 'COMMON', hook: [] }]);
    expect(oneBad.status).toBe(422);
    expect(oneBad.body._error).toEqual({ code: 422, message: 'Insertion failure: 1 document(s) contain(s) error(s)' });
  });

  test('PATCH and PUT need If-Match: 428 when missing, 412 when stale, quoted and W/ tags accepted', async () => {
    const kb = await createBackup(c, clusterId);
    const path = `/kubebackups/${kb._id}`;
    const missing = await c.patch(path, { pause: true });
    expect(missing.status).toBe(428);
    expect(missing.body._error.message).toBe('To edit a document its etag must be provided using the If-Match header');
    const stale = await c.patch(path, { pause: true }, 'f'.repeat(40));
    expect(stale.status).toBe(412);
    expect(stale.body._error.message).toBe("Client and server etags don't match");
    expect((await c.put(path, { name: 'x' })).status).toBe(428);
    const quoted = await c.patch(path, { pause: true }, `"${kb._etag}"`);
    expect(quoted.status).toBe(200);
    expect(quoted.headers.get('etag')).toBe(`"${quoted.body._etag}"`);
    const weak = await c.patch(path, { pause: false }, `W/"${quoted.body._etag}"`);
    expect(weak.status).toBe(200);
    expect(weak.body.pause).toBe(false);
  });

  test('every write changes _etag and _updated while _created stays', async () => {
    const kb = await createBackup(c, clusterId);
    const path = `/kubebackups/${kb._id}`;
    now += 2000;
    const p1 = await c.patch(path, { pause: true }, kb._etag);
    expect(p1.body._etag).not.toBe(kb._etag);
    expect(p1.body._updated).not.toBe(kb._updated);
    expect(p1.body._created).toBe(kb._created);
    // a no-op PATCH still changes the ETag
    const p2 = await c.patch(path, { pause: true }, p1.body._etag);
    expect(p2.body._etag).not.toBe(p1.body._etag);
    now += 2000;
    const { _id, _etag, _created, _updated, _links, _status, ...rest } = p2.body;
    const p3 = await c.put(path, { ...rest, cc_user_email: undefined, org_id: undefined, status: undefined }, p2.body._etag);
    expect(p3.status).toBe(200);
    expect(p3.body._created).toBe(kb._created);
    expect(p3.body._updated).not.toBe(p2.body._updated);
    expect(p3.headers.get('last-modified')).toBe(p3.body._updated);
    const got = await c.get(path);
    expect(got.headers.get('etag')).toBe(`"${p3.body._etag}"`);
    expect(got.body._etag).toBe(p3.body._etag);
  });

  test('missing documents: PATCH 404 (no 428), PUT upserts with 201, DELETE 204', async () => {
    const id = 'aaaaaaaaaaaaaaaaaaaaaaaa';
    expect((await c.patch(`/policies/${id}`, { name: 'x' })).status).toBe(404);
    const put = await c.put(`/kubehooks/${id}`, { name: 'upserted', hook_type: 'COMMON', hook: [] });
    expect(put.status).toBe(201);
    expect(put.body._id).toBe(id);
    // an upsert that fails validation answers like a failed POST, with `_error`
    const bad = await c.put('/kubehooks/cccccccccccccccccccccccc', { name: 'upserted', hook_type: 'COMMON', hook: [] });
    expect(bad.status).toBe(422);
    expect(bad.body).toEqual({
      _status: 'ERR', _issues: { name: "value 'upserted' is not unique" }, _error: { code: 422, message: 'Insertion failure: 1 document(s) contain(s) error(s)' },
    });
    expect((await c.del('/kubehooks/bbbbbbbbbbbbbbbbbbbbbbbb')).status).toBe(204);
  });

  test('DELETE needs the current ETag by default and answers 204 with an empty body', async () => {
    const h = await c.post('/kubehooks', { name: 'to-delete', hook_type: 'COMMON', hook: [] });
    const path = `/kubehooks/${h.body._id}`;
    expect((await c.del(path)).status).toBe(428);
    expect((await c.del(path, 'abc')).status).toBe(412);
    const ok = await c.del(path, h.body._etag);
    expect(ok.status).toBe(204);
    expect(ok.text).toBe('');
    expect((await c.get(path)).status).toBe(404);
  });

  test('PATCH deep-merges dicts, replaces lists and accepts dotted keys', async () => {
    const kb = await createBackup(c, clusterId, { source: { all_namespaces: false, namespaces: ['app', 'db'], excluded_namespaces: ['x'] } });
    const path = `/kubebackups/${kb._id}`;
    const r = await c.patch(path, { source: { namespaces: ['db'] } }, kb._etag);
    expect(r.status).toBe(200);
    expect(r.body.source).toEqual({ all_namespaces: false, namespaces: ['db'], excluded_namespaces: ['x'], snapshotPersistentVolumes: true, snapshot_longhorn: true });
    const dotted = await c.patch(path, { 'source.included_resources': ['pods'] }, r.body._etag);
    expect(dotted.status).toBe(200);
    expect(dotted.body.source.included_resources).toEqual(['pods']);
    expect(dotted.body.source.namespaces).toEqual(['db']);
  });

  test('meta and unknown fields in a PATCH body are 422 without _error', async () => {
    const kb = await createBackup(c, clusterId);
    const r = await c.patch(`/kubebackups/${kb._id}`, { _etag: kb._etag, bogus: 1 }, kb._etag);
    expect(r.status).toBe(422);
    expect(r.body).toEqual({ _status: 'ERR', _issues: { _etag: 'unknown field', bogus: 'unknown field' } });
    const put = await c.put(`/kubebackups/${kb._id}`, { ...stripServer(kb), _created: kb._created, _links: kb._links }, kb._etag);
    expect(put.status).toBe(422);
    expect(put.body._error).toBeUndefined();
    expect(put.body._issues).toEqual({ _created: 'unknown field', _links: 'unknown field' });
  });

  test('_id in a PATCH body is a 400 mentioning immutable', async () => {
    const kb = await createBackup(c, clusterId);
    const r = await c.patch(`/kubebackups/${kb._id}`, { _id: kb._id }, kb._etag);
    expect(r.status).toBe(400);
    expect(r.body._error.message).toMatch(/immutable/);
  });

  test('PUT is a full replacement validated as an insert (required applies)', async () => {
    const kb = await createBackup(c, clusterId);
    const r = await c.put(`/kubebackups/${kb._id}`, { name: kb.name, trigger_type: 'ADHOC' }, kb._etag);
    expect(r.status).toBe(422);
    expect(r.body._issues).toEqual({ cluster: 'required field', source: 'required field' });
    const ok = await c.put(`/kubebackups/${kb._id}`, { name: kb.name, cluster: clusterId, trigger_type: 'ADHOC', source: { all_namespaces: true } }, kb._etag);
    expect(ok.status).toBe(200);
    expect(ok.body.source).toEqual({ all_namespaces: true, snapshotPersistentVolumes: true, snapshot_longhorn: true });
    // a replacement keeps only the auth field: what the client leaves out is gone (docs/emulator-evidence.md#put-replaces)
    expect(ok.body.cc_user_email).toBeUndefined();
    expect((await c.get(`/kubebackups/${kb._id}`)).body.org_id).toMatch(/^[a-f0-9]{24}$/);
  });

  test('item GET carries self, parent, collection and related links with the captured titles and /v1/ hrefs', async () => {
    const kb = await createBackup(c, clusterId);
    const r = await c.get(`/kubebackups/${kb._id}`);
    expect(r.body._links).toEqual({
      self: { title: 'kubebackup', href: `/v1/kubebackups/${kb._id}` },
      parent: { title: 'home', href: '/' },
      collection: { title: 'kubebackups', href: '/v1/kubebackups' },
      related: { cluster: { title: 'kubecluster', href: `/v1/kubeclusters/${clusterId}` } },
    });
    // CloudCasa shows `policy` where Eve's default would be `Policie`
    const pol = (await c.get('/policies')).body._items[0];
    expect(pol._links.self.title).toBe('policy');
  });

  test('conditional GET answers 304 when If-None-Match matches', async () => {
    const kb = await createBackup(c, clusterId);
    const r = await c.get(`/kubebackups/${kb._id}`, { 'If-None-Match': `"${kb._etag}"` });
    expect(r.status).toBe(304);
    expect((await c.get(`/kubebackups/${kb._id}`, { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  test('If-Modified-Since: 304 when unchanged since that second, 200 when older', async () => {
    const kb = await createBackup(c, clusterId);
    expect((await c.get(`/kubebackups/${kb._id}`, { 'If-Modified-Since': kb._updated })).status).toBe(304);
    const older = new Date(Date.parse(kb._updated) - 5000).toUTCString();
    expect((await c.get(`/kubebackups/${kb._id}`, { 'If-Modified-Since': older })).status).toBe(200);
    // every validator present must hold
    expect((await c.get(`/kubebackups/${kb._id}`, { 'If-Modified-Since': kb._updated, 'If-None-Match': '"x"' })).status).toBe(200);
  });

  test('max_results is capped at 1000 by default, as CloudCasa showed', async () => {
    expect((await c.get('/kubehooks?max_results=5000')).body._meta.max_results).toBe(1000);
  });

  test('jobs and backupinstances are read-only (405 with Allow)', async () => {
    for (const [m, p] of [['POST', '/jobs'], ['PATCH', '/jobs/aaaaaaaaaaaaaaaaaaaaaaaa'], ['PUT', '/jobs/aaaaaaaaaaaaaaaaaaaaaaaa'],
      ['DELETE', '/jobs/aaaaaaaaaaaaaaaaaaaaaaaa'], ['POST', '/backupinstances'], ['DELETE', '/backupinstances/aaaaaaaaaaaaaaaaaaaaaaaa']]) {
      const r = await c.req(m, p, m === 'DELETE' ? undefined : {});
      expect(r.status).toBe(405);
      expect(r.body._error.message).toBe('The method is not allowed for the requested URL.');
      expect(r.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    }
    expect((await c.get('/jobs')).status).toBe(200);
  });

  test('a collection DELETE is not enabled (405)', async () => {
    expect((await c.del('/kubehooks')).status).toBe(405);
  });

  test('a non-JSON content type is a 400 and so is a malformed body', async () => {
    const r = await c.req('POST', '/kubehooks', 'name=x', { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(r.status).toBe(400);
    expect(r.body._error.message).toBe('Unknown or no Content-Type header supplied');
    expect((await c.req('POST', '/kubehooks', '{nope')).status).toBe(400);
  });

  test('trailing slashes, HEAD and X-HTTP-Method-Override work as in Eve', async () => {
    expect((await c.get('/kubehooks/')).status).toBe(200);
    const head = await c.req('HEAD', '/kubehooks');
    expect(head.status).toBe(200);
    expect(head.text).toBe('');
    const h = await c.post('/kubehooks', { name: 'override', hook_type: 'COMMON', hook: [] });
    const r = await c.req('POST', `/kubehooks/${h.body._id}`, { name: 'override', hook_type: 'COMMON', hook: [], description: 'via override' },
      { 'X-HTTP-Method-Override': 'PUT', 'If-Match': h.body._etag });
    expect(r.status).toBe(200);
    expect(r.body.description).toBe('via override');
  });

  test('the home endpoint lists every resource', async () => {
    const r = await c.get('/');
    expect(r.body._links.child.map((x: any) => x.title)).toEqual(
      ['kubeclusters', 'kubebackups', 'kubeoffloads', 'policies', 'kubehooks', 'objectstores', 'jobs', 'backupinstances']);
  });

  test('request and write logs record method, path, status and If-Match but never the key', async () => {
    em.clearLogs();
    const h = await c.post('/kubehooks', { name: 'logged', hook_type: 'COMMON', hook: [] });
    await c.get(`/kubehooks/${h.body._id}`);
    await c.put(`/kubehooks/${h.body._id}`, { name: 'logged', hook_type: 'COMMON', hook: [], description: 'd' }, 'stale');
    expect(em.writeLog.map((e) => [e.method, e.status])).toEqual([['POST', 201], ['PUT', 412]]);
    expect(em.requestLog).toHaveLength(3);
    expect(em.requestLog[2]).toMatchObject({ method: 'PUT', path: `/api/v1/kubehooks/${h.body._id}`, ifMatch: 'stale', status: 412 });
    expect(JSON.stringify(em.requestLog)).not.toContain(API_KEY);
  });
});

describe('Eve switches', () => {
  test('BANDWIDTH_SAVER on returns only meta fields; upsert off and DELETE options change the missing-document answers', async () => {
    const { em, c } = await start({ bandwidthSaver: true, upsertOnPut: false, deleteMissingStatus: 404, deleteRequiresIfMatch: false });
    try {
      const r = await c.post('/kubehooks', { name: 'bw', hook_type: 'COMMON', hook: [] });
      expect(Object.keys(r.body).sort()).toEqual(['_created', '_etag', '_id', '_links', '_status', '_updated']);
      expect((await c.put('/kubehooks/aaaaaaaaaaaaaaaaaaaaaaaa', { name: 'n', hook_type: 'COMMON', hook: [] })).status).toBe(404);
      expect((await c.del('/kubehooks/aaaaaaaaaaaaaaaaaaaaaaaa')).status).toBe(404);
      // If-Match not required on DELETE, but a wrong one still fails
      expect((await c.del(`/kubehooks/${r.body._id}`, 'wrong')).status).toBe(412);
      expect((await c.del(`/kubehooks/${r.body._id}`)).status).toBe(204);
    } finally {
      await em.close();
    }
  });

  test('linkPrefix reproduces the /v1/ hrefs of the CloudCasa captures', async () => {
    const { em, c } = await start({ linkPrefix: '/v1/' });
    try {
      const r = await c.post('/kubehooks', { name: 'p', hook_type: 'COMMON', hook: [] });
      expect(r.body._links.self.href).toBe(`/v1/kubehooks/${r.body._id}`);
    } finally {
      await em.close();
    }
  });
});

function stripServer(d: any) {
  const { _id, _etag, _created, _updated, _links, _status, status, cc_user_email, org_id, ...rest } = d;
  return rest;
}
