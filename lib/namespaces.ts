import { Token } from 'cdktf';
import * as errors from './_errors';

const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Check a namespace list: non-empty, RFC 1123 labels, no duplicates. Collects every problem, then throws once.
 * @internal
 */
export function validateNamespaceList(factory: string, names: string[]): string[] {
  if (!Array.isArray(names) || names.length === 0) {
    throw errors.invalidNamespaces(factory, names, ['the list is empty']);
  }
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const n of names) {
    if (Token.isUnresolved(n)) continue;
    if (typeof n !== 'string') {
      problems.push(`${JSON.stringify(n)} is not a string`);
    } else if (n.length > 63) {
      problems.push(`'${n}' is longer than 63 characters`);
    } else if (!RFC1123_LABEL.test(n)) {
      problems.push(`'${n}' is not an RFC 1123 label`);
    }
    if (seen.has(n)) problems.push(`'${n}' is listed twice`);
    seen.add(n);
  }
  if (problems.length > 0) {
    throw errors.invalidNamespaces(factory, names, problems);
  }
  return [...names];
}

/**
 * Which namespaces of the cluster a backup covers.
 */
export class Namespaces {
  /** The whole cluster (`all_namespaces: true`). */
  public static all(): Namespaces {
    return new Namespaces(true, undefined, undefined);
  }

  /**
   * Only these namespaces. Each must be an RFC 1123 label; the list must be non-empty and without duplicates.
   * @param names The namespaces to back up
   */
  public static of(names: string[]): Namespaces {
    return new Namespaces(false, validateNamespaceList('Namespaces.of()', names), undefined);
  }

  /**
   * The whole cluster except these namespaces (`excluded_namespaces`).
   * @param names The namespaces to leave out
   */
  public static allExcept(names: string[]): Namespaces {
    return new Namespaces(true, undefined, validateNamespaceList('Namespaces.allExcept()', names));
  }

  /** Whether the whole cluster is selected (possibly minus `excluded`). */
  public readonly allNamespaces: boolean;
  /** The selected namespaces, when not the whole cluster. */
  public readonly included?: string[];
  /** The excluded namespaces, with `allNamespaces`. */
  public readonly excluded?: string[];

  private constructor(all: boolean, included?: string[], excluded?: string[]) {
    this.allNamespaces = all;
    this.included = included;
    this.excluded = excluded;
  }

  /** The code form, for messages. */
  public toString(): string {
    if (this.included) return `Namespaces.of(${JSON.stringify(this.included)})`;
    if (this.excluded) return `Namespaces.allExcept(${JSON.stringify(this.excluded)})`;
    return 'Namespaces.all()';
  }
}
