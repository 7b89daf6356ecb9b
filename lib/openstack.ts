import { Fn, Lazy, TerraformProvider, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { API_URL_ALLOWED, API_URL_PATTERN, isSafeApiUrl } from './_api-url';
import * as errors from './_errors';
import { freezerSchedule } from './_freezer-schedule';
import { compact, JSON_HEADERS, resolveName } from './_internal';
import { Resource, RestfulProvider } from './_restful';
import type { Resource as RestfulResource } from './imports/restful/resource';
import { Schedule } from './schedule';

/** Properties of an OpenStackProvider. */
export interface OpenStackProviderProps {
  /**
   * The default of the `openstack_freezer_url` variable: the freezer-api endpoint, without `/v2`, e.g.
   * `https://freezer.example.com:9090`. Set it per environment with `TF_VAR_openstack_freezer_url`.
   * @default - none: the variable must be set
   */
  readonly freezerUrl?: string;
  /**
   * The default of the `openstack_project_id` variable: the project whose backup plans the stack manages.
   * @default - none: the variable must be set (`TF_VAR_openstack_project_id`)
   */
  readonly projectId?: string;
  /**
   * How many times restful retries a request answered with 429 or 5xx.
   * @default 4
   */
  readonly retryCount?: number;
}

const PROVIDERS = new WeakMap<TerraformStack, OpenStackProvider>();

/**
 * The OpenStack backup-plan API (freezer-api v2 jobs) for the stack: a second `restful` provider, aliased
 * `openstack`, with its own base URL, and the Keystone token sent as `X-Auth-Token` from the sensitive variable
 * `openstack_auth_token` (`TF_VAR_openstack_auth_token`, e.g. from `openstack token issue -f value -c id`). It
 * lives beside a CloudCasaProvider in the same stack, or alone.
 */
export class OpenStackProvider extends Construct {
  /**
   * The stack's OpenStackProvider.
   * @param scope Any construct in the stack
   */
  public static of(scope: IConstruct): OpenStackProvider {
    const found = PROVIDERS.get(TerraformStack.of(scope));
    if (!found) {
      throw errors.invalidProp(scope.node.path, 'scope', TerraformStack.of(scope).node.path, 'has no OpenStackProvider',
        "Add new OpenStackProvider(stack, 'OpenStack') before the first OpenStackBackupPlan.");
    }
    return found;
  }

  /** The `openstack_freezer_url` variable. */
  public readonly freezerUrlVariable: TerraformVariable;
  /** The `openstack_project_id` variable. */
  public readonly projectIdVariable: TerraformVariable;
  /** The sensitive `openstack_auth_token` variable. */
  public readonly authTokenVariable: TerraformVariable;
  /** The restful provider (alias `openstack`). */
  public readonly restfulProvider: TerraformProvider;

  /**
   * @param scope The stack (or a construct in it)
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: OpenStackProviderProps = {}) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    const existing = PROVIDERS.get(stack);
    if (existing) {
      throw errors.invalidProp(this.node.path, 'scope', stack.node.path, `already has an OpenStackProvider, ${existing.node.path}`, 'Declare one per stack.');
    }
    if (props.freezerUrl !== undefined && !Token.isUnresolved(props.freezerUrl) && !isSafeApiUrl(props.freezerUrl)) {
      throw errors.invalidProp(this.node.path, 'freezerUrl', props.freezerUrl, 'is not an allowed freezer-api URL', API_URL_ALLOWED);
    }
    if (props.projectId !== undefined && !Token.isUnresolved(props.projectId) && !/^[A-Za-z0-9_-]{1,64}$/.test(props.projectId)) {
      throw errors.invalidProp(this.node.path, 'projectId', props.projectId, 'is not an OpenStack project id', 'Use the id (letters, digits, - and _), e.g. 3046fb2c2a314a0fbb32607caa1e5277.');
    }
    const retryCount = props.retryCount ?? 4;
    if (!Number.isInteger(retryCount) || retryCount < 0) throw errors.notPositiveInteger(this.node.path, 'retryCount', retryCount, 0);

    this.freezerUrlVariable = this.variable('openstack_freezer_url', {
      type: 'string',
      default: props.freezerUrl,
      description: 'freezer-api endpoint without /v2, e.g. https://freezer.example.com:9090 (TF_VAR_openstack_freezer_url).',
    });
    // The rule of CloudCasa URLs, at plan time too: no user info, query, quotes or shell metacharacters.
    this.freezerUrlVariable.addValidation({
      condition: Fn.can(Fn.regex(API_URL_PATTERN.replace(/\\/g, '\\\\'), this.freezerUrlVariable.stringValue)),
      errorMessage: `Variable openstack_freezer_url (${this.node.path}) is not an allowed freezer-api URL. ${API_URL_ALLOWED}`,
    });
    this.projectIdVariable = this.variable('openstack_project_id', {
      type: 'string', default: props.projectId, description: 'OpenStack project id of the backup plans (TF_VAR_openstack_project_id).',
    });
    this.projectIdVariable.addValidation({
      condition: Fn.can(Fn.regex('^[A-Za-z0-9_-]{1,64}$', this.projectIdVariable.stringValue)),
      errorMessage: `Variable openstack_project_id (${this.node.path}) is not an OpenStack project id: use letters, digits, - and _.`,
    });
    this.authTokenVariable = this.variable('openstack_auth_token', {
      type: 'string', sensitive: true, description: 'Keystone token sent as X-Auth-Token (TF_VAR_openstack_auth_token; never commit it).',
    });

    const provider = new RestfulProvider(this, 'Resource', {
      alias: 'openstack',
      baseUrl: this.freezerUrlVariable.stringValue,
      security: { apikey: [{ in: 'header', name: 'X-Auth-Token', value: this.authTokenVariable.stringValue }] },
      client: { retry: { statusCodes: [429, 500, 502, 503, 504], count: retryCount, waitInSec: 2 } },
    });
    // See CloudCasaProvider: an override keeps the header names as written.
    provider.addOverride('header', { ...JSON_HEADERS });
    this.restfulProvider = provider;
    // Claimed last, so a provider that failed its checks does not hold the stack.
    PROVIDERS.set(stack, this);
  }

  /** The collection path of the project's backup plans, below the base URL. */
  public get jobsPath(): string {
    return `v2/${this.projectIdVariable.stringValue}/jobs`;
  }

  private variable(name: string, config: ConstructorParameters<typeof TerraformVariable>[2]): TerraformVariable {
    const v = new TerraformVariable(this, name, config);
    v.overrideLogicalId(name);
    return v;
  }
}

/** Properties of an OpenStackBackupPlan. */
export interface OpenStackBackupPlanProps {
  /**
   * The plan name.
   * @default - derived from the construct path
   */
  readonly planName?: string;
  /**
   * A description.
   * @default - none
   */
  readonly description?: string;
  /**
   * When the plan runs, e.g. `Schedule.daily({ hour: 13 })`. Written as the five `schedule_*` fields freezer's
   * scheduler reads; a schedule they cannot express (both a day of the month and a weekday) fails synth.
   */
  readonly schedule: Schedule;
  /** How many recovery points are kept (`recovery_points_rotation`), a whole number from 1. */
  readonly recoveryPoints: number;
  /**
   * What is backed up (`freezer_action.mode`).
   * @default 'hci-volumes'
   */
  readonly mode?: string;
  /**
   * The freezer client (agent) that runs the plan (`client_id`).
   * @default 'hci'
   */
  readonly clientId?: string;
  /**
   * Create the plan disabled (`disabled: true`): it is kept but not scheduled.
   * @default false
   */
  readonly disabled?: boolean;
}

/**
 * An OpenStack backup plan (freezer-api v2 job, `/v2/{project_id}/jobs`) with one backup action.
 *
 * @example
 * new OpenStackProvider(stack, 'OpenStack');
 * new OpenStackBackupPlan(stack, 'Volumes', {
 *   planName: 'myplan',
 *   schedule: Schedule.daily({ hour: 13 }),
 *   recoveryPoints: 7,
 * });
 */
export class OpenStackBackupPlan extends Construct {
  /** The underlying `restful_resource`. */
  public readonly resource: RestfulResource;
  /** The plan name. */
  public readonly planName: string;
  /** The plan's `job_id` (from restful's stable resource id). */
  public readonly planId: string;
  /** Recovery points kept. */
  public readonly recoveryPoints: number;
  /** The backup mode. */
  public readonly mode: string;
  /** Whether the plan is disabled. */
  public readonly disabled: boolean;

  /**
   * @param scope The scope
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: OpenStackBackupPlanProps) {
    super(scope, id);
    const provider = OpenStackProvider.of(this);
    const path = this.node.path;
    this.planName = resolveName(this, 'planName', props.planName);
    if (!(props.schedule instanceof Schedule)) {
      throw errors.missingRequired(path, 'schedule', 'Pass a Schedule, e.g. Schedule.daily({ hour: 13 }).');
    }
    const schedule = freezerSchedule(path, 'schedule', props.schedule);
    if (!Number.isInteger(props.recoveryPoints) || props.recoveryPoints < 1) {
      throw errors.notPositiveInteger(path, 'recoveryPoints', props.recoveryPoints, 1);
    }
    this.recoveryPoints = props.recoveryPoints;
    this.mode = nonEmpty(path, 'mode', props.mode ?? 'hci-volumes');
    const clientId = nonEmpty(path, 'clientId', props.clientId ?? 'hci');
    this.disabled = props.disabled ?? false;
    const body = compact({
      name: this.planName,
      description: props.description,
      client_id: clientId,
      disabled: this.disabled,
      job_schedule: schedule,
      job_actions: [{ freezer_action: { action: 'backup', mode: this.mode, recovery_points_rotation: this.recoveryPoints } }],
    });
    this.resource = new Resource(this, 'Resource', {
      provider: provider.restfulProvider,
      path: Lazy.stringValue({ produce: () => provider.jobsPath }),
      readPath: '$(path)/$(body.job_id)',
      // freezer-api merges a PATCH into the stored job and answers {job_id, version}; restful reads the job back.
      updateMethod: 'PATCH',
      body: body as any,
    });
    this.planId = Fn.element(Fn.split('/', this.resource.id), 3);
  }
}

function nonEmpty(path: string, prop: string, v: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw errors.invalidProp(path, prop, v, 'must be a non-empty string', `Pass the ${prop}.`);
  return v;
}
