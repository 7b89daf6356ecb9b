import { CloudCasaClientOptions, resolveConfig } from './config';
import { NotFoundError } from './errors';
import { BackupInstances, Jobs, KubeClusters, KubeHooks, ObjectStores, Policies } from './resources/collections';
import { DefinitionCollection, DefinitionKind, KubeBackups, KubeOffloads, RunOptions, RunStarted } from './resources/definitions';
import { Transport } from './transport';
import { JobDocument, KubeBackupDocument, KubeOffloadDocument } from './types';
import { waitForJob, WaitForJobOptions } from './wait';

export type RunAndWaitOptions = RunOptions & Omit<WaitForJobOptions, 'backupdef' | 'after'>;

/**
 * A typed CloudCasa API client. The API URL and key come from options or the environment, by the precedence of
 * `resolveConnection` (`CLOUDCASA_API_URL`, `CLOUDCASA_API_KEY`, then the `TF_VAR_` variables). Every write carries `If-Match`; retries (network, 408, 429, 5xx) happen in one place;
 * nothing is ever created twice; the API key is masked in every message and error.
 */
export class CloudCasaClient {
  readonly kubeclusters: KubeClusters;
  readonly kubebackups: KubeBackups;
  readonly kubeoffloads: KubeOffloads;
  readonly policies: Policies;
  readonly kubehooks: KubeHooks;
  readonly objectstores: ObjectStores;
  readonly jobs: Jobs;
  readonly backupinstances: BackupInstances;
  private readonly transport: Transport;

  constructor(opts: CloudCasaClientOptions = {}) {
    this.transport = new Transport(resolveConfig(opts));
    this.kubeclusters = new KubeClusters(this.transport);
    this.kubebackups = new KubeBackups(this.transport);
    this.kubeoffloads = new KubeOffloads(this.transport);
    this.policies = new Policies(this.transport);
    this.kubehooks = new KubeHooks(this.transport);
    this.objectstores = new ObjectStores(this.transport);
    this.jobs = new Jobs(this.transport);
    this.backupinstances = new BackupInstances(this.transport);
  }

  /** The API root in use. */
  get apiUrl(): string { return this.transport.config.apiUrl; }

  definitions(kind: DefinitionKind): DefinitionCollection<KubeBackupDocument | KubeOffloadDocument> {
    return (kind === 'kubeoffloads' ? this.kubeoffloads : this.kubebackups) as DefinitionCollection<KubeBackupDocument | KubeOffloadDocument>;
  }

  /** Waits for the job of a run; see `waitForJob` in wait.ts. */
  waitForJob(started: RunStarted, opts: Omit<WaitForJobOptions, 'backupdef' | 'after'> = {}): Promise<JobDocument> {
    return waitForJob(this.definitions(started.kind), this.jobs, { ...opts, backupdef: started.backupdef, after: started.previousRunTime });
  }

  /**
   * Runs a definition given as `kind/idOrName` or a bare name/id (kubebackups first, then kubeoffloads) and
   * waits for its job. Rejects with JobFailedError on FAILED and JobTimeoutError on timeout.
   */
  async runAndWait(ref: string, opts: RunAndWaitOptions = {}): Promise<{ started: RunStarted; job: JobDocument }> {
    const { kind, id } = await this.resolveDefinition(ref);
    const started = await this.definitions(kind).run(id, opts);
    return { started, job: await this.waitForJob(started, opts) };
  }

  /** Resolves `kubebackups/<id|name>`, `kubeoffloads/<id|name>` or a bare id/name to a definition. */
  async resolveDefinition(ref: string): Promise<{ kind: DefinitionKind; id: string; name: string }> {
    const m = /^(kubebackups|kubeoffloads)\/(.+)$/.exec(ref);
    const kinds: DefinitionKind[] = m ? [m[1] as DefinitionKind] : ['kubebackups', 'kubeoffloads'];
    const key = m ? m[2] : ref;
    for (const kind of kinds) {
      try {
        const d = await this.definitions(kind).resolve(key);
        return { kind, id: d._id, name: d.name };
      } catch (e) { if (!(e instanceof NotFoundError)) throw e; }
    }
    throw new NotFoundError(`404 no backup definition with id or name '${key}' (looked in ${kinds.join(', ')})`, { status: 404 });
  }
}
