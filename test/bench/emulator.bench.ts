/**
 * Throughput benchmark of the emulator's read path:
 *   npx ts-node --transpile-only test/bench/emulator.bench.ts
 * Seeds a few hundred documents, then runs autocannon (50 connections, ~10 s) over authenticated item and
 * collection GETs on loopback. Exits non-zero when the target is missed.
 */
import autocannon from 'autocannon';
import { writeSummary } from './summary';
import { startEmulator } from '../../lib/emulator';

const TARGET_RPS = 3000;
const TARGET_P99_MS = 20;
const DURATION_S = Number(process.env.BENCH_DURATION ?? 10);

async function main() {
  const em = await startEmulator({ apiKey: 'bench-key', clusters: [{ name: 'bench-cluster', namespaces: ['app'] }] });
  const headers = { 'Authorization': 'Bearer bench-key', 'Content-Type': 'application/json' };
  const cluster = em.collection('kubeclusters')[0]._id;
  const hooks = Array.from({ length: 200 }, (_, i) => ({ name: `hook-${i}`, hook_type: 'PRE_BACKUP', hook: [{ target: [{ command: '/bin/sync' }] }] }));
  await fetch(`${em.url}/kubehooks`, { method: 'POST', headers, body: JSON.stringify(hooks) });
  const backups = Array.from({ length: 200 }, (_, i) => ({
    name: `kb-${i}`, cluster, trigger_type: 'ADHOC', source: { namespaces: ['app'], snapshotPersistentVolumes: true },
  }));
  await fetch(`${em.url}/kubebackups`, { method: 'POST', headers, body: JSON.stringify(backups) });
  const ids = em.collection('kubebackups').map((d) => d._id as string);
  console.log(`emulator: seeded ${ids.length + hooks.length + 1} documents`);

  // Two item GETs for every collection GET; each connection cycles through this list.
  const requests: Array<{ method: 'GET'; path: string }> = [];
  for (let i = 0; i < 40; i++) {
    requests.push({ method: 'GET', path: `/api/v1/kubebackups/${ids[(i * 7) % ids.length]}` });
    requests.push({ method: 'GET', path: `/api/v1/kubebackups/${ids[(i * 13 + 1) % ids.length]}` });
    requests.push({ method: 'GET', path: i % 2 ? '/api/v1/kubebackups' : `/api/v1/kubehooks?page=${(i % 8) + 1}` });
  }
  const result = await autocannon({
    url: em.origin,
    connections: 50,
    duration: DURATION_S,
    headers,
    requests,
    // the load generator runs in a worker thread so that it does not share the emulator's event loop
    workers: Number(process.env.BENCH_WORKERS ?? 1),
  });
  await em.close();

  const rps = Math.round(result.requests.average);
  const p99 = result.latency.p99;
  const errors = result.non2xx + result.errors + result.timeouts;
  const pass = rps >= TARGET_RPS && p99 < TARGET_P99_MS && errors === 0;
  console.log(`emulator: ${rps} GET/s, p99 ${p99} ms (target >= ${TARGET_RPS} GET/s, p99 < ${TARGET_P99_MS} ms): ${pass ? 'PASS' : 'FAIL'}`);
  console.log(`emulator: p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, max ${result.latency.max} ms`);
  console.log(`emulator: ${result.requests.total} requests, ${errors} errors/non-2xx, ${(result.throughput.average / 1e6).toFixed(1)} MB/s`);
  writeSummary('P5', { rps, p99Ms: p99, errors, target: { rps: TARGET_RPS, p99Ms: TARGET_P99_MS }, verdict: pass ? 'PASS' : 'MISS' });
  process.exitCode = pass ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
