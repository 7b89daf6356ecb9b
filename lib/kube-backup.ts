import { Lazy, TerraformResource, TerraformStack } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import * as errors from './_errors';
import { compact, resolveName } from './_internal';
import { runOnApplyResource, runOnApplySettings } from './_run-on-apply';
import { BackupHook } from './backup-hook';
import { CloudCasaResource, ImportedObject, importSpecOf, inStackRef, known, MemberSpec, objectRefOf } from './cloudcasa-resource';
import { Duration } from './duration';
import { IKubeCluster, KubeCluster } from './kube-cluster';
import { Namespaces } from './namespaces';
import type { IPolicy } from './policy';
import { Trigger, TriggerType } from './trigger';

/** A CloudCasa snapshot backup definition. */
export interface IKubeBackup extends IConstruct {
  /** The backup definition's `_id`. */
  readonly backupId: string;
}

/** Properties of a KubeBackup. */
export interface KubeBackupProps {
  /**
   * The backup definition name (unique in the organisation).
   * @default - derived from the construct path
   */
  readonly backupName?: string;
  /** The cluster to back up (a KubeCluster, or KubeCluster.fromClusterId / fromName). */
  readonly cluster: IKubeCluster;
  /**
   * When the backup runs: `Trigger.adhoc()` (on demand, e.g. with `runOnApply`) or `Trigger.scheduled(policy)`.
   * For copy backups (a KubeOffload on this backup), CloudCasa expects the policy on the KubeOffload: use
   * `Trigger.adhoc()` here.
   */
  readonly trigger: Trigger;
  /**
   * Which namespaces to back up.
   * @default Namespaces.all()
   */
  readonly namespaces?: Namespaces;
  /**
   * Snapshot persistent volumes (`source.snapshotPersistentVolumes`).
   * @default true
   */
  readonly snapshotPersistentVolumes?: boolean;
  /**
   * Hooks run before the backup.
   * @default - none
   */
  readonly preHooks?: BackupHook[];
  /**
   * Hooks run after the backup.
   * @default - none
   */
  readonly postHooks?: BackupHook[];
  /**
   * Pause the definition: scheduled runs are skipped (`pause`).
   * @default false
   */
  readonly paused?: boolean;
  /**
   * Key/value tags.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
  /**
   * Run the backup during `apply` whenever the definition is created or changed, and wait for the job (ADHOC
   * backups only). The run uses this package's CLI in a `local-exec` provisioner; a FAILED, CANCELLED or
   * timed-out job fails the apply, a PARTIAL one prints a warning.
   * @default false
   */
  readonly runOnApply?: boolean;
  /**
   * How long the recovery point of a run-on-apply job is kept (whole days, at least 1).
   * @default Duration.days(7)
   */
  readonly runOnApplyRetention?: Duration;
  /**
   * How long `apply` waits for a run-on-apply job before failing (the job itself continues).
   * @default Duration.minutes(30)
   */
  readonly runOnApplyTimeout?: Duration;
}

function renderHooks(hooks: BackupHook[]): any[] {
  return hooks.map((h) => ({ template: h.isTemplate, namespaces: h.namespaces, hooks: h.hookIds }));
}

/**
 * A CloudCasa snapshot backup definition (`/kubebackups`).
 *
 * @example
 * new KubeBackup(stack, 'Apps', {
 *   cluster,
 *   namespaces: Namespaces.of(['shop', 'payments']),
 *   trigger: Trigger.scheduled(nightly),
 * });
 */
export class KubeBackup extends CloudCasaResource implements IKubeBackup {
  /**
   * Refer to an existing backup definition by id.
   * @param scope The scope
   * @param id The construct id
   * @param backupId The backup definition's `_id`
   */
  public static fromBackupId(scope: Construct, id: string, backupId: string): IKubeBackup {
    return new ImportedObject(scope, id, 'kubebackups', { prop: 'backupId', id: backupId });
  }

  /**
   * The restful import spec of an existing backup definition:
   * `{"id":"kubebackups/<id>","path":"kubebackups","body":{"name":null,...}}`. Use it with `importExisting()`, or
   * `terraform import 'restful_resource.<name>' '<spec>'`.
   * @param backupId The backup definition's `_id`
   */
  public static importSpec(backupId: string): string {
    return importSpecOf('KubeBackup.importSpec()', 'kubebackups', backupId);
  }

