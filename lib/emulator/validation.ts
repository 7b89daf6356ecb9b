import { addIssue, Issues } from './errors';
import { Doc } from './types';
import { isObjectId, isPlainObject, stableStringify } from './util';

/** The subset of Cerberus 1.3 (plus Eve's `objectid`, `unique`, `data_relation`) the CloudCasa schemas need. */
export type FieldType = 'string' | 'integer' | 'number' | 'boolean' | 'dict' | 'list' | 'objectid';

export interface Field {
  type?: FieldType;
  required?: boolean;
  nullable?: boolean;
  /** nullable only under `lenient.nullableLinks` */
  lenientNullable?: boolean;
  allowed?: readonly (string | number)[];
  default?: unknown;
  /** sub-schema of a dict */
  schema?: Schema;
  /** rules for every list item */
  items?: Field;
  /** rules for every value of a free-form dict (tags, labels) */
  valuesrules?: Field;
  /** a dict without schema accepts any keys */
  allowUnknown?: boolean;
  readonly?: boolean;
  min?: number;
  minlength?: number;
  /** Eve data_relation (field `_id`) */
  relation?: { resource: string; embeddable?: boolean };
  unique?: boolean;
}

export type Schema = Record<string, Field>;

export interface ValidationContext {
  /** PATCH: `required` not enforced; defaults only where the stored document lacks the field (Eve `_normalize_default`). */
  update: boolean;
  /** stored document (PATCH/PUT), compared by `readonly` */
  persisted?: Doc;
  /** `lenient.nullableLinks`: `lenientNullable` fields take null */
  nullableLinks?: boolean;
  /**
   * Eve NORMALIZE_ON_PATCH (default on): a PATCH that sends a subdocument gets the schema defaults of its missing
   * subfields, whatever the stored subdocument holds (docs/emulator-evidence.md#normalize-on-patch).
   */
  normalizeOnPatch?: boolean;
  /** does `id` exist in `resource`? */
  exists(resource: string, id: string): boolean;
  /** is `value` unique for `field` in this resource, ignoring the document being replaced? */
  unique(field: string, value: unknown): boolean;
}

const TYPE_CHECK: Record<FieldType, (v: unknown) => boolean> = {
  string: (v) => typeof v === 'string',
  // Cerberus accepts bool as int (Python quirk); rejecting it is kinder to clients and no test relies on it.
  integer: (v) => typeof v === 'number' && Number.isInteger(v),
  number: (v) => typeof v === 'number',
  boolean: (v) => typeof v === 'boolean',
  dict: (v) => isPlainObject(v),
  list: (v) => Array.isArray(v),
  objectid: (v) => isObjectId(v),
};

function pyRepr(v: unknown): string {
  // Cerberus/Eve messages interpolate Python reprs; strings appear bare inside the quotes of the template.
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v === null) return 'None';
  return typeof v === 'object' ? stableStringify(v) : String(v);
}

/**
 * Validates `doc` against `schema`, collecting Cerberus-style messages into `issues`; returns the normalised copy
 * (defaults applied). `path` locates nested issues; `persisted` is the stored sub-document at the same path.
 */
export function validateDoc(doc: Doc, schema: Schema, ctx: ValidationContext, issues: Issues,
  path: Array<string | number> = [], persisted: Doc | undefined = ctx.persisted, topLevel = true): Doc {
  const out: Doc = {};
  for (const key of Object.keys(doc)) {
    const rules = schema[key];
    if (!rules) {
      addIssue(issues, [...path, key], 'unknown field');
      continue;
    }
    const stored = isPlainObject(persisted) ? persisted[key] : undefined;
    out[key] = validateValue(doc[key], rules, ctx, issues, [...path, key], stored, topLevel ? key : undefined);
  }
  for (const key of Object.keys(schema)) {
    const rules = schema[key];
    if (key in doc && doc[key] !== null) continue;
    if (key in doc && doc[key] === null && isNullable(rules, ctx)) continue;
    if (rules.default !== undefined) {
      const inPersisted = isPlainObject(persisted) && key in persisted;
      // Top level of a PATCH: a default only where the stored document lacks the field. Inside a subdocument
      // the PATCH sent, normalize_on_patch applies the default, as Eve's validator normalises the whole payload.
      if (!ctx.update || !inPersisted || (!topLevel && ctx.normalizeOnPatch)) {
        out[key] = typeof rules.default === 'object' ? JSON.parse(JSON.stringify(rules.default)) : rules.default;
        continue;
      }
    }
    if (rules.required && !ctx.update && !(key in doc)) addIssue(issues, [...path, key], 'required field');
  }
  return out;
}

function isNullable(rules: Field, ctx: ValidationContext): boolean {
  return rules.nullable === true || (rules.lenientNullable === true && ctx.nullableLinks === true);
}

function validateValue(value: unknown, rules: Field, ctx: ValidationContext, issues: Issues,
  path: Array<string | number>, persisted: unknown, topField?: string): unknown {
  if (rules.readonly && stableStringify(value) !== stableStringify(persisted ?? null)) {
    addIssue(issues, path, 'field is read-only');
    return value;
  }
  if (value === null) {
    if (!isNullable(rules, ctx)) addIssue(issues, path, 'null value not allowed');
    return value;
  }
  if (rules.type && !TYPE_CHECK[rules.type](value)) {
    addIssue(issues, path, `must be of ${rules.type} type`);
    return value;
  }
  if (rules.allowed && !rules.allowed.includes(value as string)) {
    addIssue(issues, path, `unallowed value ${pyRepr(value)}`);
  }
  if (rules.min !== undefined && typeof value === 'number' && value < rules.min) {
    addIssue(issues, path, `min value is ${rules.min}`);
  }
  if (rules.minlength !== undefined && (Array.isArray(value) || typeof value === 'string') && value.length < rules.minlength) {
    addIssue(issues, path, `min length is ${rules.minlength}`);
  }
  if (rules.unique && topField && !ctx.unique(topField, value)) {
    addIssue(issues, path, `value '${pyRepr(value)}' is not unique`);
  }
  if (rules.relation && typeof value === 'string' && !ctx.exists(rules.relation.resource, value)) {
    addIssue(issues, path, `value '${value}' must exist in resource '${rules.relation.resource}', field '_id'.`);
  }
  if (isPlainObject(value)) {
    if (rules.schema) {
      return validateDoc(value, rules.schema, ctx, issues, path, isPlainObject(persisted) ? persisted : undefined, false);
    }
    if (rules.valuesrules) {
      const out: Doc = {};
      for (const k of Object.keys(value)) out[k] = validateValue(value[k], rules.valuesrules, ctx, issues, [...path, k], undefined);
      return out;
    }
    return value;
  }
  if (Array.isArray(value) && rules.items) {
    // A PATCH replaces lists whole, so their items are validated as new: required and defaults apply
    // (docs/emulator-evidence.md#normalize-on-patch).
    const itemCtx = ctx.update ? { ...ctx, update: false } : ctx;
    return value.map((v, i) => validateValue(v, rules.items!, itemCtx, issues, [...path, i], undefined));
  }
  return value;
}
