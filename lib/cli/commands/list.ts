import { Command, Option } from 'commander';
import { CloudCasaClient, Doc, JobDocument, KubeBackupDocument, KubeClusterDocument, KubeOffloadDocument, PolicyDocument } from '../../client';
import { ListOptions, ReadOnlyCollection } from '../../client/collection';
import { DEFAULT_TRIGGER_TYPE } from '../../validate/spec-format';
import { clientFor, CliError, EXIT, globals } from '../context';
import { Column, duration, epoch, jsonArrayWriter, tableWriter, truncate } from '../output';
import { parseWhereArgs } from '../where-args';

interface ListOpts { where?: string[]; sort?: string; limit?: string }

const RESOURCES = ['jobs', 'backups', 'offloads', 'policies', 'clusters', 'hooks', 'objectstores', 'backupinstances'] as const;
type Resource = typeof RESOURCES[number];

const jobColumns: Array<Column<Doc<JobDocument>>> = [
  { header: 'JOB', value: j => j._id },
  { header: 'DEFINITION', value: j => j.backupdef_name },
  { header: 'TYPE', value: j => j.type },
  { header: 'STATE', value: j => j.state },
  { header: 'STARTED', value: j => epoch(j.start_time) },
  { header: 'DURATION', value: j => duration(j.start_time && ((j.end_time ?? Date.now() / 1000) - j.start_time)) },
  { header: 'MESSAGE', value: j => truncate(j.message, 60) },
];

const columns: Record<Exclude<Resource, 'jobs'>, Array<Column<any>>> = {
  backups: [
    { header: 'NAME', value: (b: Doc<KubeBackupDocument>) => b.name }, { header: 'ID', value: b => b._id },
    { header: 'TRIGGER', value: b => b.trigger_type ?? DEFAULT_TRIGGER_TYPE }, { header: 'POLICY', value: b => b.policy },
    { header: 'PAUSED', value: b => b.pause }, { header: 'LAST RUN', value: b => epoch(b.status?.last_job_run_time) },
    { header: 'LAST STATE', value: b => b.status?.jobs?.[0]?.state },
  ],
  offloads: [
    { header: 'NAME', value: (o: Doc<KubeOffloadDocument>) => o.name }, { header: 'ID', value: o => o._id },
    { header: 'BACKUP', value: o => o.backupdef }, { header: 'TRIGGER', value: o => o.trigger_type ?? DEFAULT_TRIGGER_TYPE },
    { header: 'TARGET', value: o => o.offload_provider?.user_objectstore ?? [o.offload_provider?.type, o.offload_provider?.region].filter(Boolean).join('/') },
    { header: 'LAST RUN', value: o => epoch(o.status?.last_job_run_time) },
  ],
  policies: [
    { header: 'NAME', value: (p: Doc<PolicyDocument>) => p.name }, { header: 'ID', value: p => p._id }, { header: 'TIMEZONE', value: p => p.timezone },
    { header: 'SCHEDULES', value: (p: Doc<PolicyDocument>) => (p.schedules ?? []).map(s => `${s.schedule?.cronSpec} keep ${s.retainDays}d${s.locked ? ' locked' : ''}`).join(', ') },
  ],
  clusters: [
    { header: 'NAME', value: (c: Doc<KubeClusterDocument>) => c.name }, { header: 'ID', value: c => c._id },
    { header: 'STATE', value: c => c.status?.state }, { header: 'DESCRIPTION', value: c => c.description },
  ],
  hooks: [
    { header: 'NAME', value: (h: any) => h.name }, { header: 'ID', value: h => h._id }, { header: 'TYPE', value: h => h.hook_type },
  ],
  objectstores: [
    { header: 'NAME', value: (o: any) => o.name }, { header: 'ID', value: o => o._id }, { header: 'PROVIDER', value: o => o.provider_type },
    { header: 'BUCKET', value: o => o.bucket_name }, { header: 'REGION', value: o => o.region },
  ],
  backupinstances: [
    { header: 'NAME', value: (b: any) => b.name }, { header: 'ID', value: b => b._id }, { header: 'TYPE', value: b => b.type },
    { header: 'STATE', value: b => b.state }, { header: 'DEFINITION', value: b => b.backupdef_name }, { header: 'EXPIRES', value: b => epoch(b.expiry_timestamp) },
  ],
};

