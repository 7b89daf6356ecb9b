import { Context } from './context';
import { addIssue, hasIssues, HttpError, Issues } from './errors';
import { applyRules } from './rules';
import { ResourceDef } from './schemas';
import { Doc } from './types';
import { clone, deepMerge, expandDotted, isObjectId, isPlainObject } from './util';
import { validateDoc } from './validation';

export type WriteMode = 'insert' | 'replace' | 'update';

// Meta fields are not in the schema, so a client echoing them back gets "unknown field" (docs/eve-behaviour.md#unknown-fields).
const META = ['_etag', '_created', '_updated', '_links', '_status', '_issues', '_error', '_deleted', '_meta', '_items'];

export interface Prepared {
  doc?: Doc;
  issues: Issues;
}

/**
 * Validates a request document and returns the document to store (merged with the stored one for PATCH).
 * `batch` holds documents accepted earlier in the same bulk POST (for uniqueness).
 */
export function prepareWrite(ctx: Context, def: ResourceDef, body: unknown, mode: WriteMode,
  persisted?: Doc, id?: string, batch: Doc[] = []): Prepared {
  if (!isPlainObject(body)) throw new HttpError(400);
  let input: Doc = mode === 'update' ? expandDotted(body) : { ...body };
  const issues: Issues = {};
  if ('_id' in input) {
    if (mode === 'update') throw new HttpError(400, 'field \'_id\' is immutable');
    if (mode === 'replace' && input._id !== id) throw new HttpError(400, 'field \'_id\' is immutable');
    if (mode === 'insert') {
      if (!isObjectId(input._id)) {addIssue(issues, ['_id'], 'must be of objectid type');} else if (ctx.store.get(def.name, input._id) || batch.some((b) => b._id === input._id)) {
        addIssue(issues, ['_id'], `value '${input._id}' is not unique`);
      }
    }
  }
  const clientId = input._id;
  delete input._id;
  for (const m of META) if (m in input) addIssue(issues, [m], 'unknown field');
  input = Object.fromEntries(Object.entries(input).filter(([k]) => !META.includes(k)));
  // The official provider always sends `"status": {}` (Go non-pointer struct) and CloudCasa accepts it [obs]:
  // an empty status is dropped; any other client value is checked by the readonly rule.
  if (isPlainObject(input.status) && Object.keys(input.status).length === 0) delete input.status;

  const normalised = validateDoc(input, def.schema, {
    update: mode === 'update',
    persisted,
    exists: (resource, rid) => Boolean(ctx.store.get(resource, rid)),
    unique: (field, value) => !ctx.store.all(def.name).some((d) => d._id !== id && d[field] === value)
      && !batch.some((d) => d[field] === value),
    nullableLinks: ctx.settings.lenient.nullableLinks === true,
    normalizeOnPatch: ctx.settings.lenient.noNormalizeOnPatch !== true,
  }, issues);

  let doc: Doc;
  if (mode === 'update') {
    const base = clone(persisted!);
    for (const m of ['_id', '_etag', '_created', '_updated']) delete base[m];
    doc = deepMerge(base, normalised);
  } else {
    doc = normalised;
  }
  applyRules(def.name, doc, {
    mode,
    persisted,
    id,
    store: ctx.store,
    issues,
    origin: ctx.origin,
    userEmail: ctx.settings.userEmail,
    orgId: ctx.settings.orgId,
    lenient: ctx.settings.lenient,
  });
  if (mode === 'insert' && clientId) doc._id = clientId;
  return hasIssues(issues) ? { issues } : { doc, issues };
}
