import { Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import * as errors from './_errors';
import { compact, resolveName, wholeDuration } from './_internal';
import { CloudCasaResource, ImportedObject, importSpecOf, inStackRef, MemberSpec } from './cloudcasa-resource';
import { Duration } from './duration';
import { Schedule } from './schedule';

/** A CloudCasa policy: a set of schedules that SCHEDULED backup and copy definitions refer to. */
export interface IPolicy extends IConstruct {
  /** The policy's `_id` (a Terraform reference when the policy is created or looked up in this stack). */
  readonly policyId: string;
}

/** One schedule of a policy (`schedules[]`). */
export interface PolicySchedule {
  /** When to run. */
  readonly schedule: Schedule;
  /** How long recovery points of this schedule are kept: whole days, at least 1 (`retainDays`). */
  readonly retention: Duration;
  /**
   * SafeLock: recovery points cannot be deleted before they expire (not on the Free plan).
   * @default false
   */
  readonly locked?: boolean;
}

/** Properties of a Policy. */
export interface PolicyProps {
  /**
   * The policy name.
   * @default - derived from the construct path
   */
  readonly policyName?: string;
  /**
   * The schedules; more can be added with `addSchedule()`. A policy needs at least one.
   * @default - none (add them with addSchedule())
   */
  readonly schedules?: PolicySchedule[];
  /**
   * The IANA time zone the cron expressions are evaluated in, e.g. `Europe/Berlin`; `UTC` and `GMT` are accepted.
   * @default "UTC"
   */
  readonly timezone?: string;
  /**
   * Enforce the CloudCasa Free plan's limits at synth time: retention at most 30 days, no SafeLock, nothing
   * more frequent than daily.
   * @default false
   */
  readonly freePlan?: boolean;
}

let timezones: Set<string> | undefined;
function knownTimezones(): Set<string> {
  if (!timezones) {
    timezones = new Set([...(Intl as any).supportedValuesOf('timeZone') as string[], 'UTC', 'GMT']);
  }
  return timezones;
}

/**
 * A CloudCasa policy (`/policies`): schedules with retention, in a time zone.
 *
 * @example
 * new Policy(stack, 'Nightly', {
 *   schedules: [{ schedule: Schedule.daily({ hour: 2 }), retention: Duration.days(30) }],
 *   timezone: 'Europe/Berlin',
 * });
 */
export class Policy extends CloudCasaResource implements IPolicy {
  /**
   * Refer to an existing policy by its id.
   * @param scope The scope
   * @param id The construct id
   * @param policyId The policy's `_id`
   */
  public static fromPolicyId(scope: Construct, id: string, policyId: string): IPolicy {
    return new ImportedObject(scope, id, 'policies', { prop: 'policyId', id: policyId });
  }

  /**
   * Look up an existing policy by name at plan time (a `restful_resource` data source on `/policies`).
   * Plan fails if no policy has that name.
   * @param scope The scope
   * @param id The construct id
   * @param policyName The policy name
   */
  public static fromName(scope: Construct, id: string, policyName: string): IPolicy {
    return new ImportedObject(scope, id, 'policies', { name: policyName });
  }

  /**
   * The restful import spec of an existing policy, for `resource.importFrom()` or `terraform import`.
   * @param policyId The policy's `_id`
   */
  public static importSpec(policyId: string): string {
    return importSpecOf('Policy.importSpec()', 'policies', policyId);
  }

  /** The policy name. */
  public readonly policyName: string;
  /** The time zone. */
  public readonly timezone: string;
  /** Whether Free-plan limits are enforced. */
  public readonly freePlan: boolean;
  /** The policy's `_id` (see `CloudCasaResource.objectId`). */
  public readonly policyId: string;

  private readonly _schedules: PolicySchedule[] = [];

  /**
   * @param scope The scope
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: PolicyProps = {}) {
    super(scope, id, 'policies');
    this.policyName = resolveName(this, 'policyName', props.policyName);
    this.timezone = this.checkTimezone(props.timezone ?? 'UTC');
    this.freePlan = props.freePlan ?? false;
    for (const s of props.schedules ?? []) this.addSchedule(s);
    this.policyId = this.objectId;
    this.node.addValidation({
      validate: () => (this._schedules.length === 0 ? [errors.noSchedules(this.node.path)] : []),
    });
  }

  /** The schedules added so far. */
  public get schedules(): PolicySchedule[] {
    return [...this._schedules];
  }

  /**
   * Add a schedule.
   * @param schedule The schedule, retention and lock
   */
  public addSchedule(schedule: PolicySchedule): PolicySchedule {
    const prop = `schedules[${this._schedules.length}]`;
    if (!schedule || !(schedule.schedule instanceof Schedule)) {
      throw errors.missingRequired(this.node.path, `${prop}.schedule`, 'Pass a Schedule, e.g. Schedule.daily({ hour: 2 }).');
    }
    const days = wholeDuration(this.node.path, `${prop}.retention`, schedule.retention, 'days', 1, 'Use Duration.days(n) with n >= 1.');
    const locked = schedule.locked ?? false;
    if (this.freePlan) {
      if (days > 30) throw errors.freePlan(this.node.path, `${prop}.retention`, schedule.retention.toHumanString(), 'retention above 30 days is not allowed');
      if (locked) throw errors.freePlan(this.node.path, `${prop}.locked`, true, 'SafeLock is not available');
      if (schedule.schedule.moreFrequentThanDaily) {
        throw errors.freePlan(this.node.path, `${prop}.schedule`, schedule.schedule.expressionString, 'schedules more frequent than daily are not allowed');
      }
    }
    const normalized: PolicySchedule = { schedule: schedule.schedule, retention: schedule.retention, locked };
    this._schedules.push(normalized);
    return normalized;
  }

  /** @internal */
  public _validationSpec(): MemberSpec {
    return { ref: inStackRef(this, this.policyName) };
  }

  /** @internal */
  public _renderBody(): { [key: string]: any } {
    return compact({
      name: this.policyName,
      timezone: this.timezone,
      schedules: this._schedules.map((s) => ({
        retainDays: s.retention.toDays(),
        locked: s.locked ?? false,
        schedule: { cronSpec: s.schedule.expressionString },
      })),
    });
  }

  private checkTimezone(tz: string): string {
    if (Token.isUnresolved(tz)) return tz;
    const known = knownTimezones();
    if (typeof tz !== 'string' || !known.has(tz)) {
      const needle = String(tz).toLowerCase().split('/').pop() ?? '';
      const suggestions = needle.length < 3 ? [] : [...known].filter((k) => k.toLowerCase().includes(needle)).slice(0, 3);
      throw errors.invalidTimezone(this.node.path, String(tz), suggestions);
    }
    return tz;
  }
}
