// The Python package declares the same stack as the TypeScript library: the Python main example
// (examples/python/scheduled_backup) and the TypeScript one (examples/scheduled-backup) synthesize identical
// Terraform JSON and an identical manifest (construct paths, annotations).
//
// Normalisations: none. What would depend on the environment is pinned in the apps instead:
// - `cliCommand`, whose default is the absolute path of the library copy the runtime loaded: both runs set
//   CLOUDCASA_CLI (the documented override) to the same command;
// - the local backend's state path, by default absolute from the working directory: the apps set a relative one;
// - annotation stack traces in manifest.json (paths of the runtime's files): both cdktf.json files set the context
//   `@cdktf/disable_stack_trace_in_metadata`, which `cdktf synth` hands to the app in CDKTF_CONTEXT_JSON, as the
//   runs here do.
// Both runs get the same environment variables, and objects are compared with toEqual, for which key order does not
// matter (array order does, and is kept).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdktf';
import { describeWithPython } from './python';
import { buildStack, STACK_NAME } from '../../examples/scheduled-backup/main';

const ROOT = path.join(__dirname, '..', '..');
const PY_APP_DIR = path.join(ROOT, 'examples', 'python', 'scheduled_backup');
const TS_APP_DIR = path.join(ROOT, 'examples', 'scheduled-backup');

/** What a synthesized app consists of: the stack's Terraform JSON and the manifest. */
interface Synthesized {
  readonly stack: any;
  readonly manifest: any;
}

function readOutdir(outdir: string): Synthesized {
  const read = (...p: string[]) => JSON.parse(fs.readFileSync(path.join(outdir, ...p), 'utf8'));
  return { stack: read('stacks', STACK_NAME, 'cdk.tf.json'), manifest: read('manifest.json') };
}

/** The `context` of an app's cdktf.json. */
function contextOf(appDir: string): { [key: string]: any } {
  return JSON.parse(fs.readFileSync(path.join(appDir, 'cdktf.json'), 'utf8')).context ?? {};
}

/** The environment of a run as `cdktf synth` sets it up: the caller's, with only the example's variables replaced. */
function appEnv(vars: Record<string, string>, outdir: string, appDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CDKTF_OUTDIR: outdir,
    CDKTF_CONTEXT_JSON: JSON.stringify(contextOf(appDir)),
    CLOUDCASA_CLI: 'npx cdktf-cloudcasa',
    ...vars,
  };
  if (!('CLOUDCASA_CLUSTER' in vars)) delete env.CLOUDCASA_CLUSTER;
  return env;
}

