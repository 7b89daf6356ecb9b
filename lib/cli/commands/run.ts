import { Command } from 'commander';
import { JobDocument, JobFailedError, JobTimeoutError } from '../../client';
import { DEFAULT_MAX_POLL_INTERVAL_MS, DEFAULT_POLL_INTERVAL_MS } from '../../client/wait';
import { DEFAULT_RUN_RETAIN_DAYS } from '../../validate/spec-format';
import { clientFor, CliError, EXIT, globals, OBJECT_ID_RE, out, warn } from '../context';
import { duration, parseDuration, printJson } from '../output';

interface RunOpts { wait?: boolean; retainDays?: string; timeout?: string; pollInterval?: string; maxPollInterval?: string; runBackup?: boolean }

function progressLine(job: JobDocument | undefined, elapsedMs: number): string {
  const t = `[${duration(Math.round(elapsedMs / 1000))}]`;
  if (!job) return `${t} waiting for the job to start`;
  const p = job.kube_snapshot_progress ?? job.kube_copy_progress;
  const pvs = p?.total_pvs ? `  PVs ${p.completed_pvs ?? 0}/${p.total_pvs} done${p.failed_pvs ? `, ${p.failed_pvs} failed` : ''}` : '';
  return `${t} job ${job._id} ${job.state}${job.phase && job.phase !== job.state ? ` (${job.phase})` : ''}${pvs}`;
}

/** Reads an `_id` handed over by the engine, refusing anything that is not an ObjectId. */
export function idFromEnv(name: string): string {
  const v = process.env[name];
  if (v === undefined || v === '') {
    throw new CliError(`${name} is not set: this command is run by Terraform's local-exec, which passes it`, EXIT.USAGE);
  }
  if (!OBJECT_ID_RE.test(v)) throw new CliError(`${name} is not a 24-hex ObjectId: got '${v}'; refusing to use it`, EXIT.USAGE);
  return v;
}

interface RunRequestOptions {
  readonly wait: boolean;
  readonly retainDays: number;
  readonly timeoutMs: number;
  readonly pollIntervalMs: number;
  readonly maxPollIntervalMs: number;
  readonly runBackup?: boolean;
}

function parseRunOptions(opts: RunOpts): RunRequestOptions {
  const retainDays = Number(opts.retainDays);
  if (!Number.isInteger(retainDays) || retainDays < 1) throw new CliError(`--retain-days must be a whole number ≥ 1, got '${opts.retainDays}'`, EXIT.USAGE);
  let timeoutMs: number; let pollIntervalMs: number; let maxPollIntervalMs: number;
  try {
    timeoutMs = parseDuration(opts.timeout ?? '30m');
    pollIntervalMs = parseDuration(opts.pollInterval ?? `${DEFAULT_POLL_INTERVAL_MS}ms`);
    maxPollIntervalMs = parseDuration(opts.maxPollInterval ?? `${DEFAULT_MAX_POLL_INTERVAL_MS}ms`);
  } catch (e) { throw new CliError((e as Error).message, EXIT.USAGE); }
  // 0 would never grow under the x1.5 backoff: a busy loop against the API.
  if (pollIntervalMs < 10) throw new CliError(`--poll-interval must be at least 10ms, got '${opts.pollInterval}'`, EXIT.USAGE);
  const maxPoll = Math.max(pollIntervalMs, maxPollIntervalMs);
  return { wait: Boolean(opts.wait), retainDays, timeoutMs, pollIntervalMs, maxPollIntervalMs: maxPoll, runBackup: opts.runBackup };
}

async function runDefinition(ref: string, o: RunRequestOptions, cmd: Command): Promise<void> {
  const json = globals(cmd).json;
  const client = clientFor(cmd);
  const def = await client.resolveDefinition(ref);
  const started = await client.definitions(def.kind).run(def.id, { retainDays: o.retainDays, runBackup: o.runBackup });
  if (!json) out(`started ${def.kind} '${def.name}' (${def.id}), keeping ${o.retainDays} days`);
  if (!o.wait) { if (json) printJson({ definition: def, started: true }); return; }

  let last = '';
  let job: JobDocument;
  try {
    job = await client.waitForJob(started, {
      timeoutMs: o.timeoutMs,
      pollIntervalMs: o.pollIntervalMs,
      maxPollIntervalMs: o.maxPollIntervalMs,
      onProgress: (j, ms) => {
        const line = progressLine(j, ms);
        if (!json && line.replace(/^\[[^\]]*\] /, '') !== last) { out(line); last = line.replace(/^\[[^\]]*\] /, ''); }
      },
    });
  } catch (e) {
    if (e instanceof JobFailedError || e instanceof JobTimeoutError) {
      if (json) printJson({ definition: def, job: e.job ?? null, error: e.message });
      throw new CliError(e.message);
    }
    throw e;
  }
  if (json) printJson({ definition: def, job });
  const summary = `job ${job._id} of '${def.name}' ended ${job.state}${job.message ? `: ${job.message}` : ''}`;
  if (job.state === 'COMPLETED') { if (!json) out(summary); return; }
  if (job.state === 'PARTIAL') { warn(summary); return; }
  // CANCELLED and SKIPPED took no backup: a pipeline waiting for one must not go on as if it had.
  throw new CliError(summary);
}

