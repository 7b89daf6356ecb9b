import * as http from 'node:http';
import { Api } from './api';
import { Context, Reply } from './context';
import { errorEnvelope, HttpError } from './errors';
import { Faults } from './faults';
import { JobEngine } from './jobs';
import { KubeApi } from './kube';
import { RESOURCES } from './schemas';
import { RequestLogEntry, WriteLogEntry } from './types';
import { ForbiddenKeyError, OBJECTID_RE, parseJsonStrict } from './util';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** Everything the HTTP front end dispatches to. */
export interface Core {
  ctx: Context;
  api: Api;
  jobs: JobEngine;
  kube: KubeApi;
  faults: Faults;
  apiKey: string;
  /** Largest request body accepted; larger ones get 413 (and the connection is closed). */
  maxBodyBytes: number;
  requestLog: RequestLogEntry[];
  writeLog: WriteLogEntry[];
  log?: (line: string) => void;
}

function methodNotAllowed(allow: string[]): HttpError {
  return new HttpError(405, undefined, undefined, { Allow: allow.join(', ') });
}

/** The request body is larger than the emulator accepts. */
class BodyTooLarge extends Error {}

/** Reads the body, giving up (without buffering the rest) once it passes `limit` bytes. */
function readBody(req: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > limit) {
        done = true;
        chunks.length = 0;
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => { if (!done) { done = true; resolve(Buffer.concat(chunks).toString('utf8')); } });
    req.on('error', (e) => { if (!done) { done = true; reject(e); } });
  });
}

/** Eve's `payload()`: JSON content type required; an unparsable body is a plain 400. */
function parseJson(req: http.IncomingMessage, raw: string, optional = false): unknown {
  if (optional && raw.trim() === '') return undefined;
  const ct = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (ct !== 'application/json') throw new HttpError(400, 'Unknown or no Content-Type header supplied');
  try {
    return parseJsonStrict(raw);
  } catch (e) {
    // `__proto__`, `constructor` or `prototype` anywhere in the body: refused as a validation failure, so the
    // key never reaches a merge (SECURITY.md, "The emulator").
    if (e instanceof ForbiddenKeyError) {
      const issues = {};
      Object.defineProperty(issues, e.path, { value: 'key not allowed', enumerable: true });
      throw new HttpError(422, 'validation', { _status: 'ERR', _issues: issues, _error: { code: 422, message: `key '${e.path}' is not allowed` } });
    }
    throw new HttpError(400);
  }
}

/** A stand-in for CloudCasa's agent manifest: a namespace and a config map naming the cluster. */
export function agentManifest(cluster: Record<string, any>): string {
  return [
    'apiVersion: v1',
    'kind: Namespace',
    'metadata:',
    '  name: cloudcasa-io',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: cloudcasa-agent',
    '  namespace: cloudcasa-io',
    'data:',
    `  clusterId: "${cluster._id}"`,
    `  clusterName: ${JSON.stringify(String(cluster.name))}`,
    '',
  ].join('\n');
}

