import * as errors from './_errors';
import type { IPolicy } from './policy';

/** How a backup or copy definition is started (`trigger_type`). */
export enum TriggerType {
  /** Run only on demand (`action/run`), e.g. with `runOnApply`. */
  ADHOC = 'ADHOC',
  /** Run by a policy's schedules. */
  SCHEDULED = 'SCHEDULED',
}

/**
 * When a backup or copy definition runs: on demand, or on a policy's schedules.
 */
export class Trigger {
  /** Run only on demand (`trigger_type: ADHOC`, no policy). */
  public static adhoc(): Trigger {
    return new Trigger(TriggerType.ADHOC, undefined);
  }

  /**
   * Run on the schedules of a policy (`trigger_type: SCHEDULED`, `policy: <id>`).
   * @param policy The policy (a Policy construct, or Policy.fromPolicyId / Policy.fromName)
   */
  public static scheduled(policy: IPolicy): Trigger {
    if (!policy || typeof policy.policyId !== 'string') {
      throw errors.invalidProp('Trigger.scheduled()', 'policy', policy, 'is required for a SCHEDULED trigger',
        'Pass a Policy (or Policy.fromPolicyId/fromName), or use Trigger.adhoc().');
    }
    return new Trigger(TriggerType.SCHEDULED, policy);
  }

  /**
   * `trigger` as given to the construct at `path`, or a synth error naming the prop when it is missing.
   * @internal
   */
  public static _of(path: string, trigger: Trigger | undefined): Trigger {
    if (!(trigger instanceof Trigger)) throw errors.missingTrigger(path);
    return trigger;
  }

  /** The trigger type. */
  public readonly triggerType: TriggerType;
  /** The policy, for SCHEDULED triggers. */
  public readonly policy?: IPolicy;

  private constructor(triggerType: TriggerType, policy?: IPolicy) {
    this.triggerType = triggerType;
    this.policy = policy;
  }

  /** The code form, for messages. */
  public toString(): string {
    return this.triggerType === TriggerType.ADHOC ? 'Trigger.adhoc()' : `Trigger.scheduled(${this.policy?.node.path ?? 'undefined'})`;
  }
}