/** Runs an app entry point as `cdktf synth` would (`app` of its cdktf.json, in its folder), into a fresh outdir. */
function synthProcess(command: string, args: string[], cwd: string, vars: Record<string, string>): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudcasa-parity-'));
  try {
    const r = spawnSync(command, args, { cwd, env: appEnv(vars, outdir, cwd), encoding: 'utf8', timeout: 90_000 });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}:\n${r.stderr}\n${r.stdout}`);
    return readOutdir(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

/** Synthesizes the TypeScript example in this process. */
function synthInProcess(vars: Record<string, string>): Synthesized {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudcasa-parity-'));
  const savedCli = process.env.CLOUDCASA_CLI;
  try {
    const env = appEnv(vars, outdir, TS_APP_DIR);
    process.env.CLOUDCASA_CLI = env.CLOUDCASA_CLI; // the provider reads it from the process, as in a real synth
    const app = new App({ outdir, context: contextOf(TS_APP_DIR) });
    buildStack(app, env);
    app.synth();
    return readOutdir(outdir);
  } finally {
    if (savedCli === undefined) delete process.env.CLOUDCASA_CLI; else process.env.CLOUDCASA_CLI = savedCli;
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const CASES: Array<[string, Record<string, string>]> = [
  ['default configuration', {}],
  ['custom configuration (CLOUDCASA_CLUSTER)', { CLOUDCASA_CLUSTER: 'staging' }],
];

describe('TypeScript main example', () => {
  test('declares the stack the issue asks for', () => {
    // WHEN
    const { stack, manifest } = synthInProcess({});

    // THEN
    const bodies = Object.values(stack.resource.restful_resource).map((r: any) => r.body);
    expect(bodies).toContainEqual({
      name: 'prod-snapshots',
      timezone: 'Europe/Berlin',
      schedules: [
        { retainDays: 30, locked: false, schedule: { cronSpec: '30 1 * * *' } },
        { retainDays: 90, locked: true, schedule: { cronSpec: '0 3 * * SUN' } },
      ],
    });
    expect(bodies).toContainEqual(expect.objectContaining({ name: 'prod-copies', timezone: 'Europe/Berlin' }));
    expect(bodies).toContainEqual(expect.objectContaining({
      name: 'prod-apps',
      trigger_type: 'SCHEDULED',
      source: expect.objectContaining({ all_namespaces: false, namespaces: ['production', 'default'] }),
    }));
    // the copy backup: an unscheduled backup whose copy carries the policy and snapshots before each copy
    expect(bodies).toContainEqual(expect.objectContaining({ name: 'prod-apps-offsite', trigger_type: 'ADHOC' }));
    expect(bodies).toContainEqual(expect.objectContaining({
      name: 'prod-apps-copy',
      trigger_type: 'SCHEDULED',
      delete_snapshots: false,
      run_backup: true,
      offload_provider: { type: 'aws', region: 'us-east-2' },
    }));
    expect(stack.data.restful_resource.Cluster_Lookup_3A10EADB.query).toEqual({ where: ['{"name":"prod"}'] });
    expect(stack.terraform.required_providers.restful.version).toBe('0.25.2');
    expect(stack.terraform.backend).toEqual({ local: { path: `../../../terraform.${STACK_NAME}.tfstate` } });
    // it follows the copy-backup model, so the library has nothing to warn about
    expect(manifest.stacks[STACK_NAME].annotations).toEqual([]);
  });

  test('both example apps get the same cdktf context', () => {
    expect(contextOf(PY_APP_DIR)).toEqual(contextOf(TS_APP_DIR));
  });

  test('runs from its folder as cdktf.json says, with the same output as in-process', () => {
    // GIVEN the app command of examples/scheduled-backup/cdktf.json, without npx
    const config = JSON.parse(fs.readFileSync(path.join(TS_APP_DIR, 'cdktf.json'), 'utf8'));
    expect(config.app).toBe('npx ts-node --transpile-only main.ts');
    const tsNode = path.join(ROOT, 'node_modules', '.bin', 'ts-node');

    // WHEN
    const run = synthProcess(tsNode, ['--transpile-only', 'main.ts'], TS_APP_DIR, {});

    // THEN
    expect(run).toEqual(synthInProcess({}));
  });
});

describeWithPython('Python main example (cdktf_cloudcasa)', (python) => {
  test.each(CASES)('synthesizes the same Terraform JSON and manifest as TypeScript: %s', (_name, vars) => {
    // WHEN
    const py = synthProcess(python, ['main.py'], PY_APP_DIR, vars);
    const ts = synthInProcess(vars);

    // THEN
    expect(py.stack).toEqual(ts.stack);
    expect(py.manifest).toEqual(ts.manifest);
    expect(py.stack.data.restful_resource.Cluster_Lookup_3A10EADB.query.where).toEqual([
      JSON.stringify({ name: vars.CLOUDCASA_CLUSTER ?? 'prod' }),
    ]);
  });

  test('fails with the library error message when Python passes a bad namespace', () => {
    // GIVEN a script that reuses nothing but the package
    const script = [
      'from cdktf_cloudcasa import Namespaces',
      'try:',
      '    Namespaces.of(["Production"])',
      'except Exception as e:',
      '    print(type(e).__name__, str(e))',
    ].join('\n');

    // WHEN
    const r = spawnSync(python, ['-c', script], { encoding: 'utf8', timeout: 60_000 });

    // THEN the TypeScript error message reaches Python as an exception
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/'Production' is not an RFC 1123 label/);
  });
});
