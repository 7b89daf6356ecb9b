import * as fs from 'fs';
import * as path from 'path';
import { TerraformStack, Testing } from 'cdktf';
import { makeStack, synthJson } from './util';
import { CloudCasaProvider, Errors, KubeCluster } from '../../lib';
import { CLI_LOADER } from '../../lib/_cli-path';

/** Runs `fn` with CLOUDCASA_CLI unset (the test setup sets it for the end-to-end tests). */
function withoutCliEnv<T>(fn: () => T): T {
  const saved = process.env.CLOUDCASA_CLI;
  delete process.env.CLOUDCASA_CLI;
  try {
    return fn();
  } finally {
    if (saved !== undefined) process.env.CLOUDCASA_CLI = saved;
  }
}

describe('CloudCasaProvider', () => {
  test('default configuration', () => withoutCliEnv(() => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    // WHEN
    const provider = new CloudCasaProvider(stack, 'CloudCasa');
    // THEN
    const json = synthJson(stack);
    expect(json.terraform.required_providers.restful).toEqual({ source: 'magodo/restful', version: '0.25.2' });
    expect(json.terraform.required_providers.external).toEqual({ source: 'hashicorp/external', version: '~> 2.3' });
    expect(json.provider.restful).toEqual([{
      base_url: '${var.cloudcasa_api_url}',
      header: { 'Accept': 'application/json', 'Content-Type': 'application/json' },
      security: { http: { token: { token: '${var.cloudcasa_api_key}' } } },
      // No max_wait_in_sec: restful 0.25.2 would take it as the first wait (docs/restful-provider.md).
      client: { retry: { status_codes: [429, 500, 502, 503, 504], count: 4, wait_in_sec: 2 } },
    }]);
    expect(json.variable.cloudcasa_api_url).toMatchObject({ type: 'string', default: 'https://api.cloudcasa.io/api/v1' });
    expect(json.variable.cloudcasa_api_key).toMatchObject({ type: 'string', sensitive: true });
    expect(json.variable.cloudcasa_api_key.default).toBeUndefined();
    // The default (CLOUDCASA_CLI unset, see withoutCliEnv): node with the CLI relative to the stack directory.
    const rel = path.relative(path.join(Testing.app().outdir, 'stacks', 'test'), path.resolve(__dirname, '../../lib/cli/casa.js'));
    expect(provider.cliProgram).toEqual(['node', '-e', CLI_LOADER, expect.stringMatching(/^\.\.\/(\.\.\/)*.*lib\/cli\/casa\.js$/)]);
    expect(provider.cliProgram[3].split('/').pop()).toBe(rel.split(path.sep).pop());
    expect(provider.cliCommand).toBe(`node ${provider.cliProgram[3]}`);
    expect(provider.retryCount).toBe(4);
  }));

  test('the default CLI path is relative to the stack directory, and resolves from there', () => withoutCliEnv(() => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'rel');
    const provider = new CloudCasaProvider(stack, 'CloudCasa');
    const stackDir = path.join(app.outdir, 'stacks', 'rel');
    expect(path.resolve(stackDir, provider.cliProgram[3])).toBe(path.resolve(__dirname, '../../lib/cli/casa.js'));
    const json = synthJson(stack);
    expect(json.data.external.cloudcasa_validation.working_dir).toBe('${path.module}');
  }));

  test('under Python the default is the command the wheel installs', () => withoutCliEnv(() => {
    const saved = process.env.JSII_AGENT;
    process.env.JSII_AGENT = 'Python/3.11.7';
    try {
      const provider = new CloudCasaProvider(new TerraformStack(Testing.app(), 'py'), 'CloudCasa');
      expect(provider.cliProgram).toEqual(['cdktf-cloudcasa']);
    } finally {
      if (saved === undefined) delete process.env.JSII_AGENT; else process.env.JSII_AGENT = saved;
    }
  }));

  test('custom configuration', () => {
    // GIVEN
    const stack = new TerraformStack(Testing.app(), 'test');
    // WHEN
    new CloudCasaProvider(stack, 'CloudCasa', {
      apiUrl: 'https://casa.example.com/api/v1',
      retryCount: 2,
      retryWaitSeconds: 5,
      retryMaxWaitSeconds: 30,
      retryStatusCodes: [429],
      cliCommand: 'npx cdktf-cloudcasa',
    });
    // THEN
    const json = synthJson(stack);
    expect(Testing.synth(stack)).toMatchSnapshot();
    expect(json.variable.cloudcasa_api_url.default).toBe('https://casa.example.com/api/v1');
    expect(json.provider.restful[0].base_url).toBe('${var.cloudcasa_api_url}');
    expect(json.provider.restful[0].client.retry).toEqual({ status_codes: [429], count: 2, wait_in_sec: 5, max_wait_in_sec: 30 });
    const warnings = stack.node.findAll().flatMap((c) => c.node.metadata).filter((m) => m.type === '@cdktf/warn').map((m) => m.data);
    expect(warnings).toEqual([expect.stringMatching(/test\/CloudCasa: 'retryMaxWaitSeconds' is sent as restful's max_wait_in_sec, which restful .* uses as the first wait/)]);
  });

  test('of() finds the provider of the stack', () => {
    const { stack, provider } = makeStack();
    expect(CloudCasaProvider.of(stack)).toBe(provider);
  });

  test('fails when a construct needs a provider and the stack has none', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new KubeCluster(stack, 'Cluster')).toThrow(
      /test\/Cluster: 'provider' is not set and the stack has no CloudCasaProvider; got undefined\. Add `new CloudCasaProvider/,
    );
    try {
      new KubeCluster(stack, 'Cluster2');
    } catch (e) {
      expect(Errors.isValidationError(e)).toBe(true);
      expect(e).toMatchObject({ path: 'test/Cluster2', prop: 'provider', value: 'undefined' });
    }
  });

  test('fails for a second provider in the same stack', () => {
    const { stack } = makeStack();
    expect(() => new CloudCasaProvider(stack, 'Again')).toThrow(/test\/Again: 'scope' is a stack that already has a CloudCasaProvider; got "test\/CloudCasa"/);
  });

  test('fails for invalid retry settings', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    expect(() => new CloudCasaProvider(stack, 'C1', { retryCount: -1 })).toThrow(/test\/C1: 'retryCount' must be an integer >= 0; got -1/);
    const stack2 = new TerraformStack(Testing.app(), 'test2');
    expect(() => new CloudCasaProvider(stack2, 'C2', { retryWaitSeconds: 10, retryMaxWaitSeconds: 5 }))
      .toThrow(/test2\/C2: 'retryMaxWaitSeconds' must be an integer >= 10; got 5/);
  });
});

describe('restfulVersion', () => {
  test('default configuration pins magodo/restful 0.25.2, the version the bindings are generated from', () => {
    const stack = new TerraformStack(Testing.app(), 'pin');
    new CloudCasaProvider(stack, 'CloudCasa');
    const json = JSON.parse(Testing.synth(stack));
    expect(json.terraform.required_providers.restful).toEqual({ source: 'magodo/restful', version: '0.25.2' });
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../projenrc/provider-schema.json'), 'utf8'));
    expect(schema.provider_versions['registry.terraform.io/magodo/restful']).toBe('0.25.2');
  });
  test('custom configuration overrides the pinned version', () => {
    const stack = new TerraformStack(Testing.app(), 'pin');
    new CloudCasaProvider(stack, 'CloudCasa', { restfulVersion: '0.23.0' });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.terraform.required_providers.restful).toEqual({ source: 'magodo/restful', version: '0.23.0' });
  });
  test('throws when restfulVersion is not an exact version', () => {
    const stack = new TerraformStack(Testing.app(), 'pin');
    expect(() => new CloudCasaProvider(stack, 'CloudCasa', { restfulVersion: '~> 0.25' }))
      .toThrow(/^pin\/CloudCasa: 'restfulVersion' must be an exact version such as 0.23.0; got "~> 0.25"/);
  });
});
