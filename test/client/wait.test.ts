import { backupBody, setup } from './fixtures';
import { CloudCasaClient, JobFailedError, JobTimeoutError } from '../../lib/client';
import { DEFAULT_MAX_POLL_INTERVAL_MS, DEFAULT_POLL_INTERVAL_MS, pollIntervals } from '../../lib/client/wait';
import { Emulator } from '../../lib/emulator';

let emulator: Emulator;
let client: CloudCasaClient;
let clusterId: string;

beforeAll(async () => {
  const s = await setup();
  emulator = s.emulator; clusterId = s.cluster._id; client = s.client();
});
afterAll(() => emulator.close());

const fast = { pollIntervalMs: 20, maxPollIntervalMs: 50 };

test.each(['COMPLETED', 'PARTIAL', 'SKIPPED', 'CANCELLED'] as const)('waitForJob ends on %s', async (state) => {
  const kb = await client.kubebackups.create(backupBody(`wait-${state}`, clusterId));
  emulator.scriptJob(kb._id, { state, message: `ended ${state}` });
  const progress: string[] = [];
  const { job } = await client.runAndWait(kb.name, { ...fast, onProgress: (j) => progress.push(j?.state ?? '-') });
  expect(job.state).toBe(state);
  expect(job.backupdef).toBe(kb._id);
  expect(progress[progress.length - 1]).toBe(state);
});

test('waitForJob raises JobFailedError carrying the job message on FAILED', async () => {
  const kb = await client.kubebackups.create(backupBody('wait-failed', clusterId));
  emulator.scriptJob('wait-failed', { state: 'FAILED', message: 'snapshot of pvc data-0 failed: CSI driver timeout' });
  const err = await client.runAndWait(`kubebackups/${kb.name}`, fast).catch(e => e);
  expect(err).toBeInstanceOf(JobFailedError);
  expect(err.message).toMatch(/FAILED: snapshot of pvc data-0 failed: CSI driver timeout/);
  expect(err.job.state).toBe('FAILED');
});

test('waitForJob times out with the last state seen', async () => {
  const kb = await client.kubebackups.create(backupBody('wait-slow', clusterId));
  emulator.scriptJob(kb._id, { state: 'COMPLETED', runningMs: 5000 });
  const err = await client.runAndWait(kb._id, { ...fast, timeoutMs: 300 }).catch(e => e);
  expect(err).toBeInstanceOf(JobTimeoutError);
  expect(err.message).toMatch(/timed out after 0 s .*still (PENDING|RUNNING)/);
});

test('an offload run is waited for under its kubebackup id', async () => {
  const kb = await client.kubebackups.create(backupBody('wait-offload-src', clusterId));
  const ko = await client.kubeoffloads.create({ name: 'wait-offload', backupdef: kb._id, trigger_type: 'ADHOC', delete_snapshots: true, run_backup: false, offload_provider: { type: 'aws', region: 'us-east-2' } });
  const { started, job } = await client.runAndWait(`kubeoffloads/${ko._id}`, fast);
  expect(started.backupdef).toBe(kb._id);
  expect(job.state).toBe('COMPLETED');
});

test('waitForJob sends one request per poll', async () => {
  const kb = await client.kubebackups.create(backupBody('wait-count', clusterId));
  emulator.scriptJob(kb._id, { state: 'COMPLETED', pendingMs: 100, runningMs: 400 });
  const started = await client.kubebackups.run(kb._id);
  emulator.clearLogs();
  let polls = 0;
  await client.waitForJob(started, { pollIntervalMs: 50, pollBackoff: 1, onProgress: () => polls++ });
  expect(emulator.requestLog.length).toBe(polls);
});

describe('the polling schedule (the defaults the CLI and run-on-apply use)', () => {
  const first = (n: number, opts = {}) => { const it = pollIntervals(opts); return Array.from({ length: n }, () => it.next().value); };

  test('by default: 250 ms, growing x1.5, never above 1 s, so a finished job is seen within a second', () => {
    expect(first(8)).toEqual([250, 375, 562.5, 843.75, 1000, 1000, 1000, 1000]);
    expect([DEFAULT_POLL_INTERVAL_MS, DEFAULT_MAX_POLL_INTERVAL_MS]).toEqual([250, 1000]);
  });

  test('a first interval above the cap is kept (the cap never shortens what was asked for)', () => {
    expect(first(3, { pollIntervalMs: 5000 })).toEqual([5000, 5000, 5000]);
    expect(first(4, { pollIntervalMs: 100, maxPollIntervalMs: 200, pollBackoff: 2 })).toEqual([100, 200, 200, 200]);
  });
});
