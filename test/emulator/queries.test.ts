import { Client, start } from './helpers';
import { Emulator } from '../../lib/emulator';

const BAD_REQUEST = 'The browser (or proxy) sent a request that this server could not understand.';

describe('collection queries', () => {
  let em: Emulator;
  let c: Client;
  let now = Date.UTC(2024, 2, 1, 10, 0, 0);
  let clusterId: string;
  const kb: any[] = [];

  beforeAll(async () => {
    ({ em, c } = await start({ clock: () => now, maxResultsLimit: 40 }));
    const hooks = Array.from({ length: 30 }, (_, i) => ({
      name: `h${String(i).padStart(2, '0')}`,
      hook_type: i % 2 ? 'PRE_BACKUP' : 'POST_BACKUP',
      description: `n${i % 5}`,
      hook: [{ labels: { app: i < 3 ? 'web' : 'db' }, target: [{ command: 'sync' }] }],
    }));
    expect((await c.post('/kubehooks', hooks)).status).toBe(201);
    clusterId = em.seedCluster({ name: 'qc' })._id;
    for (let i = 0; i < 3; i++) {
      now += 60_000;
      const r = await c.post('/kubebackups', {
        name: ['alpha', 'beta', 'gamma'][i],
        cluster: clusterId,
        trigger_type: 'ADHOC',
        source: i === 2 ? { all_namespaces: true } : { namespaces: i === 0 ? ['app'] : ['app', 'db'] },
      });
      kb.push(r.body);
    }
  });
  afterAll(() => em.close());

  const names = (r: any) => r.body._items.map((x: any) => x.name);

  test('defaults: page 1, max_results 25, total, X-Total-Count and next/last links', async () => {
    const r = await c.get('/kubehooks');
    expect(r.body._meta).toEqual({ page: 1, max_results: 25, total: 30 });
    expect(r.headers.get('x-total-count')).toBe('30');
    expect(r.body._items).toHaveLength(25);
    expect(r.body._links).toEqual({
      parent: { title: 'home', href: '/' },
      self: { title: 'kubehooks', href: '/v1/kubehooks' },
      next: { title: 'next page', href: '/v1/kubehooks?page=2' },
      last: { title: 'last page', href: '/v1/kubehooks?page=2' },
    });
    expect(r.body._items[0]._links).toEqual({ self: { title: 'kubehook', href: `/v1/kubehooks/${r.body._items[0]._id}` } });
  });

  test('page links are rebuilt in Eve order (max_results, where, sort, page, others) with prev', async () => {
    const r = await c.get('/kubehooks?page=3&foo=bar&sort=name&max_results=10&where={"hook_type":{"$exists":true}}');
    expect(names(r)).toEqual(['h20', 'h21', 'h22', 'h23', 'h24', 'h25', 'h26', 'h27', 'h28', 'h29']);
    const w = '{"hook_type":{"$exists":true}}';
    expect(r.body._links.self.href).toBe(`/v1/kubehooks?max_results=10&where=${w}&sort=name&page=3&foo=bar`);
    expect(r.body._links.prev).toEqual({ title: 'previous page', href: `/v1/kubehooks?max_results=10&where=${w}&sort=name&page=2&foo=bar` });
    expect(r.body._links.next).toBeUndefined();
    expect(r.body._links.last).toBeUndefined();
  });

  test('max_results is clamped to the limit and bad values fall back to the default; page past the end is empty', async () => {
    expect((await c.get('/kubehooks?max_results=500')).body._meta.max_results).toBe(40);
    expect((await c.get('/kubehooks?max_results=abc')).body._meta.max_results).toBe(25);
    expect((await c.get('/kubehooks?max_results=-3')).body._meta.max_results).toBe(25);
    expect((await c.get('/kubehooks?max_results=5.9')).body._meta.max_results).toBe(5);
    expect((await c.get('/kubehooks?page=-2&max_results=20')).body._meta.page).toBe(2);
    expect((await c.get('/kubehooks?page=x')).body._meta.page).toBe(1);
    const past = await c.get('/kubehooks?page=9');
    expect(past.status).toBe(200);
    expect(past.body._items).toEqual([]);
  });

  test('where: equality, $in, $nin, $gt/$lte, $ne, $or, $and, $exists and dotted keys into lists', async () => {
    expect(names(await c.where('kubehooks', { name: 'h07' }))).toEqual(['h07']);
    expect(names(await c.where('kubehooks', { name: { $in: ['h01', 'h02', 'zz'] } }))).toEqual(['h01', 'h02']);
    expect((await c.where('kubehooks', { description: { $nin: ['n0', 'n1'] } })).body._meta.total).toBe(18);
    expect(names(await c.where('kubehooks', { name: { $gt: 'h26', $lte: 'h28' } }))).toEqual(['h27', 'h28']);
    expect((await c.where('kubehooks', { hook_type: { $ne: 'PRE_BACKUP' } })).body._meta.total).toBe(15);
    expect(names(await c.where('kubehooks', { $or: [{ name: 'h00' }, { name: 'h29' }] }))).toEqual(['h00', 'h29']);
    expect(names(await c.where('kubehooks', { $and: [{ description: 'n1' }, { hook_type: 'PRE_BACKUP' }] })))
      .toEqual(['h01', 'h11', 'h21']);
    expect(names(await c.where('kubehooks', { 'hook.labels.app': 'web' }))).toEqual(['h00', 'h01', 'h02']);
    expect(names(await c.where('kubebackups', { 'source.namespaces': 'db' }))).toEqual(['beta']);
    expect(names(await c.where('kubebackups', { 'source.all_namespaces': { $exists: true } }))).toEqual(['gamma']);
    expect(names(await c.where('kubebackups', { copydef: { $exists: false }, cluster: clusterId }))).toEqual(['alpha', 'beta', 'gamma']);
    expect(names(await c.where('kubebackups', { name: { $eq: 'beta' } }))).toEqual(['beta']);
  });

  test('where coerces RFC 1123 strings to dates', async () => {
    const r = await c.where('kubebackups', { _created: { $gt: kb[0]._created } });
    expect(names(r)).toEqual(['beta', 'gamma']);
    expect(names(await c.where('kubebackups', { _created: kb[1]._created }))).toEqual(['beta']);
  });

  test('where: Python-expression syntax with and/or', async () => {
    expect(names(await c.where('kubehooks', 'name=="h05"'))).toEqual(['h05']);
    expect(names(await c.where('kubehooks', 'name=="h05" or name == \'h06\''))).toEqual(['h05', 'h06']);
    expect(names(await c.where('kubehooks', 'description=="n2" and name>="h20"'))).toEqual(['h22', 'h27']);
    expect(names(await c.where('kubebackups', 'name!="alpha" and (name=="beta" or name=="gamma")'))).toEqual(['beta', 'gamma']);
  });

  test('where: $not, $nor, $size, $all, $elemMatch and Python literals (ObjectId, datetime, True)', async () => {
    expect(names(await c.where('kubebackups', { 'source.namespaces': { $size: 2 } }))).toEqual(['beta']);
    expect(names(await c.where('kubebackups', { 'source.namespaces': { $all: ['db', 'app'] } }))).toEqual(['beta']);
    expect(names(await c.where('kubebackups', { name: { $not: { $in: ['alpha', 'beta'] } } }))).toEqual(['gamma']);
    expect(names(await c.where('kubebackups', { $nor: [{ name: 'alpha' }, { name: 'gamma' }] }))).toEqual(['beta']);
    expect(names(await c.where('kubehooks', { hook: { $elemMatch: { 'labels.app': 'web' } }, name: { $lt: 'h02' } }))).toEqual(['h00', 'h01']);
    expect(names(await c.where('kubebackups', `_id==ObjectId("${kb[1]._id}")`))).toEqual(['beta']);
    expect(names(await c.where('kubebackups', 'source.all_namespaces==True'))).toEqual(['gamma']);
    expect(names(await c.where('kubebackups', '_created>datetime(2024, 3, 1, 10, 2, 30)'))).toEqual(['gamma']);
  });

  test('where: $regex and $where are banned, unknown operators and garbage are 400', async () => {
    for (const w of [{ name: { $regex: 'h' } }, { $where: 'true' }, { name: { $foo: 1 } }, 'not a query ((', '[1,2]']) {
      const r = await c.where('kubehooks', w);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ _status: 'ERR', _error: { code: 400, message: BAD_REQUEST } });
    }
  });

  test('with debug on, the 400 carries the specific Eve message', async () => {
    const dbg = await start({ debug: true });
    try {
      const r = await dbg.c.where('kubehooks', { name: { $foo: 1 } });
      expect(r.body._error.message).toBe('Query contains unknown or unsupported operators: $foo');
      expect((await dbg.c.where('kubehooks', { name: { $regex: 'x' } })).body._error.message)
        .toBe('Query contains operators banned in MONGO_QUERY_BLACKLIST');
    } finally {
      await dbg.em.close();
    }
  });

  test('sort: -field, comma lists and the Python literal form; bad literal is 400', async () => {
    expect(names(await c.get('/kubebackups?sort=-name'))).toEqual(['gamma', 'beta', 'alpha']);
    expect(names(await c.get('/kubebackups?sort=-_created'))).toEqual(['gamma', 'beta', 'alpha']);
    expect(names(await c.get(`/kubehooks?sort=${encodeURIComponent('description,-name')}&max_results=3`))).toEqual(['h25', 'h20', 'h15']);
    expect(names(await c.get(`/kubebackups?sort=${encodeURIComponent('[("name",-1)]')}`))).toEqual(['gamma', 'beta', 'alpha']);
    expect(names(await c.get(`/kubebackups?sort=${encodeURIComponent('[["name",1]]')}`))).toEqual(['alpha', 'beta', 'gamma']);
    expect((await c.get(`/kubebackups?sort=${encodeURIComponent('[("name",')}`)).status).toBe(400);
  });

  test('projection includes or excludes fields, always keeping meta fields; bad projection is 400', async () => {
    const inc = await c.get(`/kubebackups?projection=${encodeURIComponent('{"name":1}')}`);
    expect(Object.keys(inc.body._items[0]).sort()).toEqual(['_created', '_etag', '_id', '_links', '_updated', 'name']);
    const exc = await c.get(`/kubebackups/${kb[0]._id}?projection=${encodeURIComponent('{"source":0,"_etag":0}')}`);
    expect(exc.body.source).toBeUndefined();
    expect(exc.body.name).toBe('alpha');
    expect(exc.body._etag).toBe(kb[0]._etag);
    // mixed: Eve keeps the inclusions and drops the exclusions (eve/io/base.py, "always drop exclusion projection")
    const mixed = await c.get(`/kubebackups?projection=${encodeURIComponent('{"name":1,"source":0}')}`);
    expect(mixed.status).toBe(200);
    expect(Object.keys(mixed.body._items[0]).sort()).toEqual(['_created', '_etag', '_id', '_links', '_updated', 'name']);
    expect((await c.get('/kubebackups?projection=nope')).status).toBe(400);
  });

  test('embedded expands embeddable relations and ignores others; bad embedded is 400', async () => {
    const r = await c.get(`/kubebackups/${kb[0]._id}?embedded=${encodeURIComponent('{"cluster":1,"name":1}')}`);
    expect(r.body.cluster._id).toBe(clusterId);
    expect(r.body.cluster.name).toBe('qc');
    expect(r.body.name).toBe('alpha');
    const list = await c.get(`/kubebackups?embedded=${encodeURIComponent('{"cluster":1}')}`);
    expect(list.body._items[0].cluster.name).toBe('qc');
    const bad = await c.get('/kubebackups?embedded=nope');
    expect(bad.status).toBe(400);
    expect(bad.body._error.message).toBe('Unable to parse `embedded` clause');
  });
});
