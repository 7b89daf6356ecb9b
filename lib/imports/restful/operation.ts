// Hand-written binding for `restful_operation` (magodo/restful v0.23.0), in the shape `cdktf get` generates.
// See https://registry.terraform.io/providers/magodo/restful/0.23.0/docs/resources/operation
import {
  AnyMap,
  ImportableResource,
  TerraformMetaArguments,
  TerraformProvider,
  TerraformResource,
  Token,
} from 'cdktf';
import { Construct } from 'constructs';
import { bindingConfig } from './_util';
import { pollToTerraform, prechecksToTerraform, ResourcePoll, ResourcePrecheck } from './resource';

/** Configuration of a `restful_operation`. */
export interface OperationConfig extends TerraformMetaArguments {
  /** The path of the call, relative to the provider's `base_url`. Forces replacement. */
  readonly path: string;
  /** The method: `GET`, `PUT`, `POST`, `PATCH` or `DELETE`. */
  readonly method: string;
  /**
   * The request body (a native object). A change re-runs the call.
   * @default - no body
   */
  readonly body?: { [key: string]: any };
  /**
   * Headers of every call of this operation; replaces the provider's map.
   * @default - the provider's headers
   */
  readonly header?: { [key: string]: string };
  /**
   * Query of every call of this operation; replaces the provider's map.
   * @default - the provider's query
   */
  readonly query?: { [key: string]: string[] };
  /**
   * Headers of the operation call; replaces `header`. Not `$(body)`-expanded: use Terraform references.
   * @default - `header`
   */
  readonly operationHeader?: { [key: string]: string };
  /**
   * Query of the operation call; replaces `query`.
   * @default - `query`
   */
  readonly operationQuery?: { [key: string]: string[] };
  /**
   * Builds the id from the response; may use `$(path)` and `$(body.x)`.
   * @default - `path`
   */
  readonly idBuilder?: string;
  /**
   * Polling after the call.
   * @default - no polling
   */
  readonly poll?: ResourcePoll;
  /**
   * Prechecks before the call.
   * @default - none
   */
  readonly precheck?: ResourcePrecheck[];
  /**
   * gjson paths exported in `output`.
   * @default - the whole response
   */
  readonly outputAttrs?: string[];
  /**
   * Write-only properties merged into the body (Terraform >= 1.11 / OpenTofu >= 1.11).
   * @default - none
   */
  readonly ephemeralBody?: { [key: string]: any };
  /**
   * The method of the destroy-time call: `DELETE`, `POST`, `PUT` or `PATCH`.
   * @default - no call on destroy
   */
  readonly deleteMethod?: string;
  /**
   * The path of the destroy-time call.
   * @default - the id
   */
  readonly deletePath?: string;
  /**
   * The body of the destroy-time call.
   * @default - none
   */
  readonly deleteBody?: { [key: string]: any };
  /**
   * Headers of the destroy-time call; may contain `$(body.x)` expanded against this operation's `output`.
   * @default - `header`
   */
  readonly deleteHeader?: { [key: string]: string };
  /**
   * Query of the destroy-time call.
   * @default - `query`
   */
  readonly deleteQuery?: { [key: string]: string[] };
  /**
   * Polling after the destroy-time call.
   * @default - no polling
   */
  readonly pollDelete?: ResourcePoll;
  /**
   * Prechecks before the destroy-time call.
   * @default - none
   */
  readonly precheckDelete?: ResourcePrecheck[];
}

/**
 * A `restful_operation`: a one-shot call sent on create and on every update of its inputs.
 *
 * @see https://registry.terraform.io/providers/magodo/restful/0.23.0/docs/resources/operation
 */
export class Operation extends TerraformResource {
  /** The Terraform type of this resource. */
  public static readonly tfResourceType = 'restful_operation';

  /**
   * Generates CDKTF code for importing a `restful_operation` upon running "cdktf plan <stack-name>".
   * @param scope The scope in which to define this construct
   * @param importToId The construct id used in the generated config
   * @param importFromId The id of the existing operation
   * @param provider Optional provider instance
   */
  public static generateConfigForImport(
    scope: Construct,
    importToId: string,
    importFromId: string,
    provider?: TerraformProvider,
  ): ImportableResource {
    return new ImportableResource(scope, importToId, {
      terraformResourceType: 'restful_operation',
      importId: importFromId,
      provider,
    });
  }

  private readonly _config: OperationConfig;
  private _output?: AnyMap;

  /**
   * Create a new `restful_operation`.
   * @param scope The scope in which to define this construct
   * @param id The scoped construct id
   * @param config The operation configuration
   */
  constructor(scope: Construct, id: string, config: OperationConfig) {
    super(scope, id, bindingConfig('restful_operation', 'restful', '0.23.0', config));
    this._config = config;
  }

  /** The id of the operation. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** The response body of the call (a Terraform Dynamic value). */
  public get output(): AnyMap {
    if (!this._output) {
      this._output = new AnyMap(this, 'output');
    }
    return this._output;
  }

  /**
   * A reference to one field of `output`, e.g. `outputAttribute('_id')` → `${restful_operation.x.output._id}`.
   * @param path The attribute path inside `output` (dot-separated)
   */
  public outputAttribute(path: string): string {
    return Token.asString(this.interpolationForAttribute(`output.${path}`));
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this._config;
    return {
      path: c.path,
      method: c.method,
      body: c.body,
      header: c.header,
      query: c.query,
      operation_header: c.operationHeader,
      operation_query: c.operationQuery,
      id_builder: c.idBuilder,
      poll: pollToTerraform(c.poll),
      precheck: prechecksToTerraform(c.precheck),
      output_attrs: c.outputAttrs,
      ephemeral_body: c.ephemeralBody,
      delete_method: c.deleteMethod,
      delete_path: c.deletePath,
      delete_body: c.deleteBody,
      delete_header: c.deleteHeader,
      delete_query: c.deleteQuery,
      poll_delete: pollToTerraform(c.pollDelete),
      precheck_delete: prechecksToTerraform(c.precheckDelete),
    };
  }
}
