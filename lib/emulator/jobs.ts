import { Context } from './context';
import { addIssue, hasIssues, HttpError, Issues } from './errors';
import { parseCron } from './rules';
import { Doc, JobScript, JobTerminalState } from './types';
import { isPlainObject } from './util';
import { validateDoc } from './validation';

const RUN_SCHEMA = {
  retention: { type: 'dict' as const, schema: { retainDays: { type: 'integer' as const, required: true, min: 1 } } },
  runBackup: { type: 'boolean' as const },
};

// The provider's default retention when a run carries none (docs/emulator-evidence.md#jobs)
const DEFAULT_RETAIN_DAYS = 7;

/**
 * Runs of backup definitions (docs/cloudcasa.md#jobs): a `jobs` document moves PENDING → RUNNING → a terminal
 * state on unref'd timers; each change is a write (new `_etag`/`_updated`) mirrored in the definition's
 * `status.jobs[]`. Jobs of kubeoffload runs are recorded under the kubebackup id.
 */
export class JobEngine {
  private readonly scripts = new Map<string, JobScript>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly active = new Set<string>();
  private readonly ticked = new Map<string, number>();
  private closed = false;

  constructor(private readonly ctx: Context) {}

  script(key: string, outcome: JobScript): void {
    this.scripts.set(key, outcome);
  }

  get activeCount(): number {
    return this.active.size;
  }

  /** Validates the run body; returns the retention days. */
  parseRunBody(body: unknown): { retainDays: number; runBackup: boolean } {
    if (body === undefined || body === null) return { retainDays: DEFAULT_RETAIN_DAYS, runBackup: false };
    if (!isPlainObject(body)) throw new HttpError(400);
    const issues: Issues = {};
    validateDoc(body, RUN_SCHEMA, { update: false, exists: () => true, unique: () => true }, issues);
    // A custom endpoint whose 422 is unknown; shaped like an Eve POST failure (docs/emulator-evidence.md#jobs)
    if (hasIssues(issues)) throw new HttpError(422, 'validation', { _status: 'ERR', _issues: issues, _error: { code: 422, message: 'Validation failure' } });
    return { retainDays: body.retention?.retainDays ?? DEFAULT_RETAIN_DAYS, runBackup: body.runBackup === true };
  }

  /**
   * Starts a run of kubebackups/kubeoffloads `id`. Returns the definition as it was before the run (the official
   * provider reads `status.last_job_run_time` from the response as the lower bound of its job search).
   */
  run(coll: 'kubebackups' | 'kubeoffloads', id: string, retainDays: number, runBackup = false): { before: Doc; job: Doc } {
    const { store } = this.ctx;
    const def = store.get(coll, id);
    if (!def) throw new HttpError(404);
    const backup = coll === 'kubebackups' ? def : store.get('kubebackups', def.backupdef);
    if (!backup) {
      const issues: Issues = {};
      addIssue(issues, ['backupdef'], `value '${def.backupdef}' must exist in resource 'kubebackups', field '_id'.`);
      throw new HttpError(422, 'validation', { _status: 'ERR', _issues: issues });
    }
    const script = this.scripts.get(def._id) ?? this.scripts.get(def.name);
    if (script?.once) {
      this.scripts.delete(def._id);
      this.scripts.delete(def.name);
    }
    const now = Math.floor(store.now() / 1000);
    // start_time strictly after every earlier run of this backupdef, so `start_time > last_job_run_time` finds it
    let floor = Number(def.status?.last_job_run_time ?? 0);
    floor = Math.max(floor, Number(backup.status?.last_job_run_time ?? 0));
    for (const j of store.all('jobs')) if (j.backupdef === backup._id) floor = Math.max(floor, Number(j.start_time) || 0);
    const start = Math.max(now, floor + 1);
    const copy = coll === 'kubeoffloads';
    const cluster = store.get('kubeclusters', backup.cluster);
    // The only job type captured is K8S_SNAP, also for runs of copy-enabled backups (docs/emulator-evidence.md#jobs).
    const type = 'K8S_SNAP';
    const pvs = backup.source?.snapshotPersistentVolumes === false ? 0 : 1;
    const job = store.insert('jobs', {
      name: `${def.name}-${start}`,
      type,
      display_type: type,
      display_name: def.name,
      state: 'PENDING',
      // no `message` or `end_time` until the job ends, as in the captured RUNNING job
      phase: 'PENDING',
      activity: [`${new Date(start * 1000).toISOString()} Job queued`],
      start_time: start,
      cluster: backup.cluster,
      cluster_name: cluster?.name ?? '',
      backupdef: backup._id,
      backupdef_name: backup.name,
      retention: { retainDays, numAlwaysRetain: 0 },
      run_backup: runBackup,
      kube_snapshot_progress: { total_pvs: pvs, pending_pvs: pvs, active_pvs: 0, completed_pvs: 0, failed_pvs: 0, skipped_pvs: 0 },
      ...(copy ? { kube_copy_progress: copyProgress(pvs, 'PENDING') } : {}),
    });
    const before = def;
    this.setDefStatus(coll, id, job, start);
    this.active.add(job._id);
    const outcome: JobScript = script ?? { state: 'COMPLETED' };
    const pendingMs = outcome.pendingMs ?? this.ctx.settings.jobPendingMs;
    const runningMs = outcome.runningMs ?? this.ctx.settings.jobRunningMs;
    this.after(pendingMs, () => {
      this.transition(coll, id, job._id, 'RUNNING', '');
      this.after(runningMs, () => this.finish(coll, id, job._id, outcome.state, outcome.message));
    });
    return { before, job };
  }

