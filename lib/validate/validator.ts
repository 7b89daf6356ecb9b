import { performance } from 'node:perf_hooks';
import { namespaceSourceFromSpec, NamespaceAnswer, NamespaceSource } from './namespaces';
import { choices, didYouMean, Findings, ValidationReport } from './report';
import {
  AdoptableSpec, BackupSpec, DEFAULT_TRIGGER_TYPE, describeRef, ObjectRef, OffloadSpec, parseSpec, TRIGGER, TRIGGER_TYPES, ValidationSpec,
} from './spec-format';
import type { CloudCasaClient } from '../client';

export interface ValidateOptions {
  /** The CloudCasa API client (its key comes from the environment in the CLI). */
  readonly client: CloudCasaClient;
  /** Where namespaces come from. @default - what the spec's `namespaceSource` asks for */
  readonly namespaces?: NamespaceSource;
  /** A kubeconfig that overrides the spec's namespace source (the CLI's `--kubeconfig`). @default - none */
  readonly kubeconfig?: string;
  /** Environment for `KUBECONFIG` look-ups. @default process.env */
  readonly env?: Record<string, string | undefined>;
  /** Page size of the collection reads. @default 500 */
  readonly pageSize?: number;
}

interface Named { _id: string; name: string; [k: string]: any }

/**
 * Reads each collection once per run, whole, with only the fields the rules need: the cost is
 * O(collections + clusters) requests, whatever the number of definitions.
 */
class ApiCache {
  requests = 0;
  private readonly cache = new Map<string, Promise<Named[]>>();
  constructor(private readonly client: CloudCasaClient, private readonly pageSize: number) {}

  list(name: 'kubeclusters' | 'policies' | 'kubebackups' | 'kubeoffloads' | 'kubehooks' | 'objectstores', projection: Record<string, 1>): Promise<Named[]> {
    let p = this.cache.get(name);
    if (!p) {
      p = (async () => {
        const out: Named[] = [];
        // Bounded by the client: a server that always advertises another page ends in an error, not a loop.
        for await (const res of (this.client[name] as any).pages({ maxResults: this.pageSize, projection })) {
          this.requests++;
          out.push(...res._items);
        }
        return out;
      })();
      this.cache.set(name, p);
    }
    return p;
  }
}

/**
 * The objects the stack declares that CloudCasa already has, by name: one listing (names only) per collection
 * involved. Each found object becomes restful's import spec, tracking exactly the configured fields, so the
 * plan imports it and then updates it to the configuration instead of failing to create a duplicate.
 */
async function findAdoptions(adoptables: AdoptableSpec[], api: ApiCache): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const collections = [...new Set(adoptables.map((a) => a.collection))] as Array<Parameters<ApiCache['list']>[0]>;
  const lists = new Map(await Promise.all(collections.map(async (c) => [c, await api.list(c, { name: 1 })] as const)));
  for (const a of adoptables) {
    const found = lists.get(a.collection as Parameters<ApiCache['list']>[0])?.find((d) => d.name === a.name && /^[0-9a-f]{24}$/.test(String(d._id)));
    out[a.key] = found ? JSON.stringify({ id: `${a.collection}/${found._id}`, path: a.collection, body: a.body }) : '';
  }
  return out;
}

/** The cluster a backup resolved to, and the key its namespace answer is cached under. */
interface ResolvedCluster { key: string; name: string; id?: string }

/**
 * Checks a stack's backups and offloads against CloudCasa (and the clusters' namespaces) before anything is
 * written: clusters exist and are ACTIVE, namespaces exist, policies exist, triggers and policies agree.
 * Never throws for a finding; throws when the API cannot be read (the plan must not go on unchecked).
 */
