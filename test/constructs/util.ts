import { TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { CloudCasaProvider, PlanValidation } from '../../lib';

/**
 * A stack with a CloudCasaProvider whose CLI command is fixed, so snapshots do not depend on the checkout path.
 * Plan-time validation is off (it has its own tests in plan-validation.test.ts) unless `planValidation` is given.
 */
export function makeStack(planValidation: PlanValidation = PlanValidation.disabled()): { stack: TerraformStack; provider: CloudCasaProvider } {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  const provider = new CloudCasaProvider(stack, 'CloudCasa', { cliCommand: 'npx cdktf-cloudcasa', planValidation });
  return { stack, provider };
}

/** The synthesized Terraform JSON. */
export function synthJson(stack: TerraformStack, runValidations = false): any {
  return JSON.parse(Testing.synth(stack, runValidations));
}

/** The single resource of a type (fails when there is not exactly one). */
export function only(json: any, type: string, kind: 'resource' | 'data' = 'resource'): any {
  const found = Object.values(json[kind]?.[type] ?? {});
  if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.length}`);
  return found[0];
}

/** The resources of a type, keyed by logical id. */
export function all(json: any, type: string): { [id: string]: any } {
  return json.resource?.[type] ?? {};
}

/** The logical id of the single resource of a type. */
export function onlyId(json: any, type: string): string {
  const ids = Object.keys(json.resource?.[type] ?? {});
  if (ids.length !== 1) throw new Error(`expected one ${type}, found ${ids.length}`);
  return ids[0];
}

export const WRITE_HEADERS = {
  'If-Match': '$(body._etag)',
  'Accept': 'application/json',
  'Content-Type': 'application/json',
};

let probes = 0;
/** How a token resolves in the synthesized JSON (through a probe output). */
export function resolved(stack: TerraformStack, value: any): any {
  const id = `probe_${probes++}`;
  new TerraformOutput(stack, id, { value });
  return synthJson(stack).output[id].value;
}
