import { TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { credentialsPrefix, credentialVariable, privateStoreFields } from './_credentials';
import * as errors from './_errors';
import { compact, resolveName } from './_internal';
import { CloudCasaResource, inStackRef, MemberSpec } from './cloudcasa-resource';
import type { IKubeCluster } from './kube-cluster';
import type { IObjectStore } from './object-store';

const AZURE_CREDENTIALS = ['subscription_id', 'tenant_id', 'client_id', 'client_secret'] as const;

/** Properties of an AzureObjectStore. */
export interface AzureObjectStoreProps {
  /**
   * The object store name.
   * @default - derived from the construct path
   */
  readonly objectStoreName?: string;
  /** The Azure region of the storage account, e.g. `eastus`. */
  readonly region: string;
  /** The resource group of the storage account. */
  readonly resourceGroupName: string;
  /** The storage account. */
  readonly storageAccountName: string;
  /**
   * The storage is in Azure Government (`s3provider.cloud: Government`), not the public cloud.
   * @default false
   */
  readonly governmentCloud?: boolean;
  /**
   * Prefix of the four sensitive Terraform variables holding the service principal: `<prefix>_subscription_id`,
   * `<prefix>_tenant_id`, `<prefix>_client_id` and `<prefix>_client_secret`, set with `TF_VAR_<name>`. Two object
   * stores of one stack may not share a prefix.
   * @default - `cloudcasa_<construct path below the stack, in snake_case>`, as for ObjectStore
   */
  readonly credentialsVariablePrefix?: string;
  /**
   * Make the storage private: reached only through this cluster, not from the CloudCasa server.
   * @default - not private
   */
  readonly proxyCluster?: IKubeCluster;
}

/**
 * Azure Blob user storage (`/objectstores`, `provider_type: azure`) for copy backups, with the fields CloudCasa's own
 * provider sends: region, resource group, storage account, public or government cloud, and a service principal.
 *
 * The four service-principal values come from sensitive Terraform variables, never from code, and are write-only
 * (they never reach the state's `output`). Look up or import existing Azure storage with `ObjectStore.fromName()`,
 * `ObjectStore.fromObjectStoreId()` and `ObjectStore.importSpec()`, which work for every provider type.
 *
 * @example
 * new AzureObjectStore(stack, 'Vault', {
 *   region: 'eastus',
 *   resourceGroupName: 'backups',
 *   storageAccountName: 'casabackups',
 * });
 * // TF_VAR_cloudcasa_vault_subscription_id, _tenant_id, _client_id, _client_secret
 */
export class AzureObjectStore extends CloudCasaResource implements IObjectStore {
  /** The object store name. */
  public readonly objectStoreName: string;
  /** The Azure region. */
  public readonly region: string;
  /** The resource group. */
  public readonly resourceGroupName: string;
  /** The storage account. */
  public readonly storageAccountName: string;
  /** Whether the storage is in Azure Government. */
  public readonly governmentCloud: boolean;
  /** The sensitive variable holding the subscription id. */
  public readonly subscriptionIdVariable: TerraformVariable;
  /** The sensitive variable holding the tenant id. */
  public readonly tenantIdVariable: TerraformVariable;
  /** The sensitive variable holding the service principal's client id. */
  public readonly clientIdVariable: TerraformVariable;
  /** The sensitive variable holding the service principal's client secret. */
  public readonly clientSecretVariable: TerraformVariable;
  /** The cluster through which a private store is reached. */
  public readonly proxyCluster?: IKubeCluster;
  /** The object store's `_id`. */
  public readonly objectStoreId: string;

  /**
   * @param scope The scope
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: AzureObjectStoreProps) {
    super(scope, id, 'objectstores');
    const path = this.node.path;
    this.objectStoreName = resolveName(this, 'objectStoreName', props.objectStoreName);
    const required = (prop: 'region' | 'resourceGroupName' | 'storageAccountName', allowed: string): string => {
      const v = props[prop];
      if (typeof v !== 'string' || v === '') throw errors.missingRequired(path, prop, allowed);
      return v;
    };
    this.region = required('region', "Pass the storage account's Azure region, e.g. 'eastus'.");
    this.resourceGroupName = required('resourceGroupName', "Pass the storage account's resource group.");
    this.storageAccountName = required('storageAccountName', 'Pass the storage account name.');
    this.governmentCloud = props.governmentCloud ?? false;
    const prefix = credentialsPrefix(this, props.credentialsVariablePrefix);
    this.subscriptionIdVariable = credentialVariable(this, `${prefix}_subscription_id`, 'Azure subscription id');
    this.tenantIdVariable = credentialVariable(this, `${prefix}_tenant_id`, 'Azure tenant id');
    this.clientIdVariable = credentialVariable(this, `${prefix}_client_id`, 'Azure client id');
    this.clientSecretVariable = credentialVariable(this, `${prefix}_client_secret`, 'Azure client secret');
    this.proxyCluster = props.proxyCluster;
    this.objectStoreId = this.objectId;
    // Never diffed against a read, in case the API does not echo them (restful refuses a path the body lacks, so
    // these replace the collection's S3 key paths).
    this.resource.writeOnlyAttrs = AZURE_CREDENTIALS.map((c) => `s3provider.credentials.${c}`);
  }

  /** @internal */
  public _validationSpec(): MemberSpec {
    return { ref: inStackRef(this, this.objectStoreName) };
  }

  /** @internal */
  public _renderBody(): { [key: string]: any } {
    return compact({
      name: this.objectStoreName,
      provider_type: 'azure',
      region: this.region,
      s3provider: {
        // Always sent, as CloudCasa's own provider does (Public unless governmentCloud).
        cloud: this.governmentCloud ? 'Government' : 'Public',
        resource_group_name: this.resourceGroupName,
        storage_account_name: this.storageAccountName,
        credentials: {
          subscription_id: this.subscriptionIdVariable.stringValue,
          tenant_id: this.tenantIdVariable.stringValue,
          client_id: this.clientIdVariable.stringValue,
          client_secret: this.clientSecretVariable.stringValue,
        },
      },
      ...privateStoreFields(this.proxyCluster),
    });
  }
}
