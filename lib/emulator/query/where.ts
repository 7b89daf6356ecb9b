import { HttpError } from '../errors';
import { Doc } from '../types';
import { isPlainObject, parseJsonStrict, parseRfc1123, stableStringify } from '../util';
import { parsePythonWhere } from './pyexpr';

/** A 400 whose specific text Eve only sends with DEBUG on (docs/eve-behaviour.md#query-parameters); `detail` carries it. */
export function badRequest(detail: string): HttpError {
  const e = new HttpError(400);
  (e as any).detail = detail;
  return e;
}

// Eve's allowed operator set (io/mongo/mongo.py); the blacklist defaults to $where and $regex.
const ALLOWED = new Set(['$gt', '$gte', '$in', '$lt', '$lte', '$ne', '$nin', '$eq', '$or', '$and', '$not', '$nor', '$mod',
  '$regex', '$text', '$where', '$options', '$search', '$language', '$caseSensitive', '$diacriticSensitive', '$exists',
  '$type', '$geoWithin', '$geoIntersects', '$near', '$nearSphere', '$centerSphere', '$geometry', '$maxDistance',
  '$minDistance', '$box', '$all', '$elemMatch', '$size', '$bitsAllClear', '$bitsAllSet', '$bitsAnyClear', '$bitsAnySet',
  '$center', '$expr']);
const BLACKLIST = new Set(['$where', '$regex']);
const IMPLEMENTED = new Set(['$gt', '$gte', '$in', '$lt', '$lte', '$ne', '$nin', '$eq', '$or', '$and', '$not', '$nor',
  '$mod', '$exists', '$all', '$elemMatch', '$size']);

function collectOps(v: unknown, out: Set<string>): void {
  if (Array.isArray(v)) {v.forEach((x) => collectOps(x, out));} else if (isPlainObject(v)) {
    for (const k of Object.keys(v)) {
      if (k.startsWith('$')) out.add(k);
      collectOps(v[k], out);
    }
  }
}

/** `_mongotize`: strings in DATE_FORMAT become datetimes. */
function coerce(v: unknown): unknown {
  if (v instanceof Date) return v;
  if (typeof v === 'string') {
    const ms = parseRfc1123(v);
    return ms === undefined ? v : new Date(ms);
  }
  if (Array.isArray(v)) return v.map(coerce);
  if (isPlainObject(v)) {
    const out: Doc = {};
    for (const k of Object.keys(v)) out[k] = coerce(v[k]);
    return out;
  }
  return v;
}

/** JSON first, then the Python-expression form; any failure is a 400. */
export function parseWhere(raw: string): Doc {
  let q: unknown;
  try {
    q = JSON.parse(raw);
  } catch {
    try {
      q = parsePythonWhere(raw);
    } catch {
      throw badRequest('Unable to parse `where` clause');
    }
  }
  if (!isPlainObject(q)) throw badRequest('Unable to parse `where` clause');
  // A hostile key (`__proto__`, `constructor`, `prototype`) in either form is refused like any unparsable clause.
  try { parseJsonStrict(JSON.stringify(q)); } catch { throw badRequest('Unable to parse `where` clause'); }
  const ops = new Set<string>();
  collectOps(q, ops);
  const unknown = [...ops].filter((o) => !ALLOWED.has(o));
  if (unknown.length) throw badRequest(`Query contains unknown or unsupported operators: ${unknown.join(', ')}`);
  if ([...ops].some((o) => BLACKLIST.has(o))) throw badRequest('Query contains operators banned in MONGO_QUERY_BLACKLIST');
  const missing = [...ops].filter((o) => !IMPLEMENTED.has(o));
  // valid Mongo operators the emulator does not evaluate (geo, text, $expr…) are refused, not ignored (docs/emulator-evidence.md#eve)
  if (missing.length) throw badRequest(`Query operators not supported by the emulator: ${missing.join(', ')}`);
  return coerce(q) as Doc;
}

/** Values reached by a dotted path, descending into arrays as MongoDB does. */
function resolve(doc: unknown, parts: string[], i = 0): unknown[] {
  if (i === parts.length) return [doc];
  if (Array.isArray(doc)) {
    const idx = Number(parts[i]);
    if (Number.isInteger(idx) && String(idx) === parts[i]) return resolve(doc[idx], parts, i + 1);
    return doc.flatMap((e) => (isPlainObject(e) ? resolve(e, parts, i) : []));
  }
  if (!isPlainObject(doc) || !(parts[i] in doc)) return [];
  return resolve(doc[parts[i]], parts, i + 1);
}

