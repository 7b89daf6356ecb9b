import { App, TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { all, makeStack, only, synthJson } from './util';
import {
  CloudCasaProvider, Errors, KubeBackup, KubeCluster, KubeOffload, ObjectStore, OffloadTarget, Policy, Schedule, Trigger, Duration,
} from '../../lib';
import { API_URL_PATTERN, isSafeApiUrl, maskUrlCredentials } from '../../lib/_api-url';

const GOOD = [
  'https://api.cloudcasa.io/api/v1',
  'http://127.0.0.1:8080/api/v1',
  'https://cloudcasa.example.com',
  'https://cc-1.internal.example.com:8443/cloudcasa/api/v1/',
  'http://[::1]:8080/api/v1',
  'https://host/api/v1/%7Euser',
];
const BAD = [
  'http://$(touch PWNED)@127.0.0.1:1/api/v1',
  'http://$(touch$IFS.PWNED)@127.0.0.1/api/v1',
  'https://api.cloudcasa.io/api/v1;touch PWNED',
  'https://api.cloudcasa.io/api/v1`touch PWNED`',
  'https://api.cloudcasa.io/api/v1" && touch PWNED && echo "',
  "https://api.cloudcasa.io/api/v1'",
  'https://api.cloudcasa.io/api/v1 --help',
  'https://api.cloudcasa.io/api/v1\n',
  'https://user:pass@api.cloudcasa.io/api/v1',
  'https://api.cloudcasa.io/api/v1?x=1',
  'https://api.cloudcasa.io/api/v1#f',
  'https://api.cloudcasa.io/api/v1|cat',
  'https://api.cloudcasa.io/api/v1&',
  'https://api.cloudcasa.io/api/v1>x',
  'file:///etc/passwd',
  'ftp://api.cloudcasa.io/api/v1',
  'api.cloudcasa.io/api/v1',
  '',
];

describe('API URL rule', () => {
  test.each(GOOD)('accepts %s', (url) => expect(isSafeApiUrl(url)).toBe(true));
  test.each(BAD)('refuses %j', (url) => expect(isSafeApiUrl(url)).toBe(false));

  test('the apiUrl prop is checked at synth, naming construct path, field, value and what is allowed', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'app');
    let err: unknown;
    try {
      new CloudCasaProvider(stack, 'CloudCasa', { apiUrl: 'http://$(touch PWNED)@127.0.0.1:1/api/v1' });
    } catch (e) { err = e; }
    expect(Errors.isValidationError(err)).toBe(true);
    expect((err as Error).message).toBe('app/CloudCasa: \'apiUrl\' is not an allowed CloudCasa API URL; got "http://$(touch PWNED)@127.0.0.1:1/api/v1". '
      + 'Use http:// or https://, a host name or IP address, an optional port and a path such as /api/v1 (letters, digits and . _ ~ % + - only; '
      + 'no user info, query, spaces, quotes or shell metacharacters).');
  });

  test('the variable carries the same rule as a validation block, with its backslashes escaped for HCL', () => {
    const { stack } = makeStack();
    const v = synthJson(stack).variable.cloudcasa_api_url;
    expect(v.validation).toHaveLength(1);
    const hclPattern = API_URL_PATTERN.replace(/\\/g, '\\\\');
    expect(v.validation[0].condition).toBe(`\${can(regex("${hclPattern}", var.cloudcasa_api_url))}`);
    expect(v.validation[0].error_message).toContain('${replace(var.cloudcasa_api_url, "///[^/]*@/", "//***@")}');
  });

  test('maskUrlCredentials hides user info only', () => {
    expect(maskUrlCredentials('GET http://a:b@h:1/api/v1/x failed; see https://h2/y')).toBe('GET http://***@h:1/api/v1/x failed; see https://h2/y');
    expect(maskUrlCredentials('http://a@b@h/p')).toBe('http://***@h/p');
  });
});

