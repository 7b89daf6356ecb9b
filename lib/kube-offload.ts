import { Annotations, Lazy, TerraformResource, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { registerCopydefLink } from './_copydef-links';
import * as errors from './_errors';
import { compact, resolveName, wholeDuration } from './_internal';
import { runOnApplyResource, runOnApplySettings } from './_run-on-apply';
import { CloudCasaResource, importSpecOf, inStackRef, known, MemberSpec, objectRefOf } from './cloudcasa-resource';
import { Duration } from './duration';
import { IKubeBackup, KubeBackup } from './kube-backup';
import type { IObjectStore } from './object-store';
import type { IPolicy } from './policy';
import { Trigger, TriggerType } from './trigger';

/** Where a copy backup is written (`offload_provider`). */
export class OffloadTarget {
  /**
   * CloudCasa-managed storage (`{type, region}`); `GET /objectstores/provider-info` lists the choices.
   * @param providerType The cloud, e.g. `aws` (sent as `type`)
   * @param region The region, e.g. `us-east-2`
   */
  public static provider(providerType: string, region: string): OffloadTarget {
    for (const [prop, v] of [['providerType', providerType], ['region', region]]) {
      if (typeof v !== 'string' || v === '') {
        throw errors.invalidProp('OffloadTarget.provider()', prop, v, 'must be a non-empty string', "Pass e.g. OffloadTarget.provider('aws', 'us-east-2').");
      }
    }
    return new OffloadTarget({ type: providerType, region }, `OffloadTarget.provider('${providerType}', '${region}')`);
  }

  /**
   * User storage (`{user_objectstore: <id>}`).
   * @param store An ObjectStore, or ObjectStore.fromObjectStoreId / fromName
   */
  public static objectStore(store: IObjectStore): OffloadTarget {
    if (!store) {
      throw errors.invalidProp('OffloadTarget.objectStore()', 'store', store, 'is required', 'Pass an ObjectStore or ObjectStore.fromObjectStoreId().');
    }
    return new OffloadTarget({ user_objectstore: store.objectStoreId }, `OffloadTarget.objectStore(${store.node.path})`);
  }

  /** The `offload_provider` object sent to CloudCasa. */
  public readonly offloadProvider: { [key: string]: string };
  private readonly code: string;

  private constructor(offloadProvider: { [key: string]: string }, code: string) {
    this.offloadProvider = offloadProvider;
    this.code = code;
  }

  /** The code form, for messages. */
  public toString(): string {
    return this.code;
  }
}

/** Properties of a KubeOffload. */
export interface KubeOffloadProps {
  /**
   * Run the copy during `apply` whenever the copy definition is created or changed, and wait for its job (ADHOC
   * copies only), as CloudCasa's own provider does for copies. The run asks for a fresh snapshot first
   * (`runBackup: true` in the run request) unless `runBackup` is false, so the first apply has something to copy.
   * It starts after the backup's `copydef` link is written. A FAILED, CANCELLED, SKIPPED or timed-out job fails the
   * apply; a PARTIAL one prints a warning.
   * @default false
   */
  readonly runOnApply?: boolean;
  /**
   * How long the recovery point of a run-on-apply copy is kept (whole days, at least 1).
   * @default Duration.days(7)
   */
  readonly runOnApplyRetention?: Duration;
  /**
   * How long `apply` waits for a run-on-apply copy job before failing (the job itself continues).
   * @default Duration.minutes(30)
   */
  readonly runOnApplyTimeout?: Duration;
  /**
   * The copy definition name.
   * @default - derived from the construct path
   */
  readonly offloadName?: string;
  /** The snapshot backup definition to copy. */
  readonly backup: IKubeBackup;
  /** Where the copy is written. */
  readonly target: OffloadTarget;
  /** When the copy runs: `Trigger.scheduled(policy)` (the usual case) or `Trigger.adhoc()`. */
  readonly trigger: Trigger;
  /**
   * Delete the snapshot recovery point after a successful copy (`delete_snapshots`, always sent).
   * @default true
   */
  readonly deleteSnapshots?: boolean;
  /**
   * Take a fresh snapshot before each copy (`run_backup`, always sent; CloudCasa honours it for SCHEDULED copies).
   * With `runOnApply` it is also the `runBackup` of the run request, where it defaults to true.
   * A scheduled copy is then a whole copy backup: snapshot, then copy, on the copy's policy (README, "Copy backups").
   * @default - true for a SCHEDULED copy (as CloudCasa's own provider always sends), false for an ADHOC one
   */
  readonly runBackup?: boolean;
  /**
   * How many PVCs are copied in parallel (`options.pvc_parallelism`).
   * @default - CloudCasa's default
   */
  readonly pvcParallelism?: number;
  /**
   * How many files are copied in parallel in total (`options.total_file_parallelism`).
   * @default - CloudCasa's default
   */
  readonly totalFileParallelism?: number;
  /**
   * Upload limit in bytes per second (`options.upload_speed_limit`).
   * @default - unlimited
   */
  readonly uploadSpeedLimit?: number;
  /**
   * Download limit in bytes per second (`options.download_speed_limit`).
   * @default - unlimited
   */
  readonly downloadSpeedLimit?: number;
  /**
   * Memory limit of the data-mover pods, a Kubernetes quantity such as `2Gi` (`options.mover_memory_limit`).
   * @default - CloudCasa's default
   */
  readonly moverMemoryLimit?: string;
  /**
   * How long to wait for data-mover pods to become ready (`options.mover_ready_timeout`, sent as e.g. `20m`).
   * @default - CloudCasa's default
   */
  readonly moverReadyTimeout?: Duration;
  /**
   * Keep NodePort numbers of services on restore (`options.preserve_node_ports`).
   * @default - CloudCasa's default
   */
  readonly preserveNodePorts?: boolean;
  /**
   * Further `options` keys, sent as given (they win over the typed options).
   * @default - none
   */
  readonly extraOptions?: { [key: string]: any };
}

/** The bare address `depends_on` takes (`terraform_data.x`, not `${...}`), read at synth so a logical id override counts. */
function address(r: TerraformResource): string {
  return Lazy.stringValue({ produce: () => `${r.terraformResourceType}.${r.friendlyUniqueId}` });
}

/** Whole seconds as a Go duration string: `20m`, `1h`, `90s`. */
function goDuration(s: number): string {
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/**
 * A CloudCasa copy backup definition (`/kubeoffloads`): copies the snapshots of a KubeBackup to storage.
 *
 * When the backup is a KubeBackup of this app, the backup is linked back to the copy in the same apply
 * (`copydef`), as the CloudCasa UI expects.
 */
export class KubeOffload extends CloudCasaResource {
  /**
   * The restful import spec of an existing copy definition.
   * @param offloadId The copy definition's `_id`
   */
  public static importSpec(offloadId: string): string {
    return importSpecOf('KubeOffload.importSpec()', 'kubeoffloads', offloadId);
  }

  /** The copy definition name. */
  public readonly offloadName: string;
  /** The backup being copied. */
  public readonly backup: IKubeBackup;
  /** The target. */
  public readonly target: OffloadTarget;
  /** The trigger type. */
  public readonly triggerType: TriggerType;
  /** The policy, for SCHEDULED copies. */
  public readonly policy?: IPolicy;
  /** Whether snapshots are deleted after a successful copy. */
  public readonly deleteSnapshots: boolean;
  /** Whether a snapshot is taken before each copy. */
  public readonly runBackup: boolean;
  /** The copy definition's `_id`. */
  public readonly offloadId: string;
  /**
   * The stack's `terraform_data` whose `local-exec` writes the `copydef` of this copy's backup, with those of every
   * other copy of the stack (`link-offloads`), when the backup is a KubeBackup of this app.
   */
  public readonly copydefLink?: TerraformResource;
  /** Whether the copy runs on apply. */
  public readonly runOnApply: boolean;
  /** The `terraform_data` resource running the copy on apply, when `runOnApply` is set. */
  public readonly runOnApplyResource?: TerraformResource;

  private readonly options?: { [key: string]: any };

  /**
   * @param scope The scope
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: KubeOffloadProps) {
    super(scope, id, 'kubeoffloads');
    const path = this.node.path;
    this.offloadName = resolveName(this, 'offloadName', props.offloadName);
    if (!props.backup) throw errors.missingRequired(path, 'backup', 'Pass the KubeBackup to copy (or KubeBackup.fromBackupId()).');
    this.backup = props.backup;
    this.node.addValidation({ validate: () => this.secondCopyErrors() });
    if (!(props.target instanceof OffloadTarget)) {
      throw errors.missingRequired(path, 'target', "Pass OffloadTarget.provider('aws', 'us-east-2') or OffloadTarget.objectStore(store).");
    }
    this.target = props.target;
    const trigger = Trigger._of(path, props.trigger);
    this.triggerType = trigger.triggerType;
    this.policy = trigger.policy;
    this.deleteSnapshots = props.deleteSnapshots ?? true;
    this.runBackup = props.runBackup ?? this.triggerType === TriggerType.SCHEDULED;
    const run = runOnApplySettings(this, this.triggerType, props);
    this.runOnApply = run.runOnApply;
    if (this.runBackup && this.triggerType === TriggerType.ADHOC && !this.runOnApply) {
      Annotations.of(this).addWarning(`${path}: 'runBackup' is honoured by CloudCasa for SCHEDULED copies only; this copy is ADHOC.`);
    }
    if (props.backup instanceof KubeBackup && props.backup.triggerType === TriggerType.SCHEDULED
      && this.triggerType === TriggerType.SCHEDULED) {
      Annotations.of(this).addWarning(`${path}: both the backup ${props.backup.node.path} and this copy are SCHEDULED; `
        + 'for copy backups CloudCasa expects the policy on the copy only: use Trigger.adhoc() on the KubeBackup, and '
        + 'a second KubeBackup for local snapshots on their own schedule (README, "Copy backups").');
    }

    this.options = this.renderOptions(props);
    this.offloadId = this.objectId;

    if (props.backup instanceof KubeBackup) {
      // The copydef back-link, written on apply by the CLI as a PATCH with the etag it just read (a
      // read-modify-write after a 412). Not a restful_operation with If-Match from configuration: that etag changes
      // after the link and after every job, and keeping it out of the diff needs ignore_changes, which Terraform
      // (unlike OpenTofu) still applies when the operation is replaced, sending a stale etag (412). One writer per
      // stack does every link in one process (_copydef-links.ts); re-linked when either definition is re-created.
      this.copydefLink = registerCopydefLink(this, { offloadId: this.offloadId, backupId: props.backup.backupId, path });
    } else {
      Annotations.of(this).addInfo(`${path}: the backup is not a KubeBackup of this app, so its 'copydef' link to this copy is not written; set it in the CloudCasa UI or with the CLI.`);
    }

    if (this.runOnApply) {
      this.runOnApplyResource = runOnApplyResource(this, run, { CLOUDCASA_RUN_BACKUP: String(props.runBackup ?? true) });
      // The copy runs once its backup links to it, as the UI expects of a copy backup, and after the backup's own
      // run-on-apply job, which its fresh snapshot would otherwise race.
      const after = [this.copydefLink, props.backup instanceof KubeBackup ? props.backup.runOnApplyResource : undefined];
      this.runOnApplyResource.dependsOn = after.filter((r): r is TerraformResource => r !== undefined).map(address);
    }
  }

  /**
   * A backup has one `copydef`: a second KubeOffload of the same backup would overwrite the first one's link and
   * leave that copy orphaned. Reported on the later construct, naming both.
   */
  private secondCopyErrors(): string[] {
    const first = TerraformStack.of(this).node.findAll()
      .find((c): c is KubeOffload => c instanceof KubeOffload && c.backup === this.backup);
    if (!first || first === this) return [];
    return [`${this.node.path}: ${this.backup.node.path} already has a copy, ${first.node.path}; a backup definition links to `
      + 'one copy definition (its copydef), so this one would replace that link and orphan the other copy. Use one KubeOffload per KubeBackup.'];
  }

  /** @internal */
  public _validationSpec(): MemberSpec {
    return {
      ref: inStackRef(this, this.offloadName),
      offload: {
        path: this.node.path,
        name: known(this.offloadName) ?? this.node.path,
        backup: objectRefOf(this.backup, this.backup.backupId, this),
        triggerType: this.triggerType,
        policy: this.policy ? objectRefOf(this.policy, this.policy.policyId, this) : undefined,
      },
    };
  }

  /** @internal */
  public _renderBody(): { [key: string]: any } {
    return compact({
      name: this.offloadName,
      backupdef: this.backup.backupId,
      trigger_type: this.triggerType,
      policy: this.policy?.policyId,
      delete_snapshots: this.deleteSnapshots,
      run_backup: this.runBackup,
      offload_provider: { ...this.target.offloadProvider },
      options: this.options,
    });
  }

  private renderOptions(props: KubeOffloadProps): { [key: string]: any } | undefined {
    const int = (prop: string, v: number | undefined, min: number) => {
      if (v !== undefined && (!Number.isInteger(v) || v < min)) throw errors.notPositiveInteger(this.node.path, prop, v, min);
      return v;
    };
    let timeout: string | undefined;
    if (props.moverReadyTimeout !== undefined) {
      const seconds = wholeDuration(this.node.path, 'moverReadyTimeout', props.moverReadyTimeout, 'seconds', 1,
        'Use a whole number of seconds, at least Duration.seconds(1).');
      timeout = props.moverReadyTimeout.isUnresolved() ? `${seconds}s` : goDuration(seconds);
    }
    const options = compact({
      pvc_parallelism: int('pvcParallelism', props.pvcParallelism, 1),
      total_file_parallelism: int('totalFileParallelism', props.totalFileParallelism, 1),
      upload_speed_limit: int('uploadSpeedLimit', props.uploadSpeedLimit, 1),
      download_speed_limit: int('downloadSpeedLimit', props.downloadSpeedLimit, 1),
      mover_memory_limit: props.moverMemoryLimit,
      mover_ready_timeout: timeout,
      preserve_node_ports: props.preserveNodePorts,
      ...props.extraOptions,
    });
    return Object.keys(options).length > 0 ? options : undefined;
  }
}
