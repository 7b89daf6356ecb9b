import { setTimeout as sleep } from 'node:timers/promises';
import type { AxiosError, AxiosInstance, AxiosRequestConfig, AxiosResponse, AxiosStatic } from 'axios';
import { ResolvedConfig } from './config';
import { ConnectionError, errorForStatus, maskSecret, RequestSummary, RequestTimeoutError, UnexpectedResponseError } from './errors';

/** Largest response body accepted (64 MiB). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * Codes of failed connections worth another attempt: refused (a server restarting), reset or broken on the way,
 * timed out, or a DNS lookup that failed for now. Anything else without a response (an unknown host, a TLS
 * certificate problem, a reply too large or not HTTP) fails the same way again, so it is not retried.
 */
const TRANSIENT_NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETDOWN']);

let axiosModule: AxiosStatic | undefined;
/**
 * axios, loaded on the first request rather than at import: with its dependencies it is most of the CLI's start-up
 * (about 75 ms of module loading), which `casa --help`, the emulator and offline validation never need.
 */
function axios(): AxiosStatic {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return axiosModule ??= require('axios') as AxiosStatic;
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface CallOptions {
  readonly query?: Record<string, string | number | boolean | object | undefined>;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Overrides the client's `maxRetries` for this call. */
  readonly maxRetries?: number;
  /**
   * For POSTs only: finds out whether an attempt whose outcome is unknown (timeout, reset, 5xx) was in fact
   * applied. It runs before every retry; when it returns a value, that value is the call's result and the
   * POST is not sent again. Without it a POST is never retried: nothing may be created twice.
   */
  readonly findExisting?: () => Promise<unknown | undefined>;
  /** What the call does, for messages: `create kubebackups 'nightly'`. */
  readonly what?: string;
}

export interface CallResult<T> { readonly data: T; readonly status: number; readonly recovered: boolean }

/** True for failures worth another attempt: transient network errors, 408, 429 and 5xx; never a cancel, 412 or 428. */
function isRetryable(err: unknown): boolean {
  if (!axios().isAxiosError(err) || axios().isCancel(err)) return false;
  const status = err.response?.status;
  if (status === undefined) return err.code !== undefined && TRANSIENT_NETWORK_CODES.has(err.code);
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The one place where HTTP requests are made and retried. Each call is a bounded loop: send; on a retryable
 * failure (network error, 408, 429, 5xx — never 412 or 428: the read-modify-write in Collection.update re-reads
 * instead) wait (`Retry-After` if the server sent one, else exponential backoff with jitter) and send again, at
 * most `maxRetries` times. A POST is sent again only after `findExisting` found nothing; without it, never.
 */
export class Transport {
  private httpInstance?: AxiosInstance;

  constructor(readonly config: ResolvedConfig) {}

  private get http(): AxiosInstance {
    const config = this.config;
    return this.httpInstance ??= axios().create({
      baseURL: `${config.apiUrl}/`,
      // Each attempt is its own request, so each gets the full timeout.
      timeout: config.timeoutMs,
      headers: { 'Authorization': `Bearer ${config.apiKey}`, 'Accept': 'application/json', 'User-Agent': 'cdktf-cloudcasa' },
      paramsSerializer: { serialize: serializeQuery },
      // Keep raw bodies: error bodies are parsed below, and a 204 has none.
      transitional: { silentJSONParsing: true },
      // A server that streams without end must not exhaust memory: no CloudCasa answer comes near this.
      maxContentLength: MAX_RESPONSE_BYTES,
    });
  }

  async request<T>(method: HttpMethod, path: string, opts: CallOptions = {}): Promise<CallResult<T>> {
    const what = opts.what ?? `${method} ${path}`;
    const override = opts.maxRetries;
    const maxRetries = override !== undefined && Number.isInteger(override) && override >= 0 && override <= 20 ? override : this.config.maxRetries;
    const cfg: AxiosRequestConfig = {
      method,
      url: path,
      params: opts.query,
      data: opts.body,
      headers: { ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...opts.headers },
    };
    this.log(`${method} ${path}${opts.query ? ` ${serializeQuery(opts.query)}` : ''}`);
    // Bounded: every pass either returns, throws, or counts one retry against maxRetries.
    for (let retry = 0; ; retry++) {
      let res: AxiosResponse<T>;
      try {
        res = await this.http.request<T>(cfg);
      } catch (e) {
        const post = method === 'POST';
        if (retry >= maxRetries || !isRetryable(e) || (post && !opts.findExisting)) throw this.toError(e, cfg, what);
        if (post && opts.findExisting) {
          // The POST may have been applied before the failure: look before sending it again.
          const existing = await this.findExisting(opts.findExisting, e, cfg, what);
          if (existing !== undefined) {
            this.log(`${what}: the earlier attempt had been applied; using the existing object`);
            return { data: existing as T, status: 200, recovered: true };
          }
        }
        const err = e as AxiosError;
        this.log(`retry ${retry + 1} of ${method} ${path}: ${describe(err)}`);
        await sleep(this.delay(retry + 1, err));
        continue;
      }
      if (typeof res.data === 'string' && res.data.trim() !== '') throw this.notJson(method, path, res);
      return { data: res.data, status: res.status, recovered: false };
    }
  }

  /** Runs a POST's `findExisting`. If it fails, whether the POST was applied is unknown: the POST's own error is thrown, not retried. */
  private async findExisting(find: () => Promise<unknown | undefined>, postError: unknown, cfg: AxiosRequestConfig, what: string): Promise<unknown> {
    try {
      return await find();
    } catch (lookup) {
      this.log(`${what}: could not check whether the failed attempt was applied (${(lookup as Error)?.message ?? lookup}); not sending it again`);
      throw this.toError(postError, cfg, what);
    }
  }

  /** Milliseconds before retry number `retry` (1-based): a positive `Retry-After`, capped, or exponential backoff with up to 20 % jitter. */
  private delay(retry: number, err: AxiosError): number {
    const after = retryAfterMs(err.response?.headers?.['retry-after']);
    if (after > 0) return Math.min(after, this.config.maxRetryAfterMs);
    const backoff = this.config.retryBaseDelayMs * 2 ** (retry - 1);
    return Math.min(backoff * (1 + 0.2 * Math.random()), this.config.retryMaxDelayMs);
  }

  private toError(e: unknown, cfg: AxiosRequestConfig, what: string): Error {
    const key = this.config.apiKey;
    const path = String(cfg.url);
    const request = this.summary(axios().isAxiosError(e) && e.config ? e.config : cfg);
    if (!axios().isAxiosError(e)) {
      return e instanceof Error ? new ConnectionError(maskSecret(`${what} failed: ${e.message}`, key), { request }) : new ConnectionError(`${what} failed`, { request });
    }
    const res = e.response;
    if (!res) {
      const timedOut = e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT';
      const Ctor = timedOut ? RequestTimeoutError : ConnectionError;
      const detail = timedOut ? `no response within ${this.config.timeoutMs} ms` : `connection failed (${e.code ?? e.message})`;
      return new Ctor(maskSecret(`${detail}: ${what} at ${this.config.apiUrl}`, key), { request });
    }
    const body = parseBody(res.data);
    // A 404 on a collection (not an item) means the URL is not an API root: say so, not just "not found".
    const hint = res.status === 404 && !path.includes('/')
      ? `: no CloudCasa API at ${maskSecret(this.config.apiUrl, key)} (GET ${this.urlOf(path)} answered 404); the URL must be the API root, ending in /api/v1`
      : '';
    const message = maskSecret(`${res.status} ${serverMessage(res.status, body)} (${what})${hint}`, key);
    return errorForStatus(res.status, message, { body: maskBody(body, key), request });
  }

  /** URL of a path, user info masked, for messages. */
  urlOf(path: string): string {
    return maskSecret(`${this.config.apiUrl}/${path}`, this.config.apiKey);
  }

  /** A 2xx whose body is not JSON: an HTML page (proxy, login, wrong URL) or a truncated reply. */
  private notJson(method: HttpMethod, path: string, res: AxiosResponse): UnexpectedResponseError {
    const type = String(res.headers?.['content-type'] ?? 'no content type').split(';')[0];
    const body = String(res.data);
    const start = JSON.stringify(body.slice(0, 80)) + (body.length > 80 ? '…' : '');
    return new UnexpectedResponseError(maskSecret(`${method} ${this.urlOf(path)} answered HTTP ${res.status} with a body that is not JSON `
      + `(${type}, ${body.length} bytes: ${start}); a CloudCasa API answers JSON: check that the URL is the API root ending in /api/v1`,
    this.config.apiKey), { status: res.status, request: this.summary(res.config) });
  }

  /**
   * The request as it was sent, safe to log: the method, the full URL with its query (as axios built it), and the
   * headers, with `Authorization` replaced, the key masked anywhere else and the user info of URLs masked.
   */
  private summary(cfg: AxiosRequestConfig): RequestSummary {
    const key = this.config.apiKey;
    const headers: Record<string, string> = {};
    const sent = cfg.headers && typeof (cfg.headers as any).toJSON === 'function' ? (cfg.headers as any).toJSON() : { ...cfg.headers };
    for (const [name, value] of Object.entries(sent)) {
      if (value === undefined || value === null || typeof value === 'object') continue;
      headers[name] = name.toLowerCase() === 'authorization' ? 'Bearer ***' : maskSecret(String(value), key);
    }
    return { method: String(cfg.method ?? 'GET').toUpperCase(), url: maskSecret(this.http.getUri(cfg), key), headers };
  }

  private log(line: string) {
    this.config.logger?.(maskSecret(line, this.config.apiKey));
  }
}

/** Query values that are objects (where, sort lists, projection, embedded) are sent as JSON. */
export function serializeQuery(q: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined) continue;
    p.append(k, typeof v === 'object' ? JSON.stringify(v) : String(v));
  }
  return p.toString();
}

