import * as path from 'path';
import { Annotations, App, Fn, TerraformDataSource, TerraformProvider, TerraformStack, TerraformVariable, Token } from 'cdktf';
import { Construct, IConstruct } from 'constructs';
import { API_URL_ALLOWED, API_URL_PATTERN, isSafeApiUrl } from './_api-url';
import { defaultCliProgram } from './_cli-path';
import * as errors from './_errors';
import { withHclValidation } from './_hcl';
import { DEFAULT_API_URL, JSON_HEADERS } from './_internal';
import { RestfulProvider } from './_restful';
import { addPlanValidation, PlanValidation } from './plan-validation';

/** Properties of a CloudCasaProvider. */
export interface CloudCasaProviderProps {
  /**
   * The CloudCasa API root, e.g. `https://<server>/api/v1` for a self-hosted server.
   *
   * It becomes the default of the Terraform variable `cloudcasa_api_url`, so a deployment can still point
   * elsewhere with `TF_VAR_cloudcasa_api_url`. Must be `http(s)://host[:port][/path]` without user info, query,
   * whitespace, quotes or shell metacharacters: synth refuses anything else, and the variable's `validation`
   * block refuses the same at plan time.
   * @default "https://api.cloudcasa.io/api/v1"
   */
  readonly apiUrl?: string;
  /**
   * How many times a request answered with a retryable status (429 and 5xx), or failed to connect, is retried.
   * With the default waits (2, 4, 8, 16 s, with jitter), an unreachable API fails a plan within a minute.
   * @default 4
   */
  readonly retryCount?: number;
  /**
   * The first wait between retries, in seconds (each later wait doubles, with jitter; a `Retry-After` wins).
   * @default 2
   */
  readonly retryWaitSeconds?: number;
  /**
   * The longest wait between retries, in seconds (restful's `max_wait_in_sec`).
   *
   * Not sent unless set: magodo/restful up to at least 0.25.2 stores `max_wait_in_sec` as the *first* wait and
   * keeps its one-hour cap (docs/restful-provider.md), so with 60 the waits were 60, 120, 240 s… and a plan
   * against an unreachable API hung for half an hour. Setting it adds a synth warning.
   * @default - not sent: the waits double from `retryWaitSeconds` (2, 4, 8, 16 s with the defaults, with jitter)
   */
  readonly retryMaxWaitSeconds?: number;
  /**
   * The status codes that are retried.
   * @default [429, 500, 502, 503, 504]
   */
  readonly retryStatusCodes?: number[];
  /**
   * The command that runs this package's CLI when the engine applies or plans: `runOnApply` backups and
   * copydef links (`local-exec`), and plan-time validation (e.g. `npx cdktf-cloudcasa`).
   *
   * It is split at spaces into a program and its arguments (quotes group words) and run **without a shell**:
   * variables, pipes or redirections in it are not interpreted.
   * @default - the environment variable `CLOUDCASA_CLI` when set at synth time; else, for Node.js apps, `node` with
   * this package's `lib/cli/casa.js` relative to the stack directory (the stack keeps working wherever the app and
   * its node_modules move); for Python, the `cdktf-cloudcasa` command the wheel installs; for other jsii languages,
   * a copy of this package in the user cache
   */
  readonly cliCommand?: string;
  /**
   * The magodo/restful version to require (an exact version).
   *
   * The default, 0.25.2, is the version this library's bindings are generated from and its tests run. It
   * records resource identity, which needs Terraform >= 1.12 or OpenTofu >= 1.12: with older engines an
   * object deleted outside Terraform makes the next plan fail ("Missing Resource Identity After Read") instead
   * of planning its re-creation. For an older Terraform, `0.23.0` predates resource identity (not tested here).
   * @default "0.25.2"
   */
  readonly restfulVersion?: string;
  /**
   * How `terraform plan` checks the stack's backups and copies before anything is written: one `external` data
   * source runs this package's CLI, so the check works for stacks written in any jsii language.
   * @default PlanValidation.auto()
   */
  readonly planValidation?: PlanValidation;
  /**
   * Adopt, on the next plan, objects the stack declares that CloudCasa already has under the same name but the
   * state lacks (a create whose reply was lost, a killed apply, an object made by hand): each restful resource
   * gets an `import` block looping over what plan-time validation finds. Needs Terraform or OpenTofu >= 1.7
   * and plan-time validation; turn it off for older engines (a lost reply then needs a manual import).
   * @default true
   */
  readonly adoptExisting?: boolean;
  /**
   * The hashicorp/external version constraint in `required_providers` (used by plan-time validation).
   *
   * Any version whose `external` data source runs a program with a JSON query and reads a JSON object of strings
   * works: that contract is the same in 1.x and 2.x.
   * @default "~> 2.3"
   */
  readonly externalVersion?: string;
  /**
   * The program (and arguments) that runs this package's CLI for plan-time validation; `validate-external` is
   * appended. Executed without a shell.
   * @default - the same program as `cliProgram`
   */
  readonly validationProgram?: string[];
}

