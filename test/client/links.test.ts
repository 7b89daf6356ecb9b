// KubeBackups.linkCopydefs: every copydef back-link of a stack in one go, at about one request per link written.
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { backupBody, setup } from './fixtures';
import { CloudCasaClient, NotFoundError } from '../../lib/client';
import { Emulator } from '../../lib/emulator';

let emulator: Emulator;
let client: CloudCasaClient;
let clusterId: string;

beforeAll(async () => {
  const s = await setup();
  emulator = s.emulator; client = s.client(); clusterId = s.cluster._id;
});
afterAll(() => emulator.close());
beforeEach(() => emulator.setFaults([]));

/** `n` backups, each with one copy definition, created straight through the client. */
async function pairs(prefix: string, n: number) {
  const out: Array<{ backup: string; offload: string }> = [];
  for (let i = 0; i < n; i++) {
    const b = await client.kubebackups.create(backupBody(`${prefix}-${i}`, clusterId));
    const o = await client.kubeoffloads.create({
      name: `${prefix}-copy-${i}`,
      backupdef: b._id,
      trigger_type: 'ADHOC',
      delete_snapshots: true,
      run_backup: false,
      offload_provider: { type: 'aws', region: 'us-east-2' },
    } as any);
    out.push({ backup: b._id, offload: o._id });
  }
  return out;
}

const linked = (links: Array<{ backup: string; offload: string }>) =>
  links.every((l) => emulator.document('kubebackups', l.backup)?.copydef === l.offload);

test('250 links: one listing per 100 backups and one PATCH per link; again: the listings only', async () => {
  const links = await pairs('bulk', 250);
  emulator.clearLogs();
  const results = await client.kubebackups.linkCopydefs(links);
  expect(results.filter((r) => r.changed)).toHaveLength(250);
  expect(linked(links)).toBe(true);
  const log = emulator.requestLog;
  expect(log.filter((r) => r.method === 'GET')).toHaveLength(3);
  expect(log.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual(new Array(250).fill(200));
  expect(log.filter((r) => r.method === 'PATCH').every((r) => r.ifMatch !== undefined && r.ifMatch !== '')).toBe(true);
  expect(log).toHaveLength(253);

  emulator.clearLogs();
  const again = await client.kubebackups.linkCopydefs(links);
  expect(again.filter((r) => r.changed)).toEqual([]);
  expect(emulator.requestLog.map((r) => r.method)).toEqual(['GET', 'GET', 'GET']);
  expect(emulator.writeLog).toEqual([]);
});

/**
 * A proxy in front of the emulator over real HTTP: counts the PATCHes in flight, and can hold back the answer of
 * the first backup listing until `release()` — a deterministic window between the listing and the PATCHes.
 */
async function proxy(opts: { holdListing?: boolean } = {}) {
  const state = { inFlight: 0, peak: 0 };
  let release!: () => void;
  const released = new Promise<void>((r) => { release = r; });
  let listingSeen!: () => void;
  const listing = new Promise<void>((r) => { listingSeen = r; });
  let held = false;
  const target = new URL(emulator.url);
  const server = http.createServer((req, res) => {
    const patch = req.method === 'PATCH';
    const hold = opts.holdListing && !held && req.method === 'GET' && /\/kubebackups\?/.test(req.url ?? '');
    if (hold) held = true;
    if (patch) { state.inFlight++; state.peak = Math.max(state.peak, state.inFlight); }
    const up = http.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, async (r) => {
      if (hold) { listingSeen(); await released; }
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
      r.on('end', () => { if (patch) state.inFlight--; });
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    state,
    release,
    listing,
    client: new CloudCasaClient({ apiUrl: `http://127.0.0.1:${port}${target.pathname}`, apiKey: emulator.apiKey, retryBaseDelayMs: 5 }),
    close: () => new Promise((r) => server.close(r)),
  };
}

test('at most `concurrency` writes in flight (counted by a proxy in front of the emulator)', async () => {
  const links = await pairs('pool', 12);
  emulator.setFaults([{ method: 'PATCH', rate: 1, fault: 'latency', latencyMs: 30 }]);
  const p = await proxy();
  try {
    await p.client.kubebackups.linkCopydefs(links, { concurrency: 3 });
  } finally {
    await p.close();
  }
  expect(linked(links)).toBe(true);
  expect(p.state.peak).toBeGreaterThanOrEqual(1);
  expect(p.state.peak).toBeLessThanOrEqual(3);
});

test('PATCHes whose replies are lost: retried, 412, re-read; every link written, none written twice', async () => {
  const links = await pairs('lost', 6);
  // About half the PATCHes land and then lose their reply (seeded: the same faults on every run).
  emulator.setFaults([{ method: 'PATCH', path: '^/kubebackups/', rate: 0.5, fault: 'reset', when: 'after' }], 7);
  emulator.clearLogs();
  await client.kubebackups.linkCopydefs(links, { concurrency: 1 });
  expect(linked(links)).toBe(true);
  const patches = emulator.requestLog.filter((r) => r.method === 'PATCH');
  // The retry of a landed PATCH carries the old etag: 412, never a second write.
  expect(patches.some((r) => r.status === 412)).toBe(true);
  for (const l of links) expect(patches.filter((r) => r.path.endsWith(l.backup) && r.status === 200).length).toBeLessThanOrEqual(1);
});

test('a job that changed a backup between the listing and the PATCH: 412, re-read, written', async () => {
  const [link] = await pairs('raced', 1);
  const p = await proxy({ holdListing: true });
  try {
    const linking = p.client.kubebackups.linkCopydefs([link]);
    await p.listing;
    // The listing has been read by the server but not yet answered: a run changes the backup's etag now.
    await client.runAndWait(`kubebackups/${link.backup}`, { pollIntervalMs: 20 });
    emulator.clearLogs();
    p.release();
    await linking;
  } finally {
    await p.close();
  }
  expect(linked([link])).toBe(true);
  expect(emulator.requestLog.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([412, 200]);
});

test('a backup that does not exist: NotFoundError naming it, and nothing written', async () => {
  const [link] = await pairs('gone', 1);
  emulator.clearLogs();
  const ghost = { backup: 'f'.repeat(24), offload: link.offload };
  await expect(client.kubebackups.linkCopydefs([link, ghost])).rejects.toThrow(NotFoundError);
  await expect(client.kubebackups.linkCopydefs([ghost])).rejects.toThrow(/no kubebackups with id f{24}/);
  expect(emulator.writeLog).toEqual([]);
});

test('two copies for one backup are refused before any request', async () => {
  const [a, b] = await pairs('twice', 2);
  emulator.clearLogs();
  await expect(client.kubebackups.linkCopydefs([a, { backup: a.backup, offload: b.offload }])).rejects.toThrow(/two copy definitions/);
  expect(emulator.requestLog).toEqual([]);
});

test('no links: no request', async () => {
  emulator.clearLogs();
  expect(await client.kubebackups.linkCopydefs([])).toEqual([]);
  expect(emulator.requestLog).toEqual([]);
});
