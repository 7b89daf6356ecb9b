// Hand-written binding for the `restful_resource` data source (magodo/restful v0.23.0).
// See https://registry.terraform.io/providers/magodo/restful/0.23.0/docs/data-sources/resource
import { AnyMap, TerraformDataSource, TerraformMetaArguments, Token } from 'cdktf';
import { Construct } from 'constructs';
import { bindingConfig } from './_util';
import { prechecksToTerraform, ResourcePrecheck } from './resource';

/** Configuration of a `restful_resource` data source. */
export interface DataRestfulResourceConfig extends TerraformMetaArguments {
  /** The path to read, relative to the provider's `base_url` (e.g. `kubeclusters`). */
  readonly id: string;
  /**
   * The method: `GET`, `HEAD`, or `POST` for searches.
   * @default "GET"
   */
  readonly method?: string;
  /**
   * The request body (for `POST`).
   * @default - no body
   */
  readonly body?: { [key: string]: any };
  /**
   * Request headers; replaces the provider's map.
   * @default - the provider's headers
   */
  readonly header?: { [key: string]: string };
  /**
   * Query parameters, e.g. `{ where: ['{"name":"x"}'] }`.
   * @default - the provider's query
   */
  readonly query?: { [key: string]: string[] };
  /**
   * gjson selector picking one member out of a collection, e.g. `_items.0`.
   * @default - the whole response
   */
  readonly selector?: string;
  /**
   * Do not fail when the object does not exist (`output` is then null).
   * @default false
   */
  readonly allowNotExist?: boolean;
  /**
   * gjson paths exported in `output`.
   * @default - the whole response
   */
  readonly outputAttrs?: string[];
  /**
   * Prechecks before the read.
   * @default - none
   */
  readonly precheck?: ResourcePrecheck[];
}

/**
 * The `restful_resource` data source: reads one object (or a member of a collection) at plan time.
 *
 * @see https://registry.terraform.io/providers/magodo/restful/0.23.0/docs/data-sources/resource
 */
export class DataRestfulResource extends TerraformDataSource {
  /** The Terraform type of this data source. */
  public static readonly tfResourceType = 'restful_resource';

  private readonly _config: DataRestfulResourceConfig;
  private _output?: AnyMap;

  /**
   * Create a new `restful_resource` data source.
   * @param scope The scope in which to define this construct
   * @param id The scoped construct id
   * @param config The data source configuration
   */
  constructor(scope: Construct, id: string, config: DataRestfulResourceConfig) {
    super(scope, id, bindingConfig('restful_resource', 'restful', '0.23.0', config));
    this._config = config;
  }

  /** The configured path (the data source's `id` argument). */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** The response body (a Terraform Dynamic value). */
  public get output(): AnyMap {
    if (!this._output) {
      this._output = new AnyMap(this, 'output');
    }
    return this._output;
  }

  /**
   * A reference to one field of `output`, e.g. `outputAttribute('_id')` → `${data.restful_resource.x.output._id}`.
   * @param path The attribute path inside `output` (dot-separated)
   */
  public outputAttribute(path: string): string {
    return Token.asString(this.interpolationForAttribute(`output.${path}`));
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this._config;
    return {
      id: c.id,
      method: c.method,
      body: c.body,
      header: c.header,
      query: c.query,
      selector: c.selector,
      allow_not_exist: c.allowNotExist,
      output_attrs: c.outputAttrs,
      precheck: prechecksToTerraform(c.precheck),
    };
  }
}
