/**
 * Models of the CloudCasa API documents (docs/cloudcasa.md#resources). Request shapes are the
 * writable fields; `Doc<T>` adds what Eve and CloudCasa add on read. Each is named `…Document`: these are wire
 * shapes (snake_case, server fields), not the jsii constructs of the same stem (`KubeBackup`, `Policy`, ...).
 */

/** Eve's meta fields on every stored document. */
export interface EveMeta {
  readonly _id: string;
  readonly _etag: string;
  readonly _created: string;
  readonly _updated: string;
  readonly _links?: Record<string, unknown>;
  readonly _status?: string;
}
export type Doc<T> = T & EveMeta;

import type { TriggerType } from '../validate/spec-format';

export type { TriggerType };
export const JOB_TERMINAL_STATES = ['COMPLETED', 'PARTIAL', 'SKIPPED', 'CANCELLED', 'FAILED'] as const;
export type JobTerminalState = typeof JOB_TERMINAL_STATES[number];
/** In-progress states seen: PENDING, RUNNING, CATALOG. Unknown states are treated as in progress. */
export type JobState = JobTerminalState | 'PENDING' | 'RUNNING' | 'CATALOG' | (string & {});

export interface KubeClusterDocument {
  name: string;
  description?: string;
  tags?: Record<string, string>;
  image_pull_secret_name?: string;
  container_registry?: string;
  backup_provider?: { user_objectstore?: string };
  /** Server-set: `{state: 'ACTIVE' | 'PENDING' | ..., agentURL}`. */
  readonly status?: { state?: string; agentURL?: string; [k: string]: unknown };
}

export interface BackupHookRef { template: boolean; namespaces: string[]; hooks: string[] }

export interface KubeBackupDocument {
  name: string;
  cluster: string;
  trigger_type?: TriggerType;
  policy?: string;
  source: {
    all_namespaces?: boolean;
    namespaces?: string[];
    excluded_namespaces?: string[];
    included_resources?: string[];
    snapshotPersistentVolumes?: boolean;
    readonly snapshot_longhorn?: boolean;
  };
  pre_hooks?: BackupHookRef[];
  post_hooks?: BackupHookRef[];
  pause?: boolean;
  copydef?: string;
  tags?: Record<string, string>;
  readonly status?: DefinitionStatus;
  readonly cc_user_email?: string;
  readonly org_id?: string;
}

export interface DefinitionStatus {
  last_job_run_time?: number;
  jobs?: Array<{ jobid: string; state: JobState; message?: string }>;
  [k: string]: unknown;
}

export interface KubeOffloadDocument {
  name: string;
  backupdef: string;
  trigger_type?: TriggerType;
  policy?: string;
  delete_snapshots?: boolean;
  run_backup?: boolean;
  offload_provider?: { type?: string; region?: string; user_objectstore?: string };
  options?: Record<string, unknown>;
  pause?: boolean;
  readonly cluster?: string;
  readonly skip_live_copy?: boolean;
  readonly snapshot_longhorn?: boolean;
  readonly status?: DefinitionStatus;
  readonly cc_user_email?: string;
  readonly org_id?: string;
}

export interface PolicyScheduleDocument {
  retainDays: number;
  locked?: boolean;
  schedule: { cronSpec?: string; minute?: string; hour?: string; dayOfMonth?: string; month?: string; dayOfWeek?: string };
  readonly numAlwaysRetain?: number;
}
export interface PolicyDocument {
  name: string;
  timezone?: string;
  schedules: PolicyScheduleDocument[];
  tags?: Record<string, string>;
}

export interface KubeHookDocument {
  name: string;
  hook_type: 'PRE_BACKUP' | 'POST_BACKUP' | 'POST_RESTORE' | 'COMMON';
  hook: Array<{ labels?: Record<string, string>; target: Array<{ command: string; container?: string }> }>;
  description?: string;
}

export interface ObjectStoreDocument {
  name: string;
  provider_type: 'aws' | 'azure';
  bucket_name?: string;
  region?: string;
  prefix?: string;
  s3provider?: Record<string, unknown>;
  private?: boolean;
  proxy_cluster_list?: string[];
  skip_tls_certificate_validation?: boolean;
}

export interface PvProgress {
  total_pvs?: number; pending_pvs?: number; active_pvs?: number; completed_pvs?: number; failed_pvs?: number; skipped_pvs?: number;
}

/** A job: one run of a definition. Read-only. Times are epoch seconds. */
export interface JobDocument {
  readonly _id: string;
  readonly name?: string;
  readonly type?: string;
  readonly display_type?: string;
  readonly state: JobState;
  readonly message?: string;
  readonly phase?: string;
  readonly activity?: string[];
  readonly start_time?: number;
  readonly end_time?: number;
  readonly cluster?: string;
  readonly cluster_name?: string;
  readonly backupdef?: string;
  readonly backupdef_name?: string;
  readonly retention?: { retainDays?: number; numAlwaysRetain?: number };
  readonly kube_snapshot_progress?: PvProgress;
  readonly kube_copy_progress?: PvProgress & { stats?: Record<string, number> };
  readonly [k: string]: unknown;
}

/** A recovery point. Read-only. */
export interface BackupInstanceDocument {
  readonly _id: string;
  readonly name?: string;
  readonly state?: string;
  readonly type?: 'SNAPSHOT' | 'COPY';
  readonly backupdef?: string;
  readonly backupdef_name?: string;
  readonly cluster?: string;
  readonly start_time?: number;
  readonly end_time?: number;
  readonly expiry_timestamp?: number;
  readonly [k: string]: unknown;
}

/** Eve's collection envelope. */
export interface Page<T> {
  readonly _items: Array<Doc<T>>;
  readonly _meta: { readonly page: number; readonly max_results: number; readonly total?: number };
  readonly _links?: Record<string, { href: string; title?: string }>;
}
