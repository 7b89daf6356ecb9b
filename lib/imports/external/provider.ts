// Hand-written binding for the hashicorp/external provider, in the shape `cdktf get` generates.
// See https://registry.terraform.io/providers/hashicorp/external/latest/docs
import { TerraformProvider } from 'cdktf';
import { Construct } from 'constructs';

/** Configuration of the `external` provider (it has no settings besides an alias). */
export interface ExternalProviderConfig {
  /**
   * Alias name.
   * @default - the default provider configuration
   */
  readonly alias?: string;
}

/**
 * The `external` provider (hashicorp/external). Its data source runs a program during plan.
 *
 * @see https://registry.terraform.io/providers/hashicorp/external/latest/docs
 */
export class ExternalProvider extends TerraformProvider {
  /** The Terraform type of this provider. */
  public static readonly tfResourceType = 'external';

  private _alias?: string;

  /**
   * Create a new `external` provider configuration.
   * @param scope The scope in which to define this construct
   * @param id The scoped construct id
   * @param config The provider configuration
   */
  constructor(scope: Construct, id: string, config: ExternalProviderConfig = {}) {
    super(scope, id, {
      terraformResourceType: 'external',
      terraformGeneratorMetadata: {
        providerName: 'external',
        providerVersion: '1.2.0',
      },
      terraformProviderSource: 'hashicorp/external',
    });
    this._alias = config.alias;
  }

  /** The provider alias, if any. */
  public get alias(): string | undefined {
    return this._alias;
  }

  public set alias(value: string | undefined) {
    this._alias = value;
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { alias: this._alias };
  }
}
