/**
 * The emulator is a product surface (`casa emulator`): hostile requests may fail, but never crash it, never
 * make it buffer unbounded input, and never change how a later valid request is answered.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { API_KEY, basics, Client, start } from './helpers';
import { Emulator, startEmulator } from '../../lib/emulator';

/**
 * Sends `size` bytes of body in chunks; resolves with the status (or 'reset'). With `end: false` the request is
 * never finished, so only a server that answers without waiting for the whole body answers at all.
 */
function upload(url: string, opts: { size: number; key?: string; declareLength: boolean; path?: string; end?: boolean }): Promise<number | 'reset'> {
  const u = new URL(`${url}${opts.path ?? '/policies'}`);
  return new Promise((resolve) => {
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json' };
    if (opts.key) headers.Authorization = `Bearer ${opts.key}`;
    if (opts.declareLength) headers['Content-Length'] = opts.size;
    const req = http.request({ hostname: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
      if (opts.end === false) req.destroy();
    });
    req.on('error', () => resolve('reset'));
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < opts.size) {
        const n = Math.min(chunk.length, opts.size - sent);
        sent += n;
        if (!req.write(n === chunk.length ? chunk : chunk.subarray(0, n))) { req.once('drain', pump); return; }
      }
      if (opts.end !== false) req.end();
    };
    pump();
  });
}

