import { Doc } from './types';
import { objectId, rfc1123, sha1, stableStringify } from './util';

/**
 * In-memory document store, one ordered map per collection (insertion order stands in for MongoDB's natural
 * order). Stored documents are never mutated in place: every write stores a new object, so readers may
 * serialise stored objects directly and renderings can be cached per object.
 */
export class Store {
  private readonly colls = new Map<string, Map<string, Doc>>();
  /** `all()` snapshots per collection, dropped on every change (reads far outnumber writes). */
  private readonly lists = new Map<string, Doc[]>();
  private seq = 0;
  private readonly listeners: Array<() => void> = [];

  constructor(readonly names: string[], private readonly clock: () => number) {
    for (const n of names) this.colls.set(n, new Map());
  }

  now(): number {
    return this.clock();
  }

  onWrite(fn: () => void): void {
    this.listeners.push(fn);
  }

  has(coll: string): boolean {
    return this.colls.has(coll);
  }

  private c(coll: string): Map<string, Doc> {
    const m = this.colls.get(coll);
    if (!m) throw new Error(`unknown collection ${coll}`);
    return m;
  }

  get(coll: string, id: string): Doc | undefined {
    return this.c(coll).get(id);
  }

  /** Documents in insertion order. The returned array is shared: callers must not mutate it. */
  all(coll: string): Doc[] {
    let l = this.lists.get(coll);
    if (!l) this.lists.set(coll, (l = [...this.c(coll).values()]));
    return l;
  }

  size(coll: string): number {
    return this.c(coll).size;
  }

  /**
   * Every write gets a fresh 40-hex ETag. Eve hashes the sorted document (and, for PATCH, the previous `_etag`);
   * mixing in a write counter keeps "the ETag changes on every successful write" true even for identical content.
   */
  private etag(doc: Doc, prev?: string): string {
    const { _etag: _ignored, ...rest } = doc;
    return sha1(stableStringify(rest) + '|' + (prev ?? '') + '|' + ++this.seq);
  }

  /** Inserts a validated document; `_created` and `_updated` get the same timestamp (Eve POST). */
  insert(coll: string, body: Doc, at?: number): Doc {
    const now = at ?? this.clock();
    const stamp = rfc1123(now);
    const doc: Doc = { ...body };
    if (!doc._id) doc._id = objectId(now);
    doc._updated = stamp;
    doc._created = stamp;
    doc._etag = this.etag(doc);
    this.c(coll).set(doc._id, doc);
    this.lists.delete(coll);
    this.emit();
    return doc;
  }

  /** Replaces the stored document (PUT, PATCH after merge, server-side status changes): `_created` kept. */
  replace(coll: string, id: string, body: Doc): Doc {
    const prev = this.c(coll).get(id);
    if (!prev) throw new Error(`no ${coll}/${id}`);
    const doc: Doc = { ...body, _id: id, _created: prev._created, _updated: rfc1123(this.clock()) };
    doc._etag = this.etag(doc, prev._etag);
    this.c(coll).set(id, doc);
    this.lists.delete(coll);
    this.emit();
    return doc;
  }

  /** Applies `fn` to a copy of the stored document and stores the result as a new version. */
  update(coll: string, id: string, fn: (d: Doc) => void): Doc | undefined {
    const prev = this.c(coll).get(id);
    if (!prev) return undefined;
    const copy = JSON.parse(JSON.stringify(prev)) as Doc;
    fn(copy);
    return this.replace(coll, id, copy);
  }

  delete(coll: string, id: string): boolean {
    const ok = this.c(coll).delete(id);
    this.lists.delete(coll);
    if (ok) this.emit();
    return ok;
  }

  /** Raw load (persistence): documents keep their stored meta fields. */
  load(coll: string, docs: Doc[]): void {
    const m = this.c(coll);
    for (const d of docs) m.set(d._id, d);
    this.lists.delete(coll);
  }

  dump(): Record<string, Doc[]> {
    const out: Record<string, Doc[]> = {};
    for (const [k, m] of this.colls) out[k] = [...m.values()];
    return out;
  }

  private emit(): void {
    for (const l of this.listeners) l();
  }
}
