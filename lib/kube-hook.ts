import { Construct, IConstruct } from 'constructs';
import * as errors from './_errors';
import { compact, resolveName } from './_internal';
import { CloudCasaResource, ImportedObject, importSpecOf, inStackRef, MemberSpec } from './cloudcasa-resource';

/** A CloudCasa application hook. */
export interface IKubeHook extends IConstruct {
  /** The hook's `_id`. */
  readonly hookId: string;
}

/** When a hook may be used (`hook_type`). */
export enum KubeHookType {
  /** Before a backup. */
  PRE_BACKUP = 'PRE_BACKUP',
  /** After a backup. */
  POST_BACKUP = 'POST_BACKUP',
  /** After a restore. */
  POST_RESTORE = 'POST_RESTORE',
  /** Any of the above. */
  COMMON = 'COMMON',
}

/** A command run in matching pods. */
export interface KubeHookTarget {
  /** The command, e.g. `uname -a`. Write it as CloudCasa normalises it, or every plan shows a diff. */
  readonly command: string;
  /**
   * The container to run it in.
   * @default - the pod's first container
   */
  readonly container?: string;
}

/** Which pods a hook runs in, and what it runs there (`hook[]`). */
export interface KubeHookRule {
  /**
   * Pod label selector: `{ app: 'db,cache' }` (commas mean OR within a key; keys are ANDed).
   * @default - every pod
   */
  readonly labels?: { [key: string]: string };
  /** The commands (at least one). */
  readonly targets: KubeHookTarget[];
}

/** Properties of a KubeHook. */
export interface KubeHookProps {
  /**
   * The hook name.
   * @default - derived from the construct path
   */
  readonly hookName?: string;
  /** When the hook may be used. */
  readonly hookType: KubeHookType;
  /**
   * The rules; more can be added with `addRule()`.
   * @default - none (add them with addRule())
   */
  readonly rules?: KubeHookRule[];
}

/**
 * An application hook (`/kubehooks`): commands run in selected pods around backups or restores.
 */
export class KubeHook extends CloudCasaResource implements IKubeHook {
  /**
   * Refer to an existing hook by id.
   * @param scope The scope
   * @param id The construct id
   * @param hookId The hook's `_id`
   */
  public static fromHookId(scope: Construct, id: string, hookId: string): IKubeHook {
    return new ImportedObject(scope, id, 'kubehooks', { prop: 'hookId', id: hookId });
  }

  /**
   * Look up an existing hook by name at plan time.
   * @param scope The scope
   * @param id The construct id
   * @param hookName The hook name
   */
  public static fromName(scope: Construct, id: string, hookName: string): IKubeHook {
    return new ImportedObject(scope, id, 'kubehooks', { name: hookName });
  }

  /**
   * The restful import spec of an existing hook.
   * @param hookId The hook's `_id`
   */
  public static importSpec(hookId: string): string {
    return importSpecOf('KubeHook.importSpec()', 'kubehooks', hookId);
  }

  /** The hook name. */
  public readonly hookName: string;
  /** The hook type. */
  public readonly hookType: KubeHookType;
  /** The hook's `_id`. */
  public readonly hookId: string;

  private readonly _rules: KubeHookRule[] = [];

  /**
   * @param scope The scope
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: KubeHookProps) {
    super(scope, id, 'kubehooks');
    this.hookName = resolveName(this, 'hookName', props.hookName);
    if (!Object.values(KubeHookType).includes(props.hookType)) {
      throw errors.invalidProp(this.node.path, 'hookType', props.hookType, 'is not a KubeHookType',
        `Use one of ${Object.values(KubeHookType).map((t) => `KubeHookType.${t}`).join(', ')}.`);
    }
    this.hookType = props.hookType;
    for (const r of props.rules ?? []) this.addRule(r);
    this.hookId = this.objectId;
    this.node.addValidation({
      validate: () => (this._rules.length === 0
        ? [`${this.node.path}: a KubeHook must have at least one rule; got none. Pass 'rules' or call addRule().`]
        : []),
    });
  }

  /**
   * Add a rule.
   * @param rule Pods and commands
   */
  public addRule(rule: KubeHookRule): KubeHookRule {
    const prop = `rules[${this._rules.length}].targets`;
    if (!rule || !Array.isArray(rule.targets) || rule.targets.length === 0
      || rule.targets.some((t) => !t || typeof t.command !== 'string' || t.command.trim() === '')) {
      throw errors.invalidProp(this.node.path, prop, rule?.targets, 'must be a non-empty list of targets with a command',
        "Pass e.g. targets: [{ command: 'sync' }].");
    }
    this._rules.push(rule);
    return rule;
  }

  /** @internal */
  public _validationSpec(): MemberSpec {
    return { ref: inStackRef(this, this.hookName) };
  }

  /** @internal */
  public _renderBody(): { [key: string]: any } {
    return {
      name: this.hookName,
      hook_type: this.hookType,
      hook: this._rules.map((r) => compact({
        labels: r.labels,
        target: r.targets.map((t) => compact({ command: t.command, container: t.container })),
      })),
    };
  }
}