const PROVIDERS = new WeakMap<TerraformStack, CloudCasaProvider>();
/** The version the generated bindings describe, and the one every e2e test runs. */
const RESTFUL_DEFAULT_VERSION = '0.25.2';

/**
 * Configures Terraform to talk to the CloudCasa API through the magodo/restful provider (v0.25.2 unless
 * `restfulVersion` says otherwise; it needs Terraform >= 1.12 or OpenTofu >= 1.12).
 *
 * The API key never appears in the synthesized JSON: it is read from the sensitive Terraform variable
 * `cloudcasa_api_key`; set it with `TF_VAR_cloudcasa_api_key`. The API URL comes from the variable
 * `cloudcasa_api_url` (`TF_VAR_cloudcasa_api_url`). One CloudCasaProvider per stack.
 *
 * @example new CloudCasaProvider(stack, 'CloudCasa');
 */
export class CloudCasaProvider extends Construct {
  /**
   * The CloudCasaProvider of the stack that contains `scope`.
   * @param scope Any construct in the stack
   */
  public static of(scope: IConstruct): CloudCasaProvider {
    const found = CloudCasaProvider.tryOf(scope);
    if (!found) throw errors.noProvider(scope.node.path);
    return found;
  }

  /**
   * The CloudCasaProvider of the stack that contains `scope`, if any.
   * @param scope Any construct in the stack
   */
  public static tryOf(scope: IConstruct): CloudCasaProvider | undefined {
    return PROVIDERS.get(TerraformStack.of(scope));
  }

  /** The Terraform variable holding the API root (`cloudcasa_api_url`). */
  public readonly apiUrlVariable: TerraformVariable;
  /** The sensitive Terraform variable holding the API key (`cloudcasa_api_key`). */
  public readonly apiKeyVariable: TerraformVariable;
  /** The API root as a Terraform reference (`${var.cloudcasa_api_url}`). */
  public readonly apiUrl: string;
  /** The default of `cloudcasa_api_url`. */
  public readonly defaultApiUrl: string;
  /** Retries of 429/5xx answers. */
  public readonly retryCount: number;
  /** First wait between retries, in seconds. */
  public readonly retryWaitSeconds: number;
  /** Longest wait between retries, in seconds, when set (see the prop). */
  public readonly retryMaxWaitSeconds?: number;
  /** Retried status codes. */
  public readonly retryStatusCodes: number[];
  /** The command that runs the CLI in `local-exec` provisioners, as written (see `cliProgram`). */
  public readonly cliCommand: string;
  /**
   * The program and arguments that run the CLI: `local-exec` provisioners use it as their `interpreter`, so
   * no shell is involved, and their inputs (ids, the API URL) travel in the provisioner's `environment`.
   */
  public readonly cliProgram: string[];
  /** The underlying restful provider. */
  public readonly restfulProvider: TerraformProvider;
  /** The magodo/restful version required in `required_providers`. */
  public readonly restfulVersion: string;
  /** Whether declared objects that already exist by name are adopted on the next plan. */
  public readonly adoptExisting: boolean;
  /** How plan checks the stack. */
  public readonly planValidation: PlanValidation;
  /** The hashicorp/external version constraint. */
  public readonly externalVersion: string;
  /** The `data.external.cloudcasa_validation` data source, unless validation is disabled. */
  public readonly validationDataSource?: TerraformDataSource;