export function createHandler(core: Core) {
  const { ctx, api, jobs, kube, faults } = core;

  function route(method: string, sub: string, query: string, req: http.IncomingMessage, raw: string): Reply {
    const params = new URLSearchParams(query);
    const segs = sub.split('/').filter(Boolean);
    if (segs.length === 0) {
      if (method === 'GET' || method === 'HEAD') return api.home();
      if (method === 'OPTIONS') return { status: 200, headers: { Allow: 'GET, HEAD, OPTIONS' } };
      throw methodNotAllowed(['GET', 'HEAD', 'OPTIONS']);
    }
    const def = RESOURCES[segs[0]];
    if (!def || segs.length > 4 || (segs.length > 1 && !OBJECTID_RE.test(segs[1]))) throw new HttpError(404);
    if (segs.length === 1) {
      const allow = def.readOnly ? ['GET', 'HEAD', 'OPTIONS'] : ['GET', 'POST', 'HEAD', 'OPTIONS'];
      if (method === 'OPTIONS') return { status: 200, headers: { Allow: allow.join(', ') } };
      if (method === 'GET' || method === 'HEAD') return api.getCollection(def, params);
      if (method === 'POST' && !def.readOnly) return api.post(def, parseJson(req, raw));
      throw methodNotAllowed(allow);
    }
    const id = segs[1];
    if (segs.length === 2) {
      // Eve enables item methods per resource; PATCH is evidenced for kubebackups and policies only
      // (docs/emulator-evidence.md#item-methods).
      const patchable = def.patchable || ctx.settings.lenient.patchEverywhere === true;
      const allow = def.readOnly ? ['GET', 'HEAD', 'OPTIONS']
        : ['GET', 'PUT', ...(patchable ? ['PATCH'] : []), 'DELETE', 'HEAD', 'OPTIONS'];
      const ifMatch = req.headers['if-match'] as string | undefined;
      if (method === 'OPTIONS') return { status: 200, headers: { Allow: allow.join(', ') } };
      if (method === 'GET' || method === 'HEAD') return api.getItem(def, id, params, req.headers);
      if (def.readOnly) throw methodNotAllowed(allow);
      if (method === 'PATCH' && patchable) return api.patch(def, id, parseJson(req, raw), ifMatch);
      if (method === 'PUT') return api.put(def, id, parseJson(req, raw), ifMatch);
      if (method === 'DELETE') return api.delete(def, id, ifMatch);
      throw methodNotAllowed(allow);
    }
    // Custom CloudCasa action (not Eve core): POST /<kubebackups|kubeoffloads>/<id>/action/run
    if (segs.length !== 4 || segs[2] !== 'action' || segs[3] !== 'run' || (def.name !== 'kubebackups' && def.name !== 'kubeoffloads')) {
      throw new HttpError(404);
    }
    if (method !== 'POST') throw methodNotAllowed(['POST', 'OPTIONS']);
    const run = jobs.parseRunBody(parseJson(req, raw, true));
    const { before } = jobs.run(def.name as 'kubebackups' | 'kubeoffloads', id, run.retainDays, run.runBackup);
    return { status: 200, headers: { ETag: `"${before._etag}"` }, json: ctx.renderer.itemJson(def, before) };
  }

  function errorReply(e: unknown): Reply {
    if (e instanceof HttpError) {
      const detail = (e as any).detail as string | undefined;
      const body = detail && ctx.settings.debug ? errorEnvelope(e.status, detail) : e.body;
      return { status: e.status, headers: e.headers, body };
    }
    return { status: 500, body: errorEnvelope(500, ctx.settings.debug ? String(e) : undefined) };
  }

  function send(res: http.ServerResponse, reply: Reply): void {
    const headers: Record<string, string | number> = { ...reply.headers };
    let payload: string | undefined;
    if (reply.status !== 204 && reply.status !== 304) {
      payload = reply.json ?? (reply.body === undefined ? '' : JSON.stringify(reply.body));
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  function record(method: string, path: string, query: string, status: number, ifMatch: string | undefined, t0: number, isApi: boolean) {
    const time = ctx.store.now();
    const entry: RequestLogEntry = { method, path, query, status, time };
    if (ifMatch !== undefined) entry.ifMatch = ifMatch;
    core.requestLog.push(entry);
    if (isApi && WRITES.has(method)) core.writeLog.push({ method, path, status, time });
    core.log?.(`${method} ${path}${query ? '?' + query : ''} ${status || 'RESET'} ${Date.now() - t0}ms`);
  }

  return async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const t0 = Date.now();
    const url = req.url ?? '/';
    const qi = url.indexOf('?');
    const pathname = qi >= 0 ? url.slice(0, qi) : url;
    const query = qi >= 0 ? url.slice(qi + 1) : '';
    let method = (req.method ?? 'GET').toUpperCase();
    const ifMatch = req.headers['if-match'] as string | undefined;

    if (pathname.startsWith('/k8s/')) {
      const m = /^\/k8s\/([^/]+)(\/.*)?$/.exec(pathname);
      const r = kube.handle(method, m?.[1] ?? '', m?.[2] ?? '/', req.headers.authorization);
      send(res, { status: r.status, body: r.body });
      record(method, pathname, query, r.status, ifMatch, t0, false);
      return;
    }
    if (pathname.startsWith('/kubeclusteragents/')) {
      // The agent manifest behind a cluster's `status.agentURL`: the URL is the secret, as with CloudCasa's, so no
      // API key is asked for (`kubectl apply -f <url>` sends none).
      const cluster = (method === 'GET' || method === 'HEAD')
        ? ctx.store.all('kubeclusters').find((c) => typeof c.status?.agentURL === 'string' && c.status.agentURL === ctx.origin + pathname)
        : undefined;
      const status = cluster ? 200 : 404;
      const body = cluster ? agentManifest(cluster) : '';
      res.writeHead(status, { 'Content-Type': 'application/yaml', 'Content-Length': Buffer.byteLength(body) });
      res.end(method === 'HEAD' ? undefined : body);
      record(method, pathname, query, status, ifMatch, t0, false);
      return;
    }
    const isApi = pathname === '/api/v1' || pathname.startsWith('/api/v1/');
    const override = req.headers['x-http-method-override'];
    if (isApi && method === 'POST' && typeof override === 'string' && override) method = override.toUpperCase();
    const sub = isApi ? pathname.slice('/api/v1'.length).replace(/\/+$/, '') : '';

    // Refusals that need no body come before reading it, and close the connection so an unread upload is
    // dropped rather than buffered: unknown paths, a missing or wrong key, a declared size over the limit.
    const refuse = (status: number, headers: Record<string, string> = {}) => {
      send(res, { status, headers: { ...headers, Connection: 'close' }, body: errorEnvelope(status) });
      record(method, pathname, query, status, ifMatch, t0, isApi);
    };
    if (!isApi) return refuse(404);
    if (method !== 'OPTIONS' && req.headers.authorization !== `Bearer ${core.apiKey}`) {
      return refuse(401, { 'WWW-Authenticate': 'Bearer realm="cloudcasa"' });
    }
    const declared = Number(req.headers['content-length'] ?? 0);
    if (Number.isFinite(declared) && declared > core.maxBodyBytes) return refuse(413);
    let raw = '';
    if (WITH_BODY.has(method) || req.method === 'POST') {
      try {
        raw = await readBody(req, core.maxBodyBytes);
      } catch (e) {
        if (e instanceof BodyTooLarge) return refuse(413);
        throw e;
      }
    }

    const fault = isApi ? (faults.empty ? undefined : faults.pick(method, sub || '/')) : undefined;
    if (fault?.fault === 'latency') await new Promise((r) => setTimeout(r, fault.latencyMs ?? 1000));
    const failNow = fault && fault.fault !== 'latency' && fault.when !== 'after';

    let reply: Reply;
    if (!failNow) {
      try {
        reply = route(method, sub, query, req, raw);
      } catch (e) {
        reply = errorReply(e);
      }
    }
    if (fault && fault.fault !== 'latency') {
      // 'after': the write above was applied, but the client never learns it (unknown outcome)
      if (fault.fault === 'reset') {
        req.socket.destroy();
        record(method, pathname, query, 0, ifMatch, t0, isApi);
        return;
      }
      const status = fault.status ?? 503;
      const headers: Record<string, string> = {};
      if (fault.retryAfterSeconds !== undefined) headers['Retry-After'] = String(fault.retryAfterSeconds);
      reply = { status, headers, body: errorEnvelope(status) };
    }
    send(res, reply!);
    record(method, pathname, query, reply!.status, ifMatch, t0, isApi);
  };
}
