import { DEFAULT_RUN_RETAIN_DAYS } from '../../validate/spec-format';
import { Collection } from '../collection';
import { Transport } from '../transport';
import { Doc, JobDocument, KubeBackupDocument, KubeOffloadDocument } from '../types';

/** Kinds of definition that can be run: snapshot backups and copy (offload) backups. */
export type DefinitionKind = 'kubebackups' | 'kubeoffloads';

export interface RunOptions {
  /** Days the recovery point is kept. @default 7 (`DEFAULT_RUN_RETAIN_DAYS`, as the official provider) */
  readonly retainDays?: number;
  /** For offloads: take a fresh snapshot before copying. @default true for offloads, false for backups */
  readonly runBackup?: boolean;
}

/** What `run()` returns: the definition as the server answered, and what finding the new job needs. */
export interface RunStarted {
  readonly kind: DefinitionKind;
  readonly definition: Doc<KubeBackupDocument | KubeOffloadDocument>;
  /** Jobs are filed under the kubebackup id, also for offload runs. */
  readonly backupdef: string;
  /** `status.last_job_run_time` before the run: the new job starts after it. */
  readonly previousRunTime: number;
}

/** Job types that reference a definition but are not runs of it (docs/cloudcasa.md#jobs). */
const NON_RUN_JOB_TYPES = ['DELETE_BACKUP', 'AWSRDS_BACKUP_DELETE', 'AGENT_UPDATE', 'AWS_INVENTORY', 'CLOUD_INVENTORY', 'AZURE_METRICS_UPDATE'];

/** Shared verbs of kubebackups and kubeoffloads: run now, pause, resume. */
export abstract class DefinitionCollection<T extends KubeBackupDocument | KubeOffloadDocument> extends Collection<T> {
  constructor(transport: Transport, readonly kind: DefinitionKind, patchable: boolean) {
    super(transport, kind, patchable);
  }

  /**
   * `POST /<kind>/{id}/action/run`. The API answers with the definition, not the job; the job is found later
   * by `backupdef` and a start time after `previousRunTime` (see CloudCasaClient.waitForJob). If the outcome
   * of the POST is unknown, the client checks for such a job before trying again, so a run is never started twice.
   */
  async run(id: string, opts: RunOptions = {}): Promise<RunStarted> {
    const before = await this.get(id);
    const previousRunTime = Number(before.status?.last_job_run_time ?? 0);
    const backupdef = this.kind === 'kubeoffloads' ? (before as Doc<KubeOffloadDocument>).backupdef : before._id;
    const body = {
      retention: { retainDays: opts.retainDays ?? DEFAULT_RUN_RETAIN_DAYS },
      runBackup: opts.runBackup ?? this.kind === 'kubeoffloads',
    };
    const { data } = await this.transport.request<Doc<T>>('POST', `${this.kind}/${id}/action/run`, {
      body,
      what: `run ${this.kind} '${before.name}'`,
      findExisting: async () => (await this.newJobs(backupdef, previousRunTime))[0] ? this.get(id) : undefined,
    });
    return { kind: this.kind, definition: data, backupdef, previousRunTime };
  }

  /** Sets `pause: true`: scheduled runs stop until resumed. */
  pause(id: string) { return this.update(id, { pause: true } as Partial<T>); }
  /** Sets `pause: false`. */
  resume(id: string) { return this.update(id, { pause: false } as Partial<T>); }

  /** Runs of a kubebackup that started after `after` (epoch seconds), newest first. */
  async newJobs(backupdef: string, after: number, maxResults = 1): Promise<Array<Doc<JobDocument>>> {
    const { data } = await this.transport.request<{ _items: Array<Doc<JobDocument>> }>('GET', 'jobs', {
      query: {
        where: { backupdef, start_time: { $gt: after }, type: { $nin: NON_RUN_JOB_TYPES } },
        sort: '-start_time',
        max_results: maxResults,
      },
      what: `find jobs of ${backupdef}`,
    });
    return data._items;
  }
}

/** `/kubebackups`: snapshot backup definitions. */
export class KubeBackups extends DefinitionCollection<KubeBackupDocument> {
  constructor(t: Transport) { super(t, 'kubebackups', true); }
}

/** `/kubeoffloads`: copy backup definitions. */
export class KubeOffloads extends DefinitionCollection<KubeOffloadDocument> {
  constructor(t: Transport) { super(t, 'kubeoffloads', false); }
}
