import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { backup, spec, world, World } from './helpers';
import { CloudCasaProvider, KubeBackup, KubeCluster, Namespaces, PlanValidation, Policy, Trigger } from '../../lib';
import { cli, CLI_JS } from '../cli/cli-helpers';

let w: World;
let env: Record<string, string | undefined>;
beforeAll(async () => {
  w = await world();
  env = { CLOUDCASA_API_URL: undefined, CLOUDCASA_API_KEY: w.emulator.apiKey, TF_VAR_cloudcasa_api_url: w.emulator.url, KUBECONFIG: undefined };
});
afterAll(() => w.close());

/** Synthesizes a stack backing up `namespaces` of cluster `prod` into `<tmp>/<name>/cdk.tf.json`. */
function stackDir(name: string, namespaces: string[], planValidation?: PlanValidation): string {
  const stack = new TerraformStack(Testing.app(), name);
  new CloudCasaProvider(stack, 'CloudCasa', { apiUrl: 'https://unused.invalid/api/v1', planValidation });
  const policy = Policy.fromName(stack, 'Nightly', 'nightly');
  new KubeBackup(stack, 'Apps', {
    cluster: KubeCluster.fromName(stack, 'Prod', 'prod'), namespaces: Namespaces.of(namespaces), trigger: Trigger.scheduled(policy),
  });
  const dir = path.join(w.dir, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'cdk.tf.json'), Testing.synth(stack));
  return dir;
}

describe('casa validate <stack dir>', () => {
  test('fails (exit 1) with aligned findings for a misspelled namespace', async () => {
    const dir = stackDir('bad', ['prodution', 'default'], PlanValidation.kubeconfig({ path: w.kubeconfig }));
    const r = await cli(['validate', dir], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'error: bad/Apps: \'namespaces\' names a namespace that does not exist in cluster "prod"; got "prodution". '
      + 'Did you mean "production"? Namespaces in "prod": "default", "kube-system", "payments", "production".\n'
      // 4: clusters, policies, the cluster's namespaces, and the backups' names (for adoption).
      + `FAILED: 1 error, 0 warnings, 0 notes (1 definition checked, 4 requests, ${/(\d+) ms/.exec(r.stdout)![1]} ms)\n`);
    expect(r.stderr).toMatch(/^error: validation of .*cdk\.tf\.json failed with 1 error\(s\)/);
  });

  test('passes (exit 0) once fixed; notes are shown', async () => {
    const dir = stackDir('good', ['production'], PlanValidation.auto());
    const r = await cli(['validate', dir], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^note: good: namespace checks skipped: no kubeconfig/);
    expect(lines[1]).toMatch(/^OK: 0 errors, 0 warnings, 1 note \(1 definition checked, 3 requests/);
  });

  test('severities are aligned in one column', async () => {
    const dir = stackDir('mixed', ['prodution'], PlanValidation.apiOnly());
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8'));
    const query = json.data.external.cloudcasa_validation.query;
    const s = JSON.parse(query.spec);
    s.backups.push({ ...s.backups[0], path: 'mixed/Stage', cluster: { name: 'staging' }, namespaces: ['staging'] });
    s.namespaceSource = { mode: 'static', namespaces: { prod: ['production'] } };
    query.spec = JSON.stringify(s);
    fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(json));
    const r = await cli(['validate', dir], env);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').slice(0, 3).map((l) => l.slice(0, 20))).toEqual(['error:   mixed/Apps:', 'warning: mixed/Stage', 'note:    mixed/Stage']);
  });

  test('--kubeconfig overrides the stack\'s choice', async () => {
    const dir = stackDir('override', ['prodution'], PlanValidation.apiOnly());
    expect((await cli(['validate', dir], env)).code).toBe(0);
    const r = await cli(['validate', dir, '--kubeconfig', w.kubeconfig], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Did you mean "production"?');
  });

  test('--json', async () => {
    const dir = stackDir('json', ['prodution'], PlanValidation.staticNamespaces({ prod: ['production'] }));
    const r = await cli(['--json', 'validate', dir], env);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: false, apiUrl: w.emulator.url, checked: 1, requests: 3, warnings: [], notes: [] });
    expect(out.errors).toEqual([expect.objectContaining({ severity: 'error', path: 'json/Apps', field: 'namespaces', value: '"prodution"' })]);
  });

  test('the API URL comes from --api-url, then the environment, then the variable default', async () => {
    const dir = stackDir('url', ['production'], PlanValidation.apiOnly());
    const noUrl = { ...env, TF_VAR_cloudcasa_api_url: undefined };
    const viaFlag = await cli(['--json', '--api-url', w.emulator.url, 'validate', dir], { ...env, CLOUDCASA_API_URL: 'http://127.0.0.1:9/api/v1' });
    expect(viaFlag.code).toBe(0);
    expect(JSON.parse(viaFlag.stdout)).toMatchObject({ apiUrl: w.emulator.url, apiUrlFrom: '--api-url' });
    const viaEnv = await cli(['--json', 'validate', dir], env);
    expect(JSON.parse(viaEnv.stdout)).toMatchObject({ apiUrl: w.emulator.url, apiUrlFrom: 'TF_VAR_cloudcasa_api_url' });
    const viaDefault = await cli(['validate', dir], noUrl);
    expect(viaDefault.code).toBe(1);
    expect(viaDefault.stderr).toMatch(/unused\.invalid/);
  });

  test.each([
    ['a missing folder', () => path.join(w.dir, 'nope'), /no cdk\.tf\.json at .*nope/],
    ['a stack without the data source', () => stackDir('off', ['production'], PlanValidation.disabled()), /has no data\.external\.cloudcasa_validation: .*PlanValidation\.disabled\(\)/],
  ])('usage error (exit 2) for %s', async (_, dir, re) => {
    const r = await cli(['validate', dir()], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
  });

  test('usage error (exit 2) without an API key', async () => {
    const dir = stackDir('nokey', ['production'], PlanValidation.apiOnly());
    const r = await cli(['validate', dir], { ...env, CLOUDCASA_API_KEY: undefined, TF_VAR_cloudcasa_api_key: undefined });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no CloudCasa API key: set CLOUDCASA_API_KEY or TF_VAR_cloudcasa_api_key/);
  });
});

