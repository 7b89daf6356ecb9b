/** Werkzeug exception descriptions, which Eve sends when it supplies no message of its own (docs/eve-behaviour.md#error-envelope). */
export const MESSAGES: Record<number, string> = {
  400: 'The browser (or proxy) sent a request that this server could not understand.',
  401: 'Please provide proper credentials',
  403: "You don't have the permission to access the requested resource. It is either read-protected or not readable by the server.",
  404: 'The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.',
  405: 'The method is not allowed for the requested URL.',
  412: "Client and server etags don't match",
  413: 'The data value transmitted exceeds the capacity limit.',
  428: 'To edit a document its etag must be provided using the If-Match header',
  429: 'This user has exceeded an allotted request count. Try again later.',
  500: 'The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.',
  502: 'The proxy server received an invalid response from an upstream server.',
  503: 'The server is temporarily unable to service your request due to maintenance downtime or capacity problems. Please try again later.',
};

/** An HTTP answer other than success; `body` defaults to Eve's error envelope. */
export class HttpError extends Error {
  readonly body: unknown;
  constructor(readonly status: number, message?: string, body?: unknown, readonly headers: Record<string, string> = {}) {
    super(message ?? MESSAGES[status] ?? `HTTP ${status}`);
    this.body = body ?? errorEnvelope(status, this.message);
  }
}

/** `{"_status": "ERR", "_error": {"code": N, "message": "..."}}` (Eve's error_endpoint). */
export function errorEnvelope(status: number, message?: string) {
  return { _status: 'ERR', _error: { code: status, message: message ?? MESSAGES[status] ?? '' } };
}

/** Issues per field: a message, several messages, or nested issues (list indices as string keys). */
export type Issues = { [field: string]: string | string[] | Issues };

export function addIssue(issues: Issues, path: Array<string | number>, message: string | Issues): void {
  let cur = issues;
  for (let i = 0; i < path.length - 1; i++) {
    const k = String(path[i]);
    const existing = cur[k];
    if (existing === undefined || typeof existing === 'string' || Array.isArray(existing)) {
      // A field can hold a message and nested issues at once in Cerberus; nested wins here (rare).
      cur[k] = {};
    }
    cur = cur[k] as Issues;
  }
  const last = String(path[path.length - 1]);
  const prev = cur[last];
  if (typeof message !== 'string') {
    cur[last] = message;
  } else if (prev === undefined) {
    cur[last] = message;
  } else if (typeof prev === 'string') {
    if (prev !== message) cur[last] = [prev, message];
  } else if (Array.isArray(prev)) {
    if (!prev.includes(message)) prev.push(message);
  }
}

export function hasIssues(issues: Issues): boolean {
  return Object.keys(issues).length > 0;
}

/** 422 for PATCH/PUT: `_issues` and no `_error` key (docs/eve-behaviour.md#validation-errors). */
export function validationError(issues: Issues): HttpError {
  return new HttpError(422, 'validation', { _status: 'ERR', _issues: issues });
}

/** 422 for a single POST: `_issues` plus an `_error` (docs/eve-behaviour.md#validation-errors). */
export function insertionError(issues: Issues): HttpError {
  return new HttpError(422, 'validation', {
    _status: 'ERR',
    _issues: issues,
    _error: { code: 422, message: 'Insertion failure: 1 document(s) contain(s) error(s)' },
  });
}
