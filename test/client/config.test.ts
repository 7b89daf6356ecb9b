import { DEFAULT_API_URL } from '../../lib/client';
import { resolveConfig } from '../../lib/client/config';
import { normaliseApiUrl } from '../../lib/client/connection';
import { serializeQuery } from '../../lib/client/transport';

describe('configuration', () => {
  test('a bare host gets /api/v1; a path is kept; trailing slashes go', () => {
    expect(normaliseApiUrl('https://cloudcasa.example.com')).toBe('https://cloudcasa.example.com/api/v1');
    expect(normaliseApiUrl('https://cloudcasa.example.com/')).toBe('https://cloudcasa.example.com/api/v1');
    expect(normaliseApiUrl('http://127.0.0.1:8080/api/v1/')).toBe('http://127.0.0.1:8080/api/v1');
  });
  test('fails for a URL that is not http(s)', () => {
    expect(() => normaliseApiUrl('ftp://x')).toThrow(/must use http or https/);
    expect(() => normaliseApiUrl('not a url')).toThrow(/not a valid http\(s\) URL/);
  });
  test('environment: CLOUDCASA_API_URL / CLOUDCASA_API_KEY, then TF_VAR_cloudcasa_api_key (the whole precedence: connection.test.ts)', () => {
    expect(resolveConfig({}, { CLOUDCASA_API_KEY: 'k1' })).toMatchObject({ apiUrl: DEFAULT_API_URL, apiKey: 'k1' });
    expect(resolveConfig({}, { TF_VAR_cloudcasa_api_key: 'k2', CLOUDCASA_API_URL: 'http://h' })).toMatchObject({ apiUrl: 'http://h/api/v1', apiKey: 'k2' });
    expect(() => resolveConfig({}, {})).toThrow(/no CloudCasa API key/);
  });
});

describe('query serialisation', () => {
  test('objects in the query are sent as JSON, URL-encoded', () => {
    expect(serializeQuery({ where: { name: 'a b' }, sort: '-start_time', page: 2, skip: undefined }))
      .toBe('where=%7B%22name%22%3A%22a+b%22%7D&sort=-start_time&page=2');
  });
});

describe('settings that bound loops and waits', () => {
  test('NaN, Infinity, fractions and negatives are refused, naming the option', () => {
    for (const bad of [NaN, Infinity, 1.5, -1]) {
      expect(() => resolveConfig({ apiKey: 'k', maxRetries: bad })).toThrow(/'maxRetries' must be an integer from 0 to 20/);
    }
    expect(() => resolveConfig({ apiKey: 'k', maxConflictRetries: NaN })).toThrow(/'maxConflictRetries'/);
    expect(resolveConfig({ apiKey: 'k', maxRetries: 0 }).maxRetries).toBe(0);
  });
});
