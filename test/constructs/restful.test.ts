import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { resolved } from './util';
import { restful } from '../../lib';

const ROOT = path.join(__dirname, '..', '..');

function stackWithProvider() {
  const stack = new TerraformStack(Testing.app(), 'test');
  new restful.provider.RestfulProvider(stack, 'restful', {
    baseUrl: 'https://api.example.com/v1',
    security: { http: { token: { token: 'tok', scheme: 'Bearer' } } },
    client: { retry: { statusCodes: [429], count: 2, waitInSec: 1, maxWaitInSec: 10 }, tlsInsecureSkipVerify: true },
    updateMethod: 'PATCH',
  });
  return stack;
}

function files(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
}

describe('generated restful and external bindings (lib/imports)', () => {
  test('are exactly what cdktf\'s provider generator makes from the committed schema (regenerate: npx projen bindings)', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'bindings-'));
    try {
      execFileSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', '--project', 'projenrc/tsconfig.json',
        'projenrc/bindings.ts', '--out', out], { cwd: ROOT, stdio: 'pipe' });
      for (const provider of ['restful', 'external']) {
        const committed = path.join(ROOT, 'lib', 'imports', provider);
        const fresh = path.join(out, provider);
        const tsOnly = (l: string[]) => l.filter((f) => !f.endsWith('.js') && !f.endsWith('.d.ts'));
        expect(tsOnly(files(committed))).toEqual(files(fresh));
        for (const f of files(fresh)) {
          expect({ file: f, text: fs.readFileSync(path.join(committed, f), 'utf8') }).toEqual({ file: f, text: fs.readFileSync(path.join(fresh, f), 'utf8') });
        }
      }
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });

  test('the provider pins magodo/restful 0.25.2 by its short source', () => {
    const json = JSON.parse(Testing.synth(stackWithProvider()));
    expect(json.terraform.required_providers.restful).toEqual({ source: 'magodo/restful', version: '0.25.2' });
    expect(json.provider.restful).toEqual([{
      base_url: 'https://api.example.com/v1',
      security: { http: { token: { token: 'tok', scheme: 'Bearer' } } },
      client: { retry: { status_codes: [429], count: 2, wait_in_sec: 1, max_wait_in_sec: 10 }, tls_insecure_skip_verify: true },
      update_method: 'PATCH',
    }]);
  });

  test('a resource keeps header names and body keys verbatim, in JSON and in HCL', () => {
    const stack = stackWithProvider();
    const res = new restful.resource.Resource(stack, 'Thing', {
      path: 'things',
      body: { name: 'x', nested: { camelCase: true } },
      readPath: '$(path)/$(body._id)',
      updateHeader: { 'If-Match': '$(body._etag)' },
      pollCreate: { statusLocator: 'body.state', status: { success: 'READY', pending: ['PENDING'] }, defaultDelaySec: 5 },
      updateBodyPatches: [{ path: 'copydef', rawJson: '$(body.copydef)' }],
    });
    new restful.dataRestfulResource.DataRestfulResource(stack, 'Lookup', { id: 'things', selector: '_items.0', allowNotExist: true });
    const json = JSON.parse(Testing.synth(stack));
    const r = json.resource.restful_resource.Thing;
    expect(r.body).toEqual({ name: 'x', nested: { camelCase: true } });
    expect(r.update_header).toEqual({ 'If-Match': '$(body._etag)' });
    expect(r.poll_create).toEqual({ status_locator: 'body.state', status: { success: 'READY', pending: ['PENDING'] }, default_delay_sec: 5 });
    expect(r.update_body_patches).toEqual([{ path: 'copydef', raw_json: '$(body.copydef)' }]);
    expect(json.data.restful_resource.Lookup).toEqual({ id: 'things', selector: '_items.0', allow_not_exist: true });
    expect(resolved(stack, res.id)).toBe('${restful_resource.Thing.id}');

    const hcl: string = Testing.synthHcl(stack);
    expect(hcl).toMatch(/resource "restful_resource" "Thing" \{[^]*path\s*=\s*"things"/);
    expect(hcl).toMatch(/"If-Match"\s*=\s*"\$\(body._etag\)"/);
    expect(hcl).toMatch(/"camelCase"\s*=\s*true/);
    expect(hcl).toMatch(/data "restful_resource" "Lookup" \{[^]*allow_not_exist\s*=\s*true/);
    expect(restful.resource.Resource.tfResourceType).toBe('restful_resource');
  });

  test('the escape hatch renders valid HCL too: lists stay lists, strings stay strings, escapes HCL lacks are rewritten', () => {
    const stack = stackWithProvider();
    const r = new restful.resource.Resource(stack, 'Raw', {
      path: 'things',
      body: { list: [{ a: 1 }, 'x'], looksLikeNumber: '42', looksLikeJson: '{"a":1}', quote: 'say "hi" \\ \b\f', tmpl: 'a $${b} %{c}' },
      dependsOn: [],
    });
    r.importFrom('{"id":"things/1","path":"things"}');
    const hcl: string = Testing.synthHcl(stack);
    expect(hcl).toMatch(/"list" = \[\s*\{\s*"a" = 1\s*\},\s*"x",\s*\]/);
    expect(hcl).toMatch(/"looksLikeNumber" = "42"/);
    expect(hcl).toMatch(/"looksLikeJson" = "\{\\"a\\":1\}"/);
    expect(hcl).toContain('"quote" = "say \\"hi\\" \\\\ \\u0008\\u000c"');
    expect(hcl).toContain('"tmpl" = join("", ["a $", "{b} %{c}"])');
    expect(hcl).toContain('id = "{\\"id\\":\\"things/1\\",\\"path\\":\\"things\\"}"\nto = restful_resource.Raw');
  });

  test('a moved resource synthesizes HCL (only its moved block)', () => {
    const stack = stackWithProvider();
    const a = new restful.resource.Resource(stack, 'A', { path: 'things', body: { name: 'x' } });
    new restful.resource.Resource(stack, 'B', { path: 'things', body: { name: 'x' } }).addMoveTarget('b');
    a.moveTo('b');
    expect(() => Testing.synthHcl(stack)).not.toThrow();
  });
});
