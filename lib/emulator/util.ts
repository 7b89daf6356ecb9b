import * as crypto from 'node:crypto';
import { Doc } from './types';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Eve DATE_FORMAT `%a, %d %b %Y %H:%M:%S GMT` (second resolution on the wire). */
export function rfc1123(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => (n < 10 ? '0' + n : String(n));
  return `${DAYS[d.getUTCDay()]}, ${p(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} `
    + `${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} GMT`;
}

const RFC_RE = /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat), (\d{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;

/** Parses a string in Eve's DATE_FORMAT; undefined when it does not match (as `strptime` would fail). */
export function parseRfc1123(s: string): number | undefined {
  const m = RFC_RE.exec(s);
  if (!m) return undefined;
  return Date.UTC(Number(m[4]), MONTHS.indexOf(m[3]), Number(m[2]), Number(m[5]), Number(m[6]), Number(m[7]));
}

let oidCounter = crypto.randomInt(0, 0xffffff);
const oidRandom = crypto.randomBytes(5).toString('hex');

/** A 24-hex ObjectId: 4-byte timestamp, 5 random bytes, 3-byte counter (BSON layout). */
export function objectId(nowMs: number): string {
  oidCounter = (oidCounter + 1) % 0x1000000;
  return Math.floor(nowMs / 1000).toString(16).padStart(8, '0').slice(-8) + oidRandom + oidCounter.toString(16).padStart(6, '0');
}

export const OBJECTID_RE = /^[a-f0-9]{24}$/;
export function isObjectId(v: unknown): v is string {
  return typeof v === 'string' && OBJECTID_RE.test(v);
}

export function sha1(s: string): string {
  return crypto.createHash('sha1').update(s).digest('hex');
}

export function randomHex(bytes: number): string {
  return crypto.randomBytes(bytes).toString('hex');
}

export function isPlainObject(v: unknown): v is Record<string, any> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Deep copy of JSON data. */
export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as unknown as T;
  if (isPlainObject(v)) {
    const out: Record<string, any> = {};
    for (const k of Object.keys(v)) if (!FORBIDDEN_KEYS.has(k)) out[k] = clone(v[k]);
    return out as T;
  }
  return v;
}

/** Eve's merge_nested_documents: dicts deep-merged, everything else (lists included) replaced. */
export function deepMerge(target: Doc, patch: Doc): Doc {
  for (const k of Object.keys(patch)) {
    if (FORBIDDEN_KEYS.has(k)) continue;
    const v = patch[k];
    if (isPlainObject(v) && isPlainObject(target[k])) deepMerge(target[k], v);
    else target[k] = clone(v);
  }
  return target;
}

/** Eve normalises dotted keys (`{"source.namespaces": [..]}`) into nested documents before a PATCH. */
export function expandDotted(body: Doc): Doc {
  const out: Doc = {};
  for (const k of Object.keys(body)) {
    const v = isPlainObject(body[k]) ? expandDotted(body[k]) : body[k];
    const parts = k.split('.');
    if (parts.some((p) => FORBIDDEN_KEYS.has(p))) continue;
    let cur = out;
    for (let i = 0; i < parts.length - 1; i++) {
      if (!isPlainObject(cur[parts[i]])) cur[parts[i]] = {};
      cur = cur[parts[i]];
    }
    const last = parts[parts.length - 1];
    if (isPlainObject(v) && isPlainObject(cur[last])) deepMerge(cur[last], v);
    else cur[last] = v;
  }
  return out;
}

export function getPath(doc: any, path: string): any {
  let cur = doc;
  for (const p of path.split('.')) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

export function setPath(doc: Doc, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = doc;
  for (let i = 0; i < parts.length - 1; i++) {
    if (!isPlainObject(cur[parts[i]])) return;
    cur = cur[parts[i]];
  }
  cur[parts[parts.length - 1]] = value;
}

/** Deterministic JSON with sorted keys (the ETag is a hash of the sorted document, as Eve's `document_etag`). */
export function stableStringify(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(stableStringify).join(',') + ']';
  if (isPlainObject(v)) {
    return '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + stableStringify(v[k])).join(',') + '}';
  }
  return JSON.stringify(v) ?? 'null';
}

/** Small seeded PRNG (mulberry32) for deterministic fault injection. */
/* eslint-disable no-bitwise */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/* eslint-enable no-bitwise */

/** Deterministic RFC 4122-looking uid from a seed string (Kubernetes metadata.uid). */
export function uidFrom(seed: string): string {
  const h = sha1(seed);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Keys that could reach JavaScript's prototype machinery if a document were ever merged into a plain object.
 * The emulator refuses them anywhere in a request (body or query), so they can never affect another request:
 * see SECURITY.md, "The emulator".
 */
export const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Thrown by `parseJsonStrict` with the dotted path of the first forbidden key. */
export class ForbiddenKeyError extends Error {
  constructor(readonly path: string) { super(`key '${path}' is not allowed`); }
}

/** `JSON.parse` that refuses `__proto__`, `constructor` and `prototype` keys at any depth. */
export function parseJsonStrict(text: string): unknown {
  const value = JSON.parse(text);
  const walk = (v: unknown, path: string): void => {
    if (Array.isArray(v)) { v.forEach((x, i) => walk(x, `${path}${path ? '.' : ''}${i}`)); return; }
    if (typeof v !== 'object' || v === null) return;
    for (const k of Object.keys(v)) {
      const p = `${path}${path ? '.' : ''}${k}`;
      if (FORBIDDEN_KEYS.has(k) || k.split('.').some((part) => FORBIDDEN_KEYS.has(part))) throw new ForbiddenKeyError(p);
      walk((v as Record<string, unknown>)[k], p);
    }
  };
  walk(value, '');
  return value;
}