describe('commands the engine runs', () => {
  function stackWithEverything() {
    const { stack, provider } = makeStack();
    const cluster = KubeCluster.fromName(stack, 'Cluster', 'prod');
    const policy = new Policy(stack, 'P', { schedules: [{ schedule: Schedule.daily(), retention: Duration.days(7) }] });
    const kb = new KubeBackup(stack, 'B', { cluster, trigger: Trigger.adhoc(), runOnApply: true });
    new KubeOffload(stack, 'C', { backup: kb, target: OffloadTarget.provider('aws', 'us-east-1'), trigger: Trigger.scheduled(policy) });
    return { stack, provider };
  }

  test('every local-exec has a constant command, an argv interpreter, and its inputs in the environment', () => {
    const { stack, provider } = stackWithEverything();
    const execs = Object.values(all(synthJson(stack), 'terraform_data')).flatMap((d: any) => d.provisioner.map((p: any) => p['local-exec']));
    expect(execs.map((e) => e.command).sort()).toEqual(['link-offloads', 'run-on-apply']);
    for (const e of execs) {
      expect(e.interpreter).toEqual(provider.cliProgram);
      // No interpolation anywhere but the environment map.
      // The working directory is the stack directory, Terraform's own path.module.
      expect(e.working_dir).toBe('${path.module}');
      expect(JSON.stringify({ ...e, environment: undefined, working_dir: undefined })).not.toContain('${');
      expect(Object.values(e.environment).join(' ')).toMatch(/\$\{/);
    }
  });

  test('an install path with shell syntax stays one argv element', () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'app');
    const p = new CloudCasaProvider(stack, 'CloudCasa', { cliCommand: 'node "/opt/x$(touch PWNED)y/lib/cli/index.js"' });
    expect(p.cliProgram).toEqual(['node', '/opt/x$(touch PWNED)y/lib/cli/index.js']);
    const external = only(synthJson(stack), 'external', 'data');
    expect(external.program).toEqual(['node', '/opt/x$(touch PWNED)y/lib/cli/index.js', 'validate-external']);
  });
});

describe('object-store credentials', () => {
  test('stores with the same id in different scopes get distinct variables derived from their paths', () => {
    const { stack } = makeStack();
    const a = new Construct(stack, 'TeamA');
    const b = new Construct(stack, 'TeamB');
    const sa = new ObjectStore(a, 'Offsite', { bucketName: 'a' });
    const sb = new ObjectStore(b, 'Offsite', { bucketName: 'b' });
    const top = new ObjectStore(stack, 'Offsite', { bucketName: 'c' });
    expect([sa, sb, top].map((s) => s.accessKeyVariable.friendlyUniqueId)).toEqual([
      'cloudcasa_team_a_offsite_access_key', 'cloudcasa_team_b_offsite_access_key', 'cloudcasa_offsite_access_key',
    ]);
    const json = synthJson(stack);
    const bodies = Object.values(all(json, 'restful_resource')).map((r: any) => r.body.s3provider.credentials.secret_key).sort();
    expect(bodies).toEqual(['${var.cloudcasa_offsite_secret_key}', '${var.cloudcasa_team_a_offsite_secret_key}', '${var.cloudcasa_team_b_offsite_secret_key}']);
  });

  test('two stores that would share credential variables fail synth naming both paths', () => {
    const { stack } = makeStack();
    new ObjectStore(new Construct(stack, 'A_B'), 'C', { bucketName: 'x' });
    expect(() => new ObjectStore(new Construct(stack, 'A'), 'B_C', { bucketName: 'y' }))
      .toThrow("test/A/B_C: 'credentialsVariablePrefix' would be (derived from the construct path) already used by the object store test/A_B/C");
    new ObjectStore(stack, 'One', { bucketName: 'x', credentialsVariablePrefix: 'shared' });
    expect(() => new ObjectStore(stack, 'Two', { bucketName: 'y', credentialsVariablePrefix: 'shared' }))
      .toThrow(/test\/Two: 'credentialsVariablePrefix' is already used by the object store test\/One, so both would read the same credentials; got "shared"/);
  });

  test('the echoed credentials are kept out of output (output_attrs), while _id and _etag stay', () => {
    const { stack } = makeStack();
    new ObjectStore(stack, 'S', { bucketName: 'b' });
    const r = only(synthJson(stack), 'restful_resource');
    expect(r.output_attrs).toEqual(expect.arrayContaining(['_id', '_etag', 'name']));
    expect(r.output_attrs.some((a: string) => a.startsWith('s3provider'))).toBe(false);
  });

  test('look-ups by name keep only _id and name in their output', () => {
    const app = new App();
    const stack = new TerraformStack(app, 'x');
    new CloudCasaProvider(stack, 'CloudCasa', { cliCommand: 'casa' });
    ObjectStore.fromName(stack, 'Existing', 'store');
    const json = JSON.parse(Testing.synth(stack));
    expect(only(json, 'restful_resource', 'data').output_attrs).toEqual(['_id', 'name']);
  });
});
