import { start } from './helpers';
import { FaultRule } from '../../lib/emulator';

async function statuses(rules: FaultRule[], seed: number, n: number): Promise<number[]> {
  const { em, c } = await start({ faults: rules, faultSeed: seed });
  try {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await c.get('/kubehooks')).status);
    return out;
  } finally {
    await em.close();
  }
}

describe('fault injection', () => {
  test('the same seed gives the same sequence of faults; another seed another one', async () => {
    const rules: FaultRule[] = [{ method: 'GET', path: '^/kubehooks', rate: 0.5, fault: 'status', status: 503 }];
    const a = await statuses(rules, 42, 30);
    const b = await statuses(rules, 42, 30);
    const other = await statuses(rules, 7, 30);
    expect(a).toEqual(b);
    expect(a).not.toEqual(other);
    expect(a.filter((s) => s === 503).length).toBeGreaterThan(5);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(5);
  });

  test('a status fault answers with the Eve envelope and Retry-After, before the write is applied', async () => {
    const { em, c } = await start({ faults: [{ method: 'POST', path: '^/kubehooks$', rate: 1, fault: 'status', status: 429, retryAfterSeconds: 3 }] });
    try {
      const r = await c.post('/kubehooks', { name: 'f', hook_type: 'COMMON', hook: [] });
      expect(r.status).toBe(429);
      expect(r.headers.get('retry-after')).toBe('3');
      expect(r.body._error.code).toBe(429);
      expect(em.collection('kubehooks')).toHaveLength(0);
      expect(em.writeLog).toEqual([expect.objectContaining({ method: 'POST', status: 429 })]);
      // rules only match their route
      expect((await c.get('/kubehooks')).status).toBe(200);
    } finally {
      await em.close();
    }
  });

  test("when: 'after' applies the write and then fails (unknown outcome)", async () => {
    const { em, c } = await start({ faults: [{ method: 'POST', rate: 1, fault: 'status', status: 502, when: 'after' }] });
    try {
      const r = await c.post('/kubehooks', { name: 'ghost-write', hook_type: 'COMMON', hook: [] });
      expect(r.status).toBe(502);
      expect(em.collection('kubehooks').map((h) => h.name)).toEqual(['ghost-write']);
      em.setFaults([]);
      // a client retrying blindly would now create a duplicate; the name rule catches it
      expect((await c.post('/kubehooks', { name: 'ghost-write', hook_type: 'COMMON', hook: [] })).status).toBe(422);
    } finally {
      await em.close();
    }
  });

  test('a reset fault destroys the socket; after-reset still applies the write', async () => {
    const { em, c } = await start({ faults: [{ method: 'POST', rate: 1, fault: 'reset', when: 'after' }] });
    try {
      await expect(c.post('/kubehooks', { name: 'reset', hook_type: 'COMMON', hook: [] })).rejects.toThrow();
      expect(em.collection('kubehooks')).toHaveLength(1);
      expect(em.writeLog[0]).toMatchObject({ method: 'POST', status: 0 });
      em.setFaults([{ method: 'GET', rate: 1, fault: 'reset' }]);
      await expect(c.get('/kubehooks')).rejects.toThrow();
    } finally {
      await em.close();
    }
  });

  test('a latency fault delays the answer', async () => {
    const { em, c } = await start();
    try {
      em.setFaults([{ path: '^/policies', rate: 1, fault: 'latency', latencyMs: 300 }]);
      const t0 = Date.now();
      expect((await c.get('/policies')).status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
      // Other routes are not delayed: ordering, not a stopwatch.
      em.setFaults([{ path: '^/policies', rate: 1, fault: 'latency', latencyMs: 5_000 }]);
      let slowDone = false;
      const slow = c.get('/policies').then(() => { slowDone = true; });
      await c.get('/kubehooks');
      expect(slowDone).toBe(false);
      await slow;
    } finally {
      await em.close();
    }
  });

  test('setFaults rejects rates outside 0..1', async () => {
    const { em } = await start();
    try {
      expect(() => em.setFaults([{ rate: 2, fault: 'reset' }])).toThrow(/rate/);
    } finally {
      await em.close();
    }
  });
});
