import axios, { AxiosError, AxiosInstance, AxiosResponse } from 'axios';
import axiosRetry, { exponentialDelay, isNetworkError, retryAfter } from 'axios-retry';
import { ResolvedConfig } from './config';
import { ConnectionError, errorForStatus, maskSecret, RequestSummary, RequestTimeoutError, UnexpectedResponseError } from './errors';

/** Largest response body accepted (64 MiB). */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

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

/** Per-call state shared with the call's retry condition (axios drops unknown config keys, so it lives in a closure). */
interface CallState { readonly what: string; readonly findExisting?: () => Promise<unknown | undefined>; found?: { value: unknown } }

/** True for failures worth another attempt: network errors, 408, 429 and 5xx. */
export function isRetryable(err: AxiosError): boolean {
  if (axios.isCancel(err)) return false;
  const status = err.response?.status;
  if (status === undefined) return isNetworkError(err) || err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT';
  return status === 408 || status === 429 || status >= 500;
}

/**
 * The one place where HTTP requests are made and retried. Retries (network errors, 408, 429, 5xx) use
 * exponential backoff with jitter and honour `Retry-After`; 412 and 428 are never retried here (the
 * read-modify-write in Collection.update re-reads first). POSTs are retried only through `findExisting`.
 */
export class Transport {
  private readonly http: AxiosInstance;

  constructor(readonly config: ResolvedConfig) {
    this.http = axios.create({
      baseURL: `${config.apiUrl}/`,
      timeout: config.timeoutMs,
      headers: { 'Authorization': `Bearer ${config.apiKey}`, 'Accept': 'application/json', 'User-Agent': 'cdktf-cloudcasa' },
      paramsSerializer: { serialize: serializeQuery },
      // Keep raw bodies: error bodies are parsed below, and a 204 has none.
      transitional: { silentJSONParsing: true },
      // A server that streams without end must not exhaust memory: no CloudCasa answer comes near this.
      maxContentLength: MAX_RESPONSE_BYTES,
    });
    axiosRetry(this.http, {
      retries: config.maxRetries,
      // Each attempt gets the full timeout: otherwise a timed-out attempt leaves no budget and is never retried.
      shouldResetTimeout: true,
      retryDelay: (n, err) => this.delay(n, err),
      onRetry: (n, err, cfg) => this.log(`retry ${n} of ${cfg.method?.toUpperCase()} ${cfg.url}: ${describe(err)}`),
    });
  }

  async request<T>(method: HttpMethod, path: string, opts: CallOptions = {}): Promise<CallResult<T>> {
    const what = opts.what ?? `${method} ${path}`;
    const state: CallState = { what, findExisting: opts.findExisting };
    const cfg: any = {
      method,
      'url': path,
      'params': opts.query,
      'data': opts.body,
      'headers': { ...(opts.body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...opts.headers },
      // axios-retry keeps its per-request options, functions included.
      'axios-retry': {
        retryCondition: (err: AxiosError) => this.shouldRetry(err, state),
        ...(opts.maxRetries !== undefined ? { retries: opts.maxRetries } : {}),
      },
    };
    this.log(`${method} ${path}${opts.query ? ` ${serializeQuery(opts.query)}` : ''}`);
    try {
      const res: AxiosResponse<T> = await this.http.request(cfg);
      if (typeof res.data === 'string' && res.data.trim() !== '') throw this.notJson(method, path, res);
      return { data: res.data, status: res.status, recovered: false };
    } catch (e) {
      if (state.found) {
        this.log(`${what}: the earlier attempt had been applied; using the existing object`);
        return { data: state.found.value as T, status: 200, recovered: true };
      }
      if (e instanceof UnexpectedResponseError) throw e;
      throw this.toError(e, method, path, what);
    }
  }

  private async shouldRetry(err: AxiosError, state: CallState): Promise<boolean> {
    if (!isRetryable(err)) return false;
    if (err.config?.method?.toUpperCase() !== 'POST') return true;
    if (!state.findExisting) return false;
    // The POST may have been applied before the failure: look before sending it again.
    const existing = await state.findExisting();
    if (existing !== undefined) {
      state.found = { value: existing };
      return false;
    }
    return true;
  }

  private delay(retryNumber: number, err: AxiosError): number {
    const after = retryAfter(err);
    if (after > 0) return Math.min(after, this.config.maxRetryAfterMs);
    // exponentialDelay doubles per retry from the factor and adds up to 20 % jitter.
    return Math.min(exponentialDelay(retryNumber - 1, err, this.config.retryBaseDelayMs), this.config.retryMaxDelayMs);
  }

  private toError(e: unknown, method: HttpMethod, path: string, what: string): Error {
    const key = this.config.apiKey;
    const request = this.summary(method, path);
    if (!axios.isAxiosError(e)) return e instanceof Error ? new ConnectionError(maskSecret(`${what} failed: ${e.message}`, key), { request }) : new ConnectionError(`${what} failed`, { request });
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
    this.config.apiKey), { status: res.status, request: this.summary(method, path) });
  }

  private summary(method: HttpMethod, path: string): RequestSummary {
    return { method, url: this.urlOf(path), headers: { Authorization: 'Bearer ***', Accept: 'application/json' } };
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

function describe(err: AxiosError): string {
  return err.response ? `HTTP ${err.response.status}` : `${err.code ?? 'network error'}`;
}
