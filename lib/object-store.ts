import { TerraformVariable } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { credentialsPrefix, credentialVariable, privateStoreFields } from './_credentials';
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
  /** The cluster through which a private store is reached. */
  public readonly proxyCluster?: IKubeCluster;

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
    const prefix = credentialsPrefix(this, props.credentialsVariablePrefix);
    this.accessKeyVariable = credentialVariable(this, `${prefix}_access_key`, 'S3 access key');
    this.secretKeyVariable = credentialVariable(this, `${prefix}_secret_key`, 'S3 secret key');

    this.props = props;
    this.proxyCluster = props.proxyCluster;
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
      ...privateStoreFields(this.proxyCluster),
      skip_tls_certificate_validation: this.props.skipTlsValidation,
    });
  }

}
