// Hand-written binding for the `external` data source (hashicorp/external), in the shape `cdktf get` generates.
// See https://registry.terraform.io/providers/hashicorp/external/latest/docs/data-sources/external
import { StringMap, TerraformDataSource, TerraformMetaArguments } from 'cdktf';
import { Construct } from 'constructs';
import { bindingConfig } from '../restful/_util';

/** Configuration of an `external` data source. */
export interface DataExternalConfig extends TerraformMetaArguments {
  /** The program and its arguments (no shell). It gets `query` as a JSON object on stdin. */
  readonly program: string[];
  /**
   * String values sent to the program as a JSON object on stdin. Stored in the state: never put secrets here.
   * @default - an empty object
   */
  readonly query?: { [key: string]: string };
  /**
   * The working directory of the program.
   * @default - the engine's working directory
   */
  readonly workingDir?: string;
}

/**
 * The `external` data source: runs a program during plan and exposes the JSON object of strings it prints.
 * A non-zero exit fails the plan with the program's stderr.
 *
 * @see https://registry.terraform.io/providers/hashicorp/external/latest/docs/data-sources/external
 */
export class DataExternal extends TerraformDataSource {
  /** The Terraform type of this data source. */
  public static readonly tfResourceType = 'external';

  private readonly _config: DataExternalConfig;
  private _result?: StringMap;

  /**
   * Create a new `external` data source.
   * @param scope The scope in which to define this construct
   * @param id The scoped construct id
   * @param config The data source configuration
   */
  constructor(scope: Construct, id: string, config: DataExternalConfig) {
    super(scope, id, bindingConfig('external', 'external', '1.2.0', config));
    this._config = config;
  }

  /** Always `-`. */
  public get id(): string {
    return this.getStringAttribute('id');
  }

  /** The configured program. */
  public get programInput(): string[] {
    return [...this._config.program];
  }

  /** The configured query. */
  public get queryInput(): { [key: string]: string } | undefined {
    return this._config.query;
  }

  /** The program's output: a map of strings. */
  public get result(): StringMap {
    if (!this._result) {
      this._result = new StringMap(this, 'result');
    }
    return this._result;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    const c = this._config;
    return {
      program: c.program,
      query: c.query,
      working_dir: c.workingDir,
    };
  }
}
