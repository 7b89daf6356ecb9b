// The CloudCasa collections the constructs manage, and how each one's restful_resource is configured. One table,
// so a rule about a collection (its update method, what an import tracks, what reaches the state) is one edit.

/** @internal */
export interface CollectionInfo {
  /** The collection path below the API root, e.g. `kubebackups`. */
  readonly path: string;
  /** What one object is called in messages, e.g. `backup definition`. */
  readonly noun: string;
  /** The top-level body fields an import spec tracks: the ones the construct sends. */
  readonly trackedKeys: string[];
  /**
   * The `output` fields kept in the state.
   * @default - the whole response
   */
  readonly outputAttrs?: string[];
  /**
   * Body fields the API never returns (secrets), so restful does not diff them against the read.
   * @default - none
   */
  readonly writeOnlyAttrs?: string[];
}

/** @internal */
export const COLLECTIONS = {
  policies: { path: 'policies', noun: 'policy', trackedKeys: ['name', 'timezone', 'schedules'] },
  kubeclusters: { path: 'kubeclusters', noun: 'cluster', trackedKeys: ['name', 'description', 'tags', 'backup_provider'] },
  kubehooks: { path: 'kubehooks', noun: 'hook', trackedKeys: ['name', 'hook_type', 'hook'] },
  objectstores: {
    path: 'objectstores',
    noun: 'object store',
    trackedKeys: ['name', 'provider_type', 'bucket_name', 'region', 's3provider', 'private', 'proxy_cluster_list',
      'skip_tls_certificate_validation'],
    // The API echoes the S3 credentials in its responses: only these fields reach the state and `output`. An update
    // PUTs this last read back with the configured fields set, so every other field the API is known to return is
    // kept here (one it returns that is not listed would be dropped by an update).
    outputAttrs: ['_id', '_etag', '_created', '_updated', 'name', 'description', 'tags', 'provider_type', 'bucket_name',
      'region', 'prefix', 'private', 'proxy_cluster_list', 'skip_tls_certificate_validation', 'status', 'validate_state',
      'cc_user_email'],
    // The S3 keys of an ObjectStore; an AzureObjectStore sets its own (restful refuses a path its body lacks).
    writeOnlyAttrs: ['s3provider.credentials.access_key', 's3provider.credentials.secret_key'],
  },
  kubebackups: {
    path: 'kubebackups',
    noun: 'backup definition',
    trackedKeys: ['name', 'cluster', 'trigger_type', 'policy', 'source', 'pre_hooks', 'post_hooks', 'pause', 'tags'],
  },
  kubeoffloads: {
    path: 'kubeoffloads',
    noun: 'copy definition',
    trackedKeys: ['name', 'backupdef', 'trigger_type', 'policy', 'delete_snapshots', 'run_backup', 'offload_provider', 'options'],
  },
} satisfies { [path: string]: CollectionInfo };

/** @internal */
export type CollectionPath = keyof typeof COLLECTIONS;
