import { HttpError } from '../errors';
import { Doc } from '../types';
import { isPlainObject, parseJsonStrict, parseRfc1123 } from '../util';
import { badRequest, compile, parseWhere } from './where';

export type SortSpec = Array<[string, 1 | -1]>;
export interface Projection { mode: 'include' | 'exclude'; fields: string[] }

/** Parsed collection query (docs/eve-behaviour.md#query-parameters). `raw` keeps the received values for the pagination links. */
export interface ListQuery {
  match?: (d: Doc) => boolean;
  sort?: SortSpec;
  page: number;
  maxResults: number;
  projection?: Projection;
  embedded: string[];
  raw: { where?: string; sort?: string; version?: string; other: Array<[string, string]> };
}

const KNOWN = new Set(['where', 'sort', 'page', 'max_results', 'embedded', 'projection', 'version']);

/** `max_results`: int(float(x)); missing, non-numeric or <= 0 → default; silently clamped to the limit. */
export function parseMaxResults(v: string | null, def: number, limit: number): number {
  if (v === null) return def;
  const n = Number(v.trim());
  if (!Number.isFinite(n) || v.trim() === '') return def;
  const i = Math.trunc(n);
  if (i <= 0) return def;
  return Math.min(i, limit);
}

/** `page`: abs(int(x)), 0 → 1; non-integer text is ignored (page 1), never an error. */
export function parsePage(v: string | null): number {
  if (v === null || !/^\s*[+-]?\d+\s*$/.test(v)) return 1;
  const n = Math.abs(parseInt(v, 10));
  return n === 0 ? 1 : n;
}

/** Parses a Python literal list of pairs: `[("name", -1)]` or the JSON-ish `[["name",-1]]`. */
function parseSortLiteral(s: string): SortSpec {
  const toks = s.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|-?\d+|[[\](),]|\S/g) ?? [];
  let p = 0;
  const out: SortSpec = [];
  const expect = (t: string) => {
    if (toks[p++] !== t) throw new Error('bad sort');
  };
  expect('[');
  while (toks[p] !== ']') {
    const open = toks[p++];
    if (open !== '(' && open !== '[') throw new Error('bad sort');
    const f = toks[p++];
    if (!f || !/^["']/.test(f)) throw new Error('bad sort');
    expect(',');
    const dir = Number(toks[p++]);
    if (dir !== 1 && dir !== -1) throw new Error('bad sort');
    expect(open === '(' ? ')' : ']');
    out.push([f.slice(1, -1), dir]);
    if (toks[p] === ',') p++;
    if (p >= toks.length) throw new Error('bad sort');
  }
  expect(']');
  if (p !== toks.length) throw new Error('bad sort');
  return out;
}

export function parseSort(s: string): SortSpec {
  if (s.trim().startsWith('[')) {
    try {
      return parseSortLiteral(s.trim());
    } catch {
      throw badRequest('Unable to parse `sort` clause');
    }
  }
  return s.split(',').map((x) => x.trim()).filter(Boolean)
    .map((x): [string, 1 | -1] => (x.startsWith('-') ? [x.slice(1), -1] : [x, 1]));
}

export function parseProjection(s: string): Projection {
  let p: unknown;
  try {
    p = parseJsonStrict(s);
  } catch {
    throw badRequest('Unable to parse `projection` clause');
  }
  if (!isPlainObject(p)) throw badRequest('Unable to parse `projection` clause');
  const inc: string[] = [];
  const exc: string[] = [];
  for (const [k, v] of Object.entries(p)) {
    if (v === 1 || v === true) inc.push(k);
    else if (v === 0 || v === false) exc.push(k);
    else throw badRequest('Unable to parse `projection` clause');
  }
  // A mixed projection: Eve keeps the inclusions and drops the exclusions before asking MongoDB, so there is no
  // 400 (docs/emulator-evidence.md#eve).
  const incNoId = inc.filter((k) => k !== '_id');
  const excNoId = exc.filter((k) => k !== '_id');
  return incNoId.length ? { mode: 'include', fields: incNoId } : { mode: 'exclude', fields: excNoId };
}

/** `embedded` errors are always reported with their text (not debug-only). */
export function parseEmbedded(s: string, embeddable: Record<string, string>): string[] {
  let e: unknown;
  try {
    e = parseJsonStrict(s);
  } catch {
    throw new HttpError(400, 'Unable to parse `embedded` clause');
  }
  if (!isPlainObject(e)) throw new HttpError(400, 'Unable to parse `embedded` clause');
  // fields that are not embeddable are silently ignored
  return Object.entries(e).filter(([k, v]) => v && k in embeddable).map(([k]) => k);
}

export function parseListQuery(params: URLSearchParams, opts: { def: number; limit: number; embeddable: Record<string, string> }): ListQuery {
  const where = params.get('where');
  const sort = params.get('sort');
  const projection = params.get('projection');
  const embedded = params.get('embedded');
  const version = params.get('version');
  const other: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const [k, v] of params) {
    if (KNOWN.has(k) || seen.has(k)) continue;
    seen.add(k);
    other.push([k, v]);
  }
  return {
    match: where !== null && where !== '' ? compile(parseWhere(where)) : undefined,
    sort: sort !== null && sort !== '' ? parseSort(sort) : undefined,
    page: parsePage(params.get('page')),
    maxResults: parseMaxResults(params.get('max_results'), opts.def, opts.limit),
    projection: projection !== null && projection !== '' ? parseProjection(projection) : undefined,
    embedded: embedded !== null && embedded !== '' ? parseEmbedded(embedded, opts.embeddable) : [],
    raw: { where: where ?? undefined, sort: sort ?? undefined, version: version ?? undefined, other },
  };
}

