import { Context, parseEtag, Reply } from './context';
import { HttpError, insertionError, validationError } from './errors';
import { parseListQuery, parseProjection, parseEmbedded, querydef, sortDocs } from './query/params';
import { RESOURCE_NAMES, ResourceDef } from './schemas';
import { Doc } from './types';
import { parseRfc1123 } from './util';
import { prepareWrite } from './write';

const updatedCache = new WeakMap<Doc, number>();
/** `_updated` in ms, cached per stored (immutable) document object. */
function updatedMs(d: Doc): number {
  let v = updatedCache.get(d);
  if (v === undefined) updatedCache.set(d, (v = parseRfc1123(d._updated) ?? 0));
  return v;
}

/** Eve's CRUD endpoints over the store (docs/eve-behaviour.md#crud-endpoints). */
export class Api {
  constructor(private readonly ctx: Context) {}

  home(): Reply {
    return { status: 200, body: { _links: { child: RESOURCE_NAMES.map((n) => ({ href: this.ctx.renderer.href(n), title: n })) } } };
  }

  getCollection(def: ResourceDef, params: URLSearchParams): Reply {
    const { store, renderer, settings } = this.ctx;
    const q = parseListQuery(params, { def: settings.paginationDefault, limit: settings.maxResultsLimit, embeddable: def.embeddable });
    let docs = store.all(def.name);
    if (q.match) docs = docs.filter(q.match);
    if (q.sort && q.sort.length) docs = sortDocs(docs, q.sort);
    const total = docs.length;
    const start = (q.page - 1) * q.maxResults;
    const pageDocs = docs.slice(start, start + q.maxResults);
    const plain = !q.projection && q.embedded.length === 0;
    const items = pageDocs.map((d) => (plain ? renderer.listJson(def, d) : JSON.stringify(renderer.shaped(def, d, 'list', q.projection, q.embedded))));

    // Collection links: hrefs relative to the API root, query rebuilt in Eve's querydef order
    // (docs/eve-behaviour.md#pagination-and-links).
    const base = renderer.href(def.name);
    const links: Doc = { parent: { title: 'home', href: '/' }, self: { title: def.name, href: base } };
    if (total > 0) {
      links.self.href = base + querydef(q, q.page, settings.paginationDefault);
      if (q.page * q.maxResults < total) {
        links.next = { title: 'next page', href: base + querydef(q, q.page + 1, settings.paginationDefault) };
        links.last = { title: 'last page', href: base + querydef(q, Math.ceil(total / q.maxResults), settings.paginationDefault) };
      }
      if (q.page > 1) links.prev = { title: 'previous page', href: base + querydef(q, q.page - 1, settings.paginationDefault) };
    }
    const headers: Record<string, string> = { 'X-Total-Count': String(total) };
    let newest = -1;
    let newestStr = '';
    for (const d of pageDocs) {
      const ms = updatedMs(d);
      if (ms > newest) { newest = ms; newestStr = d._updated; }
    }
    if (newestStr) headers['Last-Modified'] = newestStr;
    const meta = { page: q.page, max_results: q.maxResults, total };
    return { status: 200, headers, json: `{"_items":[${items.join(',')}],"_links":${JSON.stringify(links)},"_meta":${JSON.stringify(meta)}}` };
  }

  getItem(def: ResourceDef, id: string, params: URLSearchParams, headers: Record<string, string | string[] | undefined>): Reply {
    const doc = this.ctx.store.get(def.name, id);
    if (!doc) throw new HttpError(404);
    const h = { 'ETag': `"${doc._etag}"`, 'Last-Modified': doc._updated };
    // 304 only if every validator present is satisfied and at least one is present (docs/eve-behaviour.md#conditional-get).
    const inm = parseEtag(headers['if-none-match'] as string | undefined);
    const ims = headers['if-modified-since'] as string | undefined;
    if (inm !== undefined || ims !== undefined) {
      const etagOk = inm === undefined || inm === doc._etag;
      const imsMs = ims !== undefined ? parseRfc1123(ims) : undefined;
      const dateOk = ims === undefined || (imsMs !== undefined && (parseRfc1123(doc._updated) ?? 0) < imsMs + 1000);
      if (etagOk && dateOk) return { status: 304, headers: h };
    }
    const projection = params.get('projection');
    const embedded = params.get('embedded');
    if (!projection && !embedded) return { status: 200, headers: h, json: this.ctx.renderer.itemJson(def, doc) };
    const shaped = this.ctx.renderer.shaped(def, doc, 'item', projection ? parseProjection(projection) : undefined,
      embedded ? parseEmbedded(embedded, def.embeddable) : []);
    return { status: 200, headers: h, body: shaped };
  }

  /**
   * The write envelope: meta fields only with BANDWIDTH_SAVER, else the whole document (CloudCasa's samples)
   * without the auth field `org_id`, which Eve strips from write responses (docs/emulator-evidence.md#shapes).
   */
  envelope(def: ResourceDef, doc: Doc): Doc {
    const links = this.ctx.renderer.shortLinks(def, doc);
    if (this.ctx.settings.bandwidthSaver) {
      return { _id: doc._id, _created: doc._created, _updated: doc._updated, _etag: doc._etag, _status: 'OK', _links: { self: links.self } };
    }
    const out: Doc = { ...doc, _links: links, _status: 'OK' };
    if (!this.ctx.settings.lenient.orgIdInWriteResponses) delete out.org_id;
    return out;
  }

