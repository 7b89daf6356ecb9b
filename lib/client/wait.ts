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
  /** First wait between polls. @default 250 */
  readonly pollIntervalMs?: number;
  /**
   * Polls slow down by `pollBackoff` up to this interval, which bounds how late the end of a job is noticed.
   * @default 1000 (a finished job is seen within a second; a 30-minute job costs about 1,800 small GETs)
   */
  readonly maxPollIntervalMs?: number;
  /** Factor applied to the interval after each poll. @default 1.5 */
  readonly pollBackoff?: number;
  /** Give up after this long (a JobTimeoutError; the job may still be running). @default 1800000 (30 minutes) */
  readonly timeoutMs?: number;
  /** Called after every poll with the job seen (undefined until it appears) and the elapsed time. */
  readonly onProgress?: (job: JobDocument | undefined, elapsedMs: number) => void;
}

/** The first wait between polls of a job. */
export const DEFAULT_POLL_INTERVAL_MS = 250;
/** The longest wait between polls: the end of a job is noticed within this long. */
export const DEFAULT_MAX_POLL_INTERVAL_MS = 1000;

/**
 * The waits between polls: `pollIntervalMs`, growing by `pollBackoff`, never above `maxPollIntervalMs` (so the end of
 * a job is noticed at most that late). Endless; the caller's timeout ends the wait.
 */
export function* pollIntervals(opts: Pick<WaitForJobOptions, 'pollIntervalMs' | 'maxPollIntervalMs' | 'pollBackoff'> = {}): Generator<number, never> {
  let interval = opts.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
  const max = Math.max(interval, opts.maxPollIntervalMs ?? DEFAULT_MAX_POLL_INTERVAL_MS);
  for (;;) {
    yield interval;
    interval = Math.min(interval * (opts.pollBackoff ?? 1.5), max);
  }
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
  const intervals = pollIntervals(opts);
  let interval = intervals.next().value;
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
    interval = intervals.next().value;
  }
}
