import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { setup } from './fixtures';
import { CloudCasaClient, CloudCasaError } from '../../lib/client';
import { Emulator } from '../../lib/emulator';

const KEY = 'ck_live_9f8e7d6c5b4a3f2e1d0c';
let emulator: Emulator;

beforeAll(async () => { emulator = (await setup({ apiKey: KEY })).emulator; });
afterAll(() => emulator.close());

function assertNoKey(err: unknown) {
  expect(CloudCasaError.isCloudCasaError(err)).toBe(true);
  for (const text of [String(err), (err as Error).stack ?? '', JSON.stringify(err), inspect(err, { depth: 20, showHidden: true })]) {
    expect(text).not.toContain(KEY);
  }
}

test('the API key appears in no error message or serialized error', async () => {
  const logged: string[] = [];
  const client = new CloudCasaClient({ apiUrl: emulator.url, apiKey: KEY, maxRetries: 1, retryBaseDelayMs: 1, logger: (l) => logged.push(l) });
  const errors = await Promise.all([
    client.policies.get('0123456789abcdef01234567').catch(e => e), // 404
    client.policies.create({ name: 'x', schedules: [] }).catch(e => e), // 422
    client.jobs.all({ where: { $where: 'x' } as any }).catch(e => e), // 400
    new CloudCasaClient({ apiUrl: emulator.url, apiKey: `${KEY}-wrong`, maxRetries: 0 }).policies.all().catch(e => e), // 401
    new CloudCasaClient({ apiUrl: 'http://127.0.0.1:9/api/v1', apiKey: KEY, maxRetries: 0 }).policies.all().catch(e => e), // connection refused
  ]);
  expect(errors.map(e => e.status)).toEqual([404, 422, 400, 401, undefined]);
  errors.forEach(assertNoKey);
  expect(logged.join('\n')).not.toContain(KEY);
});

test('a server that echoes the Authorization header back does not leak it into errors', async () => {
  const server = http.createServer((req, res) => {
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ _status: 'ERR', _error: { code: 500, message: `bad token ${req.headers.authorization}` } }));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const err = await new CloudCasaClient({ apiUrl: `http://127.0.0.1:${port}/api/v1`, apiKey: KEY, maxRetries: 0 }).policies.all().catch(e => e);
  server.close();
  expect(err.status).toBe(500);
  expect(err.message).toContain('bad token Bearer ***');
  assertNoKey(err);
});
