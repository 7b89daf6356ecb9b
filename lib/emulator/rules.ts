import { CronExpressionParser } from 'cron-parser';
import { addIssue, Issues } from './errors';
import { Store } from './store';
import { Doc, LenientOptions } from './types';
import { isObjectId, isPlainObject, randomHex } from './util';

/** Context of the CloudCasa-specific rules, run after the schema on the final document (merged for PATCH). */
export interface RuleContext {
  mode: 'insert' | 'replace' | 'update';
  persisted?: Doc;
  /** id of the document being replaced/updated (excluded from uniqueness checks) */
  id?: string;
  store: Store;
  issues: Issues;
  origin: string;
  userEmail: string;
  orgId: string;
  lenient: LenientOptions;
}

const TIMEZONES = new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'GMT', 'Etc/UTC', 'Etc/GMT']);
const CRON_FIELDS = ['minute', 'hour', 'dayOfMonth', 'month', 'dayOfWeek'] as const;

export function isValidTimezone(tz: string): boolean {
  return TIMEZONES.has(tz);
}

/** Parses a 5-field crontab line (cron-parser alone would also take 3, 4 or 6 fields and `@daily`). */
export function parseCron(spec: string, tz?: string) {
  const parts = spec.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error('a cron spec has 5 fields');
  return CronExpressionParser.parse(parts.join(' '), { tz: tz ?? 'UTC' });
}

export function applyRules(resource: string, doc: Doc, ctx: RuleContext): void {
  // A PUT replaces the document: only Eve's auth field (org_id) survives when the client leaves it out; with
  // lenient.putKeepsServerFields, status and cc_user_email do too (docs/emulator-evidence.md#put-replaces).
  if (ctx.persisted && ctx.mode === 'replace') {
    const kept = ctx.lenient.putKeepsServerFields ? ['status', 'cc_user_email', 'org_id'] : ['org_id'];
    for (const k of kept) {
      if (!(k in doc) && k in ctx.persisted) doc[k] = ctx.persisted[k];
    }
  }
  switch (resource) {
    case 'kubeclusters': return clusterRules(doc, ctx);
    case 'kubebackups': return backupRules(doc, ctx);
    case 'kubeoffloads': return offloadRules(doc, ctx);
    case 'policies': return policyRules(doc, ctx);
    case 'kubehooks': return hookRules(doc, ctx);
    case 'objectstores': return objectstoreRules(doc, ctx);
    default: return;
  }
}

function owner(doc: Doc, ctx: RuleContext): void {
  if (ctx.mode === 'insert') {
    doc.cc_user_email = ctx.userEmail;
    doc.org_id = ctx.orgId;
  }
}

/**
 * The status of a cluster registered through the API, before its agent connects: PENDING with the agent
 * manifest's URL (docs/emulator-evidence.md#cluster-registration).
 */
export function pendingClusterStatus(origin: string): Doc {
  return { state: 'PENDING', agentURL: `${origin}/kubeclusteragents/${randomHex(16)}.yaml` };
}

function clusterRules(doc: Doc, ctx: RuleContext): void {
  owner(doc, ctx);
  // Strict: the status appears some time after the POST (index.ts schedules it), as the provider polls for it.
  if (ctx.mode === 'insert' && !doc.status && ctx.lenient.immediateClusterStatus) doc.status = pendingClusterStatus(ctx.origin);
}

function triggerNeedsPolicy(doc: Doc, ctx: RuleContext, allowCopydef: boolean): void {
  // For copy backups the provider moves the policy to the kubeoffload and clears it here
  // (docs/emulator-evidence.md#rules).
  if (doc.trigger_type === 'SCHEDULED' && !doc.policy && !(allowCopydef && doc.copydef)) {
    addIssue(ctx.issues, ['policy'], 'required field');
  }
}

function definitionStatus(doc: Doc, ctx: RuleContext): void {
  owner(doc, ctx);
  // Strict: a fresh definition has no status until its first run, as captured (docs/emulator-evidence.md#shapes).
  if (ctx.mode === 'insert' && ctx.lenient.statusOnCreate) doc.status = { jobs: [], last_job_run_time: 0 };
}

function backupRules(doc: Doc, ctx: RuleContext): void {
  definitionStatus(doc, ctx);
  triggerNeedsPolicy(doc, ctx, true);
  if (ctx.persisted && doc.cluster !== undefined && ctx.persisted.cluster !== doc.cluster) {
    // The cluster of a backup definition cannot change (the provider raises an error instead of replacing).
    addIssue(ctx.issues, ['cluster'], 'field is read-only');
  }
  const src = doc.source;
  if (isPlainObject(src) && (src.namespaces === undefined || Array.isArray(src.namespaces))) {
    const listed = Array.isArray(src.namespaces) && src.namespaces.length > 0;
    // exactly one way of choosing namespaces, as the provider enforces client-side (docs/emulator-evidence.md#rules)
    if (src.all_namespaces === true && listed) {
      addIssue(ctx.issues, ['source', 'namespaces'], 'must be empty when all_namespaces is true');
    } else if (src.all_namespaces !== true && !listed) {
      addIssue(ctx.issues, ['source', 'namespaces'], 'required field');
    }
  }
  for (const field of ['pre_hooks', 'post_hooks']) {
    const list = doc[field];
    if (!Array.isArray(list)) continue;
    list.forEach((h: Doc, i: number) => {
      if (!isPlainObject(h) || h.template === true || !Array.isArray(h.hooks)) return;
      h.hooks.forEach((id: unknown, j: number) => {
        if (!isObjectId(id)) {addIssue(ctx.issues, [field, i, 'hooks', j], 'must be of objectid type');} else if (!ctx.store.get('kubehooks', id)) {
          addIssue(ctx.issues, [field, i, 'hooks', j], `value '${id}' must exist in resource 'kubehooks', field '_id'.`);
        }
      });
    });
  }
}

