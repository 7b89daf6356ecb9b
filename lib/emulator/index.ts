import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { Api } from './api';
import { Context, Settings } from './context';
import { Faults } from './faults';
import { JobEngine } from './jobs';
import { KubeApi } from './kube';
import { loadSnapshot, Persister, Snapshot } from './persistence';
import { Renderer } from './render';
import { pendingClusterStatus } from './rules';
import { RESOURCE_NAMES } from './schemas';
import { Core, createHandler } from './server';
import { Store } from './store';
import { Doc, Emulator, EmulatorOptions, FaultRule, JobScript, KubeconfigOptions, RequestLogEntry, SeedCluster, WriteLogEntry } from './types';
import { clone, objectId, randomHex } from './util';

export * from './types';

/** 10 MiB: far above any real definition (a few KiB), far below what would exhaust memory. */
const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

/** Starts a CloudCasa API emulator (Eve semantics, see docs in lib/emulator/*.ts) on `host:port`. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const clock = options.clock ?? Date.now;
  const store = new Store(RESOURCE_NAMES, clock);
  const snapshot = options.dataFile ? loadSnapshot(options.dataFile) : undefined;
  const settings: Settings = {
    maxResultsLimit: options.maxResultsLimit ?? 1000,
    paginationDefault: options.paginationDefault ?? 25,
    deleteRequiresIfMatch: options.deleteRequiresIfMatch ?? true,
    deleteMissingStatus: options.deleteMissingStatus ?? 204,
    bandwidthSaver: options.bandwidthSaver ?? false,
    upsertOnPut: options.upsertOnPut ?? true,
    jobPendingMs: options.jobPendingMs ?? 100,
    jobRunningMs: options.jobRunningMs ?? 300,
    userEmail: options.userEmail ?? 'emulator@cloudcasa.invalid',
    orgId: options.orgId ?? snapshot?.orgId ?? objectId(clock()),
    debug: options.debug ?? false,
    lenient: { ...options.lenient },
    cascadeOffloadDelete: options.cascadeOffloadDelete ?? false,
  };
  const renderer = new Renderer(store, options.linkPrefix ?? '/v1/', settings.lenient.eveItemTitles === true);
  const ctx: Context = { store, renderer, settings, origin: '' };
  const kube = new KubeApi(store, clock);
  const jobs = new JobEngine(ctx);
  const core: Core = {
    ctx,
    api: new Api(ctx),
    jobs,
    kube,
    faults: new Faults(options.faults ?? [], options.faultSeed ?? 1),
    apiKey: options.apiKey ?? randomHex(24),
    maxBodyBytes: options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
    requestLog: [],
    writeLog: [],
    log: options.log,
  };

  if (snapshot) {
    for (const name of RESOURCE_NAMES) store.load(name, snapshot.collections[name] ?? []);
    for (const [id, k] of Object.entries(snapshot.kube ?? {})) kube.clusters.set(id, k);
  }
  const persister = options.dataFile
    ? new Persister(options.dataFile, (): Snapshot => ({
      version: 1,
      orgId: settings.orgId,
      collections: store.dump(),
      kube: Object.fromEntries(kube.clusters),
    }))
    : undefined;
  if (persister) store.onWrite(() => persister.schedule());

  const sockets = new Set<import('node:net').Socket>();
  const handler = createHandler(core);
  const server = http.createServer((req, res) => {
    handler(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  ctx.origin = origin;

  function clusterId(idOrName: string): string | undefined {
    if (store.get('kubeclusters', idOrName)) return idOrName;
    return store.all('kubeclusters').find((c) => c.name === idOrName)?._id;
  }

  function seedCluster(c: SeedCluster): Doc {
    let doc = store.all('kubeclusters').find((d) => d.name === c.name);
    if (!doc) {
      doc = store.insert('kubeclusters', {
        name: c.name,
        status: { state: c.state ?? 'ACTIVE', agentURL: `${origin}/kubeclusteragents/${randomHex(16)}.yaml` },
        cc_user_email: settings.userEmail,
        org_id: settings.orgId,
      });
    } else if (c.state && doc.status?.state !== c.state) {
      doc = store.update('kubeclusters', doc._id, (d) => { d.status = { ...d.status, state: c.state }; })!;
    }
    kube.ensure(doc._id);
    if (c.namespaces) kube.setNamespaces(doc._id, c.namespaces);
    persister?.schedule();
    return clone(doc);
  }

  for (const c of options.clusters ?? []) seedCluster(c);
  jobs.resume();

  // A cluster registered through the API gets its status (PENDING + agent URL) a little later, as the official
  // provider polls for it; it turns ACTIVE when its agent connects (docs/emulator-evidence.md#cluster-registration).
  const statusDelayMs = options.clusterStatusDelayMs ?? 50;
  const statusTimers = new Set<NodeJS.Timeout>();
  function giveStatus(id: string): Doc | undefined {
    const doc = store.get('kubeclusters', id);
    if (!doc || doc.status?.agentURL) return doc;
    return store.update('kubeclusters', id, (d) => { d.status = { ...pendingClusterStatus(origin), ...d.status }; });
  }
  function connect(id: string): Doc | undefined {
    giveStatus(id);
    return store.update('kubeclusters', id, (d) => { d.status = { ...d.status, state: 'ACTIVE' }; });
  }
  ctx.afterInsert = (collection, doc) => {
    if (collection !== 'kubeclusters' || doc.status?.agentURL) return;
    const t = setTimeout(() => {
      statusTimers.delete(t);
      if (closed) return;
      giveStatus(doc._id);
      if (options.autoConnectAgents) connect(doc._id);
    }, statusDelayMs);
    t.unref();
    statusTimers.add(t);
  };

  // Clusters created through the API also get a Kubernetes endpoint (with the default namespaces).
  store.onWrite(() => {
    if (store.size('kubeclusters') === kube.clusters.size) return;
    for (const c of store.all('kubeclusters')) kube.ensure(c._id);
    for (const id of [...kube.clusters.keys()]) if (!store.get('kubeclusters', id)) kube.clusters.delete(id);
  });

  let closed = false;
  const emulator: Emulator = {
    url: `${origin}/api/v1`,
    origin,
    port,
    apiKey: core.apiKey,
    requestLog: core.requestLog as ReadonlyArray<RequestLogEntry>,
    writeLog: core.writeLog as ReadonlyArray<WriteLogEntry>,
    seedCluster,
    setNamespaces(cluster: string, namespaces: string[]) {
      const id = clusterId(cluster);
      if (!id) throw new Error(`unknown cluster ${cluster}`);
      kube.setNamespaces(id, namespaces);
      persister?.schedule();
    },
    setClusterState(cluster: string, state: string) {
      const id = clusterId(cluster);
      if (!id) throw new Error(`unknown cluster ${cluster}`);
      return clone(store.update('kubeclusters', id, (d) => { d.status = { ...d.status, state }; }));
    },
    connectAgent(cluster: string) {
      const id = clusterId(cluster);
      if (!id) throw new Error(`unknown cluster ${cluster}`);
      return clone(connect(id));
    },
    scriptJob(definition: string, outcome: JobScript) {
      jobs.script(definition, outcome);
    },
    setFaults(rules: FaultRule[], seed?: number) {
      core.faults.set(rules, seed ?? options.faultSeed ?? 1);
    },
    async tickSchedules(at?: Date) {
      return jobs.tick(at ?? new Date(clock()));
    },
    collection(name: string) {
      if (!store.has(name)) throw new Error(`unknown collection ${name}`);
      return store.all(name).map(clone);
    },
    document(name: string, id: string) {
      if (!store.has(name)) throw new Error(`unknown collection ${name}`);
      const d = store.get(name, id);
      return d ? clone(d) : undefined;
    },
    clearLogs() {
      core.requestLog.length = 0;
      core.writeLog.length = 0;
    },
    kubeconfig(opts?: KubeconfigOptions) {
      return kube.kubeconfig(origin, clusterId, opts);
    },
    writeKubeconfig(file: string, opts?: KubeconfigOptions) {
      kube.writeKubeconfig(file, kube.kubeconfig(origin, clusterId, opts));
    },
    async waitForJobs(timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      while (jobs.activeCount > 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
      if (jobs.activeCount > 0) throw new Error(`${jobs.activeCount} job(s) still active after ${timeoutMs} ms`);
    },
    async close() {
      if (closed) return;
      closed = true;
      jobs.close();
      for (const t of statusTimers) clearTimeout(t);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      });
      persister?.flush();
    },
  };
  return emulator;
}
