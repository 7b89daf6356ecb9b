import { TerraformStack, TerraformVariable } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import * as errors from './_errors';
import { compact, resolveName } from './_internal';
import { CloudCasaResource, ImportedObject, importSpecOf, inStackRef, MemberSpec } from './cloudcasa-resource';
import type { IKubeCluster } from './kube-cluster';

/** User storage registered with CloudCasa. */
export interface IObjectStore extends IConstruct {
  /** The object store's `_id`. */
  readonly objectStoreId: string;
}

/** Properties of an ObjectStore. */
export interface ObjectStoreProps {
  /**
   * The object store name.
   * @default - derived from the construct path
   */
  readonly objectStoreName?: string;
  /** The bucket. */
  readonly bucketName: string;
  /**
   * The region (required for Amazon S3).
   * @default - none
   */
  readonly region?: string;
  /**
   * The endpoint of an S3-compatible service (MinIO, Ceph, Wasabi...).
   * @default - Amazon S3
   */
  readonly endpoint?: string;
  /**
   * Prefix of the two sensitive Terraform variables holding the credentials: `<prefix>_access_key` and
   * `<prefix>_secret_key`, set with `TF_VAR_<prefix>_access_key` / `TF_VAR_<prefix>_secret_key`.
   * Two object stores of one stack may not share a prefix: synth fails naming both construct paths.
   * @default - `cloudcasa_<construct path below the stack, in snake_case>`, e.g. `cloudcasa_offsite` for a
   * store with id `Offsite` directly in the stack and `cloudcasa_team_a_offsite` for `TeamA/Offsite`
   */
  readonly credentialsVariablePrefix?: string;
  /**
   * Skip TLS certificate validation of the endpoint.
   * @default false
   */
  readonly skipTlsValidation?: boolean;
  /**
   * Make the storage private: reached only through this cluster, not from the CloudCasa server.
   * @default - not private
   */
  readonly proxyCluster?: IKubeCluster;
}

/** Credential variable name → the construct path that declared it, per stack. */
const CREDENTIAL_VARIABLES = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * S3-compatible user storage (`/objectstores`, `provider_type: aws`) for copy backups.
 *
 * The access and secret keys come from sensitive Terraform variables, never from code, and are marked
 * write-only (the API does not return them).
 */
export class ObjectStore extends CloudCasaResource implements IObjectStore {
  /**
   * Refer to existing user storage by id.
   * @param scope The scope
   * @param id The construct id
   * @param objectStoreId The object store's `_id`
   */
  public static fromObjectStoreId(scope: Construct, id: string, objectStoreId: string): IObjectStore {
    return new ImportedObject(scope, id, 'objectstores', { prop: 'objectStoreId', id: objectStoreId });
  }

  /**
   * Look up existing user storage by name at plan time.
   * @param scope The scope
   * @param id The construct id
   * @param objectStoreName The object store name
   */
  public static fromName(scope: Construct, id: string, objectStoreName: string): IObjectStore {
    return new ImportedObject(scope, id, 'objectstores', { name: objectStoreName });
  }

  /**
   * The restful import spec of existing user storage.
   * @param objectStoreId The object store's `_id`
   */
  public static importSpec(objectStoreId: string): string {
    return importSpecOf('ObjectStore.importSpec()', 'objectstores', objectStoreId);
  }

  /** The object store name. */
  public readonly objectStoreName: string;
  /** The bucket. */
  public readonly bucketName: string;
  /** The sensitive variable holding the access key. */
  public readonly accessKeyVariable: TerraformVariable;
  /** The sensitive variable holding the secret key. */
  public readonly secretKeyVariable: TerraformVariable;
  /** The object store's `_id`. */
  public readonly objectStoreId: string;

  private readonly props: ObjectStoreProps;

  /**
   * @param scope The scope
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: ObjectStoreProps) {
    super(scope, id, 'objectstores');
    this.objectStoreName = resolveName(this, 'objectStoreName', props.objectStoreName);
    if (typeof props.bucketName !== 'string' || props.bucketName === '') {
      throw errors.missingRequired(this.node.path, 'bucketName', 'Pass the bucket name.');
    }
    this.bucketName = props.bucketName;
    const prefix = props.credentialsVariablePrefix ?? defaultCredentialsPrefix(this);
    if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(prefix)) {
      throw errors.invalidProp(this.node.path, 'credentialsVariablePrefix', prefix, 'is not a valid Terraform variable name',
        'Use letters, digits and underscores, starting with a letter.');
    }
    claimCredentialVariables(this, prefix, props.credentialsVariablePrefix !== undefined);
    this.accessKeyVariable = this.secretVariable(`${prefix}_access_key`, 'access key');
    this.secretKeyVariable = this.secretVariable(`${prefix}_secret_key`, 'secret key');

    this.props = props;
    this.objectStoreId = this.objectId;
  }

  /** @internal */
  public _validationSpec(): MemberSpec {
    return { ref: inStackRef(this, this.objectStoreName) };
  }

  /** @internal */
  public _renderBody(): { [key: string]: any } {
    return compact({
      name: this.objectStoreName,
      provider_type: 'aws',
      bucket_name: this.bucketName,
      region: this.props.region,
      s3provider: compact({
        endpoint: this.props.endpoint,
        credentials: {
          access_key: this.accessKeyVariable.stringValue,
          secret_key: this.secretKeyVariable.stringValue,
        },
      }),
      private: this.props.proxyCluster ? true : undefined,
      proxy_cluster_list: this.props.proxyCluster ? [this.props.proxyCluster.clusterId] : undefined,
      skip_tls_certificate_validation: this.props.skipTlsValidation,
    });
  }

  private secretVariable(name: string, what: string): TerraformVariable {
    const v = new TerraformVariable(this, name, {
      type: 'string',
      sensitive: true,
      description: `S3 ${what} of CloudCasa object store ${this.node.path} (set TF_VAR_${name}).`,
    });
    v.overrideLogicalId(name);
    return v;
  }
}

/** `cloudcasa_` + the construct path below the stack in snake case (`TeamA/Offsite` → `cloudcasa_team_a_offsite`). */
function defaultCredentialsPrefix(store: Construct): string {
  const stack = TerraformStack.of(store);
  const ids = store.node.scopes.slice(store.node.scopes.indexOf(stack) + 1).map((c) => c.node.id);
  const snake = ids.map((i) => i.replace(/([a-z0-9])([A-Z])/g, '$1_$2')).join('_');
  return `cloudcasa_${snake.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '').toLowerCase()}`;
}

/** Two stores whose credential variables share a name would silently be sent each other's keys: refuse. */
function claimCredentialVariables(store: Construct, prefix: string, explicit: boolean): void {
  const stack = TerraformStack.of(store);
  let claimed = CREDENTIAL_VARIABLES.get(stack);
  if (!claimed) CREDENTIAL_VARIABLES.set(stack, (claimed = new Map()));
  const other = claimed.get(prefix);
  if (other !== undefined) {
    throw errors.invalidProp(store.node.path, 'credentialsVariablePrefix', prefix,
      `${explicit ? 'is' : 'would be (derived from the construct path)'} already used by the object store ${other}, so both would read the same credentials`,
      'Give one of them a distinct credentialsVariablePrefix.');
  }
  claimed.set(prefix, store.node.path);
}
