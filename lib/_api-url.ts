// The one rule for CloudCasa API URLs that end up in Terraform configuration. Shared by the constructs (synth)
// and the Terraform variable's `validation` block (plan), so both refuse exactly the same values. Not exported
// from lib/index.ts.

/**
 * `http(s)://host[:port][/path]`: a DNS name, IPv4 or bracketed IPv6 host, an optional port, and path segments
 * of unreserved characters and percent escapes. No user info, query, fragment, whitespace, quotes or shell
 * metacharacters (`$`, backtick, `;`, `&`, `|`, parentheses...). Written in the common subset of JavaScript and
 * RE2 (Terraform's `regex()`), so the same text serves both.
 * @internal
 */
export const API_URL_PATTERN = '^https?://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:[0-9]{1,5})?(/[A-Za-z0-9._~%+-]*)*$';

/** What the rule allows, for messages. @internal */
export const API_URL_ALLOWED = 'Use http:// or https://, a host name or IP address, an optional port and a path '
  + 'such as /api/v1 (letters, digits and . _ ~ % + - only; no user info, query, spaces, quotes or shell metacharacters).';

const RE = new RegExp(API_URL_PATTERN);

/** Whether `url` passes the rule. @internal */
export function isSafeApiUrl(url: unknown): url is string {
  return typeof url === 'string' && url.length <= 2048 && RE.test(url);
}

/** Replaces the user info of every URL in `text` (`https://user:pass@host` → `https://***@host`). @internal */
export function maskUrlCredentials(text: string): string {
  return text.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/\s'"]*@/g, '$1***@');
}