const DATE_FIELDS = new Set(['_created', '_updated']);

/** MongoDB's cross-type sort order: missing/null < numbers < strings < objects < arrays < booleans < dates. */
function rank(v: unknown): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return 1;
  if (typeof v === 'string') return 2;
  if (Array.isArray(v)) return 4;
  if (typeof v === 'object') return 3;
  if (typeof v === 'boolean') return 5;
  return 6;
}

function sortValue(d: Doc, field: string): unknown {
  let cur: any = d;
  for (const p of field.split('.')) cur = isPlainObject(cur) ? cur[p] : undefined;
  if (DATE_FIELDS.has(field) && typeof cur === 'string') return parseRfc1123(cur) ?? cur;
  return cur;
}

export function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const sa = JSON.stringify(a);
  const sb = JSON.stringify(b);
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/** Stable sort (ties keep insertion order, like MongoDB's natural order). */
export function sortDocs(docs: Doc[], spec: SortSpec): Doc[] {
  return docs
    .map((d, i) => ({ d, i, k: spec.map(([f]) => sortValue(d, f)) }))
    .sort((x, y) => {
      for (let j = 0; j < spec.length; j++) {
        const c = compareValues(x.k[j], y.k[j]);
        if (c !== 0) return c * spec[j][1];
      }
      return x.i - y.i;
    })
    .map((x) => x.d);
}

/** Eve's `querydef`: fixed order max_results, where, sort, version, page, then the others; values raw. */
export function querydef(q: ListQuery, page: number, paginationDefault: number): string {
  const parts: string[] = [];
  if (q.maxResults !== paginationDefault) parts.push(`max_results=${q.maxResults}`);
  if (q.raw.where !== undefined) parts.push(`where=${q.raw.where}`);
  if (q.raw.sort !== undefined) parts.push(`sort=${q.raw.sort}`);
  if (q.raw.version !== undefined) parts.push(`version=${q.raw.version}`);
  if (page > 1) parts.push(`page=${page}`);
  for (const [k, v] of q.raw.other) parts.push(`${k}=${v}`);
  return parts.length ? '?' + parts.join('&') : '';
}
