// Hand-written binding for `restful_resource` (magodo/restful v0.23.0), in the shape `cdktf get` generates.
// See https://registry.terraform.io/providers/magodo/restful/0.23.0/docs/resources/resource
import {
  AnyMap,
  ImportableResource,
  TerraformMetaArguments,
  TerraformProvider,
  TerraformResource,
  Token,
} from 'cdktf';
import { Construct } from 'constructs';
import { bindingConfig, isToken } from './_util';

/** The status sentinels of a poll or precheck. */
export interface ResourcePollStatus {
  /** The status value that means success. */
  readonly success: string;
  /**
   * The status values that mean "keep polling".
   * @default - none
   */
  readonly pending?: string[];
}

/** Polling options for an asynchronous operation. */
export interface ResourcePoll {
  /** Where the status is read: `code`, `header.<path>` or `body.<gjson path>`. */
  readonly statusLocator: string;
  /** The status sentinels. */
  readonly status: ResourcePollStatus;
  /**
   * Where the polling URL is read: `header.<path>`, `body.<path>` or `exact.<url>`.
   * @default - the operation's URL (the resource id for Create)
   */
  readonly urlLocator?: string;
  /**
   * Headers of the polling requests.
   * @default - the resource's headers
   */
  readonly header?: { [key: string]: string };
  /**
   * Seconds between two polls when the response has no `Retry-After`.
   * @default 10
   */
  readonly defaultDelaySec?: number;
}

/** A readiness API polled before an operation. */
export interface ResourcePrecheckApi {
  /** The path to query, relative to the provider's `base_url`. */
  readonly path: string;
  /** Where the status is read: `code`, `header.<path>` or `body.<gjson path>`. */
  readonly statusLocator: string;
  /** The status sentinels. */
  readonly status: ResourcePollStatus;
  /**
   * Headers of the precheck requests.
   * @default - the resource's headers
   */
  readonly header?: { [key: string]: string };
  /**
   * Query parameters of the precheck requests.
   * @default - the resource's query
   */
  readonly query?: { [key: string]: string[] };
  /**
   * Seconds between two polls when the response has no `Retry-After`.
   * @default 10
   */
  readonly defaultDelaySec?: number;
}

/** A precheck: set exactly one of `api` or `mutex`. */
export interface ResourcePrecheck {
  /**
   * Wait until this API reports success.
   * @default - not used
   */
  readonly api?: ResourcePrecheckApi;
  /**
   * Wait until this named mutex is held.
   * @default - not used
   */
  readonly mutex?: string;
}

/** A patch applied to the body of update calls only. */
export interface ResourceUpdateBodyPatch {
  /** The gjson path in the body to set. */
  readonly path: string;
  /** The raw JSON value; may contain `$(body.x)` expanded against the stored `output`. */
  readonly rawJson: string;
}

