import { DEFAULT_RUN_RETAIN_DAYS } from '../../validate/spec-format';
import { Collection } from '../collection';
import { NotFoundError, PreconditionFailedError } from '../errors';
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

/** One `copydef` back-link: the backup definition that a copy definition copies, and that copy. */
export interface CopydefLink {
  /** The kubebackup `_id`. */
  readonly backup: string;
  /** The kubeoffload `_id` to write into the backup's `copydef`. */
  readonly offload: string;
}

/** What `linkCopydefs` did to one backup. */
export interface CopydefLinkResult extends CopydefLink {
  readonly name: string;
  /** Whether a write was needed (false: the backup already pointed at the copy). */
  readonly changed: boolean;
}

export interface LinkCopydefsOptions {
  /** Writes in flight at once. @default 8 */
  readonly concurrency?: number;
  /** Backups read per listing request (`where _id $in`), kept small so the URL stays short. @default 100 */
  readonly readBatch?: number;
}

/** Runs `work` over `items` with at most `concurrency` in flight; rejects with the first error once all settled. */
async function pool<I, O>(items: readonly I[], concurrency: number, work: (item: I) => Promise<O>): Promise<O[]> {
  const results = new Array<O>(items.length);
  const errors: unknown[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < items.length; i = next++) {
      try { results[i] = await work(items[i]); } catch (e) { errors.push(e); }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  if (errors.length) throw errors[0];
  return results;
}

/** `/kubebackups`: snapshot backup definitions. */
export class KubeBackups extends DefinitionCollection<KubeBackupDocument> {
  constructor(t: Transport) { super(t, 'kubebackups', true); }

  /**
   * Writes each backup's `copydef` back-link to its copy definition (what the CloudCasa UI expects,
   * docs/cloudcasa.md#copydef-back-link), writing only the backups that do not point at their copy yet.
   *
   * The backups are read in batches (`where {"_id": {"$in": [...]}}`), then each one that needs it gets a PATCH
   * with the etag just listed, `concurrency` at a time. A 412 (a job or a person wrote the backup meanwhile) falls
   * back to the read-modify-write of `update`, which re-reads: an etag is never reused blindly. Requests: one
   * listing per `readBatch` backups, one PATCH per changed link (three more for each conflict).
   */
  async linkCopydefs(links: readonly CopydefLink[], opts: LinkCopydefsOptions = {}): Promise<CopydefLinkResult[]> {
    const byBackup = new Map<string, string>();
    for (const l of links) {
      const seen = byBackup.get(l.backup);
      if (seen !== undefined && seen !== l.offload) {
        throw new Error(`kubebackups/${l.backup} is asked to link to two copy definitions (${seen} and ${l.offload}); a backup has one copydef`);
      }
      byBackup.set(l.backup, l.offload);
    }
    const ids = [...byBackup.keys()];
    const batch = Math.max(1, opts.readBatch ?? 100);
    const batches: string[][] = [];
    for (let i = 0; i < ids.length; i += batch) batches.push(ids.slice(i, i + batch));
    const read = new Map<string, Doc<KubeBackupDocument>>();
    await pool(batches, opts.concurrency ?? 8, async (chunk) => {
      for await (const b of this.list({ where: { _id: { $in: chunk } } as any, maxResults: chunk.length })) read.set(b._id, b);
    });
    const missing = ids.filter((id) => !read.has(id));
    if (missing.length) {
      throw new NotFoundError(`404 no kubebackups with id ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ` (and ${missing.length - 5} more)` : ''}: `
        + 'cannot link their copy definitions', { status: 404 });
    }
    return pool(ids, opts.concurrency ?? 8, async (id): Promise<CopydefLinkResult> => {
      const backup = read.get(id)!;
      const offload = byBackup.get(id)!;
      if (backup.copydef === offload) return { backup: id, offload, name: backup.name, changed: false };
      try {
        await this.transport.request('PATCH', `${this.name}/${encodeURIComponent(id)}`, {
          body: { copydef: offload }, headers: { 'If-Match': backup._etag }, what: `link kubebackups/${id} to kubeoffloads/${offload}`,
        });
      } catch (e) {
        if (!(e instanceof PreconditionFailedError)) throw e;
        // Someone wrote first, or a retried PATCH had already landed: re-read, and write only if still needed.
        if ((await this.get(id)).copydef !== offload) await this.update(id, { copydef: offload });
      }
      return { backup: id, offload, name: backup.name, changed: true };
    });
  }
}

/** `/kubeoffloads`: copy backup definitions. */
export class KubeOffloads extends DefinitionCollection<KubeOffloadDocument> {
  constructor(t: Transport) { super(t, 'kubeoffloads', false); }
}
