import { setTimeout as sleep } from 'node:timers/promises';
import { NotFoundError, PreconditionFailedError, UnexpectedResponseError, UpdateConflictError } from './errors';
import { Transport } from './transport';
import { Doc, Page } from './types';
import { Where } from './where';

export interface ListOptions<T> {
  /** Eve `where` filter (see `where.ts`). @default - everything */
  readonly where?: Where<T> | Record<string, unknown>;
  /** Eve `sort`, e.g. `-start_time` or `name,-_created`. @default - server order */
  readonly sort?: string;
  /** Page size. @default 100 */
  readonly maxResults?: number;
  /** Stop after this many documents. @default - all */
  readonly limit?: number;
  /** Eve `projection`, e.g. `{ name: 1 }`. @default - whole documents */
  readonly projection?: Record<string, 0 | 1>;
  /** Eve `embedded`, e.g. `{ policy: 1 }`. @default - none */
  readonly embedded?: Record<string, 0 | 1>;
  /** Give up (with an UnexpectedResponseError) after this many pages. @default 1000 */
  readonly maxPages?: number;
}

/** Pages one listing may read by default: 1,000 pages of up to 1,000 documents. */
const DEFAULT_MAX_PAGES = 1000;

export type UpdateMethod = 'PATCH' | 'PUT';
export interface UpdateOptions {
  /**
   * PATCH sends only the changed fields (Eve deep-merges objects, replaces lists); PUT sends the whole
   * document read just before, with the change applied, server-owned fields (`status`, `copydef`) included.
   * @default - PATCH on kubebackups and policies, where CloudCasa is known to accept it; PUT elsewhere
   */
  readonly method?: UpdateMethod;
  /** Re-read and re-apply this many times after a 412. @default - the client's maxConflictRetries */
  readonly maxConflictRetries?: number;
}

/** A change: fields to set, or a function of the freshly read document returning them (re-run after a 412). */
export type Change<T> = Partial<T> | ((current: Doc<T>) => Partial<T>);

/** Meta fields Eve rejects as `unknown field` when sent back (docs/eve-behaviour.md#unknown-fields). */
const META = ['_id', '_etag', '_created', '_updated', '_links', '_status', '_deleted'];
/** Eve's auth field: the server sets it; a client must not send it back. */
const AUTH_FIELD = 'org_id';

/** Read-only access to one Eve collection. */
export class ReadOnlyCollection<T> {
  constructor(protected readonly transport: Transport, readonly name: string) {}

  /** Iterates over every matching document, fetching pages as needed. */
  async *list(opts: ListOptions<T> = {}): AsyncGenerator<Doc<T>> {
    let seen = 0;
    for await (const res of this.pages(opts)) {
      for (const item of res._items) {
        if (opts.limit !== undefined && seen >= opts.limit) return;
        seen++;
        yield item;
      }
      if (opts.limit !== undefined && seen >= opts.limit) return;
    }
  }

  /**
   * Every page of a listing, bounded: it ends at the last page (no `_links.next`, an empty page, or as many
   * documents as `_meta.total` announced), and fails with an UnexpectedResponseError — never loops — when a page
   * repeats an earlier one, when `maxPages` pages were read, or when an answer is not an Eve listing.
   */
  async *pages(opts: ListOptions<T> = {}): AsyncGenerator<Page<T>> {
    const maxResults = opts.maxResults ?? 100;
    const maxPages = opts.maxPages ?? DEFAULT_MAX_PAGES;
    const fingerprints = new Set<string>();
    let count = 0;
    for (let page = 1; ; page++) {
      if (page > maxPages) {
        throw new UnexpectedResponseError(`listing ${this.name} at ${this.transport.urlOf(this.name)} did not end after ${maxPages} pages `
          + `(${count} documents); stopped. Narrow it with a where filter, or raise maxPages`);
      }
      const res = await this.page(page, { ...opts, maxResults });
      if (res._items.length > 0) {
        const fp = res._items.map((i) => i._id).join(',');
        if (fingerprints.has(fp)) {
          throw new UnexpectedResponseError(`listing ${this.name} at ${this.transport.urlOf(this.name)}: page ${page} repeats an earlier page `
            + `while still advertising a next page; stopped after ${page} requests instead of looping`);
        }
        fingerprints.add(fp);
      }
      count += res._items.length;
      yield res;
      const total = res._meta?.total;
      if (!res._links?.next || res._items.length === 0 || (typeof total === 'number' && count >= total)) return;
    }
  }

  /** Every matching document, as an array. */
  async all(opts: ListOptions<T> = {}): Promise<Array<Doc<T>>> {
    const out: Array<Doc<T>> = [];
    for await (const d of this.list(opts)) out.push(d);
    return out;
  }

  /** One page of the collection, with Eve's `_meta` and `_links`. */
  async page(page: number, opts: ListOptions<T> = {}): Promise<Page<T>> {
    const { data } = await this.transport.request<Page<T>>('GET', this.name, {
      query: {
        where: opts.where && Object.keys(opts.where).length ? opts.where : undefined,
        sort: opts.sort,
        page,
        max_results: opts.maxResults,
        projection: opts.projection,
        embedded: opts.embedded,
      },
      what: `list ${this.name}`,
    });
    if (typeof data !== 'object' || data === null || !Array.isArray((data as any)._items)) {
      const shape = data === null || data === undefined ? 'an empty body' : Array.isArray(data) ? 'a JSON array' : `a JSON ${typeof data}`
        + (typeof data === 'object' ? ` with keys ${Object.keys(data).slice(0, 5).join(', ') || '(none)'}` : '');
      throw new UnexpectedResponseError(`GET ${this.transport.urlOf(this.name)} answered ${shape}, not an Eve listing with _items; `
        + 'check that the URL is the CloudCasa API root, ending in /api/v1');
    }
    return data;
  }