/** Configuration of a `restful_resource`. */
export interface ResourceConfig extends TerraformMetaArguments {
  /** The collection path used to create the resource, relative to the provider's `base_url`. Forces replacement. */
  readonly path: string;
  /** The properties of the resource (a native object, synthesized as a Terraform Dynamic value). */
  readonly body: { [key: string]: any };
  /**
   * The path used to read the resource, which becomes its `id`; may use `$(path)` and `$(body.x)`.
   * @default - `path`
   */
  readonly readPath?: string;
  /**
   * The path used to update the resource.
   * @default - the id
   */
  readonly updatePath?: string;
  /**
   * The path used to delete the resource.
   * @default - the id
   */
  readonly deletePath?: string;
  /**
   * The create method: `PUT`, `POST` or `PATCH`.
   * @default - the provider's `create_method`
   */
  readonly createMethod?: string;
  /**
   * The update method: `PUT`, `POST` or `PATCH`.
   * @default - the provider's `update_method`
   */
  readonly updateMethod?: string;
  /**
   * The delete method: `DELETE`, `POST`, `PUT` or `PATCH`.
   * @default - the provider's `delete_method`
   */
  readonly deleteMethod?: string;
  /**
   * Headers of every request; replaces the provider's map.
   * @default - the provider's headers
   */
  readonly header?: { [key: string]: string };
  /**
   * Query parameters of every request; replaces the provider's map.
   * @default - the provider's query
   */
  readonly query?: { [key: string]: string[] };
  /**
   * Headers of create requests; replaces `header`.
   * @default - `header`
   */
  readonly createHeader?: { [key: string]: string };
  /**
   * Query of create requests; replaces `query`.
   * @default - `query`
   */
  readonly createQuery?: { [key: string]: string[] };
  /**
   * Headers of read requests; replaces `header`; may contain `$(body.x)`.
   * @default - `header`
   */
  readonly readHeader?: { [key: string]: string };
  /**
   * Query of read requests; replaces `query`; may contain `$(body.x)`.
   * @default - `query`
   */
  readonly readQuery?: { [key: string]: string[] };
  /**
   * Headers of update requests; replaces `header`; may contain `$(body.x)` (e.g. `If-Match: $(body._etag)`).
   * @default - `header`
   */
  readonly updateHeader?: { [key: string]: string };
  /**
   * Query of update requests; replaces `query`; may contain `$(body.x)`.
   * @default - `query`
   */
  readonly updateQuery?: { [key: string]: string[] };
  /**
   * Headers of delete requests; replaces `header`; may contain `$(body.x)`.
   * @default - `header`
   */
  readonly deleteHeader?: { [key: string]: string };
  /**
   * Query of delete requests; replaces `query`; may contain `$(body.x)`.
   * @default - `query`
   */
  readonly deleteQuery?: { [key: string]: string[] };
  /**
   * The payload of the delete call.
   * @default - none
   */
  readonly deleteBody?: { [key: string]: any };
  /**
   * The raw payload of the delete call; may contain `$(body.x)`.
   * @default - none
   */
  readonly deleteBodyRaw?: string;
  /**
   * Patches applied to the body of update calls only.
   * @default - none
   */
  readonly updateBodyPatches?: ResourceUpdateBodyPatch[];
  /**
   * gjson selector picking the resource out of a create response that is a collection.
   * @default - the whole response
   */
  readonly createSelector?: string;
  /**
   * gjson selector picking the resource out of a read response that is a collection.
   * @default - the whole response
   */
  readonly readSelector?: string;
  /**
   * Template transforming the read response into the shape of `body`.
   * @default - none
   */
  readonly readResponseTemplate?: string;
  /**
   * Polling for Create.
   * @default - no polling
   */
  readonly pollCreate?: ResourcePoll;
  /**
   * Polling for Update.
   * @default - no polling
   */
  readonly pollUpdate?: ResourcePoll;
  /**
   * Polling for Delete.
   * @default - no polling
   */
  readonly pollDelete?: ResourcePoll;
  /**
   * Prechecks before Create.
   * @default - none
   */
  readonly precheckCreate?: ResourcePrecheck[];
  /**
   * Prechecks before Update.
   * @default - none
   */
  readonly precheckUpdate?: ResourcePrecheck[];
  /**
   * Prechecks before Delete.
   * @default - none
   */
  readonly precheckDelete?: ResourcePrecheck[];
  /**
   * gjson paths of set-only attributes that the API never returns.
   * @default - none
   */
  readonly writeOnlyAttrs?: string[];
  /**
   * gjson paths of body attributes whose change forces replacement.
   * @default - none
   */
  readonly forceNewAttrs?: string[];
  /**
   * gjson paths exported in `output`. Keep `_id` and `_etag` in it when `$(body._etag)` is used.
   * @default - the whole response
   */
  readonly outputAttrs?: string[];
  /**
   * Write-only properties merged into the request body (Terraform >= 1.11 / OpenTofu >= 1.11).
   * @default - none
   */
  readonly ephemeralBody?: { [key: string]: any };
  /**
   * Send the whole body instead of a JSON merge patch on PATCH updates.
   * @default - the provider's setting
   */
  readonly mergePatchDisabled?: boolean;
  /**
   * Fail Create when the resource already exists.
   * @default false
   */
  readonly checkExistance?: boolean;
}

/** @internal */
export function pollToTerraform(p?: ResourcePoll): any {
  if (p === undefined || isToken(p)) return p;
  return {
    status_locator: p.statusLocator,
    status: p.status && { success: p.status.success, pending: p.status.pending },
    url_locator: p.urlLocator,
    header: p.header,
    default_delay_sec: p.defaultDelaySec,
  };
}

