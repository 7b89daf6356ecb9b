import { Field, Schema } from './validation';

/** Static description of one CloudCasa collection (docs/cloudcasa.md#resources). */
export interface ResourceDef {
  name: string;
  /** The item title CloudCasa's captures show (`policy`, `kubebackup`): docs/emulator-evidence.md#shapes. */
  itemTitle: string;
  /** Eve's default item_title: the URL with trailing `s` stripped, capitalised (`policies` → `Policie`). */
  eveItemTitle: string;
  /** PATCH is accepted (evidenced for kubebackups and policies only: docs/emulator-evidence.md#item-methods). */
  patchable: boolean;
  schema: Schema;
  /** jobs and backupinstances are written by the server only */
  readOnly: boolean;
  /** dotted paths whose data_relation is embeddable */
  embeddable: Record<string, string>;
  /** top-level data_relation fields → target resource (Eve builds `_links.related` from these only) */
  relations: Record<string, string>;
}

const str: Field = { type: 'string' };
const bool: Field = { type: 'boolean' };
const strList: Field = { type: 'list', items: str };
const tags: Field = { type: 'dict', valuesrules: str };
const rel = (resource: string, extra: Partial<Field> = {}): Field => ({ type: 'objectid', relation: { resource, embeddable: true }, ...extra });
// Server-managed fields: Eve's readonly rule (an error only when the value differs from the stored one). `org_id`,
// Eve's auth field, is not in the schema: the server sets it, and a client that sends it gets `unknown field`
// (docs/emulator-evidence.md#put-replaces).
const serverFields: Schema = {
  cc_user_email: { type: 'string', readonly: true },
};
const statusField: Field = { type: 'dict', readonly: true, allowUnknown: true };

const hookRef: Field = {
  type: 'dict',
  schema: {
    template: { type: 'boolean', default: false },
    namespaces: strList,
    // template hooks are predefined and are not kubehooks documents, so ids are checked in rules.ts
    hooks: { type: 'list', required: true, items: str },
  },
};

const kubeclusters: Schema = {
  name: { type: 'string', required: true, unique: true, minlength: 1 },
  description: str,
  tags,
  image_pull_secret_name: str,
  container_registry: str,
  backup_provider: { type: 'dict', schema: { user_objectstore: rel('objectstores') } },
  status: statusField,
  ...serverFields,
};

const kubebackups: Schema = {
  name: { type: 'string', required: true, unique: true, minlength: 1 },
  description: str,
  tags,
  cluster: rel('kubeclusters', { required: true }),
  trigger_type: { type: 'string', allowed: ['ADHOC', 'SCHEDULED'], default: 'SCHEDULED' },
  // null only with lenient.nullableLinks: nothing shows CloudCasa accepts it (docs/emulator-evidence.md#null)
  policy: rel('policies', { lenientNullable: true }),
  copydef: rel('kubeoffloads', { lenientNullable: true }),
  copy_policy: rel('policies', { lenientNullable: true }),
  source: {
    type: 'dict',
    required: true,
    schema: {
      all_namespaces: bool,
      namespaces: strList,
      // defaults to true (the provider's development notes; docs/emulator-evidence.md#defaults)
      snapshotPersistentVolumes: { type: 'boolean', default: true },
      excluded_namespaces: strList,
      included_resources: strList,
      snapshot_longhorn: { type: 'boolean', default: true },
      label_selector: { type: 'dict', allowUnknown: true },
      include_unattached_pvcs: bool,
      csi_snapshot_timeout: { type: 'integer' },
    },
  },
  pre_hooks: { type: 'list', items: hookRef },
  post_hooks: { type: 'list', items: hookRef },
  pause: { type: 'boolean', default: false },
  status: statusField,
  ...serverFields,
};

const kubeoffloads: Schema = {
  name: { type: 'string', required: true, unique: true, minlength: 1 },
  description: str,
  tags,
  backupdef: rel('kubebackups', { required: true }),
  // copied from the backupdef by the server (rules.ts); a client value must match it
  cluster: { type: 'objectid' },
  trigger_type: { type: 'string', allowed: ['ADHOC', 'SCHEDULED'], default: 'SCHEDULED' },
  policy: rel('policies', { lenientNullable: true }),
  delete_snapshots: { type: 'boolean', default: true },
  run_backup: { type: 'boolean', default: false },
  skip_live_copy: { type: 'boolean', default: false },
  snapshot_longhorn: { type: 'boolean', default: true },
  pause: { type: 'boolean', default: false },
  options: { type: 'dict', allowUnknown: true },
  offload_provider: {
    type: 'dict',
    schema: { type: str, region: str, user_objectstore: rel('objectstores') },
  },
  status: statusField,
  ...serverFields,
};