  post(def: ResourceDef, body: unknown): Reply {
    const { store } = this.ctx;
    // Eve treats a one-element list as a single document: the reply is the single-document envelope
    // (post.py: `if isinstance(payl, dict)` after unwrapping; docs/emulator-evidence.md#eve).
    if (Array.isArray(body) && body.length === 1) body = body[0];
    if (Array.isArray(body)) {
      if (body.length === 0) throw Object.assign(new HttpError(400), { detail: 'Empty bulk insert' });
      // Eve's bulk insert is all-or-nothing: validate everything first (docs/eve-behaviour.md#post-and-bulk-post)
      const accepted: Doc[] = [];
      const results = body.map((b) => {
        const p = prepareWrite(this.ctx, def, b, 'insert', undefined, undefined, accepted);
        if (p.doc) accepted.push(p.doc);
        return p;
      });
      const failed = results.filter((r) => !r.doc).length;
      if (failed) {
        throw new HttpError(422, 'validation', {
          _status: 'ERR',
          _error: { code: 422, message: `Insertion failure: ${failed} document(s) contain(s) error(s)` },
          _items: results.map((r) => (r.doc ? { _status: 'OK' } : { _status: 'ERR', _issues: r.issues })),
        });
      }
      const now = store.now();
      const docs = results.map((r) => store.insert(def.name, r.doc!, now));
      for (const d of docs) this.ctx.afterInsert?.(def.name, d);
      return {
        status: 201,
        headers: { Location: this.ctx.renderer.href(def.name, docs[0]._id) },
        body: { _status: 'OK', _items: docs.map((d) => this.envelope(def, d)) },
      };
    }
    const p = prepareWrite(this.ctx, def, body, 'insert');
    if (!p.doc) throw insertionError(p.issues);
    const doc = store.insert(def.name, p.doc);
    this.ctx.afterInsert?.(def.name, doc);
    return { status: 201, headers: { Location: this.ctx.renderer.href(def.name, doc._id) }, body: this.envelope(def, doc) };
  }

  /**
   * Eve's get_document precondition order: found? then 428 when If-Match is missing, 412 when it is stale
   * (docs/eve-behaviour.md#conditional-requests).
   */
  private checkIfMatch(doc: Doc, ifMatch: string | undefined, enforce: boolean): void {
    const tag = parseEtag(ifMatch);
    if (tag === undefined) {
      if (enforce) throw new HttpError(428);
      return;
    }
    if (tag !== doc._etag) throw new HttpError(412);
  }

  patch(def: ResourceDef, id: string, body: unknown, ifMatch: string | undefined): Reply {
    const { store } = this.ctx;
    const original = store.get(def.name, id);
    if (!original) throw new HttpError(404);
    this.checkIfMatch(original, ifMatch, true);
    const p = prepareWrite(this.ctx, def, body, 'update', original, id);
    if (!p.doc) throw validationError(p.issues);
    const doc = store.replace(def.name, id, p.doc);
    return { status: 200, headers: { ETag: `"${doc._etag}"` }, body: this.envelope(def, doc) };
  }

  put(def: ResourceDef, id: string, body: unknown, ifMatch: string | undefined): Reply {
    const { store, settings } = this.ctx;
    const original = store.get(def.name, id);
    if (!original) {
      if (!settings.upsertOnPut) throw new HttpError(404);
      // Upsert: POST semantics with the id from the URL (201), and a POST's 422 envelope (put.py calls post_internal).
      const p = prepareWrite(this.ctx, def, body, 'insert');
      if (!p.doc) throw insertionError(p.issues);
      const doc = store.insert(def.name, { ...p.doc, _id: id });
      this.ctx.afterInsert?.(def.name, doc);
      return { status: 201, headers: { Location: this.ctx.renderer.href(def.name, id), ETag: `"${doc._etag}"` }, body: this.envelope(def, doc) };
    }
    this.checkIfMatch(original, ifMatch, true);
    const p = prepareWrite(this.ctx, def, body, 'replace', original, id);
    if (!p.doc) throw validationError(p.issues);
    const doc = store.replace(def.name, id, p.doc);
    return { status: 200, headers: { 'ETag': `"${doc._etag}"`, 'Last-Modified': doc._updated }, body: this.envelope(def, doc) };
  }

  delete(def: ResourceDef, id: string, ifMatch: string | undefined): Reply {
    const { store, settings } = this.ctx;
    const original = store.get(def.name, id);
    if (!original) {
      if (settings.deleteMissingStatus === 404) throw new HttpError(404);
      return { status: 204 };
    }
    this.checkIfMatch(original, ifMatch, settings.deleteRequiresIfMatch);
    store.delete(def.name, id);
    if (settings.cascadeOffloadDelete && def.name === 'kubeoffloads') {
      // A server-side cascade (unknown whether CloudCasa has one): the backup forgets its copy, and its etag changes.
      for (const b of store.all('kubebackups')) {
        if (b.copydef === id) store.update('kubebackups', b._id, (d) => { delete d.copydef; });
      }
    }
    return { status: 204 };
  }
}
