import { backupBody, policyBody, setup } from './fixtures';
import { CloudCasaClient, PreconditionFailedError, PreconditionRequiredError } from '../../lib/client';
import { Emulator } from '../../lib/emulator';

let emulator: Emulator;
let client: CloudCasaClient;
let clusterId: string;

beforeAll(async () => {
  const s = await setup();
  emulator = s.emulator; clusterId = s.cluster._id; client = s.client({ maxRetries: 8 });
});
afterAll(() => emulator.close());
afterEach(() => emulator.setFaults([]));

test('100 of 100 create/update/run/delete sequences succeed with 20 % injected 503/429/resets, and nothing is created twice', async () => {
  // GIVEN faults on every API route, half of them after the write was applied (outcome unknown)
  emulator.setFaults([
    { path: '.*', rate: 0.05, fault: 'status', status: 503 },
    { path: '.*', rate: 0.05, fault: 'status', status: 429, retryAfterSeconds: 0 },
    { path: '.*', rate: 0.05, fault: 'reset', when: 'after' },
    { path: '.*', rate: 0.05, fault: 'status', status: 502, when: 'after' },
  ], 42);
  const policy = await client.policies.create(policyBody('resilience-policy'));

  // WHEN 100 full sequences run, 10 at a time
  let ok = 0;
  for (let batch = 0; batch < 10; batch++) {
    await Promise.all(Array.from({ length: 10 }, async (_, i) => {
      const name = `seq-${batch * 10 + i}`;
      const kb = await client.kubebackups.create(backupBody(name, clusterId, policy._id));
      expect(emulator.collection('kubebackups').filter(d => d.name === name)).toHaveLength(1);
      await client.kubebackups.update(kb._id, { source: { ...kb.source, namespaces: ['production'] } });
      const started = await client.kubebackups.run(kb._id);
      expect(started.backupdef).toBe(kb._id);
      expect(emulator.collection('jobs').filter(j => j.backupdef === kb._id)).toHaveLength(1);
      await client.kubebackups.delete(kb._id);
      ok++;
    }));
  }

  // THEN all succeeded, faults really happened, and no name or run was duplicated
  expect(ok).toBe(100);
  const faulted = emulator.requestLog.filter(r => [429, 502, 503, 0].includes(r.status));
  expect(faulted.length).toBeGreaterThan(20);
  expect(emulator.collection('kubebackups').filter(d => d.name.startsWith('seq-'))).toEqual([]);
  const jobsPerDef = new Map<string, number>();
  for (const j of emulator.collection('jobs')) jobsPerDef.set(j.backupdef, (jobsPerDef.get(j.backupdef) ?? 0) + 1);
  expect([...jobsPerDef.values()].every(n => n === 1)).toBe(true);
  expect(jobsPerDef.size).toBe(100);
});

test('50 concurrent read-modify-write updates of one policy lose nothing', async () => {
  // GIVEN one policy
  const p = await client.policies.create(policyBody('contended'));
  // WHEN 50 writers each PUT the whole document with one more tag, concurrently
  await Promise.all(Array.from({ length: 50 }, (_, i) =>
    client.policies.update(p._id, (cur) => ({ tags: { ...(cur.tags ?? {}), [`k${i}`]: `v${i}` } }), { method: 'PUT', maxConflictRetries: 200 })));
  // THEN every one of the 50 changes is present, and conflicts were resolved by re-reading
  const final = await client.policies.get(p._id);
  expect(Object.keys(final.tags ?? {}).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `k${i}`).sort());
  expect(emulator.requestLog.filter(r => r.status === 412).length).toBeGreaterThan(0);
});

test('412 and 428 are never retried blindly', async () => {
  const p = await client.policies.create(policyBody('no-blind-retry'));
  emulator.clearLogs();
  // A stale etag through the transport: exactly one PATCH, no retry.
  const t = (client as any).transport;
  await expect(t.request('PATCH', `policies/${p._id}`, { body: { timezone: 'UTC' }, headers: { 'If-Match': 'stale' } }))
    .rejects.toBeInstanceOf(PreconditionFailedError);
  await expect(t.request('PATCH', `policies/${p._id}`, { body: { timezone: 'UTC' } }))
    .rejects.toBeInstanceOf(PreconditionRequiredError);
  expect(emulator.requestLog.filter(r => r.method === 'PATCH').map(r => r.status)).toEqual([412, 428]);
});

test('Retry-After is honoured on 429', async () => {
  const p = await client.policies.create(policyBody('retry-after'));
  emulator.setFaults([{ path: `^/policies/${p._id}$`, method: 'GET', rate: 1, fault: 'status', status: 429, retryAfterSeconds: 1 }], 1);
  const started = Date.now();
  const pending = client.policies.get(p._id);
  setTimeout(() => emulator.setFaults([]), 300);
  await pending;
  expect(Date.now() - started).toBeGreaterThanOrEqual(950);
});

test('a request that times out is retried with a full timeout', async () => {
  const p = await client.policies.create(policyBody('slow-once'));
  // The first attempt is held far longer than the timeout; the faults are cleared at the moment the client
  // decides to retry (an explicit step, not a timer), so only the retry can answer.
  emulator.setFaults([{ path: `^/policies/${p._id}$`, method: 'GET', rate: 1, fault: 'latency', latencyMs: 5_000 }], 5);
  emulator.clearLogs();
  const logs: string[] = [];
  const c = new CloudCasaClient({
    apiUrl: emulator.url,
    apiKey: emulator.apiKey,
    timeoutMs: 300,
    retryBaseDelayMs: 1,
    logger: (l) => { logs.push(l); if (l.startsWith('retry 1 ')) emulator.setFaults([]); },
  });
  const t0 = Date.now();
  expect((await c.policies.get(p._id)).name).toBe('slow-once');
  expect(logs.filter((l) => l.startsWith('retry 1 of GET'))).toHaveLength(1);
  expect(Date.now() - t0).toBeGreaterThanOrEqual(300); // a lower bound only: the first attempt used its full timeout
});

test('a POST whose first attempt was applied but lost is not repeated', async () => {
  emulator.setFaults([{ method: 'POST', path: '^/policies$', rate: 1, fault: 'reset', when: 'after' }], 7);
  const created = client.policies.create(policyBody('applied-then-reset'));
  const p = await created;
  expect(p.name).toBe('applied-then-reset');
  expect(emulator.collection('policies').filter(d => d.name === 'applied-then-reset')).toHaveLength(1);
});

test('retries give up after maxRetries with a ServerError naming the attempt', async () => {
  emulator.setFaults([{ path: '^/kubeclusters', rate: 1, fault: 'status', status: 503 }], 3);
  const c = new CloudCasaClient({ apiUrl: emulator.url, apiKey: emulator.apiKey, maxRetries: 2, retryBaseDelayMs: 1 });
  emulator.clearLogs();
  await expect(c.kubeclusters.all()).rejects.toThrow(/^503 .*\(list kubeclusters\)/);
  expect(emulator.requestLog.length).toBe(3);
});
