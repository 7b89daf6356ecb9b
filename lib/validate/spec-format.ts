// The document the constructs put into the `external` data source's query (`spec`), and its parser. Every
// value in it is known at plan time: objects created in the same apply appear as `{ inStack: <name> }`, never
// as a Terraform reference, so the data source is read during plan instead of being deferred to apply.

/** Version of the spec format; the CLI refuses specs it does not know. */
export const SPEC_VERSION = 1;

// Values both sides of plan-time validation agree on: the constructs that write the spec and the CLI and client
// that read it and talk to CloudCasa. They live here because this module is the one both sides import.

/** The fixed logical id of the plan-time `external` data source (`data.external.cloudcasa_validation`). */
export const VALIDATION_DATA_SOURCE_ID = 'cloudcasa_validation';

/** The SaaS API root (docs/cloudcasa.md#api-root): where the client, the CLI and the provider go when told nothing else. */
export const DEFAULT_API_URL = 'https://api.cloudcasa.io/api/v1';

/** Days a recovery point of an on-demand run is kept when nobody says otherwise (as the official provider). */
export const DEFAULT_RUN_RETAIN_DAYS = 7;

/** CloudCasa's trigger types of backup and copy definitions. */
export const TRIGGER = { ADHOC: 'ADHOC', SCHEDULED: 'SCHEDULED' } as const;
export type TriggerType = typeof TRIGGER[keyof typeof TRIGGER];
/** Every trigger type, for checks and messages. */
export const TRIGGER_TYPES: readonly TriggerType[] = [TRIGGER.ADHOC, TRIGGER.SCHEDULED];
/** The trigger type CloudCasa assumes for a definition stored without `trigger_type`. */
export const DEFAULT_TRIGGER_TYPE: TriggerType = TRIGGER.SCHEDULED;

/**
 * A reference to a CloudCasa object, as far as it is known at plan time. Exactly one key is set:
 * `id` (e.g. `KubeCluster.fromClusterId`), `name` (`fromName` look-ups), `inStack` (an object created by the same
 * stack, by name) or `unresolved` (a value only Terraform knows, described for the notes).
 */
export interface ObjectRef {
  readonly id?: string;
  readonly name?: string;
  readonly inStack?: string;
  readonly unresolved?: string;
}

/** One KubeBackup of the stack. */
export interface BackupSpec {
  /** Construct path, e.g. `prod/Apps`. */
  readonly path: string;
  readonly name: string;
  readonly cluster: ObjectRef;
  readonly allNamespaces: boolean;
  readonly namespaces?: string[];
  readonly excludedNamespaces?: string[];
  readonly triggerType: string;
  readonly policy?: ObjectRef;
}

/** One KubeOffload of the stack. */
export interface OffloadSpec {
  readonly path: string;
  readonly name: string;
  /** The backup copied: `inStack` names a KubeBackup of the same stack. */
  readonly backup: ObjectRef;
  readonly triggerType: string;
  readonly policy?: ObjectRef;
}

/** Where namespace lists come from (chosen with `PlanValidation` on the provider). */
export interface NamespaceSourceSpec {
  /** `auto`, `kubeconfig`, `static` or `none`. */
  readonly mode: string;
  /** kubeconfig: the file (else `KUBECONFIG`, else `~/.kube/config`). */
  readonly path?: string;
  /** kubeconfig: cluster name or id → context name (default: the cluster's name). */
  readonly contexts?: Record<string, string>;
  /** static: cluster name or id → namespaces. */
  readonly namespaces?: Record<string, string[]>;
}

/**
 * An object the stack declares by name (any construct that creates one). When CloudCasa already has an object of
 * that name — created by a lost reply, a killed apply, or by hand — the plan imports it instead of failing to
 * create a duplicate (names are unique per collection).
 */
export interface AdoptableSpec {
  /** The key of the result entry (`adopt_<key>`): the restful resource's logical id. */
  readonly key: string;
  /** The collection, e.g. `kubebackups`. */
  readonly collection: string;
  readonly name: string;
  /** The configured body's shape, every leaf `null`: restful's import spec tracks exactly these fields. */
  readonly body: Record<string, unknown>;
}