  /** The backup definition name. */
  public readonly backupName: string;
  /** The cluster. */
  public readonly cluster: IKubeCluster;
  /** The trigger type. */
  public readonly triggerType: TriggerType;
  /** The policy, for SCHEDULED backups. */
  public readonly policy?: IPolicy;
  /** The namespaces. */
  public readonly namespaces: Namespaces;
  /** Whether persistent volumes are snapshotted. */
  public readonly snapshotPersistentVolumes: boolean;
  /** Whether the definition is paused. */
  public readonly paused: boolean;
  /** Whether the backup runs on apply. */
  public readonly runOnApply: boolean;
  /** Retention of run-on-apply recovery points. */
  public readonly runOnApplyRetention: Duration;
  /** How long apply waits for a run-on-apply job. */
  public readonly runOnApplyTimeout: Duration;
  /** The backup definition's `_id`. */
  public readonly backupId: string;
  /** The `terraform_data` resource running the backup on apply, when `runOnApply` is set. */
  public readonly runOnApplyResource?: TerraformResource;

  private readonly hooks: { readonly pre: BackupHook[]; readonly post: BackupHook[] };
  private readonly tags?: { [key: string]: string };

  /**
   * @param scope The scope
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: KubeBackupProps) {
    super(scope, id, 'kubebackups');
    const path = this.node.path;
    this.backupName = resolveName(this, 'backupName', props.backupName);
    if (!props.cluster) throw errors.missingRequired(path, 'cluster', 'Pass a KubeCluster, KubeCluster.fromClusterId() or KubeCluster.fromName().');
    this.cluster = props.cluster;
    const trigger = Trigger._of(path, props.trigger);
    this.triggerType = trigger.triggerType;
    this.policy = trigger.policy;
    this.namespaces = props.namespaces ?? Namespaces.all();
    this.snapshotPersistentVolumes = props.snapshotPersistentVolumes ?? true;
    this.paused = props.paused ?? false;
    const run = runOnApplySettings(this, this.triggerType, props);
    this.runOnApply = run.runOnApply;
    this.runOnApplyRetention = run.retention;
    this.runOnApplyTimeout = run.timeout;
    this.hooks = { pre: props.preHooks ?? [], post: props.postHooks ?? [] };
    this.tags = props.tags;
    this.backupId = this.objectId;

    // The cluster of a backup definition cannot change (docs/cloudcasa.md#resources): a new cluster plans a
    // replacement, not an update the API would refuse. restful decides it from the planned body when the new
    // cluster id is known; when it is not (the KubeCluster of this app is itself being re-created), the
    // replacement follows that cluster's id.
    this.resource.forceNewAttrs = ['cluster'];
    const cluster = props.cluster;
    if (cluster instanceof KubeCluster && TerraformStack.of(cluster) === TerraformStack.of(this)) {
      // A bare address: both engines refuse `${...}` in replace_triggered_by (which cdktf writes for a resource).
      const address = Lazy.stringValue({ produce: () => `${cluster.resource.terraformResourceType}.${cluster.resource.friendlyUniqueId}.id` });
      this.resource.lifecycle = { ...this.resource.lifecycle, replaceTriggeredBy: [address] };
    }

    if (this.runOnApply) this.runOnApplyResource = runOnApplyResource(this, run);
  }

  /** @internal */
  public _validationSpec(): MemberSpec {
    const ns = this.namespaces;
    const knownList = (values?: string[]) => values?.filter((v) => known(v) !== undefined);
    return {
      ref: inStackRef(this, this.backupName),
      backup: {
        path: this.node.path,
        name: known(this.backupName) ?? this.node.path,
        cluster: objectRefOf(this.cluster, this.cluster.clusterId, this),
        allNamespaces: ns.allNamespaces,
        namespaces: knownList(ns.included),
        excludedNamespaces: knownList(ns.excluded),
        triggerType: this.triggerType,
        policy: this.policy ? objectRefOf(this.policy, this.policy.policyId, this) : undefined,
      },
    };
  }

  /** @internal */
  public _renderBody(): { [key: string]: any } {
    const ns = this.namespaces;
    return compact({
      name: this.backupName,
      cluster: this.cluster.clusterId,
      trigger_type: this.triggerType,
      policy: this.policy?.policyId,
      source: compact({
        all_namespaces: ns.allNamespaces,
        namespaces: ns.included,
        excluded_namespaces: ns.excluded,
        snapshotPersistentVolumes: this.snapshotPersistentVolumes,
      }),
      pre_hooks: renderHooks(this.hooks.pre),
      post_hooks: renderHooks(this.hooks.post),
      pause: this.paused,
      tags: this.tags,
    });
  }
}
