import * as errors from './_errors';
import type { IKubeHook } from './kube-hook';
import { validateNamespaceList } from './namespaces';

/**
 * Application hooks run before or after a backup, in some namespaces (`pre_hooks[]` / `post_hooks[]` entries
 * `{template, namespaces, hooks}`).
 */
export class BackupHook {
  /**
   * User-defined hooks (KubeHook constructs, or KubeHook.fromHookId / fromName).
   * @param hooks The hooks to run (at least one)
   * @param namespaces The namespaces whose pods they run in (RFC 1123 labels)
   */
  public static fromHooks(hooks: IKubeHook[], namespaces: string[]): BackupHook {
    return new BackupHook(false, BackupHook.ids('BackupHook.fromHooks()', hooks), validateNamespaceList('BackupHook.fromHooks()', namespaces));
  }

  /**
   * CloudCasa's predefined hook templates, referenced by id (`template: true`).
   * @param templateIds The template ids (at least one)
   * @param namespaces The namespaces whose pods they run in (RFC 1123 labels)
   */
  public static template(templateIds: string[], namespaces: string[]): BackupHook {
    if (!Array.isArray(templateIds) || templateIds.length === 0 || templateIds.some((t) => typeof t !== 'string' || t === '')) {
      throw BackupHook.empty('BackupHook.template()', 'templateIds', templateIds);
    }
    return new BackupHook(true, [...templateIds], validateNamespaceList('BackupHook.template()', namespaces));
  }

  private static ids(factory: string, hooks: IKubeHook[]): string[] {
    if (!Array.isArray(hooks) || hooks.length === 0 || hooks.some((h) => h === undefined || h === null)) {
      throw BackupHook.empty(factory, 'hooks', hooks);
    }
    return hooks.map((h) => h.hookId);
  }

  private static empty(factory: string, prop: string, value: unknown): Error {
    return errors.invalidProp(factory, prop, Array.isArray(value) ? `[${value.length} item(s)]` : value,
      'must be a non-empty list without empty entries', 'Pass at least one hook.');
  }

  /** Whether the hooks are CloudCasa templates. */
  public readonly isTemplate: boolean;
  /** The hook or template ids. */
  public readonly hookIds: string[];
  /** The namespaces the hooks run in. */
  public readonly namespaces: string[];

  private constructor(isTemplate: boolean, hookIds: string[], namespaces: string[]) {
    this.isTemplate = isTemplate;
    this.hookIds = hookIds;
    this.namespaces = namespaces;
  }
}
