// Every user-facing message of the constructs, as small factories: what went wrong, the value received,
// what is allowed. Call sites stay one line.

import { ValidationError } from './validation-error';

export { ValidationError };

/** Render a value for a message: strings quoted, objects with a recognisable `toString()` as code. */
function fmt(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) {
    try {
      return JSON.stringify(value);
    } catch {
      return `[${value.length} item(s)]`;
    }
  }
  if (typeof value === 'object' && value !== null) {
    const s = String(value);
    if (s !== '[object Object]') return s;
    try {
      return JSON.stringify(value);
    } catch {
      return s;
    }
  }
  return String(value);
}

/** Generic: `'<prop>' <problem>; got <value>. <allowed>` prefixed with the construct path. */
export function invalidProp(path: string, prop: string, value: unknown, problem: string, allowed: string): ValidationError {
  const v = fmt(value);
  return new ValidationError(`${path}: '${prop}' ${problem}; got ${v}. ${allowed}`, path, prop, v);
}

// ---- Duration -------------------------------------------------------------------------------------------

export function durationInvalidAmount(factory: string, amount: number): ValidationError {
  return invalidProp(factory, 'amount', amount, 'must be a finite number >= 0', 'Pass a non-negative amount.');
}

export function durationTokenConversion(duration: string, unit: string): ValidationError {
  return new ValidationError(`${duration}: its amount is a token, known only to Terraform, so it cannot be converted to ${unit.toLowerCase()}. `
    + `Create it with Duration.${unit.toLowerCase()}() where ${unit.toLowerCase()} are expected.`, duration, 'amount', 'a token');
}

export function durationLosesPrecision(duration: string, unit: string, human: string): ValidationError {
  return invalidProp(`${duration}.to${unit}()`, 'duration', human,
    `cannot be converted into a whole number of ${unit.toLowerCase()}`,
    `Use a duration that is a whole number of ${unit.toLowerCase()}, or pass { integral: false }.`);
}

// ---- Schedule -------------------------------------------------------------------------------------------

export function cronFieldCount(factory: string, expression: string, count: number): ValidationError {
  return invalidProp(factory, 'expression', expression, `has ${count} fields instead of 5`,
    "Use the 5-field crontab form 'minute hour day-of-month month day-of-week', e.g. '30 0 * * MON,WED,FRI'.");
}

export function cronBadField(factory: string, expression: string, field: string, value: string, allowed: string): ValidationError {
  const v = fmt(value);
  return new ValidationError(
    `${factory}: '${field}' field of cron expression ${fmt(expression)} is invalid; got ${v}. Allowed: ${allowed}.`,
    factory, field, v);
}

export function cronRejected(factory: string, expression: string, reason: string): ValidationError {
  return invalidProp(factory, 'expression', expression, `is not a valid cron expression (${reason})`,
    "Use the 5-field crontab form 'minute hour day-of-month month day-of-week'.");
}

export function scheduleOption(factory: string, prop: string, value: unknown, allowed: string): ValidationError {
  return invalidProp(factory, prop, value, 'is out of range', `Allowed: ${allowed}.`);
}

// ---- Namespaces / hooks -----------------------------------------------------------------------------------

export function invalidNamespaces(factory: string, value: unknown, problems: string[]): ValidationError {
  return invalidProp(factory, 'namespaces', value, `is invalid: ${problems.join('; ')}`,
    'Namespaces are RFC 1123 labels: at most 63 characters of lowercase a-z, 0-9 and \'-\', starting and ending alphanumeric; list each once.');
}

// ---- Provider ----------------------------------------------------------------------------------------------

export function noProvider(path: string): ValidationError {
  return invalidProp(path, 'provider', undefined, 'is not set and the stack has no CloudCasaProvider',
    "Add `new CloudCasaProvider(stack, 'CloudCasa')` to the stack before the CloudCasa constructs, or pass `provider`.");
}

export function duplicateProvider(path: string, existing: string): ValidationError {
  return invalidProp(path, 'scope', existing, 'is a stack that already has a CloudCasaProvider',
    'Use one CloudCasaProvider per stack (its Terraform variables cloudcasa_api_url and cloudcasa_api_key are stack-wide).');
}

export function notPositiveInteger(path: string, prop: string, value: unknown, min: number): ValidationError {
  return invalidProp(path, prop, value, `must be an integer >= ${min}`, `Pass a whole number >= ${min}.`);
}

export function invalidRestfulVersion(path: string, value: string): ValidationError {
  return invalidProp(path, 'restfulVersion', value, 'must be an exact version such as 0.23.0', 'Pass MAJOR.MINOR.PATCH.');
}

// ---- Policy ----------------------------------------------------------------------------------------------

export function invalidTimezone(path: string, value: string, suggestions: string[]): ValidationError {
  const hint = suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `'${s}'`).join(', ')}?` : '';
  return invalidProp(path, 'timezone', value, 'is not an IANA time zone',
    `Use a name from Intl.supportedValuesOf('timeZone') (e.g. 'Europe/Berlin'), 'UTC' or 'GMT'.${hint}`);
}

export function notWholeDuration(path: string, prop: string, value: string, unit: string, min: number, allowed: string): ValidationError {
  return invalidProp(path, prop, value, `must be a whole number of ${unit}, at least ${min}`, allowed);
}

export function noSchedules(path: string): string {
  return `${path}: a Policy must have at least one schedule; got none. Pass 'schedules' or call addSchedule().`;
}

export function freePlan(path: string, prop: string, value: unknown, problem: string): ValidationError {
  return invalidProp(path, prop, value, `${problem} on the CloudCasa Free plan`,
    'Change the schedule, or set freePlan: false if the organisation has a paid plan.');
}

// ---- KubeBackup / KubeOffload -----------------------------------------------------------------------------

export function missingRequired(path: string, prop: string, allowed: string): ValidationError {
  return invalidProp(path, prop, undefined, 'is required', allowed);
}

export function missingTrigger(path: string): ValidationError {
  return missingRequired(path, 'trigger', 'Pass Trigger.adhoc() (run on demand or with runOnApply) or Trigger.scheduled(policy).');
}

export function runOnApplyNeedsAdhoc(path: string): ValidationError {
  return invalidProp(path, 'runOnApply', true, 'is only allowed on ADHOC backups, but the trigger is SCHEDULED',
    'Use trigger: Trigger.adhoc() with runOnApply, or drop runOnApply and let the policy run the backup.');
}

export function invalidName(path: string, prop: string, value: unknown): ValidationError {
  return invalidProp(path, prop, value, 'must be a non-empty string', 'Pass a name, or omit it to derive one from the construct path.');
}

export function invalidObjectId(factory: string, prop: string, value: unknown): ValidationError {
  return invalidProp(factory, prop, value, 'must be a non-empty CloudCasa id without \'/\'',
    "Pass the object's _id, e.g. '5f612ac2a47691eb08e77904'.");
}