/** CLOUDCASA_RUN_BACKUP of a run-on-apply copy: `true` or `false` (a KubeOffload sets it); unset for backups. */
function runBackupFromEnv(kind: string): boolean | undefined {
  const v = process.env.CLOUDCASA_RUN_BACKUP;
  if (v === undefined || v === '') return undefined;
  if (v !== 'true' && v !== 'false') throw new CliError(`CLOUDCASA_RUN_BACKUP must be true or false, got '${v}'`, EXIT.USAGE);
  if (kind !== 'kubeoffloads') throw new CliError('CLOUDCASA_RUN_BACKUP applies to kubeoffloads only', EXIT.USAGE);
  return v === 'true';
}

export function registerRun(program: Command) {
  program.command('run')
    .description('run a backup or offload definition now; with --wait, follow its job to the end')
    .argument('<definition>', 'name or id, optionally prefixed kubebackups/ or kubeoffloads/')
    .option('--wait', 'wait for the job and exit non-zero unless it COMPLETED (PARTIAL only warns)')
    .option('--retain-days <n>', 'days to keep the recovery point', String(DEFAULT_RUN_RETAIN_DAYS))
    .option('--timeout <duration>', 'give up waiting after this long (e.g. 30m)', '30m')
    .option('--poll-interval <duration>', `first wait between polls, growing x1.5 (default: env CLOUDCASA_POLL_INTERVAL, else ${DEFAULT_POLL_INTERVAL_MS}ms)`,
      process.env.CLOUDCASA_POLL_INTERVAL ?? `${DEFAULT_POLL_INTERVAL_MS}ms`)
    .option('--max-poll-interval <duration>', `longest wait between polls: how late the end of a job may be seen (default: env CLOUDCASA_MAX_POLL_INTERVAL, else ${DEFAULT_MAX_POLL_INTERVAL_MS / 1000}s)`,
      process.env.CLOUDCASA_MAX_POLL_INTERVAL ?? `${DEFAULT_MAX_POLL_INTERVAL_MS / 1000}s`)
    .option('--run-backup', 'offloads: take a fresh snapshot before copying')
    .action(async (ref: string, opts: RunOpts, cmd: Command) => runDefinition(ref, parseRunOptions(opts), cmd));

  // What a KubeBackup with runOnApply runs from its local-exec provisioner. Every input comes from the
  // environment the provisioner sets (never from a command line a shell could parse): the definition's kind and
  // id (checked to be an ObjectId), retention, timeout, and the API URL (CLOUDCASA_API_URL).
  program.command('run-on-apply', { hidden: true })
    .description('run the definition named by CLOUDCASA_DEFINITION_KIND/CLOUDCASA_DEFINITION_ID and wait (used by local-exec)')
    .action(async (_opts: unknown, cmd: Command) => {
      const kind = process.env.CLOUDCASA_DEFINITION_KIND ?? 'kubebackups';
      if (kind !== 'kubebackups' && kind !== 'kubeoffloads') throw new CliError(`CLOUDCASA_DEFINITION_KIND must be kubebackups or kubeoffloads, got '${kind}'`, EXIT.USAGE);
      const id = idFromEnv('CLOUDCASA_DEFINITION_ID');
      const o = parseRunOptions({
        wait: true,
        retainDays: process.env.CLOUDCASA_RETAIN_DAYS ?? String(DEFAULT_RUN_RETAIN_DAYS),
        timeout: process.env.CLOUDCASA_RUN_TIMEOUT ?? '30m',
        pollInterval: process.env.CLOUDCASA_POLL_INTERVAL,
        maxPollInterval: process.env.CLOUDCASA_MAX_POLL_INTERVAL,
        runBackup: runBackupFromEnv(kind),
      });
      await runDefinition(`${kind}/${id}`, o, cmd);
    });
}
