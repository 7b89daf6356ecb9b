import { Renderer } from './render';
import { Store } from './store';
import { Doc, LenientOptions } from './types';

/** Options after defaults are applied. */
export interface Settings {
  maxResultsLimit: number;
  paginationDefault: number;
  deleteRequiresIfMatch: boolean;
  deleteMissingStatus: 204 | 404;
  bandwidthSaver: boolean;
  upsertOnPut: boolean;
  jobPendingMs: number;
  jobRunningMs: number;
  userEmail: string;
  orgId: string;
  debug: boolean;
  lenient: LenientOptions;
  cascadeOffloadDelete: boolean;
}

/** What the request handlers share. */
export interface Context {
  store: Store;
  renderer: Renderer;
  settings: Settings;
  /** filled in once the server listens */
  origin: string;
  /** Called after a document is inserted through the API (the cluster status timer). */
  afterInsert?: (collection: string, doc: Doc) => void;
}

/** A response before it is written. `json` is a pre-serialised body; `body` is serialised on send. */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  json?: string;
}

/** If-Match / If-None-Match parsing (utils.py etag_parse): a leading `W/` is dropped, then every quote. */
export function parseEtag(h: string | undefined): string | undefined {
  if (h === undefined) return undefined;
  return h.replace(/^W\//, '').replace(/"/g, '');
}