/** Runs the compiled CLI as the engine does: query JSON on stdin. */
function external(stdin: string, extraEnv: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [CLI_JS, 'validate-external'], {
      env: { PATH: process.env.PATH ?? '', HOME: w.dir, TF_VAR_cloudcasa_api_key: w.emulator.apiKey, ...extraEnv },
    }, (e, stdout, stderr) => resolve({ code: e ? (typeof (e as any).code === 'number' ? (e as any).code : 1) : 0, stdout, stderr }));
    child.stdin!.end(stdin);
  });
}

describe('casa validate-external (the external data source protocol)', () => {
  test('success: one JSON object of strings on stdout, exit 0', async () => {
    const r = await external(JSON.stringify({ api_url: w.emulator.url, spec: JSON.stringify(spec([backup()], [], { mode: 'auto' })) }));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({
      ok: 'true',
      checked: '1',
      requests: '2',
      warnings: '',
      notes: expect.stringMatching(/^app: namespace checks skipped: no kubeconfig/),
      notices: expect.stringMatching(/^app: namespace checks skipped: no kubeconfig/),
    });
    expect(Object.values(out).every((v) => typeof v === 'string')).toBe(true);
  });

  test('a deliberate apiOnly() is a note, but not a notice (the check block would warn on every plan)', async () => {
    const r = await external(JSON.stringify({ api_url: w.emulator.url, spec: JSON.stringify(spec([backup()], [], { mode: 'none' })) }));
    const out = JSON.parse(r.stdout);
    expect(out.notes).toMatch(/PlanValidation.apiOnly\(\) was chosen/);
    expect(out.notices).toBe('');
  });

  test('adoption: an import spec for each declared name CloudCasa already has, and an empty string otherwise', async () => {
    const body = { name: null, timezone: null, schedules: null };
    const withAdopt = {
      ...spec([backup()]),
      adopt: [
        { key: 'Nightly_1', collection: 'policies', name: 'nightly', body },
        { key: 'Weekly_2', collection: 'policies', name: 'weekly', body },
        { key: 'Prod_3', collection: 'kubeclusters', name: 'prod', body: { name: null } },
      ],
    };
    const r = await external(JSON.stringify({ api_url: w.emulator.url, spec: JSON.stringify(withAdopt) }));
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const out = JSON.parse(r.stdout);
    expect(JSON.parse(out.adopt_Nightly_1)).toEqual({ id: `policies/${w.nightlyId}`, path: 'policies', body });
    expect(out.adopt_Weekly_2).toBe('');
    expect(JSON.parse(out.adopt_Prod_3)).toEqual({ id: `kubeclusters/${w.prodId}`, path: 'kubeclusters', body: { name: null } });
    // Skipped validation still answers every key, so the stack's import blocks evaluate.
    const skipped = await external(JSON.stringify({ api_url: w.emulator.url, spec: JSON.stringify(withAdopt) }), { CLOUDCASA_SKIP_VALIDATION: '1' });
    expect(JSON.parse(skipped.stdout)).toMatchObject({ adopt_Nightly_1: '', adopt_Weekly_2: '', adopt_Prod_3: '' });
  });

  test('a malformed adopt entry is a usage error', async () => {
    const bad = { ...spec([backup()]), adopt: [{ key: 'x y', collection: 'jobs', name: 'n', body: {} }] };
    const r = await external(JSON.stringify({ api_url: w.emulator.url, spec: JSON.stringify(bad) }));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('adopt[0] needs key, a collection of policies, kubeclusters, kubehooks, objectstores, kubebackups, kubeoffloads');
  });

  test('errors: every finding on stderr, exit 1, nothing on stdout', async () => {
    const bad = spec([backup({ namespaces: ['prodution'] }), backup({ path: 'app/B', name: 'b', policy: { name: 'nigthly' } })], [], { mode: 'kubeconfig', path: w.kubeconfig });
    const r = await external(JSON.stringify({ api_url: w.emulator.url, spec: JSON.stringify(bad) }));
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^error: CloudCasa plan-time validation of stack "app" found 2 errors; nothing has been written\.\n/);
    expect(r.stderr).toContain('error: app/Apps: \'namespaces\' names a namespace that does not exist in cluster "prod"; got "prodution". Did you mean "production"?');
    expect(r.stderr).toContain('error: app/B: \'trigger\' refers to a policy that does not exist (deleted?); got policy name "nigthly". Did you mean "nightly"?');
    expect(r.stderr).not.toContain(w.emulator.apiKey);
  });

  test('CLOUDCASA_SKIP_VALIDATION=1 skips the checks and says so (e.g. to destroy a stack whose cluster is gone)', async () => {
    const bad = spec([backup({ namespaces: ['prodution'] })], [], { mode: 'kubeconfig', path: w.kubeconfig });
    w.emulator.clearLogs();
    const r = await external(JSON.stringify({ api_url: w.emulator.url, spec: JSON.stringify(bad) }), { CLOUDCASA_SKIP_VALIDATION: '1' });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: 'true', checked: '0', notes: 'skipped: CLOUDCASA_SKIP_VALIDATION is set' });
    expect(w.emulator.requestLog).toEqual([]);
  });

  test("the query's api_url is the API checked: a CLOUDCASA_API_URL or TF_VAR_cloudcasa_api_url in the environment does not redirect it", async () => {
    const query = JSON.stringify({ api_url: w.emulator.url, spec: JSON.stringify(spec([backup()])) });
    const r = await external(query, { CLOUDCASA_API_URL: 'http://127.0.0.1:9/api/v1', TF_VAR_cloudcasa_api_url: 'http://127.0.0.1:9/api/v1' });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    // Without api_url in the query, the environment names the API.
    const noUrl = await external(JSON.stringify({ spec: JSON.stringify(spec([backup()])) }), { TF_VAR_cloudcasa_api_url: w.emulator.url });
    expect(noUrl).toMatchObject({ code: 0, stderr: '' });
  });

  test('the key comes from CLOUDCASA_API_KEY too; without any key the message says where to set it', async () => {
    const query = JSON.stringify({ api_url: w.emulator.url, spec: JSON.stringify(spec([backup()])) });
    expect((await external(query, { TF_VAR_cloudcasa_api_key: '', CLOUDCASA_API_KEY: w.emulator.apiKey })).code).toBe(0);
    const r = await external(query, { TF_VAR_cloudcasa_api_key: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no CloudCasa API key: set CLOUDCASA_API_KEY or TF_VAR_cloudcasa_api_key/);
  });

  test('a wrong key fails with the API\'s answer, masked', async () => {
    const r = await external(JSON.stringify({ api_url: w.emulator.url, spec: JSON.stringify(spec([backup()])) }), { TF_VAR_cloudcasa_api_key: 'wrong-key-123' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/401/);
    expect(r.stderr).not.toContain('wrong-key-123');
  });

  test.each([
    ['not JSON', 'nope', /expects the external data source's query as JSON on stdin/],
    ['a malformed spec', JSON.stringify({ api_url: 'http://127.0.0.1:9/api/v1', spec: '{"version":9}' }), /validation spec is malformed: version 9/],
  ])('usage error (exit 2) for %s', async (_, stdin, re) => {
    const r = await external(stdin);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
  });
});