const policies: Schema = {
  name: { type: 'string', required: true, unique: true, minlength: 1 },
  description: str,
  tags,
  // optional (the UI test suite creates policies without one); IANA names checked in rules.ts
  timezone: { type: 'string' },
  schedules: {
    type: 'list',
    required: true,
    minlength: 1,
    items: {
      type: 'dict',
      schema: {
        retainDays: { type: 'integer', required: true, min: 1 },
        locked: bool,
        numAlwaysRetain: { type: 'integer', default: 0, min: 0 },
        schedule: {
          type: 'dict',
          required: true,
          schema: { cronSpec: str, minute: str, hour: str, dayOfMonth: str, month: str, dayOfWeek: str },
        },
      },
    },
  },
  ...serverFields,
};

const kubehooks: Schema = {
  name: { type: 'string', required: true, unique: true, minlength: 1 },
  description: str,
  tags,
  hook_type: { type: 'string', required: true, allowed: ['PRE_BACKUP', 'POST_BACKUP', 'POST_RESTORE', 'COMMON'] },
  hook: {
    type: 'list',
    required: true,
    items: {
      type: 'dict',
      schema: {
        labels: tags,
        target: {
          type: 'list',
          required: true,
          items: { type: 'dict', schema: { command: { type: 'string', required: true, minlength: 1 }, container: str } },
        },
      },
    },
  },
  ...serverFields,
};

const credentials: Field = {
  type: 'dict',
  schema: { access_key: str, secret_key: str, subscription_id: str, tenant_id: str, client_id: str, client_secret: str },
};

const objectstores: Schema = {
  // not unique: the uniqueness key is provider_type + region + bucket + prefix (rules.ts)
  name: { type: 'string', required: true, minlength: 1 },
  description: str,
  tags,
  provider_type: { type: 'string', required: true, allowed: ['aws', 'azure'] },
  bucket_name: str,
  region: str,
  prefix: str,
  s3provider: {
    type: 'dict',
    schema: {
      endpoint: str,
      credentials,
      cloud: { type: 'string', allowed: ['Public', 'Government'] },
      resource_group_name: str,
      storage_account_name: str,
    },
  },
  private: bool,
  proxy_cluster_list: { type: 'list', items: rel('kubeclusters') },
  skip_tls_certificate_validation: bool,
  ...serverFields,
};

/** Collections whose items accept PATCH (docs/emulator-evidence.md#item-methods); the others take PUT only. */
const PATCHABLE = new Set(['kubebackups', 'policies']);
/** Item titles as captured (`policy`); the others follow the same lower-case singular form. */
const TITLES: Record<string, string> = { policies: 'policy' };

function def(name: string, schema: Schema, embeddable: Record<string, string>, readOnly = false): ResourceDef {
  const relations: Record<string, string> = {};
  for (const [k, f] of Object.entries(schema)) if (f.relation) relations[k] = f.relation.resource;
  for (const [k, r] of Object.entries(embeddable)) if (!k.includes('.')) relations[k] = r;
  const t = name.replace(/s+$/, '');
  return {
    name,
    itemTitle: TITLES[name] ?? t,
    eveItemTitle: t.charAt(0).toUpperCase() + t.slice(1),
    patchable: PATCHABLE.has(name),
    schema,
    readOnly,
    embeddable,
    relations,
  };
}

/** Read-only collections have no client schema; their relations are listed for `_links.related` and `embedded`. */
function readOnlyDef(name: string, relations: Record<string, string>): ResourceDef {
  return def(name, {}, relations, true);
}

export const RESOURCES: Record<string, ResourceDef> = {
  kubeclusters: def('kubeclusters', kubeclusters, { 'backup_provider.user_objectstore': 'objectstores' }),
  kubebackups: def('kubebackups', kubebackups, { cluster: 'kubeclusters', policy: 'policies', copydef: 'kubeoffloads', copy_policy: 'policies' }),
  kubeoffloads: def('kubeoffloads', kubeoffloads, { backupdef: 'kubebackups', policy: 'policies', cluster: 'kubeclusters' }),
  policies: def('policies', policies, {}),
  kubehooks: def('kubehooks', kubehooks, {}),
  objectstores: def('objectstores', objectstores, {}),
  jobs: readOnlyDef('jobs', { backupdef: 'kubebackups', cluster: 'kubeclusters' }),
  backupinstances: readOnlyDef('backupinstances', { backupdef: 'kubebackups', cluster: 'kubeclusters' }),
};

export const RESOURCE_NAMES = Object.keys(RESOURCES);