/** @internal */
export function prechecksToTerraform(list?: ResourcePrecheck[]): any {
  if (list === undefined || isToken(list)) return list;
  return list.map((p) => ({
    api: p.api && {
      path: p.api.path,
      status_locator: p.api.statusLocator,
      status: p.api.status && { success: p.api.status.success, pending: p.api.status.pending },
      header: p.api.header,
      query: p.api.query,
      default_delay_sec: p.api.defaultDelaySec,
    },
    mutex: p.mutex,
  }));
}

/**
 * A `restful_resource`: a REST object created with `path`, read at `read_path` (its id), updated and deleted there.
 *
 * @see https://registry.terraform.io/providers/magodo/restful/0.23.0/docs/resources/resource
 */
export class Resource extends TerraformResource {
  /** The Terraform type of this resource. */
  public static readonly tfResourceType = 'restful_resource';

  /**
   * Generates CDKTF code for importing a `restful_resource` upon running "cdktf plan <stack-name>".
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config
   * @param importFromId The import spec JSON: `{"id": "<read path>", "path": "<collection>", "body": {...}}`
   * @param provider Optional provider instance where the resource is found
   */
  public static generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: TerraformProvider,
  ): ImportableResource {
    return new ImportableResource(scope, importToId, {
      terraformResourceType: 'restful_resource',
      importId: importFromId,
      provider,
    });
  }

  private readonly _config: ResourceConfig;
  private _output?: AnyMap;

  /**
   * Create a new `restful_resource`.
   * @param scope The scope in which to define this construct
   * @param id The scoped construct id
   * @param config The resource configuration
   */
  constructor(scope: Construct, id: string, config: ResourceConfig) {
    super(scope, id, bindingConfig('restful_resource', 'restful', '0.23.0', config));
    this._config = config;
  }

  /** The id of the resource: the expanded `read_path`. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** The last read response body (a Terraform Dynamic value). */
  public get output(): AnyMap {
    if (!this._output) {
      this._output = new AnyMap(this, 'output');
    }
    return this._output;
  }

  /**
   * A reference to one field of `output`, e.g. `outputAttribute('_id')` → `${restful_resource.x.output._id}`.
   * @param path The attribute path inside `output` (dot-separated)
   */
  public outputAttribute(path: string): string {
    return Token.asString(this.interpolationForAttribute(`output.${path}`));
  }

  /** The configured `path`. */
  public get pathInput(): string {
    return this._config.path;
  }

  /** The configured `body`. */
  public get bodyInput(): { [key: string]: any } {
    return this._config.body;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this._config;
    return {
      path: c.path,
      body: c.body,
      read_path: c.readPath,
      update_path: c.updatePath,
      delete_path: c.deletePath,
      create_method: c.createMethod,
      update_method: c.updateMethod,
      delete_method: c.deleteMethod,
      header: c.header,
      query: c.query,
      create_header: c.createHeader,
      create_query: c.createQuery,
      read_header: c.readHeader,
      read_query: c.readQuery,
      update_header: c.updateHeader,
      update_query: c.updateQuery,
      delete_header: c.deleteHeader,
      delete_query: c.deleteQuery,
      delete_body: c.deleteBody,
      delete_body_raw: c.deleteBodyRaw,
      update_body_patches: isToken(c.updateBodyPatches)
        ? c.updateBodyPatches
        : c.updateBodyPatches?.map((p) => ({ path: p.path, raw_json: p.rawJson })),
      create_selector: c.createSelector,
      read_selector: c.readSelector,
      read_response_template: c.readResponseTemplate,
      poll_create: pollToTerraform(c.pollCreate),
      poll_update: pollToTerraform(c.pollUpdate),
      poll_delete: pollToTerraform(c.pollDelete),
      precheck_create: prechecksToTerraform(c.precheckCreate),
      precheck_update: prechecksToTerraform(c.precheckUpdate),
      precheck_delete: prechecksToTerraform(c.precheckDelete),
      write_only_attrs: c.writeOnlyAttrs,
      force_new_attrs: c.forceNewAttrs,
      output_attrs: c.outputAttrs,
      ephemeral_body: c.ephemeralBody,
      merge_patch_disabled: c.mergePatchDisabled,
      check_existance: c.checkExistance,
    };
  }
}
