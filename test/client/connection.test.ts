import { DEFAULT_API_URL } from '../../lib/client';
import { resolveConfig } from '../../lib/client/config';
import { ConnectionInputs, noApiKeyMessage, resolveConnection } from '../../lib/client/connection';

const FLAG_URL = 'http://flag.example/api/v1';
const ENV_URL = 'http://env.example/api/v1';
const TFVAR_URL = 'http://tfvar.example/api/v1';
const STACK_URL = 'http://stack-default.example/api/v1';
const QUERY_URL = 'http://query.example/api/v1';

const flag = (url?: string, key?: string): ConnectionInputs => ({ apiUrl: { value: url, from: '--api-url' }, apiKey: { value: key, from: '--api-key' } });

// The one precedence, as each caller uses it: [case, inputs, environment, URL and its source, key and its source].
const cases: Array<[string, ConnectionInputs, NodeJS.ProcessEnv, [string, string], [string, string] | undefined]> = [
  ['nothing set: the default URL, no key', {}, {}, [DEFAULT_API_URL, `the default (${DEFAULT_API_URL})`], undefined],
  ['CLOUDCASA_ variables', {}, { CLOUDCASA_API_URL: ENV_URL, CLOUDCASA_API_KEY: 'k-env' }, [ENV_URL, 'CLOUDCASA_API_URL'], ['k-env', 'CLOUDCASA_API_KEY']],
  ['TF_VAR_ variables', {}, { TF_VAR_cloudcasa_api_url: TFVAR_URL, TF_VAR_cloudcasa_api_key: 'k-tf' },
    [TFVAR_URL, 'TF_VAR_cloudcasa_api_url'], ['k-tf', 'TF_VAR_cloudcasa_api_key']],
  ['CLOUDCASA_ beats TF_VAR_', {},
    { CLOUDCASA_API_URL: ENV_URL, TF_VAR_cloudcasa_api_url: TFVAR_URL, CLOUDCASA_API_KEY: 'k-env', TF_VAR_cloudcasa_api_key: 'k-tf' },
    [ENV_URL, 'CLOUDCASA_API_URL'], ['k-env', 'CLOUDCASA_API_KEY']],
  ['a flag beats the environment', flag(FLAG_URL, 'k-flag'),
    { CLOUDCASA_API_URL: ENV_URL, TF_VAR_cloudcasa_api_url: TFVAR_URL, CLOUDCASA_API_KEY: 'k-env', TF_VAR_cloudcasa_api_key: 'k-tf' },
    [FLAG_URL, '--api-url'], ['k-flag', '--api-key']],
  ['an empty flag or variable counts as not set', flag('', '  '),
    { CLOUDCASA_API_URL: '', TF_VAR_cloudcasa_api_url: TFVAR_URL, CLOUDCASA_API_KEY: '', TF_VAR_cloudcasa_api_key: 'k-tf' },
    [TFVAR_URL, 'TF_VAR_cloudcasa_api_url'], ['k-tf', 'TF_VAR_cloudcasa_api_key']],
  ['casa validate: the stack default is used when nothing else names a URL',
    { ...flag(), fallbackApiUrl: { value: STACK_URL, from: 'the stack default' } }, { CLOUDCASA_API_KEY: 'k-env' },
    [STACK_URL, 'the stack default'], ['k-env', 'CLOUDCASA_API_KEY']],
  ['casa validate: the environment beats the stack default',
    { ...flag(), fallbackApiUrl: { value: STACK_URL, from: 'the stack default' } }, { TF_VAR_cloudcasa_api_url: TFVAR_URL, CLOUDCASA_API_KEY: 'k' },
    [TFVAR_URL, 'TF_VAR_cloudcasa_api_url'], ['k', 'CLOUDCASA_API_KEY']],
  ['casa validate: a flag beats the environment and the stack default',
    { ...flag(FLAG_URL), fallbackApiUrl: { value: STACK_URL, from: 'the stack default' } }, { CLOUDCASA_API_URL: ENV_URL, CLOUDCASA_API_KEY: 'k' },
    [FLAG_URL, '--api-url'], ['k', 'CLOUDCASA_API_KEY']],
  ["validate-external: the query's api_url (the engine's value of the variable) beats the environment",
    { apiUrl: { value: QUERY_URL, from: 'query' } }, { CLOUDCASA_API_URL: ENV_URL, TF_VAR_cloudcasa_api_url: TFVAR_URL, TF_VAR_cloudcasa_api_key: 'k-tf' },
    [QUERY_URL, 'query'], ['k-tf', 'TF_VAR_cloudcasa_api_key']],
  ['validate-external: a query without api_url falls back to the environment',
    { apiUrl: { value: undefined, from: 'query' } }, { TF_VAR_cloudcasa_api_url: TFVAR_URL, TF_VAR_cloudcasa_api_key: 'k-tf' },
    [TFVAR_URL, 'TF_VAR_cloudcasa_api_url'], ['k-tf', 'TF_VAR_cloudcasa_api_key']],
];

describe('resolveConnection: one precedence for the client, the CLI and plan-time validation', () => {
  test.each(cases)('%s', (_name, inputs, env, [url, urlFrom], key) => {
    const c = resolveConnection({ ...inputs, env });
    expect({ apiUrl: c.apiUrl, apiUrlFrom: c.apiUrlFrom }).toEqual({ apiUrl: url, apiUrlFrom: urlFrom });
    expect(c.apiKey === undefined ? undefined : [c.apiKey, c.apiKeyFrom]).toEqual(key);
  });

  test('the client options go through the same precedence', () => {
    const env = { CLOUDCASA_API_URL: ENV_URL, TF_VAR_cloudcasa_api_url: TFVAR_URL, TF_VAR_cloudcasa_api_key: 'k-tf' };
    expect(resolveConfig({}, env)).toMatchObject({ apiUrl: ENV_URL, apiKey: 'k-tf' });
    expect(resolveConfig({ apiUrl: FLAG_URL, apiKey: 'k-opt' }, env)).toMatchObject({ apiUrl: FLAG_URL, apiKey: 'k-opt' });
    expect(resolveConfig({}, { TF_VAR_cloudcasa_api_url: TFVAR_URL, CLOUDCASA_API_KEY: 'k' })).toMatchObject({ apiUrl: TFVAR_URL });
    expect(() => resolveConfig({}, {})).toThrow(noApiKeyMessage('apiKey'));
  });

  test('a bad URL is refused with where it came from, its user info masked', () => {
    expect(() => resolveConnection({ env: { CLOUDCASA_API_URL: 'ftp://user:s3cret-pw@host/api/v1' } }))
      .toThrow("CloudCasa API URL 'ftp://***@host/api/v1' (from CLOUDCASA_API_URL) must use http or https, got 'ftp:'");
    expect(() => resolveConnection(flag('not a url'))).toThrow("CloudCasa API URL 'not a url' (from --api-url) is not a valid http(s) URL");
  });

  test('the message for a missing key names every place a key may come from', () => {
    expect(noApiKeyMessage('--api-key')).toBe('no CloudCasa API key: pass --api-key, or set CLOUDCASA_API_KEY or TF_VAR_cloudcasa_api_key');
    expect(noApiKeyMessage()).toBe('no CloudCasa API key: set CLOUDCASA_API_KEY or TF_VAR_cloudcasa_api_key');
  });
});