export async function validateSpec(input: ValidationSpec | string, opts: ValidateOptions): Promise<ValidationReport> {
  const started = performance.now();
  const spec = parseSpec(input);
  const f = new Findings();
  const source = opts.namespaces ?? namespaceSourceFromSpec(spec.namespaceSource, { kubeconfig: opts.kubeconfig, env: opts.env });
  const api = new ApiCache(opts.client, opts.pageSize ?? 500);
  const where = spec.stack ?? 'stack';
  if (source.note) f.remark('note', where, 'planValidation', source.note);

  const all = [...spec.backups, ...spec.offloads];
  for (const d of all) checkTrigger(f, d);

  const refs = (pick: (d: any) => ObjectRef | undefined, list: any[]) => list.map(pick).filter((r): r is ObjectRef => !!r);
  const wanted = (rs: ObjectRef[]) => rs.some((r) => r.id !== undefined || r.name !== undefined);
  const [clusters, policies, backups] = await Promise.all([
    wanted(refs((b: BackupSpec) => b.cluster, spec.backups)) ? api.list('kubeclusters', { name: 1, status: 1 }) : [],
    wanted(refs((d) => d.policy, all)) ? api.list('policies', { name: 1 }) : [],
    wanted(refs((o: OffloadSpec) => o.backup, spec.offloads)) ? api.list('kubebackups', { name: 1, trigger_type: 1, policy: 1 }) : [],
  ]);

  // Clusters, then each cluster's namespaces once (in parallel).
  const byKey = new Map<string, { cluster: ResolvedCluster; users: BackupSpec[] }>();
  const resolvedOf = new Map<BackupSpec, ResolvedCluster>();
  for (const b of spec.backups) {
    const c = resolveCluster(f, b, clusters);
    if (!c) continue;
    resolvedOf.set(b, c);
    const entry = byKey.get(c.key) ?? { cluster: c, users: [] };
    entry.users.push(b);
    byKey.set(c.key, entry);
  }
  const answers = new Map<string, NamespaceAnswer>();
  await Promise.all([...byKey.entries()].map(async ([key, { cluster }]) => {
    answers.set(key, await source.namespaces({ name: cluster.name, id: cluster.id }));
  }));
  for (const [key, { cluster, users }] of byKey) {
    const answer = answers.get(key)!;
    const first = users[0].path;
    const others = users.length > 1 ? ` (and ${users.length - 1} more definition${users.length > 2 ? 's' : ''} on this cluster)` : '';
    if (answer.skipped && !source.note) f.remark('note', first, 'namespaces', `${answer.skipped}${others}`);
    if (answer.problem) f.remark(answer.problem.severity, first, 'namespaces', `${answer.problem.message}${others}`);
    if (!answer.namespaces) continue;
    const existing = new Set(answer.namespaces);
    for (const b of users) {
      for (const [list, verb] of [[b.namespaces, 'names'], [b.excludedNamespaces, 'excludes']] as const) {
        for (const n of list ?? []) {
          if (existing.has(n)) continue;
          const hint = didYouMean(n, existing);
          f.add('error', b.path, 'namespaces', JSON.stringify(n), `${verb} a namespace that does not exist in cluster "${cluster.name}"`,
            `${hint ? `Did you mean "${hint}"? ` : ''}Namespaces in "${cluster.name}": ${choices(existing)}.`);
        }
      }
    }
  }

  for (const d of all) checkPolicy(f, d, policies);
  const stackBackups = new Map(spec.backups.map((b) => [b.name, b]));
  for (const o of spec.offloads) checkOffloadBackup(f, o, stackBackups, backups);
  const adopt = await findAdoptions(spec.adopt ?? [], api);

  return {
    errors: f.of('error'),
    warnings: f.of('warning'),
    notes: f.of('note'),
    checked: all.length,
    requests: api.requests + source.requests,
    durationMs: Math.round(performance.now() - started),
    adopt,
  };
}

function checkTrigger(f: Findings, d: BackupSpec | OffloadSpec): void {
  if (!(TRIGGER_TYPES as readonly string[]).includes(d.triggerType)) {
    const hint = didYouMean(String(d.triggerType).toUpperCase(), TRIGGER_TYPES);
    f.add('error', d.path, 'trigger', JSON.stringify(d.triggerType), 'has an unknown trigger type',
      `${hint ? `Did you mean "${hint}"? ` : ''}Allowed: ${TRIGGER_TYPES.map((t) => JSON.stringify(t)).join(', ')} (Trigger.adhoc() or Trigger.scheduled(policy)).`);
  } else if (d.triggerType === TRIGGER.SCHEDULED && !d.policy) {
    f.add('error', d.path, 'trigger', '"SCHEDULED" without a policy', 'is SCHEDULED but names no policy',
      'CloudCasa requires a policy for scheduled definitions: pass one to Trigger.scheduled(policy), or use Trigger.adhoc().');
  } else if (d.triggerType === TRIGGER.ADHOC && d.policy) {
    f.add('warning', d.path, 'trigger', `"ADHOC" with policy ${describeRef(d.policy)}`, 'is ADHOC, so CloudCasa ignores its policy',
      'Use Trigger.scheduled(policy) to run on the policy, or drop the policy.');
  }
}

