import { Emulator, EmulatorOptions, startEmulator } from '../../lib/emulator';

export const API_KEY = 'test-key';

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  body: any;
}

/** A thin fetch wrapper speaking to the emulator with the test key. */
export class Client {
  constructor(readonly em: Emulator) {}

  async req(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const init: RequestInit = {
      method,
      headers: { 'Authorization': `Bearer ${API_KEY}`, 'Content-Type': 'application/json', ...headers },
    };
    if (body !== undefined) init.body = typeof body === 'string' ? body : JSON.stringify(body);
    const r = await fetch(this.em.url + path, init);
    const text = await r.text();
    let parsed: any;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: r.status, headers: r.headers, text, body: parsed };
  }

  get(path: string, headers?: Record<string, string>) { return this.req('GET', path, undefined, headers); }
  post(path: string, body: unknown, headers?: Record<string, string>) { return this.req('POST', path, body, headers); }
  patch(path: string, body: unknown, etag?: string) { return this.req('PATCH', path, body, etag ? { 'If-Match': etag } : {}); }
  put(path: string, body: unknown, etag?: string) { return this.req('PUT', path, body, etag ? { 'If-Match': etag } : {}); }
  del(path: string, etag?: string) { return this.req('DELETE', path, undefined, etag ? { 'If-Match': etag } : {}); }

  /** GET with a `where` JSON (or raw string) encoded as a query parameter. */
  where(coll: string, where: unknown, extra = '') {
    const w = typeof where === 'string' ? where : JSON.stringify(where);
    return this.get(`/${coll}?where=${encodeURIComponent(w)}${extra}`);
  }
}

export async function start(opts: EmulatorOptions = {}): Promise<{ em: Emulator; c: Client }> {
  const em = await startEmulator({ apiKey: API_KEY, jobPendingMs: 20, jobRunningMs: 40, ...opts });
  return { em, c: new Client(em) };
}

/** Creates a policy, a seeded cluster and returns their ids. */
export async function basics(em: Emulator, c: Client, suffix = '') {
  const cluster = em.seedCluster({ name: `cluster${suffix}`, namespaces: ['default', 'app', 'db'] });
  const pol = await c.post('/policies', {
    name: `daily${suffix}`,
    timezone: 'UTC',
    schedules: [{ retainDays: 7, schedule: { cronSpec: '30 0 * * MON,WED,FRI' } }],
  });
  if (pol.status !== 201) throw new Error(pol.text);
  return { clusterId: cluster._id as string, policyId: pol.body._id as string };
}

export async function createBackup(c: Client, clusterId: string, extra: Record<string, unknown> = {}) {
  const r = await c.post('/kubebackups', {
    name: `kb-${Math.random().toString(36).slice(2, 8)}`,
    cluster: clusterId,
    trigger_type: 'ADHOC',
    source: { all_namespaces: false, namespaces: ['app'], snapshotPersistentVolumes: true },
    ...extra,
  });
  if (r.status !== 201) throw new Error(r.text);
  return r.body;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(fn: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error('waitFor timed out');
    await sleep(10);
  }
}

