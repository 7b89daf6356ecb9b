/**
 * P4: waitForJob issues at most one request per poll interval. Runs a 3 s job on the emulator, waits for it
 * with a fixed 100 ms interval, and compares the requests the emulator saw with the intervals that passed.
 */
import { writeSummary } from './summary';
import { CloudCasaClient } from '../../lib/client';
import { startEmulator } from '../../lib/emulator';

async function main() {
  const emu = await startEmulator({ jobPendingMs: 500, jobRunningMs: 2500 });
  const cluster = emu.seedCluster({ name: 'bench', namespaces: ['default'] });
  const client = new CloudCasaClient({ apiUrl: emu.url, apiKey: emu.apiKey });
  const kb = await client.kubebackups.create({
    name: 'bench-wait',
    cluster: cluster._id,
    trigger_type: 'ADHOC',
    source: { all_namespaces: true, snapshotPersistentVolumes: true },
    pre_hooks: [],
    post_hooks: [],
  });
  const intervalMs = 100;
  const started = await client.kubebackups.run(kb._id);
  emu.clearLogs();
  const t0 = Date.now();
  let polls = 0;
  const job = await client.waitForJob(started, { pollIntervalMs: intervalMs, pollBackoff: 1, onProgress: () => polls++ });
  const elapsed = Date.now() - t0;
  const requests = emu.requestLog.length;
  // The first poll is immediate; every later one follows a full interval: N polls span N - 1 intervals.
  const intervals = elapsed / intervalMs;
  const perInterval = (requests - 1) / intervals;
  const pass = perInterval <= 1 && requests === polls;
  console.log(`waitForJob: ${requests} requests (${polls} polls) in ${elapsed} ms at a ${intervalMs} ms interval = ${perInterval.toFixed(2)} requests per interval after the immediate first poll (target <= 1), job ${job.state}: ${pass ? 'PASS' : 'FAIL'}`);

  // With the default backoff (x1.5 up to the cap) the same job needs far fewer requests.
  const started2 = await client.kubebackups.run(kb._id);
  emu.clearLogs();
  await client.waitForJob(started2, { pollIntervalMs: intervalMs, maxPollIntervalMs: 1000 });
  console.log(`waitForJob with backoff x1.5 (cap 1 s): ${emu.requestLog.length} requests for a ~3 s job`);
  await emu.close();
  writeSummary('P4', { requests, polls, perInterval: Number(perInterval.toFixed(2)), target: 1, verdict: pass ? 'PASS' : 'MISS' });
  if (!pass) process.exitCode = 1;
}

void main();
