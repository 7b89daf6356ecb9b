/**
 * Servers that lie, loop or never answer: every client call ends, with a message that names the URL, the status
 * and what was expected. Real HTTP servers on port 0; no timing assertions (a silent server is bounded by the
 * request timeout the test sets, and the test only checks that the call ends with the right error).
 */
import * as http from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { CloudCasaClient, CloudCasaClientOptions, NotFoundError, RequestTimeoutError, UnexpectedResponseError } from '../../lib/client';
import { cliProcess } from '../cli/cli-helpers';

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, n: number) => void;

async function serve(handler: Handler) {
  let n = 0;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => handler(req, res, ++n));
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  return {
    root: `http://127.0.0.1:${port}`,
    requests: () => n,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

const json = (res: http.ServerResponse, body: unknown, status = 200) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
};

const client = (apiUrl: string, o: CloudCasaClientOptions = {}) =>
  new CloudCasaClient({ apiUrl, apiKey: 'k-123456', retryBaseDelayMs: 1, retryMaxDelayMs: 2, ...o });

const SPEC = JSON.stringify({
  version: 1,
  stack: 's',
  namespaceSource: { mode: 'none' },
  backups: [{ path: 's/B', name: 'b', cluster: { name: 'prod' }, allNamespaces: true, triggerType: 'ADHOC' }],
  offloads: [],
});

describe('endless pagination', () => {
  test('a server that repeats a page while advertising _links.next is stopped on the repeat', async () => {
    const s = await serve((_req, res) => json(res, { _items: [{ _id: 'a'.repeat(24), name: 'x' }], _links: { next: { href: 'policies?page=2' } }, _meta: { page: 1 } }));
    try {
      const err = await client(`${s.root}/api/v1`).policies.all().catch((e) => e);
      expect(err).toBeInstanceOf(UnexpectedResponseError);
      expect(err.message).toContain(`listing policies at ${s.root}/api/v1/policies: page 2 repeats an earlier page while still advertising a next page`);
      expect(s.requests()).toBe(2);
    } finally { await s.close(); }
  });

  test('a server that invents new documents forever is stopped at maxPages', async () => {
    const s = await serve((_req, res, n) => json(res, {
      _items: [{ _id: n.toString(16).padStart(24, '0'), name: `p${n}` }], _links: { next: { href: 'x' } }, _meta: { page: n },
    }));
    try {
      await expect(client(`${s.root}/api/v1`).policies.all({ maxPages: 50 })).rejects.toThrow(/did not end after 50 pages \(50 documents\)/);
      expect(s.requests()).toBe(50);
    } finally { await s.close(); }
  });

  test('a listing stops once _meta.total documents have arrived, even if next is still advertised', async () => {
    const s = await serve((_req, res, n) => json(res, {
      _items: [{ _id: n.toString(16).padStart(24, '0'), name: `p${n}` }], _links: { next: { href: 'x' } }, _meta: { page: n, total: 3 },
    }));
    try {
      expect(await client(`${s.root}/api/v1`).policies.all()).toHaveLength(3);
      expect(s.requests()).toBe(3);
    } finally { await s.close(); }
  });

  test('casa list and the plan-time program end with the message instead of looping', async () => {
    const s = await serve((_req, res) => json(res, { _items: [{ _id: 'b'.repeat(24), name: 'prod', status: { state: 'ACTIVE' } }], _links: { next: { href: 'x' } } }));
    try {
      const env = { CLOUDCASA_API_KEY: 'k-123456' };
      const list = await cliProcess(['--api-url', `${s.root}/api/v1`, 'list', 'policies'], env);
      expect(list.code).toBe(1);
      expect(list.stderr).toContain('repeats an earlier page');
      const ext = await cliProcess(['validate-external'], env, JSON.stringify({ api_url: `${s.root}/api/v1`, spec: SPEC }));
      expect(ext.code).toBe(1);
      expect(ext.stderr).toContain('repeats an earlier page');
    } finally { await s.close(); }
  });
});

describe('garbage answers', () => {
  test.each([
    ['an HTML page', 'text/html', '<!DOCTYPE html><html><body>Sign in</body></html>', 'answered HTTP 200 with a body that is not JSON (text/html, 48 bytes: "<!DOCTYPE html>'],
    ['truncated JSON', 'application/json', '{"_items": [{"_id": "a', 'answered HTTP 200 with a body that is not JSON (application/json, 22 bytes'],
  ])('%s is an UnexpectedResponseError naming the URL and status', async (_what, type, body, message) => {
    const s = await serve((_req, res) => { res.writeHead(200, { 'Content-Type': type }); res.end(body); });
    try {
      const err = await client(`${s.root}/api/v1`).policies.all().catch((e) => e);
      expect(err).toBeInstanceOf(UnexpectedResponseError);
      expect(err.message).toContain(`GET ${s.root}/api/v1/policies ${message}`);
      expect(err.message).toContain('check that the URL is the API root ending in /api/v1');
      const ext = await cliProcess(['validate-external'], { CLOUDCASA_API_KEY: 'k-123456' }, JSON.stringify({ api_url: `${s.root}/api/v1`, spec: SPEC }));
      expect(ext.code).toBe(1);
      expect(ext.stderr).toContain('with a body that is not JSON');
      expect(ext.stderr).not.toMatch(/TypeError|is not iterable/);
    } finally { await s.close(); }
  });

  test.each([
    ['a JSON array', [1, 2], 'answered a JSON array, not an Eve listing with _items'],
    ['an object without _items', { items: [] }, 'answered a JSON object with keys items, not an Eve listing with _items'],
    ['_items that is not a list', { _items: 'nope' }, 'not an Eve listing with _items'],
  ])('%s is refused as a listing', async (_what, body, message) => {
    const s = await serve((_req, res) => json(res, body));
    try {
      await expect(client(`${s.root}/api/v1`).policies.all()).rejects.toThrow(message);
    } finally { await s.close(); }
  });
});

describe('wrong or silent URLs', () => {
  test('a URL that is not the API root gets a 404 that says so', async () => {
    const s = await serve((_req, res) => { res.writeHead(404, { 'Content-Type': 'text/html' }); res.end('<h1>Not Found</h1>'); });
    try {
      const err = await client(`${s.root}/v1`).kubeclusters.all().catch((e) => e);
      expect(err).toBeInstanceOf(NotFoundError);
      expect(err.message).toContain(`no CloudCasa API at ${s.root}/v1 (GET ${s.root}/v1/kubeclusters answered 404); the URL must be the API root, ending in /api/v1`);
    } finally { await s.close(); }
  });

  test('an API that accepts the connection and never answers ends with a timeout error naming the URL', async () => {
    const s = await serve(() => { /* never answers */ });
    try {
      const logs: string[] = [];
      const err = await client(`${s.root}/api/v1`, { timeoutMs: 200, maxRetries: 1, logger: (l) => logs.push(l) }).policies.all().catch((e) => e);
      expect(err).toBeInstanceOf(RequestTimeoutError);
      expect(err.message).toContain(`no response within 200 ms: list policies at ${s.root}/api/v1`);
      expect(logs.filter((l) => l.startsWith('retry 1 of GET'))).toHaveLength(1); // retried once, then gave up
    } finally { await s.close(); }
  });
});
