import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { cli, CLI_JS, cliProcess, spawnCli } from './cli-helpers';
import { CloudCasaClient } from '../../lib/client';
import { Emulator } from '../../lib/emulator';
import { backupBody, policyBody, setup } from '../client/fixtures';

let emulator: Emulator;
let client: CloudCasaClient;
let env: Record<string, string>;
let clusterId: string;

beforeAll(async () => {
  const s = await setup();
  emulator = s.emulator; client = s.client(); clusterId = s.cluster._id;
  env = { CLOUDCASA_API_URL: emulator.url, CLOUDCASA_API_KEY: emulator.apiKey };
  const p = await client.policies.create(policyBody('daily'));
  await client.kubebackups.create(backupBody('test_terraform_kubebackup', clusterId));
  await client.kubebackups.create(backupBody('nightly', clusterId, p._id));
  for (let i = 0; i < 3; i++) await client.runAndWait('test_terraform_kubebackup', { pollIntervalMs: 20 });
  await client.runAndWait('nightly', { pollIntervalMs: 20 });
});
afterAll(() => emulator.close());

describe('list jobs', () => {
  test('`casa list jobs --where backupdef_name NAME` works verbatim (compiled bin)', async () => {
    expect(fs.existsSync(CLI_JS)).toBe(true);
    const r = await cliProcess(['list', 'jobs', '--where', 'backupdef_name', 'test_terraform_kubebackup'], env);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^JOB\s+DEFINITION\s+TYPE\s+STATE\s+STARTED\s+DURATION\s+MESSAGE$/);
    expect(lines.slice(1)).toHaveLength(3);
    expect(lines.slice(1).every(l => /test_terraform_kubebackup\s+\S+\s+COMPLETED/.test(l))).toBe(true);
  });

  test('`jobs list --where KEY=VALUE --sort --limit` and --json', async () => {
    const r = await cli(['--json', 'jobs', 'list', '--where', 'state=COMPLETED', 'backupdef_name=test_terraform_kubebackup', '--sort', '-start_time', '--limit', '2'], env);
    expect(r.code).toBe(0);
    const jobs = JSON.parse(r.stdout);
    expect(jobs).toHaveLength(2);
    expect(jobs[0].start_time).toBeGreaterThan(jobs[1].start_time);
    expect(jobs.every((j: any) => j.backupdef_name === 'test_terraform_kubebackup')).toBe(true);
  });

  test('columns stay aligned', async () => {
    const r = await cli(['list', 'jobs'], env);
    const lines = r.stdout.trim().split('\n');
    const col = lines[0].indexOf('STATE');
    expect(lines.slice(1).every(l => /^(COMPLETED|RUNNING|PENDING)/.test(l.slice(col)))).toBe(true);
  });
});

