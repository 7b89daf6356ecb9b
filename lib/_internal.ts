// Private helpers shared by the constructs. Nothing here is exported from lib/index.ts.
import { Fn, TerraformResource, TerraformResourceConfig, TerraformStack, Token } from 'cdktf';
import { IConstruct } from 'constructs';
import * as errors from './_errors';
import { withHclAttributes } from './_hcl';
import { Duration } from './duration';

export { DEFAULT_API_URL } from './validate/spec-format';

/** Headers every CloudCasa request carries (auth goes through the provider's `security` block). @internal */
export const JSON_HEADERS: { [key: string]: string } = {
  'Accept': 'application/json',
  'Content-Type': 'application/json',
};

/**
 * Headers of PATCH and DELETE calls. restful replaces (does not merge) header maps level by level, so the JSON
 * headers are repeated here; `$(body._etag)` is expanded by restful against the last read `output`, so a
 * collection that sets `output_attrs` (objectstores) must keep `_etag` in it. @internal
 */
export const WRITE_HEADERS: { [key: string]: string } = {
  'If-Match': '$(body._etag)',
  ...JSON_HEADERS,
};

/** Eve item path built from the create response. @internal */
export const EVE_READ_PATH = '$(path)/$(body._id)';

/**
 * A name derived from the construct path below the stack: `Team/Nightly` → `Team-Nightly`.
 * @internal
 */
export function defaultName(scope: IConstruct): string {
  const stack = TerraformStack.of(scope);
  const parts = scope.node.scopes.slice(scope.node.scopes.indexOf(stack) + 1).map((c) => c.node.id);
  return parts.join('-').replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '') || scope.node.id;
}

/** @internal */
export function resolveName(scope: IConstruct, prop: string, name: string | undefined): string {
  if (name === undefined) return defaultName(scope);
  if (typeof name !== 'string' || (!Token.isUnresolved(name) && name.trim() === '')) {
    throw errors.invalidName(scope.node.path, prop, name);
  }
  return name;
}

/**
 * The import spec restful expects as the import id: the item path, the collection, and the body properties to
 * manage (values null, so only these are tracked).
 * @internal
 */
export function importSpec(factory: string, collection: string, id: string, bodyKeys: string[]): string {
  if (typeof id !== 'string' || id === '' || id.includes('/')) {
    throw errors.invalidObjectId(factory, 'id', id);
  }
  const body: { [key: string]: null } = {};
  for (const k of bodyKeys) body[k] = null;
  return JSON.stringify({ id: `${collection}/${id}`, path: collection, body });
}

/** Drop keys whose value is undefined (Terraform JSON must not carry them). @internal */
export function compact<T extends { [key: string]: any }>(o: T): T {
  for (const k of Object.keys(o)) {
    if (o[k] === undefined) delete o[k];
  }
  return o;
}

/** Configuration of the internal `terraform_data` binding. @internal */
export interface TerraformDataConfig extends Omit<TerraformResourceConfig, 'terraformResourceType' | 'terraformGeneratorMetadata'> {
  readonly triggersReplace?: any;
  readonly input?: any;
}

/**
 * The builtin `terraform_data` resource (Terraform >= 1.4, every OpenTofu).
 *
 * cdktf 0.21 ships `DataResource` for it, but that class adds a validation that runs `terraform version` in a
 * child process for every instance; it fails synth where the engine binary is `tofu` or not on PATH, and costs one
 * process per run-on-apply backup. This binding only emits the JSON.
 * @internal
 */
export class TerraformData extends TerraformResource {
  private readonly _triggersReplace?: any;
  private readonly _input?: any;

  constructor(scope: IConstruct, id: string, config: TerraformDataConfig) {
    super(scope as any, id, {
      ...config,
      terraformResourceType: 'terraform_data',
      terraformGeneratorMetadata: { providerName: 'terraform' },
    });
    this._triggersReplace = config.triggersReplace;
    this._input = config.input;
  }

  public get id(): string {
    return this.getStringAttribute('id');
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { triggers_replace: this._triggersReplace, input: this._input };
  }

  public toHclTerraform(): any {
    return withHclAttributes(this, super.toHclTerraform(), 'resource');
  }
}

/** A 24-hex MongoDB ObjectId, the form of every CloudCasa `_id`. @internal */
export const OBJECT_ID_PATTERN = '^[0-9a-f]{24}$';

/**
 * A `local-exec` provisioner that runs one of the CLI's fixed engine commands (`run-on-apply`, `link-offloads`)
 * without a shell: the CLI program is the `interpreter` (an argv, so the install path is never parsed), the
 * command text is a constant, and every input — ids from the API, the API URL — travels in `environment`.
 * @internal
 */
export function cliProvisioner(program: string[], command: 'run-on-apply' | 'link-offloads', environment: { [key: string]: string }) {
  // In the stack directory, so a CLI path relative to it (the default, see defaultCliProgram) resolves.
  return { type: 'local-exec' as const, interpreter: [...program], command, environment, workingDir: '${path.module}' };
}

/**
 * A lifecycle precondition that `id` (an `_id` returned by the API) is an ObjectId, so a server or proxy that
 * answers with anything else stops the apply before the CLI sees the value. @internal
 */
export function objectIdPrecondition(id: string, what: string) {
  return {
    condition: Fn.can(Fn.regex(OBJECT_ID_PATTERN, id)),
    errorMessage: `The API returned an _id for ${what} that is not a 24-hex ObjectId; refusing to use it.`,
  };
}

/**
 * The one check of a duration prop that the API takes in whole units (retention days, timeout seconds): `d` must
 * be a Duration that converts to a whole number of `unit`, at least `min`. Returns that number; a Duration made
 * from a token is passed through unchecked (only Terraform knows its value).
 * @internal
 */
export function wholeDuration(path: string, prop: string, d: Duration, unit: 'days' | 'seconds', min: number, allowed: string): number {
  if (!(d instanceof Duration)) throw errors.notWholeDuration(path, prop, String(d), unit, min, allowed);
  if (d.isUnresolved()) {
    try {
      return unit === 'days' ? d.toDays() : d.toSeconds();
    } catch {
      throw errors.notWholeDuration(path, prop, d.toString().replace(/\(.*\)$/, '(<token>)'), unit, min,
        `A token amount cannot be converted: give it as Duration.${unit}(token).`);
    }
  }
  let n: number;
  try {
    n = unit === 'days' ? d.toDays() : d.toSeconds();
  } catch {
    throw errors.notWholeDuration(path, prop, d.toHumanString(), unit, min, allowed);
  }
  if (n < min) throw errors.notWholeDuration(path, prop, d.toHumanString(), unit, min, allowed);
  return n;
}
