import { setTimeout as sleep } from 'node:timers/promises';
import { JobFailedError, JobTimeoutError } from './errors';
import { Jobs } from './resources/collections';
import { DefinitionCollection } from './resources/definitions';
import { Doc, JobDocument, JOB_TERMINAL_STATES, KubeBackupDocument, KubeOffloadDocument } from './types';

export interface WaitForJobOptions {
  /** The kubebackup id the job is filed under (also for offload runs). */
  readonly backupdef: string;
  /** Only jobs that started after this time (epoch seconds) count: `status.last_job_run_time` before the run. */
  readonly after: number;
  /** First wait between polls. @default 5000 */
  readonly pollIntervalMs?: number;
  /** Polls slow down by `pollBackoff` up to this interval. @default 30000 */
  readonly maxPollIntervalMs?: number;
  /** Factor applied to the interval after each poll. @default 1.5 */
  readonly pollBackoff?: number;
  /** Give up after this long (a JobTimeoutError; the job may still be running). @default 1800000 (30 minutes) */
  readonly timeoutMs?: number;
  /** Called after every poll with the job seen (undefined until it appears) and the elapsed time. */
  readonly onProgress?: (job: JobDocument | undefined, elapsedMs: number) => void;
}

export function isTerminal(state: string): boolean {
  return (JOB_TERMINAL_STATES as readonly string[]).includes(state);
}

/**
 * Waits for the job a run started: first finds it (newest job of `backupdef` started after `after`), then
 * polls it until a terminal state. Exactly one request per poll. Resolves on COMPLETED, PARTIAL, SKIPPED and
 * CANCELLED (check `state`); rejects with JobFailedError on FAILED, carrying the job's message, and with
 * JobTimeoutError when `timeoutMs` passes first.
 */
export async function waitForJob(
  defs: DefinitionCollection<KubeBackupDocument | KubeOffloadDocument>, jobs: Jobs, opts: WaitForJobOptions,
): Promise<JobDocument> {
  const start = Date.now();
  const timeoutMs = opts.timeoutMs ?? 30 * 60_000;
  let interval = opts.pollIntervalMs ?? 5000;
  let job: Doc<JobDocument> | undefined;
  for (;;) {
    job = job ? await jobs.get(job._id) : (await defs.newJobs(opts.backupdef, opts.after))[0];
    const elapsed = Date.now() - start;
    opts.onProgress?.(job, elapsed);
    if (job && isTerminal(job.state)) {
      if (job.state === 'FAILED') {
        throw new JobFailedError(`job ${job.name ?? job._id} of '${job.backupdef_name ?? opts.backupdef}' FAILED: ${job.message || 'no message'}`, job);
      }
      return job;
    }
    if (elapsed + interval > timeoutMs) {
      const seen = job ? `job ${job.name ?? job._id} still ${job.state}` : 'no job had started';
      throw new JobTimeoutError(`timed out after ${Math.round(timeoutMs / 1000)} s waiting for a run of '${opts.backupdef}': ${seen}`, job);
    }
    await sleep(interval);
    interval = Math.min(interval * (opts.pollBackoff ?? 1.5), opts.maxPollIntervalMs ?? 30_000);
  }
}
