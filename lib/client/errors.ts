import { maskUrlCredentials } from '../_api-url';
import type { JobDocument } from './types';

const BRAND = Symbol.for('cdktf-cloudcasa.CloudCasaError');

/** A copy of the request that failed, safe to log: the `Authorization` header is masked. */
export interface RequestSummary {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
}

/**
 * Replaces every occurrence of `secret` in `text` (no-op for empty secrets), and the user info of any URL
 * (`https://user:password@host` → `https://***@host`).
 */
export function maskSecret(text: string, secret: string | undefined): string {
  const masked = maskUrlCredentials(text);
  if (!secret || secret.length < 4) return masked;
  return masked.split(secret).join('***');
}

/**
 * Base class of every error the client throws. `status` and `body` come from the API; `issues` from Eve's
 * 422 `_issues`. Messages read `"<status> <server message> (<what was attempted>)"`. Nothing on an instance
 * holds the API key: the request copy is masked and the raw transport error is not kept.
 */
export class CloudCasaError extends Error {
  /** True for any CloudCasaError, also across duplicate copies of this package. */
  static isCloudCasaError(x: unknown): x is CloudCasaError {
    return typeof x === 'object' && x !== null && (x as any)[BRAND] === true;
  }

  readonly status?: number;
  readonly body?: unknown;
  readonly issues?: Record<string, unknown>;
  readonly request?: RequestSummary;

  constructor(message: string, init: { status?: number; body?: unknown; request?: RequestSummary } = {}) {
    super(message);
    this.name = new.target.name;
    Object.defineProperty(this, BRAND, { value: true });
    this.status = init.status;
    this.body = init.body;
    this.request = init.request;
    const issues = (init.body as any)?._issues;
    if (issues && typeof issues === 'object') this.issues = issues;
  }

  toJSON() {
    return { name: this.name, message: this.message, status: this.status, issues: this.issues, body: this.body, request: this.request };
  }
}

/** 400: the request could not be understood (bad `where`, `projection`, ...). */
export class BadRequestError extends CloudCasaError {}
/** 401: missing or invalid API key. */
export class AuthenticationError extends CloudCasaError {}
/** 403: the key's role may not do this. */
export class PermissionDeniedError extends CloudCasaError {}
/** 404: no such document or route. */
export class NotFoundError extends CloudCasaError {}
/** 405: the route does not allow this method (e.g. writing `jobs`). */
export class MethodNotAllowedError extends CloudCasaError {}
/** 409: conflict. */
export class ConflictError extends CloudCasaError {}
/** 412: the `If-Match` etag is stale: someone else changed the document. Never retried blindly. */
export class PreconditionFailedError extends CloudCasaError {}
/** 422: validation failed; `issues` maps each field to its message. */
export class UnprocessableEntityError extends CloudCasaError {}
/** 428: a write was sent without `If-Match`. */
export class PreconditionRequiredError extends CloudCasaError {}
/** 429: rate limited (retried automatically, honouring `Retry-After`). */
export class RateLimitError extends CloudCasaError {}
/** 5xx: the server failed (retried automatically). */
export class ServerError extends CloudCasaError {}
/** The connection failed or was reset before a response arrived. */
export class ConnectionError extends CloudCasaError {}
/** No response within the request timeout. */
export class RequestTimeoutError extends ConnectionError {}

/**
 * The server answered, but not as a CloudCasa API would: a body that is not JSON (an HTML login page, a
 * truncated reply), a listing without `_items`, or a listing that never ends. The message names the URL, the
 * status and what was expected.
 */
export class UnexpectedResponseError extends CloudCasaError {}

/** A read-modify-write update kept meeting 412 after re-reading the document. */
export class UpdateConflictError extends PreconditionFailedError {}

/** A job ended FAILED; `job.message` says why. */
export class JobFailedError extends CloudCasaError {
  constructor(message: string, readonly job: JobDocument) { super(message); }
  toJSON() { return { ...super.toJSON(), job: this.job }; }
}
/** A job did not reach a terminal state in time (it may still be running). */
export class JobTimeoutError extends CloudCasaError {
  constructor(message: string, readonly job?: JobDocument) { super(message); }
  toJSON() { return { ...super.toJSON(), job: this.job }; }
}

const BY_STATUS: Record<number, typeof CloudCasaError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  405: MethodNotAllowedError,
  409: ConflictError,
  412: PreconditionFailedError,
  422: UnprocessableEntityError,
  428: PreconditionRequiredError,
  429: RateLimitError,
};

/** Builds the error subclass for an HTTP status. */
export function errorForStatus(status: number, message: string, init: { body?: unknown; request?: RequestSummary }): CloudCasaError {
  const Ctor = BY_STATUS[status] ?? (status >= 500 ? ServerError : CloudCasaError);
  return new Ctor(message, { ...init, status });
}
