import { Projection } from './query/params';
import { RESOURCES, ResourceDef } from './schemas';
import { Store } from './store';
import { Doc } from './types';
import { clone, getPath, isPlainObject, setPath } from './util';

// Eve always returns these, whatever the projection (docs/eve-behaviour.md#query-parameters).
const ALWAYS = ['_id', '_created', '_updated', '_etag', '_deleted'];

type Link = { title: string; href: string };

/**
 * Builds response documents with Eve's HATEOAS links (docs/eve-behaviour.md#pagination-and-links). Stored documents
 * are immutable, so the JSON of a plain item GET and of a collection entry is cached per stored object: the hot read
 * path is a Map lookup plus a string concatenation.
 */
export class Renderer {
  private readonly cache = new WeakMap<Doc, { item?: string; list?: string }>();

  constructor(private readonly store: Store, private readonly prefix: string, private readonly eveTitles = false) {}

  private title(def: ResourceDef): string {
    return this.eveTitles ? def.eveItemTitle : def.itemTitle;
  }

  href(coll: string, id?: string): string {
    return this.prefix + coll + (id ? '/' + id : '');
  }

  selfLink(def: ResourceDef, id: string): Link {
    return { title: this.title(def), href: this.href(def.name, id) };
  }

  related(def: ResourceDef, doc: Doc): Record<string, Link | Link[]> | undefined {
    let out: Record<string, Link | Link[]> | undefined;
    for (const [field, target] of Object.entries(def.relations)) {
      const v = doc[field];
      const t = RESOURCES[target];
      if (typeof v === 'string') {
        (out ??= {})[field] = { title: this.title(t), href: this.href(target, v) };
      } else if (Array.isArray(v) && v.length) {
        (out ??= {})[field] = v.filter((x) => typeof x === 'string').map((x) => ({ title: this.title(t), href: this.href(target, x) }));
      }
    }
    return out;
  }

  /** Item GET links: self, parent, collection, related. */
  itemLinks(def: ResourceDef, doc: Doc): Doc {
    const links: Doc = {
      self: this.selfLink(def, doc._id),
      parent: { title: 'home', href: '/' },
      collection: { title: def.name, href: this.href(def.name) },
    };
    const rel = this.related(def, doc);
    if (rel) links.related = rel;
    return links;
  }

  /** Items inside `_items` and write responses carry only self (+ related). */
  shortLinks(def: ResourceDef, doc: Doc): Doc {
    const links: Doc = { self: this.selfLink(def, doc._id) };
    const rel = this.related(def, doc);
    if (rel) links.related = rel;
    return links;
  }

  itemJson(def: ResourceDef, doc: Doc): string {
    let c = this.cache.get(doc);
    if (!c) this.cache.set(doc, (c = {}));
    return (c.item ??= JSON.stringify({ ...doc, _links: this.itemLinks(def, doc) }));
  }

  listJson(def: ResourceDef, doc: Doc): string {
    let c = this.cache.get(doc);
    if (!c) this.cache.set(doc, (c = {}));
    return (c.list ??= JSON.stringify({ ...doc, _links: this.shortLinks(def, doc) }));
  }

  /** A shaped copy: projection and embedding applied, then links of the requested kind. */
  shaped(def: ResourceDef, doc: Doc, kind: 'item' | 'list', projection?: Projection, embedded: string[] = []): Doc {
    let out = projection ? project(doc, projection) : clone(doc);
    const links = kind === 'item' ? this.itemLinks(def, doc) : this.shortLinks(def, doc);
    for (const path of embedded) {
      const target = def.embeddable[path];
      const v = getPath(out, path);
      if (typeof v === 'string') setPath(out, path, this.embedOne(target, v));
      else if (Array.isArray(v)) setPath(out, path, v.map((x) => (typeof x === 'string' ? this.embedOne(target, x) : x)));
    }
    out = { ...out, _links: links };
    return out;
  }

  /** A missing referenced document embeds as null (docs/eve-behaviour.md#query-parameters, `embedded`). */
  private embedOne(target: string, id: string): Doc | null {
    const d = this.store.get(target, id);
    return d ? clone(d) : null;
  }
}

export function project(doc: Doc, p: Projection): Doc {
  if (p.mode === 'exclude') {
    const out = clone(doc);
    for (const f of p.fields) {
      if (ALWAYS.includes(f)) continue;
      const parts = f.split('.');
      let cur: any = out;
      for (let i = 0; i < parts.length - 1 && isPlainObject(cur); i++) cur = cur[parts[i]];
      if (isPlainObject(cur)) delete cur[parts[parts.length - 1]];
    }
    return out;
  }
  const out: Doc = {};
  for (const k of ALWAYS) if (k in doc) out[k] = doc[k];
  for (const f of p.fields) {
    const v = getPath(doc, f);
    if (v === undefined) continue;
    const parts = f.split('.');
    let cur = out;
    for (let i = 0; i < parts.length - 1; i++) {
      if (!isPlainObject(cur[parts[i]])) cur[parts[i]] = {};
      cur = cur[parts[i]];
    }
    cur[parts[parts.length - 1]] = clone(v);
  }
  return out;
}