  private after(ms: number, fn: () => void): void {
    if (this.closed) return;
    const t = setTimeout(() => {
      this.timers.delete(t);
      if (!this.closed) fn();
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  private setDefStatus(coll: string, defId: string, job: Doc, lastRun?: number): void {
    this.ctx.store.update(coll, defId, (d) => {
      const status = isPlainObject(d.status) ? d.status : (d.status = {});
      const jobs: Doc[] = Array.isArray(status.jobs) ? status.jobs : [];
      const entry: Doc = { jobid: job._id, state: job.state };
      if (job.message !== undefined) entry.message = job.message;
      const i = jobs.findIndex((j) => j.jobid === job._id);
      // A run adds its job at the top; a later state change only updates the entry, so a job that finishes
      // after newer runs pushed it out of the newest three does not come back.
      if (i >= 0) jobs[i] = entry;
      else if (lastRun !== undefined) jobs.unshift(entry);
      status.jobs = jobs.slice(0, 3);
      if (lastRun !== undefined) status.last_job_run_time = lastRun;
    });
  }

  private transition(coll: string, defId: string, jobId: string, state: string, message: string): Doc | undefined {
    const copy = coll === 'kubeoffloads';
    const job = this.ctx.store.update('jobs', jobId, (j) => {
      j.state = state;
      if (state !== 'RUNNING' && state !== 'PENDING') j.message = message;
      // OFFLOAD_RUNNING is captured; SNAPSHOT_RUNNING is not (docs/emulator-evidence.md#jobs)
      j.phase = state === 'RUNNING' ? (copy ? 'OFFLOAD_RUNNING' : 'SNAPSHOT_RUNNING') : state;
      j.activity.push(`${new Date(this.ctx.store.now()).toISOString()} ${state}${message ? ': ' + message : ''}`);
      const p = j.kube_snapshot_progress;
      if (state === 'RUNNING') { p.active_pvs = p.pending_pvs; p.pending_pvs = 0; }
      if (copy) j.kube_copy_progress = copyProgress(p.total_pvs, state);
    });
    if (job) this.setDefStatus(coll, defId, job);
    return job;
  }

  private finish(coll: string, defId: string, jobId: string, state: JobTerminalState, message?: string): void {
    const msg = message ?? (state === 'FAILED' ? 'Job failed' : '');
    const { store } = this.ctx;
    const current = store.get('jobs', jobId);
    if (current) {
      store.update('jobs', jobId, (j) => {
        const p = j.kube_snapshot_progress;
        const n = p.total_pvs;
        Object.assign(p, { pending_pvs: 0, active_pvs: 0, completed_pvs: 0, failed_pvs: 0, skipped_pvs: 0 });
        if (state === 'COMPLETED') p.completed_pvs = n;
        else if (state === 'FAILED' || state === 'PARTIAL') p.failed_pvs = n;
        else p.skipped_pvs = n;
        j.end_time = Math.max(j.start_time, Math.floor(store.now() / 1000));
      });
    }
    const job = this.transition(coll, defId, jobId, state, msg);
    this.active.delete(jobId);
    if (job && (state === 'COMPLETED' || state === 'PARTIAL')) this.recoveryPoint(job, coll === 'kubeoffloads');
  }

  private recoveryPoint(job: Doc, copy: boolean): void {
    const { store } = this.ctx;
    const backup = store.get('kubebackups', job.backupdef);
    store.insert('backupinstances', {
      name: `${job.backupdef_name}-${job.start_time}`,
      state: 'READY',
      type: copy ? 'COPY' : 'SNAPSHOT',
      source_type: 'kubernetes',
      backup_selection: JSON.parse(JSON.stringify(backup?.source ?? {})),
      backupdef: job.backupdef,
      backupdef_name: job.backupdef_name,
      cluster: job.cluster,
      cluster_name: job.cluster_name,
      job: job._id, // a link to the job; not captured (docs/emulator-evidence.md#jobs)
      pv_count: job.kube_snapshot_progress.total_pvs,
      start_time: job.start_time,
      end_time: job.end_time,
      expiry_timestamp: job.end_time + job.retention.retainDays * 86400,
      retention: { retainDays: job.retention.retainDays },
      total_snapshot_data: 0,
      total_copy_data: 0,
    });
  }

  /** Starts every SCHEDULED, non-paused definition whose policy has a schedule matching this minute. */
  tick(at: Date): string[] {
    const { store } = this.ctx;
    const minute = new Date(Math.floor(at.getTime() / 60000) * 60000);
    const started: string[] = [];
    for (const coll of ['kubebackups', 'kubeoffloads'] as const) {
      for (const d of store.all(coll)) {
        if (d.trigger_type !== 'SCHEDULED' || d.pause === true || !d.policy) continue;
        const policy = store.get('policies', d.policy);
        if (!policy || !Array.isArray(policy.schedules)) continue;
        const hit = policy.schedules.find((s: Doc) => {
          try {
            return parseCron(s.schedule.cronSpec, policy.timezone || 'UTC').includesDate(minute);
          } catch {
            return false;
          }
        });
        // a schedule fires once per minute, however often the minute is ticked
        if (!hit || this.ticked.get(d._id) === minute.getTime()) continue;
        this.ticked.set(d._id, minute.getTime());
        this.run(coll, d._id, hit.retainDays);
        started.push(d._id);
      }
    }
    return started;
  }

  /** After a restart from a data file, jobs that were in flight finish with the default outcome. */
  resume(): void {
    const { store } = this.ctx;
    for (const j of store.all('jobs')) {
      if (j.state !== 'PENDING' && j.state !== 'RUNNING') continue;
      const off = store.all('kubeoffloads').find((o) => (o.status?.jobs ?? []).some((e: Doc) => e.jobid === j._id));
      const coll = off ? 'kubeoffloads' : 'kubebackups';
      const defId = off ? off._id : j.backupdef;
      this.active.add(j._id);
      this.after(this.ctx.settings.jobRunningMs, () => this.finish(coll, defId, j._id, 'COMPLETED'));
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

function copyProgress(pvs: number, state: string): Doc {
  const done = state === 'COMPLETED' || state === 'PARTIAL';
  return {
    stats: {
      estimated_size: 0,
      estimated_number_of_files: 0,
      io_size: 0,
      io_number_of_files: 0,
      transferred_size: 0,
      transferred_number_of_files: 0,
    },
    total_pvs: pvs,
    pending_pvs: state === 'PENDING' ? pvs : 0,
    active_pvs: state === 'RUNNING' ? pvs : 0,
    completed_pvs: done ? pvs : 0,
    failed_pvs: state === 'FAILED' ? pvs : 0,
  };
}
