import { Annotations, TerraformResource } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { cliProvisioner, compact, EVE_READ_PATH, importSpec, objectIdPrecondition, resolveName, TerraformData, WRITE_HEADERS } from './_internal';
import { checkId } from './_lookup';
import { BackupHook } from './backup-hook';
import { CloudCasaProvider } from './cloudcasa-provider';
import { Duration } from './duration';
import * as errors from './errors';
import { Resource } from './imports/restful';
import type { ICluster } from './kube-cluster';
import { Namespaces } from './namespaces';
import { registerForPlanValidation } from './plan-validation';
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
  readonly cluster: ICluster;
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

const BACKUP_KEYS = ['name', 'cluster', 'trigger_type', 'policy', 'source', 'pre_hooks', 'post_hooks', 'pause', 'tags'];

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
export class KubeBackup extends Construct implements IKubeBackup {
  /**
   * Refer to an existing backup definition by id.
   * @param scope The scope
   * @param id The construct id
   * @param backupId The backup definition's `_id`
   */
  public static fromBackupId(scope: Construct, id: string, backupId: string): IKubeBackup {
    return new ImportedBackup(scope, id, checkId(`${scope.node.path}/${id}`, 'backupId', backupId));
  }

  /**
   * The restful import spec of an existing backup definition:
   * `{"id":"kubebackups/<id>","path":"kubebackups","body":{"name":null,...}}`. Use it with `importExisting()`, or
   * `terraform import 'restful_resource.<name>' '<spec>'`.
   * @param backupId The backup definition's `_id`
   */
  public static importSpec(backupId: string): string {
    return importSpec('KubeBackup.importSpec()', 'kubebackups', backupId, BACKUP_KEYS);
  }

  /** The backup definition name. */
  public readonly backupName: string;
  /** The cluster. */
  public readonly cluster: ICluster;
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
  /** The underlying `restful_resource`. */
  public readonly resource: Resource;
  /** The backup definition's `_id`. */
  public readonly backupId: string;
  /** The `terraform_data` resource running the backup on apply, when `runOnApply` is set. */
  public readonly runOnApplyResource?: TerraformResource;

  /**
   * @param scope The scope
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: KubeBackupProps) {
    super(scope, id);
    const provider = CloudCasaProvider.of(this);
    const path = this.node.path;
    this.backupName = resolveName(this, 'backupName', props.backupName);
    if (!props.cluster) throw errors.missingRequired(path, 'cluster', 'Pass a KubeCluster, KubeCluster.fromClusterId() or KubeCluster.fromName().');
    this.cluster = props.cluster;
    if (!props.trigger) throw errors.missingTrigger(path);
    if (props.trigger.triggerType === TriggerType.SCHEDULED && !props.trigger.policy) throw errors.scheduledWithoutPolicy(path);
    this.triggerType = props.trigger.triggerType;
    this.policy = props.trigger.policy;
    this.namespaces = props.namespaces ?? Namespaces.all();
    this.snapshotPersistentVolumes = props.snapshotPersistentVolumes ?? true;
    this.paused = props.paused ?? false;
    this.runOnApply = props.runOnApply ?? false;
    this.runOnApplyRetention = props.runOnApplyRetention ?? Duration.days(7);
    this.runOnApplyTimeout = props.runOnApplyTimeout ?? Duration.minutes(30);

    if (this.runOnApply && this.triggerType !== TriggerType.ADHOC) throw errors.runOnApplyNeedsAdhoc(path);
    if (!this.runOnApply && (props.runOnApplyRetention || props.runOnApplyTimeout)) {
      Annotations.of(this).addWarning(`${path}: 'runOnApplyRetention' and 'runOnApplyTimeout' have no effect without runOnApply: true.`);
    }
    const retainDays = this.wholeUnits('runOnApplyRetention', this.runOnApplyRetention, 'Days', 1, 'Use Duration.days(n) with n >= 1.');
    const timeoutSeconds = this.wholeUnits('runOnApplyTimeout', this.runOnApplyTimeout, 'Seconds', 1, 'Use a whole number of seconds, at least Duration.seconds(1).');

    const body = this._renderBody(props);
    this.resource = new Resource(this, 'Resource', {
      path: 'kubebackups',
      readPath: EVE_READ_PATH,
      updateMethod: 'PATCH',
      updateHeader: WRITE_HEADERS,
      deleteHeader: WRITE_HEADERS,
      body,
    });
    this.backupId = this.resource.outputAttribute('_id');
    registerForPlanValidation(this);

    if (this.runOnApply) {
      // Re-run when the definition is re-created or its body changes; not on its _etag, which changes after
      // every job. The API key reaches the CLI through the environment (CLOUDCASA_API_KEY or
      // TF_VAR_cloudcasa_api_key), never through the command line or the state.
      this.runOnApplyResource = new TerraformData(this, 'RunOnApply', {
        triggersReplace: [this.resource.id, JSON.stringify(body)],
        lifecycle: { precondition: [objectIdPrecondition(this.backupId, path)] },
        provisioners: [cliProvisioner(provider.cliProgram, 'run-on-apply', {
          CLOUDCASA_API_URL: provider.apiUrl,
          CLOUDCASA_DEFINITION_ID: this.backupId,
          CLOUDCASA_DEFINITION_KIND: 'kubebackups',
          CLOUDCASA_RETAIN_DAYS: String(retainDays),
          CLOUDCASA_RUN_TIMEOUT: `${timeoutSeconds}s`,
        })],
      });
    }
  }

  /**
   * Start tracking an existing backup definition: adds an import block for this resource.
   * @param backupId The backup definition's `_id`
   */
  public importExisting(backupId: string): void {
    this.resource.importFrom(KubeBackup.importSpec(backupId));
  }

  /** @internal */
  public _renderBody(props: KubeBackupProps): { [key: string]: any } {
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
      pre_hooks: renderHooks(props.preHooks ?? []),
      post_hooks: renderHooks(props.postHooks ?? []),
      pause: this.paused,
      tags: props.tags,
    });
  }

  private wholeUnits(prop: string, d: Duration, unit: 'Days' | 'Seconds', min: number, allowed: string): number {
    if (!(d instanceof Duration)) throw errors.invalidDuration(this.node.path, prop, String(d), allowed);
    let n: number;
    try {
      n = unit === 'Days' ? d.toDays() : d.toSeconds();
    } catch {
      throw errors.invalidDuration(this.node.path, prop, d.toHumanString(), allowed);
    }
    if (n < min) throw errors.invalidDuration(this.node.path, prop, d.toHumanString(), allowed);
    return n;
  }
}

class ImportedBackup extends Construct implements IKubeBackup {
  public readonly backupId: string;
  constructor(scope: Construct, id: string, backupId: string) {
    super(scope, id);
    this.backupId = backupId;
  }
}