function parseBody(data: unknown): unknown {
  if (typeof data !== 'string') return data;
  try { return JSON.parse(data); } catch { return data; }
}

function serverMessage(status: number, body: any): string {
  const issues = body?._issues;
  if (issues && typeof issues === 'object') {
    return `validation failed: ${Object.entries(issues).map(([f, m]) => `${f}: ${typeof m === 'string' ? m : JSON.stringify(m)}`).join('; ')}`;
  }
  return body?._error?.message ?? (typeof body === 'string' && body ? body.slice(0, 200) : `HTTP ${status}`);
}

function maskBody(body: unknown, key: string): unknown {
  if (body === undefined || body === null) return body;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (!text.includes(key)) return body;
  const masked = maskSecret(text, key);
  return typeof body === 'string' ? masked : JSON.parse(masked);
}

/**
 * A `Retry-After` header in milliseconds: a number of seconds or an HTTP date (RFC 9110 §10.2.3); 0 when absent
 * or unreadable.
 */
function retryAfterMs(header: unknown): number {
  if (typeof header !== 'string' || header.trim() === '') return 0;
  const seconds = Number(header);
  const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.max(0, ms) : 0;
}

function describe(err: AxiosError): string {
  return err.response ? `HTTP ${err.response.status}` : `${err.code ?? 'network error'}`;
}