describe('list other resources', () => {
  test.each([
    ['backups', /^NAME\s+ID\s+TRIGGER\s+POLICY\s+PAUSED\s+LAST RUN\s+LAST STATE$/m, /nightly\s+[a-f0-9]{24}\s+SCHEDULED/],
    ['policies', /^NAME\s+ID\s+TIMEZONE\s+SCHEDULES$/m, /daily .*30 0 \* \* MON,WED,FRI keep 7d/],
    ['clusters', /^NAME\s+ID\s+STATE\s+DESCRIPTION$/m, /prod\s+[a-f0-9]{24}\s+ACTIVE/],
  ])('list %s', async (what, header, row) => {
    const r = await cli(['list', what], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(header);
    expect(r.stdout).toMatch(row);
  });

  test('--where values that look like numbers or booleans still find names, and numeric fields still match', async () => {
    await client.kubebackups.create(backupBody('2024', clusterId));
    const byName = await cli(['--json', 'list', 'backups', '--where', 'name', '2024'], env);
    expect(JSON.parse(byName.stdout).map((b: any) => b.name)).toEqual(['2024']);
    const [job] = await client.jobs.all({ where: { backupdef_name: 'nightly' }, limit: 1 });
    const byTime = await cli(['--json', 'list', 'jobs', '--where', 'start_time', String(job.start_time), 'backupdef_name=nightly'], env);
    expect(JSON.parse(byTime.stdout).map((j: any) => j._id)).toEqual([job._id]);
    await client.kubebackups.delete((await client.kubebackups.getByName('2024'))!._id);
  });

  test('--json gives the documents', async () => {
    const r = await cli(['list', 'backups', '--json', '--where', 'name', 'nightly'], env);
    expect(JSON.parse(r.stdout)).toEqual([expect.objectContaining({ name: 'nightly', trigger_type: 'SCHEDULED' })]);
  });
});

describe('run', () => {
  test('--wait exits 0 on COMPLETED and shows progress', async () => {
    const r = await cli(['run', 'test_terraform_kubebackup', '--wait', '--retain-days', '3', '--poll-interval', '20ms'], env);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^started kubebackups 'test_terraform_kubebackup' \([a-f0-9]{24}\), keeping 3 days$/m);
    expect(r.stdout).toMatch(/ended COMPLETED/);
    const last = (await client.jobs.all({ where: { backupdef_name: 'test_terraform_kubebackup' }, sort: '-start_time', limit: 1 }))[0];
    expect(last.retention?.retainDays).toBe(3);
  });

  test('--wait exits 1 with the job message on FAILED', async () => {
    emulator.scriptJob('nightly', { state: 'FAILED', message: 'volume snapshot class missing', once: true });
    const r = await cli(['run', 'kubebackups/nightly', '--wait', '--poll-interval', '20ms'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: job .* FAILED: volume snapshot class missing$/m);
  });

  test.each([['CANCELLED', 1, /error: .*ended CANCELLED: stopped by user/], ['PARTIAL', 0, /warning: .*ended PARTIAL: 1 of 3 PVs failed/]])(
    '--wait on %s exits %i', async (state, code, msg) => {
      emulator.scriptJob('nightly', { state: state as any, message: state === 'PARTIAL' ? '1 of 3 PVs failed' : 'stopped by user', once: true });
      const r = await cli(['run', 'nightly', '--wait', '--poll-interval', '20ms'], env);
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(msg);
    });

  test('--wait exits 1 on timeout, after showing the job in progress', async () => {
    // Held in PENDING for an hour: the timeout is the only way out, however slow the machine.
    emulator.scriptJob('nightly', { state: 'COMPLETED', pendingMs: 3_600_000, once: true });
    const r = await cli(['run', 'nightly', '--wait', '--timeout', '300ms', '--poll-interval', '20ms'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/job [a-f0-9]{24} PENDING/);
    expect(r.stderr).toMatch(/timed out after 0 s/);
  });

  test('without --wait it only starts the run', async () => {
    const r = await cli(['run', 'nightly'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/started kubebackups 'nightly'/);
    expect(r.stdout).not.toMatch(/ended/);
  });
});

describe('errors', () => {
  test.each([
    [['list', 'widgets'], /unknown list 'widgets': choose one of jobs, backups/],
    [['list', 'jobs', '--limit', 'lots'], /--limit must be a whole number ≥ 1, got 'lots'/],
    [['run', 'nightly', '--retain-days', '0'], /--retain-days must be a whole number ≥ 1, got '0'/],
    [['run', 'nightly', '--timeout', 'soon'], /invalid duration 'soon'/],
    [['run', 'nightly', '--wait', '--poll-interval', '0'], /--poll-interval must be at least 10ms, got '0'/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['list', 'jobs', '--where', 'lonely'], /KEY=VALUE or KEY VALUE/],
  ])('usage error %j exits 2 with a message', async (args, msg) => {
    const r = await cli(args as string[], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(msg);
  });

  test('missing API key is a usage error naming the variables', async () => {
    const r = await cli(['list', 'jobs'], { CLOUDCASA_API_URL: emulator.url, CLOUDCASA_API_KEY: undefined, TF_VAR_cloudcasa_api_key: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/set CLOUDCASA_API_KEY/);
  });

  test('API failures print status and message, never the key', async () => {
    const r = await cli(['run', 'no-such-backup'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^error: 404 no backup definition with id or name 'no-such-backup'/);
    const bad = await cli(['--api-key', 'wrong-key-123456', 'list', 'jobs'], { CLOUDCASA_API_URL: emulator.url });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^error: 401 /);
    expect(bad.stderr + bad.stdout).not.toContain('wrong-key-123456');
  });

  test('--help exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Usage: casa/);
  });
});

/** The first status a cluster gets (the emulator adds it shortly after the POST); bounded to 500 polls. */
async function firstStatus(c: CloudCasaClient, id: string): Promise<any> {
  for (let i = 0; i < 500; i++) {
    const status = (await c.kubeclusters.get(id)).status;
    if (status) return status;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`cluster ${id} got no status`);
}

test('`emulator` serves until SIGTERM, with seeded clusters and a kubeconfig', async () => {
  const kubeconfig = `${fs.mkdtempSync('/tmp/cc-kc-')}/config`;
  const child = spawnCli(['emulator', '--port', '0', '--cluster', 'lab=default,apps', '--kubeconfig', kubeconfig, '--api-key', 'emu-key-1234', '--auto-connect-agents']);
  // The key the user chose is not echoed back (only a generated one is printed).
  const out = await new Promise<string>((resolve) => {
    let buf = '';
    child.stdout!.on('data', (c) => { buf += c; if (buf.includes('Ctrl-C')) resolve(buf); });
  });
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  try {
    expect(out).not.toContain('emu-key-1234');
    const url = /listening on (\S+)/.exec(out)![1];
    const c = new CloudCasaClient({ apiUrl: url, apiKey: 'emu-key-1234' });
    expect((await c.kubeclusters.getByName('lab'))?.status?.state).toBe('ACTIVE');
    expect(JSON.parse(fs.readFileSync(kubeconfig, 'utf8')).contexts.map((x: any) => x.name)).toEqual(['lab']);
    // --auto-connect-agents: a cluster registered through the API shows up ACTIVE (its first status)
    const fresh = await c.kubeclusters.create({ name: 'fresh' });
    expect((await firstStatus(c, fresh._id)).state).toBe('ACTIVE');
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});

test('`link-offload` writes copydef with the current etag, once', async () => {
  const kb = await client.kubebackups.getByName('nightly');
  const ko = await client.kubeoffloads.create({ name: 'nightly-copy', backupdef: kb!._id, trigger_type: 'ADHOC', delete_snapshots: true, run_backup: false, offload_provider: { type: 'aws', region: 'us-east-2' } });
  await client.runAndWait('nightly', { pollIntervalMs: 20 }); // a job changes the backup's etag first
  const first = await cli(['link-offload', `kubeoffloads/${ko._id}`], env);
  expect(first).toMatchObject({ code: 0, stdout: `linked: kubebackups 'nightly' copydef -> kubeoffloads 'nightly-copy' (${ko._id})\n` });
  expect((await client.kubebackups.get(kb!._id)).copydef).toBe(ko._id);
  emulator.clearLogs();
  const again = await cli(['--json', 'link-offload', 'nightly-copy'], env);
  expect(JSON.parse(again.stdout)).toEqual({ backup: kb!._id, copydef: ko._id, changed: false });
  expect(emulator.writeLog).toEqual([]);
});

test('`link-offloads` (what the stack runs on apply) writes each link once, in one process', async () => {
  const links: string[] = [];
  for (let i = 0; i < 30; i++) {
    const kb = await client.kubebackups.create(backupBody(`linked-${i}`, clusterId));
    const ko = await client.kubeoffloads.create({ name: `linked-${i}-copy`, backupdef: kb._id, trigger_type: 'ADHOC', delete_snapshots: true, run_backup: false, offload_provider: { type: 'aws', region: 'us-east-2' } });
    links.push(`${ko._id}:${kb._id}`);
  }
  emulator.clearLogs();
  const first = await cliProcess(['link-offloads'], { ...env, CLOUDCASA_LINKS: links.join(',') });
  expect(first).toMatchObject({ code: 0, stderr: '' });
  expect(first.stdout).toMatch(/^30 of 30 copy links written, 0 already in place$/m);
  expect(emulator.writeLog.map((w) => `${w.method} ${w.status}`)).toEqual(new Array(30).fill('PATCH 200'));
  expect(emulator.requestLog.filter((r) => r.method === 'GET')).toHaveLength(1);
  for (const l of links) expect(emulator.document('kubebackups', l.split(':')[1]).copydef).toBe(l.split(':')[0]);
  emulator.clearLogs();
  const again = await cli(['--json', 'link-offloads'], { ...env, CLOUDCASA_LINKS: links.join(',') });
  expect(JSON.parse(again.stdout)).toMatchObject({ links: 30, changed: 0 });
  expect(emulator.writeLog).toEqual([]);
  // An empty list (a stack whose last copy was removed) is nothing to do.
  expect(await cli(['link-offloads'], { ...env, CLOUDCASA_LINKS: '' })).toMatchObject({ code: 0, stdout: '0 of 0 copy links written, 0 already in place\n' });
  expect(await cli(['link-offloads', '--concurrency', '0'], { ...env, CLOUDCASA_LINKS: '' })).toMatchObject({ code: 2 });
});

test('`emulator` never adopts CLOUDCASA_API_KEY (a real key) and prints only a key it generated', async () => {
  const child = spawn(process.execPath, [CLI_JS, 'emulator', '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CLOUDCASA_API_KEY: 'real-production-key-0000' },
  });
  const exited = new Promise<number | null>((r) => child.on('exit', r));
  try {
    const out = await new Promise<string>((resolve) => {
      let buf = '';
      child.stdout.on('data', (c: Buffer) => { buf += c; if (buf.includes('Ctrl-C')) resolve(buf); });
    });
    expect(out).not.toContain('real-production-key-0000');
    expect(out).toMatch(/export CLOUDCASA_API_KEY=\S{8,}/);
    // by default an API-registered cluster waits for its agent: PENDING
    const c = new CloudCasaClient({ apiUrl: /listening on (\S+)/.exec(out)![1], apiKey: /export CLOUDCASA_API_KEY=(\S+)/.exec(out)![1] });
    const fresh = await c.kubeclusters.create({ name: 'fresh' });
    expect((await firstStatus(c, fresh._id)).state).toBe('PENDING');
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
});

describe('list pages', () => {
  let small: Emulator;
  let smallEnv: Record<string, string>;
  beforeAll(async () => {
    // A server whose page limit is 40: 95 backups take three pages, whatever page size the CLI asks for.
    small = (await setup({ maxResultsLimit: 40 })).emulator;
    smallEnv = { CLOUDCASA_API_URL: small.url, CLOUDCASA_API_KEY: small.apiKey };
    const c = new CloudCasaClient({ apiUrl: small.url, apiKey: small.apiKey });
    const cluster = small.collection('kubeclusters')[0]._id;
    for (let i = 0; i < 95; i++) await c.kubebackups.create(backupBody(`page-${String(i).padStart(2, '0')}`, cluster));
  });
  afterAll(() => small.close());

  test('asks for the largest page the API allows, and prints every page of a listing once', async () => {
    small.clearLogs();
    const r = await cli(['list', 'backups', '--sort', 'name'], smallEnv);
    expect(r.code).toBe(0);
    const gets = small.requestLog.filter((x) => x.method === 'GET');
    expect(gets).toHaveLength(3);
    expect(gets.every((g) => new URLSearchParams(g.query).get('max_results') === '1000')).toBe(true);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.filter((l) => /^NAME\s+ID/.test(l))).toHaveLength(1);
    expect(lines.slice(1).map((l) => l.split(/\s+/)[0])).toEqual(Array.from({ length: 95 }, (_, i) => `page-${String(i).padStart(2, '0')}`));
  });

  test('--json streams one array, the same text as the whole list printed at once', async () => {
    const r = await cli(['--json', 'list', 'backups', '--sort', 'name'], smallEnv);
    const all = small.collection('kubebackups').sort((a, b) => a.name.localeCompare(b.name));
    expect(JSON.parse(r.stdout).map((b: any) => b._id)).toEqual(all.map((b) => b._id));
    expect(r.stdout).toBe(`${JSON.stringify(JSON.parse(r.stdout), null, 2)}\n`);
  });

  test('--limit asks for no more than it shows; an empty listing is a header (or [])', async () => {
    small.clearLogs();
    const r = await cli(['list', 'backups', '--limit', '5'], smallEnv);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(6);
    expect(small.requestLog.map((x) => new URLSearchParams(x.query).get('max_results'))).toEqual(['5']);
    expect(await cli(['list', 'offloads'], smallEnv)).toMatchObject({ code: 0, stdout: expect.stringMatching(/^NAME\s+ID\s+BACKUP.*\n$/) });
    expect(await cli(['--json', 'list', 'offloads'], smallEnv)).toMatchObject({ code: 0, stdout: '[]\n' });
  });
});
