import { Lazy, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { compact, EVE_READ_PATH, importSpec, resolveName, WRITE_HEADERS } from './_internal';
import { checkId, lookupIdByName } from './_lookup';
import { CloudCasaProvider } from './cloudcasa-provider';
import { Duration } from './duration';
import * as errors from './errors';
import { Resource } from './imports/restful';
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

/** Properties a Policy body is tracked with on import. */
const POLICY_KEYS = ['name', 'timezone', 'schedules'];

/**
 * A CloudCasa policy (`/policies`): schedules with retention, in a time zone.
 *
 * @example
 * new Policy(stack, 'Nightly', {
 *   schedules: [{ schedule: Schedule.daily({ hour: 2 }), retention: Duration.days(30) }],
 *   timezone: 'Europe/Berlin',
 * });
 */
export class Policy extends Construct implements IPolicy {
  /**
   * Refer to an existing policy by its id.
   * @param scope The scope
   * @param id The construct id
   * @param policyId The policy's `_id`
   */
  public static fromPolicyId(scope: Construct, id: string, policyId: string): IPolicy {
    return new ImportedPolicy(scope, id, checkId(`${scope.node.path}/${id}`, 'policyId', policyId));
  }

  /**
   * Look up an existing policy by name at plan time (a `restful_resource` data source on `/policies`).
   * Plan fails if no policy has that name.
   * @param scope The scope
   * @param id The construct id
   * @param policyName The policy name
   */
  public static fromName(scope: Construct, id: string, policyName: string): IPolicy {
    const imported = new ImportedPolicy(scope, id, undefined);
    imported.policyId = lookupIdByName(imported, 'policies', policyName);
    return imported;
  }

  /**
   * The restful import spec of an existing policy, for `resource.importFrom()` or `terraform import`.
   * @param policyId The policy's `_id`
   */
  public static importSpec(policyId: string): string {
    return importSpec('Policy.importSpec()', 'policies', policyId, POLICY_KEYS);
  }

  /** The policy name. */
  public readonly policyName: string;
  /** The time zone. */
  public readonly timezone: string;
  /** Whether Free-plan limits are enforced. */
  public readonly freePlan: boolean;
  /** The underlying `restful_resource`. */
  public readonly resource: Resource;
  /** The policy's `_id` (`${restful_resource.<policy>.output._id}`). */
  public readonly policyId: string;

  private readonly _schedules: PolicySchedule[] = [];

  /**
   * @param scope The scope
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: PolicyProps = {}) {
    super(scope, id);
    CloudCasaProvider.of(this);
    this.policyName = resolveName(this, 'policyName', props.policyName);
    this.timezone = this.checkTimezone(props.timezone ?? 'UTC');
    this.freePlan = props.freePlan ?? false;
    for (const s of props.schedules ?? []) this.addSchedule(s);

    this.resource = new Resource(this, 'Resource', {
      path: 'policies',
      readPath: EVE_READ_PATH,
      updateMethod: 'PATCH',
      updateHeader: WRITE_HEADERS,
      deleteHeader: WRITE_HEADERS,
      body: Lazy.anyValue({ produce: () => this._renderBody() }) as any,
    });
    this.policyId = this.resource.outputAttribute('_id');
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
    const days = this.retentionDays(`${prop}.retention`, schedule.retention);
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

  /**
   * Start tracking an existing policy: adds an import block for this resource (`terraform plan` then imports it).
   * @param policyId The existing policy's `_id`
   */
  public importExisting(policyId: string): void {
    this.resource.importFrom(Policy.importSpec(policyId));
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

  private retentionDays(prop: string, retention: Duration): number {
    if (!(retention instanceof Duration)) {
      throw errors.retentionNotWholeDays(this.node.path, prop, String(retention));
    }
    let days: number;
    try {
      days = retention.toDays();
    } catch {
      throw errors.retentionNotWholeDays(this.node.path, prop, retention.toHumanString());
    }
    if (days < 1) throw errors.retentionNotWholeDays(this.node.path, prop, retention.toHumanString());
    return days;
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

class ImportedPolicy extends Construct implements IPolicy {
  public policyId: string;
  constructor(scope: Construct, id: string, policyId: string | undefined) {
    super(scope, id);
    this.policyId = policyId ?? '';
  }
}
