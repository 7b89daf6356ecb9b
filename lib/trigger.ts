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
    return new Trigger(TriggerType.SCHEDULED, policy);
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
