import { Tokenization } from 'cdktf';

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