function collection(client: CloudCasaClient, what: Exclude<Resource, 'jobs'>) {
  return {
    backups: client.kubebackups,
    offloads: client.kubeoffloads,
    policies: client.policies,
    clusters: client.kubeclusters,
    hooks: client.kubehooks,
    objectstores: client.objectstores,
    backupinstances: client.backupinstances,
  }[what];
}

function limitOf(opts: ListOpts, fallback?: number): number | undefined {
  if (opts.limit === undefined) return fallback;
  const n = Number(opts.limit);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--limit must be a whole number ≥ 1, got '${opts.limit}'`, EXIT.USAGE);
  return n;
}

function whereOf(opts: ListOpts) {
  try { return opts.where ? parseWhereArgs(opts.where) : undefined; } catch (e) { throw new CliError((e as Error).message, EXIT.USAGE); }
}

/** The largest page CloudCasa serves (a captured listing showed `max_results: 1000`; docs/eve-behaviour.md). */
export const MAX_PAGE_SIZE = 1000;

/**
 * Prints a listing as its pages arrive (a table sized by the first page, or a JSON array), in pages as large as the
 * API allows, or just as large as `--limit`, and stops at the limit.
 */
async function printListing<T>(cmd: Command, coll: ReadOnlyCollection<T>, opts: ListOptions<T>, cols: Array<Column<any>>) {
  const json = globals(cmd).json;
  const limit = opts.limit;
  const maxResults = Math.min(MAX_PAGE_SIZE, limit ?? MAX_PAGE_SIZE);
  const jsonOut = json ? jsonArrayWriter() : undefined;
  const tableOut = json ? undefined : tableWriter(cols);
  let seen = 0;
  let headed = false;
  for await (const page of coll.pages({ ...opts, maxResults })) {
    const items = limit === undefined ? page._items : page._items.slice(0, limit - seen);
    seen += items.length;
    if (jsonOut) {
      for (const item of items) jsonOut.item(item);
    } else if (items.length || !headed) {
      const lines = headed ? tableOut!.rows(items) : [tableOut!.header(items), ...tableOut!.rows(items)];
      headed = true;
      process.stdout.write(`${lines.join('\n')}\n`);
    }
    if (limit !== undefined && seen >= limit) break;
  }
  if (jsonOut) jsonOut.end();
  else if (!headed) process.stdout.write(`${tableOut!.header([])}\n`);
}

/** Lists jobs; shared by `list jobs` and `jobs list`. */
export async function listJobs(cmd: Command, opts: ListOpts) {
  const client = clientFor(cmd);
  await printListing(cmd, client.jobs, { where: whereOf(opts) as any, sort: opts.sort ?? '-start_time', limit: limitOf(opts, 20) }, jobColumns);
}

function listOptions(c: Command): Command {
  return c
    .addOption(new Option('--where <filter...>', 'filter: KEY VALUE, KEY=VALUE pairs, or Eve JSON (e.g. --where backupdef_name nightly)'))
    .option('--sort <fields>', 'Eve sort, e.g. -start_time or name')
    .option('--limit <n>', 'show at most N items (jobs default to 20)');
}

export function registerList(program: Command) {
  listOptions(program.command('list')
    .description(`list CloudCasa objects: ${RESOURCES.join(', ')}`)
    .argument('<what>', RESOURCES.join(' | ')))
    .action(async (what: string, opts: ListOpts, cmd: Command) => {
      if (!(RESOURCES as readonly string[]).includes(what)) {
        throw new CliError(`unknown list '${what}': choose one of ${RESOURCES.join(', ')}`, EXIT.USAGE);
      }
      if (what === 'jobs') return listJobs(cmd, opts);
      const r = what as Exclude<Resource, 'jobs'>;
      const coll = collection(clientFor(cmd), r) as ReadOnlyCollection<any>;
      await printListing(cmd, coll, { where: whereOf(opts), sort: opts.sort, limit: limitOf(opts) }, columns[r]);
    });

  const jobs = program.command('jobs').description('jobs: runs of backup definitions');
  listOptions(jobs.command('list').description('list jobs, newest first')).action((opts: ListOpts, cmd: Command) => listJobs(cmd, opts));
}