export interface ValidationSpec {
  readonly version: number;
  /** The stack's name, for messages. */
  readonly stack?: string;
  readonly namespaceSource: NamespaceSourceSpec;
  readonly backups: BackupSpec[];
  readonly offloads: OffloadSpec[];
  /** Objects to adopt when they already exist. @default - none */
  readonly adopt?: AdoptableSpec[];
}

/** Collections whose objects can be adopted by name. */
export const ADOPTABLE_COLLECTIONS = ['policies', 'kubeclusters', 'kubehooks', 'objectstores', 'kubebackups', 'kubeoffloads'] as const;

export const NAMESPACE_MODES = ['auto', 'kubeconfig', 'static', 'none'];

/** Parses and checks the shape of a spec (JSON text or an object); throws an Error naming the first problem. */
export function parseSpec(input: string | unknown): ValidationSpec {
  let doc: any = input;
  if (typeof input === 'string') {
    try {
      doc = JSON.parse(input);
    } catch (e) {
      throw new Error(`the validation spec is not valid JSON: ${(e as Error).message}`);
    }
  }
  const fail = (what: string): never => {
    throw new Error(`the validation spec is malformed: ${what}. Re-synthesize the stack with the same cdktf-cloudcasa version as the CLI.`);
  };
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) fail('expected a JSON object');
  if (doc.version !== SPEC_VERSION) fail(`version ${JSON.stringify(doc.version)} is not supported (this CLI reads version ${SPEC_VERSION})`);
  const ns = doc.namespaceSource ?? { mode: 'auto' };
  if (!NAMESPACE_MODES.includes(ns.mode)) fail(`namespaceSource.mode ${JSON.stringify(ns.mode)} is not one of ${NAMESPACE_MODES.join(', ')}`);
  for (const key of ['backups', 'offloads', 'adopt']) {
    if (doc[key] !== undefined && !Array.isArray(doc[key])) fail(`'${key}' must be a list`);
  }
  const backups: BackupSpec[] = doc.backups ?? [];
  const offloads: OffloadSpec[] = doc.offloads ?? [];
  backups.forEach((b, i) => {
    if (!b || typeof b.path !== 'string' || typeof b.name !== 'string' || !isRef(b.cluster)) fail(`backups[${i}] needs path, name and cluster`);
  });
  offloads.forEach((o, i) => {
    if (!o || typeof o.path !== 'string' || typeof o.name !== 'string' || !isRef(o.backup)) fail(`offloads[${i}] needs path, name and backup`);
  });
  const adopt: AdoptableSpec[] = doc.adopt ?? [];
  adopt.forEach((a, i) => {
    if (!a || typeof a.key !== 'string' || !/^[A-Za-z0-9_-]+$/.test(a.key) || typeof a.name !== 'string'
      || !(ADOPTABLE_COLLECTIONS as readonly string[]).includes(a.collection) || !a.body || typeof a.body !== 'object') {
      fail(`adopt[${i}] needs key, a collection of ${ADOPTABLE_COLLECTIONS.join(', ')}, name and body`);
    }
  });
  return { version: SPEC_VERSION, stack: doc.stack, namespaceSource: ns, backups, offloads, adopt };
}

function isRef(r: any): r is ObjectRef {
  return !!r && typeof r === 'object' && ['id', 'name', 'inStack', 'unresolved'].some((k) => typeof r[k] === 'string');
}

/** `id "…"`, `name "…"`, … for messages. */
export function describeRef(r: ObjectRef | undefined): string {
  if (!r) return 'none';
  if (r.id !== undefined) return `id "${r.id}"`;
  if (r.name !== undefined) return `name "${r.name}"`;
  if (r.inStack !== undefined) return `"${r.inStack}" (created by this stack)`;
  return `${r.unresolved} (known only at apply time)`;
}