  /**
   * @param scope The stack (or a construct in it)
   * @param id The construct id
   * @param props Properties
   */
  constructor(scope: Construct, id: string, props: CloudCasaProviderProps = {}) {
    super(scope, id);
    const stack = TerraformStack.of(this);
    const existing = PROVIDERS.get(stack);
    if (existing) throw errors.duplicateProvider(this.node.path, existing.node.path);
    PROVIDERS.set(stack, this);

    this.defaultApiUrl = props.apiUrl ?? DEFAULT_API_URL;
    if (!Token.isUnresolved(this.defaultApiUrl) && !isSafeApiUrl(this.defaultApiUrl)) {
      throw errors.invalidProp(this.node.path, 'apiUrl', this.defaultApiUrl, 'is not an allowed CloudCasa API URL', API_URL_ALLOWED);
    }
    this.retryCount = this.positive('retryCount', props.retryCount ?? 4, 0);
    this.retryWaitSeconds = this.positive('retryWaitSeconds', props.retryWaitSeconds ?? 2, 1);
    if (props.retryMaxWaitSeconds !== undefined) {
      this.retryMaxWaitSeconds = this.positive('retryMaxWaitSeconds', props.retryMaxWaitSeconds, this.retryWaitSeconds);
      Annotations.of(this).addWarning(`${this.node.path}: 'retryMaxWaitSeconds' is sent as restful's max_wait_in_sec, which restful `
        + `(up to at least 0.25.2) uses as the first wait between retries, not the longest: the waits start at ${this.retryMaxWaitSeconds} s and double.`);
    }
    this.retryStatusCodes = props.retryStatusCodes ?? [429, 500, 502, 503, 504];
    const customCli = props.cliCommand ?? (process.env.CLOUDCASA_CLI || undefined);
    // The engine runs the CLI in the stack directory, where cdktf writes this stack (see defaultCliProgram).
    const stackDir = path.resolve(App.of(this).outdir, 'stacks', stack.node.id);
    this.cliProgram = customCli ? splitCommand(customCli) : defaultCliProgram(stackDir);
    this.cliCommand = customCli ?? this.cliProgram.filter((w, i) => !(i > 0 && (w === '-e' || this.cliProgram[i - 1] === '-e'))).join(' ');
    if (this.cliProgram.length === 0) throw errors.missingRequired(this.node.path, 'cliCommand', 'Pass the program and its arguments, e.g. "npx cdktf-cloudcasa".');
    this.restfulVersion = props.restfulVersion ?? RESTFUL_DEFAULT_VERSION;
    if (!/^\d+\.\d+\.\d+$/.test(this.restfulVersion)) {
      throw errors.invalidRestfulVersion(this.node.path, this.restfulVersion);
    }

    this.apiUrlVariable = new ValidatedVariable(this, 'cloudcasa_api_url', {
      type: 'string',
      default: this.defaultApiUrl,
      description: 'CloudCasa API root, e.g. https://api.cloudcasa.io/api/v1 (TF_VAR_cloudcasa_api_url).',
    });
    this.apiUrlVariable.overrideLogicalId('cloudcasa_api_url');
    // The same rule as synth, at plan time: a TF_VAR_cloudcasa_api_url with shell metacharacters, quotes or
    // user info fails `plan` before anything runs. The value is echoed with any user info masked.
    this.apiUrlVariable.addValidation({
      // cdktf writes the pattern into an HCL string literal as is, so its backslashes are doubled for HCL.
      condition: Fn.can(Fn.regex(API_URL_PATTERN.replace(/\\/g, '\\\\'), this.apiUrlVariable.stringValue)),
      errorMessage: `Variable cloudcasa_api_url (${this.node.path}) is not an allowed CloudCasa API URL: got "`
        + `${Fn.replace(this.apiUrlVariable.stringValue, '///[^/]*@/', '//***@')}". ${API_URL_ALLOWED}`,
    });
    this.apiKeyVariable = new TerraformVariable(this, 'cloudcasa_api_key', {
      type: 'string',
      sensitive: true,
      description: 'CloudCasa API key (set TF_VAR_cloudcasa_api_key; never commit it).',
    });
    this.apiKeyVariable.overrideLogicalId('cloudcasa_api_key');
    this.apiUrl = this.apiUrlVariable.stringValue;

    const restfulProvider = new RestfulProvider(this, 'Resource', {
      baseUrl: this.apiUrl,
      security: { http: { token: { token: this.apiKeyVariable.stringValue } } },
      client: {
        retry: {
          statusCodes: this.retryStatusCodes,
          count: this.retryCount,
          waitInSec: this.retryWaitSeconds,
          ...(this.retryMaxWaitSeconds !== undefined ? { maxWaitInSec: this.retryMaxWaitSeconds } : {}),
        },
      },
    });
    // Through an override, because cdktf converts the keys of a provider's attributes to snake_case, map keys
    // included: passed as `header`, `Content-Type` would reach Terraform as `content_type`.
    restfulProvider.addOverride('header', { ...JSON_HEADERS });
    this.restfulProvider = restfulProvider;
    if (this.restfulVersion !== RESTFUL_DEFAULT_VERSION) {
      stack.addOverride('terraform.required_providers.restful.version', this.restfulVersion);
    }

    this.planValidation = props.planValidation ?? PlanValidation.auto();
    this.externalVersion = props.externalVersion ?? '~> 2.3';
    const program = props.validationProgram ?? this.cliProgram;
    if (program.length === 0) throw errors.missingRequired(this.node.path, 'validationProgram', 'Pass the program and its arguments, e.g. ["npx", "cdktf-cloudcasa"].');
    this.adoptExisting = props.adoptExisting ?? true;
    this.validationDataSource = addPlanValidation(this, {
      validation: this.planValidation,
      adoptExisting: this.adoptExisting,
      program: [...program, 'validate-external'],
      apiUrl: this.apiUrl,
      externalVersion: this.externalVersion,
    });
  }

  private positive(prop: string, value: number, min: number): number {
    if (!Number.isInteger(value) || value < min) {
      throw errors.notPositiveInteger(this.node.path, prop, value, min);
    }
    return value;
  }
}

/** `node "/a b/cli.js"` → `['node', '/a b/cli.js']`: spaces split words, double or single quotes group them. */
function splitCommand(command: string): string[] {
  return [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

/** A variable whose `validation` blocks render as valid HCL (see lib/_hcl.ts). */
class ValidatedVariable extends TerraformVariable {
  public toHclTerraform(): any {
    return withHclValidation(this, super.toHclTerraform());
  }
}