describe('emulator hardening', () => {
  let em: Emulator;
  let c: Client;
  beforeEach(async () => ({ em, c } = await start({ maxBodyBytes: 1024 * 1024 })));
  afterEach(() => em.close());

  test('a request without a key is refused before its body is read: 401, and the server keeps answering', async () => {
    // The body never ends: a server that read it before checking the key would never answer.
    expect(await upload(em.url, { size: 256 * 1024, declareLength: false, end: false })).toBe(401);
    const status = await upload(em.url, { size: 32 * 1024 * 1024, declareLength: false });
    expect([401, 'reset']).toContain(status);
    expect(em.requestLog.map((r) => r.status)).toEqual([401, 401]);
    expect((await c.get('/policies')).status).toBe(200);
  });

  test('a body over the limit is 413, declared or streamed, and nothing is written', async () => {
    expect(await upload(em.url, { size: 2 * 1024 * 1024, key: API_KEY, declareLength: true })).toBe(413);
    expect([413, 'reset']).toContain(await upload(em.url, { size: 2 * 1024 * 1024, key: API_KEY, declareLength: false }));
    // Streamed past the limit and never finished: answered as soon as the limit is passed.
    expect(await upload(em.url, { size: 1024 * 1024 + 1, key: API_KEY, declareLength: false, end: false })).toBe(413);
    expect(em.collection('policies')).toEqual([]);
    const ok = await c.post('/policies', { name: 'small', timezone: 'UTC', schedules: [{ retainDays: 7, schedule: { cronSpec: '0 1 * * *' } }] });
    expect(ok.status).toBe(201);
  });

  test.each(['__proto__', 'constructor', 'prototype'])('a %s key anywhere in a body is a 422 naming it', async (key) => {
    const { policyId } = await basics(em, c);
    const etag = (await c.get(`/policies/${policyId}`)).body._etag;
    const raw = `{"name":"x","timezone":"UTC","schedules":[{"retainDays":7,"schedule":{"cronSpec":"0 1 * * *"}}],"tags":{"${key}":{"polluted":true}}}`;
    const post = await c.post('/policies', raw);
    expect(post.status).toBe(422);
    expect(post.body._issues).toEqual({ [`tags.${key}`]: 'key not allowed' });
    const patch = await c.patch(`/policies/${policyId}`, `{"${key}":{"polluted":true}}`, etag);
    expect(patch.status).toBe(422);
    expect(({} as any).polluted).toBeUndefined();
    // The next valid write is unaffected.
    expect((await c.patch(`/policies/${policyId}`, { timezone: 'Europe/Berlin' }, etag)).status).toBe(200);
  });

  test('a hostile key in a where clause or projection is a 400', async () => {
    expect((await c.where('policies', '{"__proto__":{"name":"x"}}')).status).toBe(400);
    expect((await c.get(`/policies?projection=${encodeURIComponent('{"constructor":1}')}`)).status).toBe(400);
  });

  test('property: arbitrary JSON with hostile keys sent to any collection never changes a later valid request', async () => {
    const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'source.__proto__', 'a.constructor.b');
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null),
        fc.array(tie('value'), { maxLength: 3 }), tie('object')),
      object: fc.dictionary(fc.oneof(hostileKey, fc.string({ maxLength: 8 })), tie('value'), { maxKeys: 4 }),
    }));
    // A body that holds at least one hostile key, at the top or one level down.
    const hostileBody = fc.tuple(hostileKey, json.value, fc.boolean(), json.object).map(([k, v, nested, rest]) => {
      const inner = `{${JSON.stringify(k)}:${JSON.stringify(v ?? null)}}`;
      const others = JSON.stringify(rest).slice(1, -1);
      return nested ? `{"source":${inner}${others ? `,${others}` : ''}}` : `{${others ? `${others},` : ''}${inner.slice(1, -1)}}`;
    });
    const collections = ['policies', 'kubebackups', 'kubeoffloads', 'kubeclusters', 'kubehooks', 'objectstores'];
    const method = fc.constantFrom('POST', 'PATCH', 'PUT');

    // The reference: what a fresh emulator answers to the valid sequence.
    const reference = await validSequence(await startEmulator({ apiKey: API_KEY }));
    await fc.assert(fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...collections), method, hostileBody), { minLength: 1, maxLength: 5 }),
      async (attacks) => {
        const target = await startEmulator({ apiKey: API_KEY });
        const tc = new Client(target);
        try {
          const { policyId } = await basics(target, tc, '-victim');
          const etag = (await tc.get(`/policies/${policyId}`)).body._etag;
          for (const [coll, m, body] of attacks) {
            const p = m === 'POST' ? `/${coll}` : coll === 'policies' ? `/policies/${policyId}` : `/${coll}/${'0'.repeat(24)}`;
            const r = await tc.req(m, p, body, m === 'POST' ? {} : { 'If-Match': etag });
            expect([400, 404, 405, 422, 428]).toContain(r.status);
          }
          expect(({} as any).polluted ?? Object.keys(Object.prototype)).toEqual([]);
          await target.close();
          const after = await validSequence(await startEmulator({ apiKey: API_KEY }), target);
          expect(after).toEqual(reference);
        } finally {
          await target.close().catch(() => undefined);
        }
      }), { numRuns: 40 });
  });

  test('--data is written atomically through an unpredictable temp name, mode 0600, never following a planted link', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-data-'));
    const file = path.join(dir, 'state.json');
    const victim = path.join(dir, 'victim.txt');
    fs.writeFileSync(victim, 'do not touch');
    // A predictable temp name (`<file>.<pid>.tmp`) would follow this planted link and overwrite the victim.
    fs.symlinkSync(victim, `${file}.${process.pid}.tmp`);
    const data = await startEmulator({ apiKey: API_KEY, dataFile: file });
    try {
      const dc = new Client(data);
      await basics(data, dc);
    } finally {
      await data.close();
    }
    expect(fs.readFileSync(victim, 'utf8')).toBe('do not touch');
    expect((fs.statSync(file).mode % 0o1000).toString(8)).toBe('600');
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).collections.policies).toHaveLength(1);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp') && !f.startsWith('state.json.'))).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

/**
 * A fixed valid sequence, answered the same by any healthy emulator: create a policy, read it, patch it, list.
 * `previous` (a closed emulator that was attacked) must not have leaked into the process: the sequence runs on a
 * fresh emulator in the same process, so any global pollution would show.
 */
async function validSequence(em: Emulator, _previous?: Emulator) {
  const c = new Client(em);
  try {
    const post = await c.post('/policies', { name: 'probe', timezone: 'UTC', schedules: [{ retainDays: 3, schedule: { cronSpec: '15 2 * * *' } }], tags: { team: 'a' } });
    const get = await c.get(`/policies/${post.body._id}`);
    const patch = await c.patch(`/policies/${post.body._id}`, { tags: { team: 'b' } }, get.body._etag);
    const list = await c.where('policies', { name: 'probe' });
    const bad = await c.post('/policies', { name: 'probe', timezone: 'UTC', schedules: [] });
    return {
      post: post.status,
      get: [get.status, get.body.name, get.body.tags, get.body.schedules?.[0]?.retainDays],
      patch: patch.status,
      list: [list.status, list.body._items.map((p: any) => [p.name, p.tags])],
      bad: [bad.status, Object.keys(bad.body._issues ?? {}).sort()],
    };
  } finally {
    await em.close();
  }
}
