import { noApiKeyMessage, resolveConnection } from './connection';
import { DEFAULT_API_URL } from '../validate/spec-format';

export { DEFAULT_API_URL };

/** Options every client accepts; the URL and key left out come from the environment (see `resolveConnection`). */
export interface CloudCasaClientOptions {
  /**
   * API root, e.g. `https://api.cloudcasa.io/api/v1`. A bare server (`https://cloudcasa.example.com`) gets
   * `/api/v1` appended.
   * @default - `CLOUDCASA_API_URL`, else `TF_VAR_cloudcasa_api_url`, else `https://api.cloudcasa.io/api/v1`
   */
  readonly apiUrl?: string;
  /**
   * API key, sent as `Authorization: Bearer <key>` and masked everywhere else.
   * @default - `CLOUDCASA_API_KEY`, else `TF_VAR_cloudcasa_api_key` (the variable the constructs declare)
   */
  readonly apiKey?: string;
  /** Retries of one request on network errors, 408, 429 and 5xx. @default 4 */
  readonly maxRetries?: number;
  /** First backoff delay; doubles per retry, with up to 20 % jitter. @default 500 */
  readonly retryBaseDelayMs?: number;
  /** Longest computed backoff delay. @default 8000 */
  readonly retryMaxDelayMs?: number;
  /** Longest `Retry-After` the client is willing to honour. @default 60000 */
  readonly maxRetryAfterMs?: number;
  /** How often a read-modify-write update re-reads and re-applies after a 412. @default 10 */
  readonly maxConflictRetries?: number;
  /** Timeout of one HTTP request. @default 30000 */
  readonly timeoutMs?: number;
  /** Receives one line per request attempt and retry, with the API key masked. @default - no logging */
  readonly logger?: (line: string) => void;
}

export interface ResolvedConfig {
  readonly apiUrl: string;
  readonly apiKey: string;
  readonly maxRetries: number;
  readonly retryBaseDelayMs: number;
  readonly retryMaxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly maxConflictRetries: number;
  readonly timeoutMs: number;
  readonly logger?: (line: string) => void;
}

/** The client's settings: `apiUrl` and `apiKey` by `resolveConnection`'s precedence, the rest from `opts` or the defaults. */
export function resolveConfig(opts: CloudCasaClientOptions = {}, env: Record<string, string | undefined> = process.env): ResolvedConfig {
  const connection = resolveConnection({ apiUrl: { value: opts.apiUrl, from: 'apiUrl' }, apiKey: { value: opts.apiKey, from: 'apiKey' }, env });
  if (!connection.apiKey) throw new Error(noApiKeyMessage('apiKey'));
  return {
    apiUrl: connection.apiUrl,
    apiKey: connection.apiKey,
    maxRetries: bounded('maxRetries', opts.maxRetries, 4, 0, 20),
    retryBaseDelayMs: bounded('retryBaseDelayMs', opts.retryBaseDelayMs, 500, 0, 600_000),
    retryMaxDelayMs: bounded('retryMaxDelayMs', opts.retryMaxDelayMs, 8000, 0, 600_000),
    maxRetryAfterMs: bounded('maxRetryAfterMs', opts.maxRetryAfterMs, 60_000, 0, 3_600_000),
    maxConflictRetries: bounded('maxConflictRetries', opts.maxConflictRetries, 10, 0, 100),
    timeoutMs: bounded('timeoutMs', opts.timeoutMs, 30_000, 1, 3_600_000),
    logger: opts.logger,
  };
}

/**
 * A setting that bounds a loop or a wait: an integer in [min, max], or the default when not given. NaN, Infinity
 * or a fraction would make a retry loop unbounded or its waits meaningless, so they are refused.
 */
function bounded(name: string, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`CloudCasa client option '${name}' must be an integer from ${min} to ${max}; got ${String(value)}`);
  }
  return value;
}
