/** A stored document (JSON object with Eve meta fields). */
export type Doc = Record<string, any>;

/** One fault-injection rule (see faults.ts). */
export interface FaultRule {
  /** HTTP method to match (any when absent). */
  method?: string;
  /** Regex source matched against the path after `/api/v1` (e.g. `^/kubebackups`). */
  path?: string;
  /** Probability 0..1 that a matching request is faulted. */
  rate: number;
  fault: 'status' | 'reset' | 'latency';
  status?: 429 | 500 | 502 | 503;
  retryAfterSeconds?: number;
  latencyMs?: number;
  /** For status/reset: fail before the write is applied, or apply it and then fail (unknown outcome). */
  when?: 'before' | 'after';
}

export interface SeedCluster {
  name: string;
  namespaces?: string[];
  state?: string;
}

export type JobTerminalState = 'COMPLETED' | 'PARTIAL' | 'FAILED' | 'SKIPPED' | 'CANCELLED';

export interface JobScript {
  state: JobTerminalState;
  message?: string;
  pendingMs?: number;
  runningMs?: number;
  once?: boolean;
}

/**
 * Permissive readings of the evidence, each off by default. The emulator takes the strictest reading of what is
 * known about CloudCasa (docs/emulator-evidence.md lists every rule and its source); a user whose evidence differs
 * turns on the one switch that matches it.
 */
export interface LenientOptions {
  /** Accept PATCH on every collection, not only kubebackups and policies. */
  readonly patchEverywhere?: boolean;
  /** Accept `null` for `policy`, `copydef` and `copy_policy`, so a merge patch can clear a link. */
  readonly nullableLinks?: boolean;
  /** Do not re-apply schema defaults to the missing subfields of a patched subdocument (Eve NORMALIZE_ON_PATCH off). */
  readonly noNormalizeOnPatch?: boolean;
  /** Keep `status` and `cc_user_email` when a PUT leaves them out (strict: a PUT keeps only the auth field `org_id`). */
  readonly putKeepsServerFields?: boolean;
  /** Give a cluster created through the API its `status` (PENDING, agent URL) in the POST reply. */
  readonly immediateClusterStatus?: boolean;
  /** Give a fresh backup or copy definition `status: {jobs: [], last_job_run_time: 0}` at create. */
  readonly statusOnCreate?: boolean;
  /** Eve's default item titles (`Kubebackup`, `Policie`) instead of the captured lower-case singulars. */
  readonly eveItemTitles?: boolean;
  /** Return `org_id` in POST/PUT/PATCH replies (strict: Eve strips the auth field from write responses). */
  readonly orgIdInWriteResponses?: boolean;
}

export interface EmulatorOptions {
  /** Permissive readings, each off by default (see LenientOptions). */
  lenient?: LenientOptions;
  /**
   * Deleting a kubeoffload also clears `copydef` on its kubebackup (changing that backup's etag), as a server-side
   * cascade would. Nobody knows whether CloudCasa does this; default false.
   */
  cascadeOffloadDelete?: boolean;
  /** Delay before a cluster created through the API gets `status` (PENDING + agent URL). Default 50 ms. */
  clusterStatusDelayMs?: number;
  /** A cluster's agent connects by itself once its status appears (it turns ACTIVE). Default false: call connectAgent(). */
  autoConnectAgents?: boolean;
  /** default 0 (ephemeral) */
  port?: number;
  /** default '127.0.0.1' */
  host?: string;
  /** default random */
  apiKey?: string;
  /** Largest request body accepted, in bytes; a larger one is answered 413 and its connection closed. Default 10 MiB. */
  maxBodyBytes?: number;
  /** default 1000 (CloudCasa showed max_results 1000) */
  maxResultsLimit?: number;
  /** default 25 */
  paginationDefault?: number;
  /** default true */
  deleteRequiresIfMatch?: boolean;
  /** default false: writes answer with the full document, as CloudCasa's samples show */
  bandwidthSaver?: boolean;
  /** default true */
  upsertOnPut?: boolean;
  /** Status of a DELETE on a missing item: 204 (Eve >= 1.0, default) or 404 (older Eve). */
  deleteMissingStatus?: 204 | 404;
  jobPendingMs?: number;
  jobRunningMs?: number;
  faults?: FaultRule[];
  faultSeed?: number;
  /** optional JSON persistence: loaded at start if present, saved on every write (debounced) and on close */
  dataFile?: string;
  clusters?: SeedCluster[];
  /** cc_user_email on created definitions */
  userEmail?: string;
  /** org_id on created definitions (default: a fixed random ObjectId per emulator) */
  orgId?: string;
  /** request log sink (never prints the API key) */
  log?: (line: string) => void;
  /** Prefix of `_links` hrefs: '/v1/' as CloudCasa's captures show (default); '' for Eve's default `kubebackups/<id>`. */
  linkPrefix?: string;
  /** Eve DEBUG: send the specific text of `where`/`sort`/`projection` 400s instead of Werkzeug's generic one (default false). */
  debug?: boolean;
  /** Clock in epoch milliseconds (default Date.now); lets tests control `_updated` and job times. */
  clock?: () => number;
}

export interface RequestLogEntry {
  method: string;
  /** URL path (no query string) */
  path: string;
  /** raw query string without '?', '' when none */
  query: string;
  status: number;
  ifMatch?: string;
  time: number;
}

export interface WriteLogEntry {
  method: string;
  path: string;
  status: number;
  time: number;
}

export interface KubeconfigOptions {
  /** cluster ids or names (default: all) */
  clusters?: string[];
}

export interface Emulator {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly apiKey: string;
  readonly requestLog: ReadonlyArray<RequestLogEntry>;
  readonly writeLog: ReadonlyArray<WriteLogEntry>;
  seedCluster(c: SeedCluster): any;
  setNamespaces(cluster: string, namespaces: string[]): void;
  /** Sets `status.state` of a cluster (e.g. PENDING → ACTIVE, as if the agent had been installed). */
  setClusterState(cluster: string, state: string): any;
  /**
   * The cluster's agent connects: its status (created now if the status delay has not passed) turns ACTIVE, as
   * after `kubectl apply` of the agent manifest. Returns the cluster.
   */
  connectAgent(cluster: string): any;
  scriptJob(definition: string, outcome: JobScript): void;
  setFaults(rules: FaultRule[], seed?: number): void;
  tickSchedules(at?: Date): Promise<string[]>;
  collection(name: string): any[];
  document(name: string, id: string): any | undefined;
  clearLogs(): void;
  kubeconfig(opts?: KubeconfigOptions): any;
  writeKubeconfig(file: string, opts?: KubeconfigOptions): void;
  /** Resolves when no job is pending or running (or after timeoutMs). */
  /** Resolves once no job is PENDING or RUNNING; rejects after `timeoutMs` (default 30 s) naming how many are left. */
  waitForJobs(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}
