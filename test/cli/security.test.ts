/**
 * The CLI treats API data and the environment as untrusted: control characters are escaped before they reach a
 * terminal, credentials are masked wherever a message could carry them, and the commands the engine runs take
 * their inputs from the environment, refusing ids that are not ObjectIds.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli, cliProcess } from './cli-helpers';
import { terminalSafe } from '../../lib/cli/output';
import { CloudCasaClient } from '../../lib/client';
import { Emulator } from '../../lib/emulator';
import { backupBody, setup } from '../client/fixtures';

let emulator: Emulator;
let client: CloudCasaClient;
let env: Record<string, string>;
let clusterId: string;

const ESC_NAME = 'evil\u001b]0;pwned\u0007\u001b[2Jname\u009b31m\u202e';

beforeAll(async () => {
  const s = await setup();
  emulator = s.emulator; client = s.client(); clusterId = s.cluster._id;
  env = { CLOUDCASA_API_URL: emulator.url, CLOUDCASA_API_KEY: emulator.apiKey };
  await client.kubebackups.create(backupBody(ESC_NAME, clusterId));
});
afterAll(() => emulator.close());

describe('terminal safety', () => {
  test('terminalSafe escapes C0, DEL, C1 and bidi controls, keeps newlines and ordinary Unicode', () => {
    expect(terminalSafe('a\u001b[31mb\u0007c\u007fd\u009be\u202ef\nü✓')).toBe('a\\x1b[31mb\\x07c\\x7fd\\x9be\\u202ef\nü✓');
  });

  test('a name with escape sequences is printed escaped in tables (compiled bin), and intact in --json', async () => {
    const r = await cliProcess(['list', 'backups'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(r.stdout).toContain('evil\\x1b]0;pwned\\x07\\x1b[2Jname\\x9b31m\\u202e');
    const j = await cliProcess(['--json', 'list', 'backups'], env);
    expect(j.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
    expect(JSON.parse(j.stdout).map((b: any) => b.name)).toContain(ESC_NAME);
  });

  test('an error message carrying API data is escaped too', async () => {
    const r = await cliProcess(['run', ESC_NAME.replace('evil', 'missing')], env);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stderr).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202e]/);
  });
});

describe('credentials in URLs', () => {
  test('a password in --api-url never appears in errors or verbose logs', async () => {
    const url = 'http://admin:hunter2-SENTINEL@127.0.0.1:1/api/v1';
    const r = await cliProcess(['-v', '--api-url', url, 'list', 'policies'], { ...env, CLOUDCASA_API_URL: '' });
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).not.toContain('hunter2-SENTINEL');
    expect(r.stderr).toContain('http://***@127.0.0.1:1/api/v1');
  });

  test('an invalid URL with a password is reported masked', async () => {
    const r = await cliProcess(['--api-url', 'ftp://u:hunter2-SENTINEL@host/api/v1', 'list', 'policies'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('hunter2-SENTINEL');
  });

  test('--json output redacts echoed object-store credentials and the API key', async () => {
    await client.objectstores.create({
      name: 'store',
      provider_type: 'aws',
      bucket_name: 'b',
      region: 'us-east-1',
      s3provider: { credentials: { access_key: 'AKIA-SENTINEL', secret_key: 'SECRET-SENTINEL' } },
    } as any);
    const r = await cli(['--json', 'list', 'objectstores'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/AKIA-SENTINEL|SECRET-SENTINEL/);
    expect(JSON.parse(r.stdout)[0].s3provider.credentials).toEqual({ access_key: '***', secret_key: '***' });
  });
});

describe('engine commands take their inputs from the environment', () => {
  let dir: string;
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-cli-sec-')); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['run-on-apply', 'CLOUDCASA_DEFINITION_ID', (p: string) => p, 'CLOUDCASA_DEFINITION_ID is not a 24-hex ObjectId'],
    ['link-offload', 'CLOUDCASA_OFFLOAD_ID', (p: string) => p, 'CLOUDCASA_OFFLOAD_ID is not a 24-hex ObjectId'],
    ['link-offloads', 'CLOUDCASA_LINKS', (p: string) => `${'a'.repeat(24)}:${'b'.repeat(24)},${'c'.repeat(24)}:${p}`,
      'CLOUDCASA_LINKS: link 2 is not two 24-hex ObjectIds'],
  ])('%s refuses a %s that is not made of ObjectIds, and runs nothing', async (command, variable, wrap, message) => {
    const payload = `$(touch ${path.join(dir, 'PWNED')})`;
    emulator.clearLogs();
    const r = await cliProcess([command], { ...env, [variable]: wrap(payload) });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(emulator.requestLog).toEqual([]);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(emulator.requestLog.filter((x) => x.method !== 'GET' && x.path.includes('touch'))).toEqual([]);
  });

  test('run-on-apply runs the backup named by the environment and waits for its job', async () => {
    const b = await client.kubebackups.create(backupBody('from-env', clusterId));
    const r = await cliProcess(['run-on-apply'], {
      ...env, CLOUDCASA_DEFINITION_ID: b._id, CLOUDCASA_RETAIN_DAYS: '2', CLOUDCASA_RUN_TIMEOUT: '60s', CLOUDCASA_POLL_INTERVAL: '20ms',
    });
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toMatch(/started kubebackups 'from-env'.*keeping 2 days/);
    expect(r.stdout).toMatch(/ended COMPLETED/);
  });

  test('run-on-apply of a copy passes CLOUDCASA_RUN_BACKUP to the run; anything but true/false is refused unsent', async () => {
    const b = await client.kubebackups.create(backupBody('copied-from-env', clusterId));
    const o = await client.kubeoffloads.create({
      name: 'copy-from-env',
      backupdef: b._id,
      trigger_type: 'ADHOC',
      delete_snapshots: true,
      run_backup: false,
      offload_provider: { type: 'aws', region: 'us-east-2' },
    } as any);
    const base = { ...env, CLOUDCASA_DEFINITION_KIND: 'kubeoffloads', CLOUDCASA_DEFINITION_ID: o._id, CLOUDCASA_RUN_TIMEOUT: '60s', CLOUDCASA_POLL_INTERVAL: '20ms' };
    const jobs = () => emulator.collection('jobs').filter((j) => j.display_name === 'copy-from-env').map((j) => j.run_backup);

    expect(await cliProcess(['run-on-apply'], { ...base, CLOUDCASA_RUN_BACKUP: 'false' })).toMatchObject({ code: 0 });
    expect(await cliProcess(['run-on-apply'], { ...base, CLOUDCASA_RUN_BACKUP: 'true' })).toMatchObject({ code: 0 });
    expect(jobs()).toEqual([false, true]);

    emulator.clearLogs();
    for (const [kind, value, message] of [
      ['kubeoffloads', 'yes', "CLOUDCASA_RUN_BACKUP must be true or false, got 'yes'"],
      ['kubebackups', 'true', 'CLOUDCASA_RUN_BACKUP applies to kubeoffloads only'],
    ]) {
      const r = await cliProcess(['run-on-apply'], { ...base, CLOUDCASA_DEFINITION_KIND: kind, CLOUDCASA_RUN_BACKUP: value });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(emulator.requestLog).toEqual([]);
    expect(jobs()).toHaveLength(2);
  });

  test('run-on-apply is not listed in --help (it is for the engine)', async () => {
    const r = await cli(['--help'], env);
    expect(r.stdout).not.toContain('run-on-apply');
  });
});