function offloadRules(doc: Doc, ctx: RuleContext): void {
  definitionStatus(doc, ctx);
  triggerNeedsPolicy(doc, ctx, false);
  const backup = isObjectId(doc.backupdef) ? ctx.store.get('kubebackups', doc.backupdef) : undefined;
  if (!backup) return;
  const clientCluster = doc.cluster;
  const persistedCluster = ctx.persisted?.cluster;
  if (clientCluster !== undefined && clientCluster !== backup.cluster && clientCluster !== persistedCluster) {
    addIssue(ctx.issues, ['cluster'], 'field is read-only');
  }
  doc.cluster = backup.cluster;
}

function policyRules(doc: Doc, ctx: RuleContext): void {
  owner(doc, ctx);
  if (typeof doc.timezone === 'string' && !isValidTimezone(doc.timezone)) {
    addIssue(ctx.issues, ['timezone'], `unallowed value ${doc.timezone}`);
  }
  if (!Array.isArray(doc.schedules)) return;
  doc.schedules.forEach((s: Doc, i: number) => {
    const sched = isPlainObject(s) ? s.schedule : undefined;
    if (!isPlainObject(sched)) return;
    let spec: string;
    if (typeof sched.cronSpec === 'string' && sched.cronSpec.trim()) {
      spec = sched.cronSpec.trim().split(/\s+/).join(' ');
    } else {
      const missing = CRON_FIELDS.filter((f) => typeof sched[f] !== 'string' || !sched[f].trim());
      if (missing.length) {
        // without cronSpec all five split fields are needed (docs/emulator-evidence.md#rules)
        for (const f of missing) addIssue(ctx.issues, ['schedules', i, 'schedule', f], 'required field');
        return;
      }
      spec = CRON_FIELDS.map((f) => sched[f].trim()).join(' ');
    }
    try {
      parseCron(spec);
    } catch (e) {
      addIssue(ctx.issues, ['schedules', i, 'schedule', 'cronSpec'], `invalid cron spec '${spec}'`);
      return;
    }
    // cronSpec wins over split fields; the response echoes both forms (docs/cloudcasa.md#policy-schedules).
    const parts = spec.split(' ');
    s.schedule = { cronSpec: spec };
    CRON_FIELDS.forEach((f, k) => { s.schedule[f] = parts[k]; });
  });
}

/** The sample response shows `/bin/uname -a` stored as `uname -a`: the basename of an absolute first word. */
export function normaliseCommand(cmd: string): string {
  const m = /^(\s*)(\S+)(.*)$/s.exec(cmd);
  if (!m || !m[2].startsWith('/')) return cmd;
  const base = m[2].split('/').filter(Boolean).pop() ?? m[2];
  return `${m[1]}${base}${m[3]}`.trim();
}

function hookRules(doc: Doc, ctx: RuleContext): void {
  owner(doc, ctx);
  if (!Array.isArray(doc.hook)) return;
  for (const h of doc.hook) {
    if (!isPlainObject(h) || !Array.isArray(h.target)) continue;
    for (const t of h.target) if (isPlainObject(t) && typeof t.command === 'string') t.command = normaliseCommand(t.command);
  }
}

/** The objectstore identity (TA: uniqueness is provider type + region + prefix + bucket, not name). */
export function objectstoreKey(d: Doc): string {
  return JSON.stringify([d.provider_type ?? null, d.region ?? null, d.bucket_name ?? null, d.prefix ?? null]);
}

function objectstoreRules(doc: Doc, ctx: RuleContext): void {
  owner(doc, ctx);
  if (doc.provider_type === 'aws' && !doc.bucket_name) addIssue(ctx.issues, ['bucket_name'], 'required field');
  if (doc.provider_type === 'azure') {
    // from the provider's Azure attributes (docs/emulator-evidence.md#rules)
    if (!doc.region) addIssue(ctx.issues, ['region'], 'required field');
    for (const f of ['resource_group_name', 'storage_account_name']) {
      if (!isPlainObject(doc.s3provider) || !doc.s3provider[f]) addIssue(ctx.issues, ['s3provider', f], 'required field');
    }
  }
  if (doc.private === true && !(Array.isArray(doc.proxy_cluster_list) && doc.proxy_cluster_list.length)) {
    addIssue(ctx.issues, ['proxy_cluster_list'], 'required field');
  }
  const key = objectstoreKey(doc);
  const dup = ctx.store.all('objectstores').some((o) => o._id !== ctx.id && objectstoreKey(o) === key);
  if (dup) {
    // reported on bucket_name, the most specific part of the key (docs/emulator-evidence.md#rules)
    addIssue(ctx.issues, ['bucket_name'], `value '${doc.bucket_name ?? ''}' is not unique`);
  }
}