  async get(id: string, opts: { embedded?: Record<string, 0 | 1> } = {}): Promise<Doc<T>> {
    const { data } = await this.transport.request<Doc<T>>('GET', `${this.name}/${encodeURIComponent(id)}`, {
      query: opts.embedded ? { embedded: opts.embedded } : undefined, what: `get ${this.name}/${id}`,
    });
    return data;
  }

  /** The document with this name, or undefined. */
  async getByName(name: string): Promise<Doc<T> | undefined> {
    const res = await this.page(1, { where: { name } as any, maxResults: 1 });
    return res._items[0];
  }

  /** A document by 24-hex id or by name; throws NotFoundError when neither matches. */
  async resolve(idOrName: string): Promise<Doc<T>> {
    if (/^[a-f0-9]{24}$/.test(idOrName)) {
      try { return await this.get(idOrName); } catch (e) { if (!(e instanceof NotFoundError)) throw e; }
    }
    const byName = await this.getByName(idOrName);
    if (!byName) throw new NotFoundError(`404 no ${this.name} with id or name '${idOrName}'`, { status: 404 });
    return byName;
  }
}

/** Full CRUD on one Eve collection with If-Match concurrency control. */
export class Collection<T extends { name: string }> extends ReadOnlyCollection<T> {
  /**
   * @param patchable whether the collection accepts PATCH (docs/emulator-evidence.md#item-methods); updates of the
   *   others are PUTs of the whole document
   */
  constructor(transport: Transport, name: string, readonly patchable = false) {
    super(transport, name);
  }

  /**
   * Creates a document. If the outcome of the POST is unknown (timeout, reset, 5xx), the client looks the
   * name up before trying again, so the document is never created twice.
   */
  async create(body: T): Promise<Doc<T>> {
    const { data } = await this.transport.request<Doc<T>>('POST', this.name, {
      body,
      what: `create ${this.name} '${body.name}'`,
      findExisting: () => this.getByName(body.name),
    });
    // Eve's write envelope may hold only meta fields (BANDWIDTH_SAVER): read the whole document.
    return (data as any)?.name !== undefined && (data as any)?._etag ? data : this.get(data._id);
  }

  /**
   * Read-modify-write: reads the document, applies `change`, writes it with `If-Match`. On 412 (someone
   * else wrote first) it re-reads and re-applies, up to `maxConflictRetries` times, so no update is lost.
   */
  async update(id: string, change: Change<T>, opts: UpdateOptions = {}): Promise<Doc<T>> {
    const method = opts.method ?? (this.patchable ? 'PATCH' : 'PUT');
    const retries = opts.maxConflictRetries ?? this.transport.config.maxConflictRetries;
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(id);
      const fields = typeof change === 'function' ? change(current) : change;
      const body = method === 'PUT' ? { ...this.strip(current), ...fields } : fields;
      try {
        await this.transport.request('PATCH' === method ? 'PATCH' : 'PUT', `${this.name}/${encodeURIComponent(id)}`, {
          body, headers: { 'If-Match': current._etag }, what: `update ${this.name}/${id}`,
        });
        return await this.get(id);
      } catch (e) {
        if (!(e instanceof PreconditionFailedError)) throw e;
        if (attempt >= retries) {
          throw new UpdateConflictError(`${e.message}: still conflicting after ${retries} re-reads`, { status: 412, body: e.body, request: e.request });
        }
        await sleep(Math.random() * Math.min(1000, 20 * 2 ** attempt));
      }
    }
  }

  /** Deletes with `If-Match`; re-reads on 412. Deleting a document that is already gone succeeds. */
  async delete(id: string): Promise<void> {
    const retries = this.transport.config.maxConflictRetries;
    for (let attempt = 0; ; attempt++) {
      let current: Doc<T>;
      try { current = await this.get(id); } catch (e) { if (e instanceof NotFoundError) return; throw e; }
      try {
        await this.transport.request('DELETE', `${this.name}/${encodeURIComponent(id)}`, { headers: { 'If-Match': current._etag }, what: `delete ${this.name}/${id}` });
        return;
      } catch (e) {
        if (e instanceof NotFoundError) return;
        if (!(e instanceof PreconditionFailedError) || attempt >= retries) throw e;
      }
    }
  }

  /**
   * The body of a PUT that keeps `doc` as it is: Eve's meta fields and the auth field `org_id` removed. Server-owned fields (`status`,
   * `cc_user_email`, `copydef`) stay: a PUT replaces the whole document, and Eve's read-only rule accepts them
   * when they equal the stored values (docs/emulator-evidence.md#put-replaces).
   */
  strip(doc: Doc<T>): T {
    const copy: any = JSON.parse(JSON.stringify(doc));
    for (const f of [...META, AUTH_FIELD]) deletePath(copy, f);
    return copy;
  }
}

function deletePath(obj: any, path: string) {
  const parts = path.split('.');
  let cur = obj;
  for (const p of parts.slice(0, -1)) { cur = cur?.[p]; if (cur === undefined) return; }
  if (cur) delete cur[parts[parts.length - 1]];
}