function resolveCluster(f: Findings, b: BackupSpec, clusters: Named[]): ResolvedCluster | undefined {
  const r = b.cluster;
  if (r.unresolved !== undefined) {
    f.remark('note', b.path, 'cluster', `the cluster is ${describeRef(r)}, so it and its namespaces were not checked`);
    return undefined;
  }
  if (r.inStack !== undefined) return { key: `new:${r.inStack}`, name: r.inStack };
  const found = r.id !== undefined ? clusters.find((c) => c._id === r.id) : clusters.find((c) => c.name === r.name);
  if (!found) {
    const hint = r.name !== undefined ? didYouMean(r.name, clusters.map((c) => c.name)) : undefined;
    const known = clusters.map((c) => (r.id !== undefined ? `${c.name} (${c._id})` : c.name));
    f.add('error', b.path, 'cluster', describeRef(r), 'refers to a cluster that is not registered with CloudCasa',
      `${hint ? `Did you mean "${hint}"? ` : ''}Registered clusters: ${choices(known) || 'none'}.`);
    return undefined;
  }
  const state = found.status?.state;
  if (state !== 'ACTIVE' && !f.items.some((x) => x.field === 'cluster' && x.value === `"${found.name}" in state ${JSON.stringify(state ?? 'unknown')}`)) {
    f.add('warning', b.path, 'cluster', `"${found.name}" in state ${JSON.stringify(state ?? 'unknown')}`, 'is not ACTIVE',
      'Backups of this cluster fail until its CloudCasa agent is installed and connected (kubectl apply -f <status.agentURL>).');
  }
  return { key: found._id, name: found.name, id: found._id };
}

function checkPolicy(f: Findings, d: BackupSpec | OffloadSpec, policies: Named[]): void {
  const r = d.policy;
  if (!r || r.inStack !== undefined) return;
  if (r.unresolved !== undefined) {
    f.remark('note', d.path, 'trigger', `the policy is ${describeRef(r)}, so its existence was not checked`);
    return;
  }
  const found = r.id !== undefined ? policies.some((p) => p._id === r.id) : policies.some((p) => p.name === r.name);
  if (found) return;
  const hint = r.name !== undefined ? didYouMean(r.name, policies.map((p) => p.name)) : undefined;
  const known = policies.map((p) => (r.id !== undefined ? `${p.name} (${p._id})` : p.name));
  f.add('error', d.path, 'trigger', `policy ${describeRef(r)}`, 'refers to a policy that does not exist (deleted?)',
    `${hint ? `Did you mean "${hint}"? ` : ''}Policies: ${choices(known) || 'none'}.`);
}

function checkOffloadBackup(f: Findings, o: OffloadSpec, stack: Map<string, BackupSpec>, backups: Named[]): void {
  const r = o.backup;
  let backupTrigger: string | undefined;
  let backupName: string;
  if (r.unresolved !== undefined) {
    f.remark('note', o.path, 'backup', `the backup is ${describeRef(r)}, so it was not checked`);
    return;
  } else if (r.inStack !== undefined) {
    backupName = r.inStack;
    backupTrigger = stack.get(r.inStack)?.triggerType;
  } else {
    const found = r.id !== undefined ? backups.find((b) => b._id === r.id) : backups.find((b) => b.name === r.name);
    if (!found) {
      const hint = r.name !== undefined ? didYouMean(r.name, backups.map((b) => b.name)) : undefined;
      f.add('error', o.path, 'backup', describeRef(r), 'refers to a backup definition that does not exist (deleted?)',
        `${hint ? `Did you mean "${hint}"? ` : ''}Pass an existing KubeBackup, or KubeBackup.fromBackupId() with the id of one listed by \`casa list backups\`.`);
      return;
    }
    backupName = found.name;
    backupTrigger = found.trigger_type ?? DEFAULT_TRIGGER_TYPE;
  }
  if (backupTrigger === TRIGGER.SCHEDULED && o.triggerType === TRIGGER.SCHEDULED) {
    f.add('warning', o.path, 'trigger', `"SCHEDULED", and backup "${backupName}" is SCHEDULED too`,
      'duplicates the schedule: for copy backups CloudCasa expects the policy on the copy only',
      'Use Trigger.adhoc() on the KubeBackup and keep the policy on the KubeOffload.');
  }
}
