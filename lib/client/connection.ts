import { maskUrlCredentials } from '../_api-url';
import { DEFAULT_API_URL } from '../validate/spec-format';

/** A value given directly, with what it is called in messages: `--api-url`, `apiKey`, `the query's api_url`. */
export interface GivenValue {
  readonly value?: string;
  readonly from: string;
}

/** What `resolveConnection` chooses from. */
export interface ConnectionInputs {
  /** The URL given directly: the client option `apiUrl`, the CLI's `--api-url`, validate-external's query. */
  readonly apiUrl?: GivenValue;
  /** The key given directly: the client option `apiKey`, the CLI's `--api-key`. */
  readonly apiKey?: GivenValue;
  /** The URL to use when neither a given value nor the environment names one: the stack's `cloudcasa_api_url` default. */
  readonly fallbackApiUrl?: GivenValue;
  /** @default process.env */
  readonly env?: Record<string, string | undefined>;
}

/** The API URL and key chosen, and where each came from (for messages; the key itself is never printed). */
export interface Connection {
  /** The API root, normalised (see `normaliseApiUrl`). */
  readonly apiUrl: string;
  /** Where `apiUrl` came from: the given value's name, an environment variable, or `the default (…)`. */
  readonly apiUrlFrom: string;
  /** Undefined when no key is set anywhere: each caller says how to set one (`noApiKeyMessage`). */
  readonly apiKey?: string;
  /** Where `apiKey` came from, e.g. `CLOUDCASA_API_KEY`. */
  readonly apiKeyFrom?: string;
}

/** The environment variables naming the API URL, strongest first. */
const API_URL_ENV = ['CLOUDCASA_API_URL', 'TF_VAR_cloudcasa_api_url'] as const;
/** The environment variables holding the API key, strongest first. `TF_VAR_…` is the variable the constructs declare. */
const API_KEY_ENV = ['CLOUDCASA_API_KEY', 'TF_VAR_cloudcasa_api_key'] as const;

/**
 * Chooses the CloudCasa API URL and key. This is the one precedence of the client, the CLI and plan-time
 * validation; the first value that is set wins (a value that is empty or only blanks counts as not set):
 *
 * | | API URL | API key |
 * |-|---------|---------|
 * | 1 | the given value (`apiUrl` option, `--api-url`, validate-external's query `api_url`) | the given value (`apiKey` option, `--api-key`) |
 * | 2 | `CLOUDCASA_API_URL` | `CLOUDCASA_API_KEY` |
 * | 3 | `TF_VAR_cloudcasa_api_url` | `TF_VAR_cloudcasa_api_key` |
 * | 4 | the fallback (`casa validate`: the stack's `cloudcasa_api_url` default) | - |
 * | 5 | `DEFAULT_API_URL` (`https://api.cloudcasa.io/api/v1`) | none: the caller fails with `noApiKeyMessage` |
 *
 * validate-external passes the query's `api_url` as the given value, not as a fallback: the engine has already
 * resolved `var.cloudcasa_api_url` into it (from `-var`, `*.tfvars`, `TF_VAR_cloudcasa_api_url` or the default), and
 * it is the API the plan will write to, so a `CLOUDCASA_API_URL` left in the shell must not point the check elsewhere.
 *
 * Throws when the chosen URL is not an http(s) URL; the message names where it came from and masks its user info.
 */
export function resolveConnection(inputs: ConnectionInputs = {}): Connection {
  const env = inputs.env ?? process.env;
  const url = firstSet([inputs.apiUrl, ...fromEnv(API_URL_ENV, env), inputs.fallbackApiUrl])
    ?? { value: DEFAULT_API_URL, from: `the default (${DEFAULT_API_URL})` };
  const key = resolveApiKey(inputs);
  return { apiUrl: normaliseApiUrl(url.value, url.from), apiUrlFrom: url.from, apiKey: key?.value, apiKeyFrom: key?.from };
}

/** The key alone, by the precedence of `resolveConnection` (for masking output, where the URL does not matter). */
export function resolveApiKey(inputs: Pick<ConnectionInputs, 'apiKey' | 'env'> = {}): { readonly value: string; readonly from: string } | undefined {
  return firstSet([inputs.apiKey, ...fromEnv(API_KEY_ENV, inputs.env ?? process.env)]);
}

/** `no CloudCasa API key: pass <given>, or set CLOUDCASA_API_KEY or TF_VAR_cloudcasa_api_key`. */
export function noApiKeyMessage(given?: string): string {
  return `no CloudCasa API key: ${given ? `pass ${given}, or ` : ''}set ${API_KEY_ENV.join(' or ')}`;
}

/**
 * Normalises an API URL: trims blanks and trailing slashes and appends `/api/v1` to a bare server URL.
 * @param from where the URL came from, for the message when it is not an http(s) URL
 */
export function normaliseApiUrl(url: string, from?: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  const shown = `'${maskUrlCredentials(trimmed)}'${from ? ` (from ${from})` : ''}`;
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new Error(`CloudCasa API URL ${shown} is not a valid http(s) URL (e.g. ${DEFAULT_API_URL})`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new Error(`CloudCasa API URL ${shown} must use http or https, got '${parsed.protocol}'`);
  }
  return parsed.pathname === '/' || parsed.pathname === '' ? `${trimmed}/api/v1` : trimmed;
}

function fromEnv(names: readonly string[], env: Record<string, string | undefined>): GivenValue[] {
  return names.map((name) => ({ value: env[name], from: name }));
}

function firstSet(candidates: Array<GivenValue | undefined>): { value: string; from: string } | undefined {
  for (const c of candidates) {
    if (c?.value !== undefined && c.value.trim() !== '') return { value: c.value, from: c.from };
  }
  return undefined;
}
