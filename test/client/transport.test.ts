/**
 * The retry loop of the transport, observed from the server side: what was sent, how often, and what the error
 * says about it. Real HTTP (the emulator or a plain server on port 0); no timing assertions.
 */
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { backupBody, policyBody, setup } from './fixtures';
import { CloudCasaClient, ConnectionError, PreconditionFailedError, ServerError } from '../../lib/client';
import { Emulator } from '../../lib/emulator';

const KEY = 'ck_live_transport_5e4d3c2b1a';
let emulator: Emulator;
let clusterId: string;
let client: CloudCasaClient;

beforeAll(async () => {
  const s = await setup({ apiKey: KEY });
  emulator = s.emulator; clusterId = s.cluster._id; client = s.client({ maxRetries: 5 });
});
afterAll(() => emulator.close());
afterEach(() => emulator.setFaults([]));

const origin = () => emulator.url.replace(/\/api\/v1$/, '');
const transportOf = (c: CloudCasaClient) => (c as any).transport;

describe('the request in an error is the one sent', () => {
  test('its URL is the real URL with the query, and its headers are the real ones, the key masked', async () => {
    emulator.setFaults([{ path: '^/jobs$', method: 'GET', rate: 1, fault: 'status', status: 503 }], 1);
    emulator.clearLogs();
    const err = await client.jobs.all({ where: { backupdef: 'a'.repeat(24), state: 'FAILED' }, sort: '-start_time' }).catch((e) => e);
    expect(err).toBeInstanceOf(ServerError);
    const sent = emulator.requestLog.filter((r) => r.path === '/api/v1/jobs');
    expect(sent).toHaveLength(6); // the first attempt and maxRetries (5) retries
    expect(err.request.method).toBe('GET');
    expect(err.request.url).toBe(`${origin()}${sent[0].path}?${sent[0].query}`);
    expect(err.request.url).toContain('?where=%7B%22backupdef%22%3A%22aaaaaaaaaaaaaaaaaaaaaaaa%22%2C%22state%22%3A%22FAILED%22%7D&sort=-start_time&page=1');
    expect(err.request.headers).toMatchObject({ 'Authorization': 'Bearer ***', 'Accept': 'application/json', 'User-Agent': 'cdktf-cloudcasa' });
    expect(JSON.stringify(err)).not.toContain(KEY);
  });

  test('the If-Match of a write is in it, and the user info of the URL is masked', async () => {
    const p = await client.policies.create(policyBody('summary-if-match'));
    const stale = await transportOf(client).request('PATCH', `policies/${p._id}`, { body: { timezone: 'UTC' }, headers: { 'If-Match': 'stale-etag' } })
      .catch((e: unknown) => e);
    expect(stale).toBeInstanceOf(PreconditionFailedError);
    expect(stale.request).toMatchObject({ method: 'PATCH', url: `${emulator.url}/policies/${p._id}`, headers: { 'If-Match': 'stale-etag' } });

    const refused = await new CloudCasaClient({ apiUrl: 'http://admin:pw-SENTINEL@127.0.0.1:9/api/v1', apiKey: KEY, maxRetries: 0 })
      .policies.all({ maxResults: 7 }).catch((e) => e);
    expect(refused).toBeInstanceOf(ConnectionError);
    expect(refused.request.url).toBe('http://***@127.0.0.1:9/api/v1/policies?page=1&max_results=7');
    expect(JSON.stringify(refused)).not.toMatch(/pw-SENTINEL|ck_live/);
  });
});

describe('what is never retried', () => {
  test('a 412 is not retried, even with a Retry-After and retries left', async () => {
    let n = 0;
    const server = http.createServer((_req, res) => {
      n++;
      res.writeHead(412, { 'Content-Type': 'application/json', 'Retry-After': '1' });
      res.end(JSON.stringify({ _status: 'ERR', _error: { code: 412, message: 'Client and server etags don\'t match' } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const c = new CloudCasaClient({ apiUrl: `http://127.0.0.1:${port}/api/v1`, apiKey: KEY, maxRetries: 5, retryBaseDelayMs: 1 });
      for (const method of ['PUT', 'PATCH', 'DELETE']) {
        await expect(transportOf(c).request(method, 'policies/x', { headers: { 'If-Match': 'e' } })).rejects.toBeInstanceOf(PreconditionFailedError);
      }
      expect(n).toBe(3);
    } finally {
      server.close();
    }
  });

  test('a POST whose reply is lost is not sent twice: the object it created is returned', async () => {
    emulator.setFaults([{ method: 'POST', path: '^/policies$', rate: 1, fault: 'reset', when: 'after' }], 7);
    emulator.clearLogs();
    const p = await client.policies.create(policyBody('lost-reply'));
    expect(p.name).toBe('lost-reply');
    expect(emulator.requestLog.filter((r) => r.method === 'POST').map((r) => r.path)).toEqual(['/api/v1/policies']);
    expect(emulator.collection('policies').filter((d) => d.name === 'lost-reply')).toHaveLength(1);
  });

  test('a run whose reply is lost is not started twice', async () => {
    const kb = await client.kubebackups.create(backupBody('lost-run-reply', clusterId));
    emulator.setFaults([{ method: 'POST', path: '/action/run$', rate: 1, fault: 'status', status: 502, when: 'after' }], 8);
    emulator.clearLogs();
    const started = await client.kubebackups.run(kb._id);
    expect(started.backupdef).toBe(kb._id);
    expect(emulator.requestLog.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(emulator.collection('jobs').filter((j) => j.backupdef === kb._id)).toHaveLength(1);
  });

  test('a POST without findExisting is sent once and fails, even with retries left', async () => {
    emulator.setFaults([{ method: 'POST', path: '^/policies$', rate: 1, fault: 'reset', when: 'after' }], 9);
    emulator.clearLogs();
    await expect(transportOf(client).request('POST', 'policies', { body: policyBody('no-find-existing') })).rejects.toBeInstanceOf(ConnectionError);
    expect(emulator.requestLog.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  test('a POST whose first attempt was not applied is sent again after the look-up found nothing', async () => {
    emulator.setFaults([{ method: 'POST', path: '^/policies$', rate: 1, fault: 'status', status: 503 }], 10);
    const c = new CloudCasaClient({
      apiUrl: emulator.url,
      apiKey: KEY,
      retryBaseDelayMs: 1,
      // The fault is lifted when the client decides to retry, so the second POST is answered.
      logger: (l) => { if (l.startsWith('retry 1 of POST')) emulator.setFaults([]); },
    });
    emulator.clearLogs();
    const p = await c.policies.create(policyBody('not-applied-first'));
    expect(p.name).toBe('not-applied-first');
    const order = emulator.requestLog.map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(order.slice(0, 3)).toEqual(['POST /api/v1/policies 503', 'GET /api/v1/policies 200', 'POST /api/v1/policies 201']);
    expect(emulator.collection('policies').filter((d) => d.name === 'not-applied-first')).toHaveLength(1);
  });
});
