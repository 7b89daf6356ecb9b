import { Construct, IConstruct } from 'constructs';
import { compact, resolveName } from './_internal';
import { CloudCasaResource, ImportedObject, importSpecOf, inStackRef, MemberSpec } from './cloudcasa-resource';
import type { IObjectStore } from './object-store';

/** A Kubernetes cluster registered with CloudCasa. */
export interface IKubeCluster extends IConstruct {
  /** The cluster's `_id` (a Terraform reference when registered or looked up in this stack). */
  readonly clusterId: string;
}

/** Properties of a KubeCluster. */
export interface KubeClusterProps {
  /**
   * The cluster name (unique in the organisation).
   * @default - derived from the construct path
   */
  readonly clusterName?: string;
  /**
   * A description.
   * @default - none
   */
  readonly description?: string;
  /**
   * Key/value tags.
   * @default - none
   */
  readonly tags?: { [key: string]: string };
  /**
   * The cluster's default backup storage (`backup_provider.user_objectstore`), as CloudCasa's own provider sets
   * with `objectstore_id`.
   * @default - none: CloudCasa's own storage
   */
  readonly defaultObjectStore?: IObjectStore;
}

/**
 * Registers a Kubernetes cluster with CloudCasa (`/kubeclusters`).
 *
 * Registration does not install the agent: apply the manifest at the cluster's `status.agentURL`
 * (the `status.agentURL` field of the resource's `output`) with kubectl, after which the cluster becomes ACTIVE.
 */
export class KubeCluster extends CloudCasaResource implements IKubeCluster {
  /**
   * Refer to a registered cluster by its id.
   * @param scope The scope
   * @param id The construct id
   * @param clusterId The cluster's `_id`
   */
  public static fromClusterId(scope: Construct, id: string, clusterId: string): IKubeCluster {
    return new ImportedObject(scope, id, 'kubeclusters', { prop: 'clusterId', id: clusterId });
  }

  /**
   * Look up a registered cluster by name at plan time (a `restful_resource` data source on `/kubeclusters`).
   * Plan fails if no cluster has that name.
   * @param scope The scope
   * @param id The construct id
   * @param clusterName The cluster name
   */
  public static fromName(scope: Construct, id: string, clusterName: string): IKubeCluster {
    return new ImportedObject(scope, id, 'kubeclusters', { name: clusterName });
  }

  /**
   * The restful import spec of a registered cluster.
   * @param clusterId The cluster's `_id`
   */
  public static importSpec(clusterId: string): string {
    return importSpecOf('KubeCluster.importSpec()', 'kubeclusters', clusterId);
  }

  /** The cluster name. */
  public readonly clusterName: string;
  /** The description. */
  public readonly description?: string;
  /** The tags. */
  public readonly tags?: { [key: string]: string };
  /** The cluster's `_id`. */
  public readonly clusterId: string;
  /** The cluster's default backup storage. */
  public readonly defaultObjectStore?: IObjectStore;

  /**
   * @param scope The scope
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: KubeClusterProps = {}) {
    super(scope, id, 'kubeclusters');
    this.clusterName = resolveName(this, 'clusterName', props.clusterName);
    this.description = props.description;
    this.tags = props.tags;
    this.defaultObjectStore = props.defaultObjectStore;
    this.clusterId = this.objectId;
  }

  /** @internal */
  public _validationSpec(): MemberSpec {
    return { ref: inStackRef(this, this.clusterName) };
  }

  /** @internal */
  public _renderBody(): { [key: string]: any } {
    return compact({
      name: this.clusterName,
      description: this.description,
      tags: this.tags,
      backup_provider: this.defaultObjectStore ? { user_objectstore: this.defaultObjectStore.objectStoreId } : undefined,
    });
  }
}
