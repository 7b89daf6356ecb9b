import { TerraformMetaArguments, TerraformResourceConfig, Tokenization } from 'cdktf';

/**
 * Merge `sources` into `target` (plain objects only; tokens and arrays replace).
 * @internal
 */
export function deepMerge(target: any, ...sources: any[]): any {
  for (const source of sources) {
    if (source === undefined || source === null) continue;
    for (const key of Object.keys(source)) {
      const value = source[key];
      if (value === undefined) {
        delete target[key];
      } else if (
        typeof value === 'object' && value !== null && !Array.isArray(value) && !Tokenization.isResolvable(value)
        && typeof target[key] === 'object' && target[key] !== null && !Array.isArray(target[key])
      ) {
        deepMerge(target[key], value);
      } else {
        target[key] = value;
      }
    }
  }
  return target;
}

/** @internal */
export function isToken(x: unknown): boolean {
  return Tokenization.isResolvable(x);
}

/**
 * The base-class configuration every binding passes to `super()`: its type, the provider it belongs to, and
 * the meta-arguments (`provider`, `dependsOn`, `count`, `lifecycle`, `provisioners`, `connection`, `forEach`).
 * @internal
 */
export function bindingConfig(
  terraformResourceType: string, providerName: string, providerVersion: string, config: TerraformMetaArguments & Partial<TerraformResourceConfig>,
): TerraformResourceConfig {
  return {
    terraformResourceType,
    terraformGeneratorMetadata: { providerName, providerVersion },
    provider: config.provider,
    dependsOn: config.dependsOn,
    count: config.count,
    lifecycle: config.lifecycle,
    provisioners: config.provisioners,
    connection: config.connection,
    forEach: config.forEach,
  };
}