function asComparable(docVal: unknown, q: unknown): unknown {
  if (q instanceof Date && typeof docVal === 'string') {
    const ms = parseRfc1123(docVal);
    return ms === undefined ? docVal : new Date(ms);
  }
  return docVal;
}

function eq(docVal: unknown, q: unknown): boolean {
  const a = asComparable(docVal, q);
  if (q instanceof Date) return a instanceof Date && a.getTime() === q.getTime();
  if (q === null) return a === null || a === undefined;
  if (typeof q !== 'object') return a === q;
  return stableStringify(a) === stableStringify(q);
}

/** Equality with MongoDB's array semantics: a list matches when it equals the value or contains it. */
function eqAny(vals: unknown[], q: unknown): boolean {
  if (q === null && vals.length === 0) return true;
  return vals.some((v) => eq(v, q) || (Array.isArray(v) && v.some((e) => eq(e, q))));
}

function cmp(docVal: unknown, q: unknown): number | undefined {
  const a = asComparable(docVal, q);
  if (q instanceof Date) return a instanceof Date ? a.getTime() - q.getTime() : undefined;
  if (typeof q === 'number' && typeof a === 'number') return a - q;
  if (typeof q === 'string' && typeof a === 'string') return a < q ? -1 : a > q ? 1 : 0;
  // MongoDB's type bracketing: values of other types never compare
  return undefined;
}

function flat(vals: unknown[]): unknown[] {
  return vals.flatMap((v) => (Array.isArray(v) ? [v, ...v] : [v]));
}

function ordered(vals: unknown[], arg: unknown, ok: (c: number) => boolean): boolean {
  return flat(vals).some((v) => {
    const c = cmp(v, arg);
    return c !== undefined && ok(c);
  });
}

function opMatch(vals: unknown[], op: string, arg: unknown): boolean {
  switch (op) {
    case '$eq': return eqAny(vals, arg);
    case '$ne': return !eqAny(vals, arg);
    case '$in': return Array.isArray(arg) && arg.some((a) => eqAny(vals, a));
    case '$nin': return !(Array.isArray(arg) && arg.some((a) => eqAny(vals, a)));
    case '$gt': return ordered(vals, arg, (c) => c > 0);
    case '$gte': return ordered(vals, arg, (c) => c >= 0);
    case '$lt': return ordered(vals, arg, (c) => c < 0);
    case '$lte': return ordered(vals, arg, (c) => c <= 0);
    case '$exists': return (vals.length > 0) === Boolean(arg);
    case '$not': return !exprMatch(vals, arg);
    case '$size': return vals.some((v) => Array.isArray(v) && v.length === arg);
    case '$all': return Array.isArray(arg) && vals.some((v) => Array.isArray(v) && arg.every((a) => v.some((e) => eq(e, a))));
    case '$mod': {
      const [d, r] = Array.isArray(arg) ? arg : [];
      return flat(vals).some((v) => typeof v === 'number' && typeof d === 'number' && v % d === r);
    }
    case '$elemMatch':
      return vals.some((v) => Array.isArray(v) && v.some((e) => (isPlainObject(e) && !isOperatorDoc(arg)
        ? compile(arg as Doc)(e) : exprMatch([e], arg))));
    default: throw badRequest(`Query contains unknown or unsupported operators: ${op}`);
  }
}

function isOperatorDoc(v: unknown): v is Doc {
  return isPlainObject(v) && Object.keys(v).length > 0 && Object.keys(v).every((k) => k.startsWith('$'));
}

function exprMatch(vals: unknown[], expr: unknown): boolean {
  if (isOperatorDoc(expr)) return Object.keys(expr).every((op) => opMatch(vals, op, expr[op]));
  return eqAny(vals, expr);
}

/** Compiles a (coerced) Mongo query into a predicate. */
export function compile(q: Doc): (doc: Doc) => boolean {
  const tests: Array<(d: Doc) => boolean> = [];
  for (const key of Object.keys(q)) {
    const v = q[key];
    if (key === '$or' || key === '$and' || key === '$nor') {
      if (!Array.isArray(v)) throw badRequest(`${key} needs an array`);
      const subs = v.map((s) => compile(s as Doc));
      if (key === '$or') tests.push((d) => subs.some((s) => s(d)));
      else if (key === '$and') tests.push((d) => subs.every((s) => s(d)));
      else tests.push((d) => !subs.some((s) => s(d)));
      continue;
    }
    const parts = key.split('.');
    tests.push((d) => exprMatch(resolve(d, parts), v));
  }
  return (d) => tests.every((t) => t(d));
}
