import { Construct, IConstruct } from 'constructs';
import { compact, EVE_READ_PATH, importSpec, resolveName, WRITE_HEADERS } from './_internal';
import { checkId, lookupIdByName } from './_lookup';
import { CloudCasaProvider } from './cloudcasa-provider';
import { Resource } from './imports/restful';

/** A Kubernetes cluster registered with CloudCasa. */
export interface ICluster extends IConstruct {
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
}

const CLUSTER_KEYS = ['name', 'description', 'tags'];

/**
 * Registers a Kubernetes cluster with CloudCasa (`/kubeclusters`).
 *
 * Registration does not install the agent: apply the manifest at the cluster's `status.agentURL`
 * (`resource.outputAttribute('status.agentURL')`) with kubectl, after which the cluster becomes ACTIVE.
 */
export class KubeCluster extends Construct implements ICluster {
  /**
   * Refer to a registered cluster by its id.
   * @param scope The scope
   * @param id The construct id
   * @param clusterId The cluster's `_id`
   */
  public static fromClusterId(scope: Construct, id: string, clusterId: string): ICluster {
    return new ImportedCluster(scope, id, checkId(`${scope.node.path}/${id}`, 'clusterId', clusterId));
  }

  /**
   * Look up a registered cluster by name at plan time (a `restful_resource` data source on `/kubeclusters`).
   * Plan fails if no cluster has that name.
   * @param scope The scope
   * @param id The construct id
   * @param clusterName The cluster name
   */
  public static fromName(scope: Construct, id: string, clusterName: string): ICluster {
    const imported = new ImportedCluster(scope, id, undefined);
    imported.clusterId = lookupIdByName(imported, 'kubeclusters', clusterName);
    return imported;
  }

  /**
   * The restful import spec of a registered cluster.
   * @param clusterId The cluster's `_id`
   */
  public static importSpec(clusterId: string): string {
    return importSpec('KubeCluster.importSpec()', 'kubeclusters', clusterId, CLUSTER_KEYS);
  }

  /** The cluster name. */
  public readonly clusterName: string;
  /** The description. */
  public readonly description?: string;
  /** The tags. */
  public readonly tags?: { [key: string]: string };
  /** The underlying `restful_resource`. */
  public readonly resource: Resource;
  /** The cluster's `_id`. */
  public readonly clusterId: string;

  /**
   * @param scope The scope
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: KubeClusterProps = {}) {
    super(scope, id);
    CloudCasaProvider.of(this);
    this.clusterName = resolveName(this, 'clusterName', props.clusterName);
    this.description = props.description;
    this.tags = props.tags;
    this.resource = new Resource(this, 'Resource', {
      path: 'kubeclusters',
      readPath: EVE_READ_PATH,
      updateMethod: 'PATCH',
      updateHeader: WRITE_HEADERS,
      deleteHeader: WRITE_HEADERS,
      body: this._renderBody(),
    });
    this.clusterId = this.resource.outputAttribute('_id');
  }

  /**
   * Start tracking a registered cluster: adds an import block for this resource.
   * @param clusterId The cluster's `_id`
   */
  public importExisting(clusterId: string): void {
    this.resource.importFrom(KubeCluster.importSpec(clusterId));
  }

  /** @internal */
  public _renderBody(): { [key: string]: any } {
    return compact({ name: this.clusterName, description: this.description, tags: this.tags });
  }
}

class ImportedCluster extends Construct implements ICluster {
  public clusterId: string;
  constructor(scope: Construct, id: string, clusterId: string | undefined) {
    super(scope, id);
    this.clusterId = clusterId ?? '';
  }
}
