/**
 * The user's path: the packed npm tarball installed into an empty app that has only cdktf and constructs, a
 * JavaScript stack synthesized there, planned and applied by each engine **with a kubeconfig present** (plan-time
 * validation then talks to the cluster through @kubernetes/client-node and its websocket dependency), the whole
 * app moved to another directory and planned again, the stack directory copied into a second app installed fresh
 * and destroyed from there. Also: a consumer compiles against the package under `strict`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithEngine, ENGINES, engineEnv, run } from './engines';
import type { EnginesManifest } from './engines';
import { Emulator, startEmulator } from '../../lib/emulator';

const REPO = path.join(__dirname, '..', '..');
const PKG = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
const dep = (name: string) => PKG.devDependencies[name] ?? PKG.peerDependencies[name];

const APP = `
const { App, LocalBackend, TerraformStack } = require('cdktf');
const { CloudCasaProvider, Duration, KubeBackup, KubeCluster, KubeOffload, Namespaces, OffloadTarget, Policy, Schedule, Trigger } =
  require('cdktf-cloudcasa');

const app = new App({ outdir: process.env.OUT });
const stack = new TerraformStack(app, 'installed');
new LocalBackend(stack, { path: 'terraform.tfstate' });
new CloudCasaProvider(stack, 'CloudCasa');
const cluster = KubeCluster.fromName(stack, 'Cluster', 'prod');
const nightly = new Policy(stack, 'Nightly', { policyName: 'ci-nightly', schedules: [{ schedule: Schedule.daily({ hour: 2 }), retention: Duration.days(7) }] });
const backup = new KubeBackup(stack, 'Apps', {
  backupName: 'ci-apps', cluster, namespaces: Namespaces.of([process.env.NAMESPACE]), trigger: Trigger.adhoc(), runOnApply: true,
});
new KubeOffload(stack, 'Copy', { offloadName: 'ci-apps-copy', backup, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.scheduled(nightly) });
app.synth();
`;

const CONSUMER = `
import { App, TerraformStack } from 'cdktf';
import { CloudCasaProvider, Duration, KubeBackup, KubeCluster, Namespaces, Trigger } from 'cdktf-cloudcasa';
import { CloudCasaClient } from 'cdktf-cloudcasa/client';

const app = new App();
const stack = new TerraformStack(app, 'strict');
new CloudCasaProvider(stack, 'CloudCasa');
const backup: KubeBackup = new KubeBackup(stack, 'B', {
  cluster: KubeCluster.fromName(stack, 'C', 'prod'), namespaces: Namespaces.of(['default']), trigger: Trigger.adhoc(),
  runOnApplyRetention: Duration.days(3),
});
const id: string = backup.backupId;
const client: CloudCasaClient | undefined = undefined;
export { id, client };
`;

async function ok(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) {
  const r = await run(cmd, args, { cwd, env });
  expect({ cmd: `${cmd} ${args.join(' ')}`, code: r.code, out: r.code ? (r.stdout + r.stderr).slice(-3000) : '' })
    .toEqual({ cmd: `${cmd} ${args.join(' ')}`, code: 0, out: '' });
  return r;
}

/** An empty app with cdktf, constructs and the packed tarball installed from the registry and the file. */
async function freshApp(dir: string, tarball: string): Promise<void> {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: path.basename(dir),
    private: true,
    dependencies: { 'cdktf': dep('cdktf'), 'constructs': dep('constructs'), 'cdktf-cloudcasa': `file:${tarball}` },
  }, null, 2));
  fs.writeFileSync(path.join(dir, 'main.js'), APP);
  await ok('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], dir);
}

/** Harness only: the offline mirror holds hashicorp/external 1.2.0 (the library requires ~> 2.3 from a registry). */
function mirrorOverride(stackDir: string, m: EnginesManifest) {
  fs.writeFileSync(path.join(stackDir, 'harness_override.tf'),
    `terraform {\n  required_providers {\n    external = {\n      source  = "hashicorp/external"\n      version = "${m.versions.external}"\n    }\n  }\n}\n`);
}

describe('the packed package in a fresh app', () => {
  let tmp: string;
  let app: string;
  let app2: string;
  let tarball: string;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-install-'));
    const packed = await ok('npm', ['pack', '--pack-destination', tmp, '--loglevel=error'], REPO);
    tarball = path.join(tmp, packed.stdout.trim().split('\n').pop()!);
    app = path.join(tmp, 'app');
    app2 = path.join(tmp, 'elsewhere', 'app2');
    await freshApp(app, tarball);
    await freshApp(app2, tarball);
  }, 600_000);
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('ships declarations and JavaScript, no TypeScript sources, and an executable CLI', async () => {
    const listing = (await ok('tar', ['tzvf', tarball], tmp)).stdout.split('\n');
    const sources = listing.filter((l) => /\.ts$/.test(l) && !/\.d\.ts$/.test(l) && !l.includes('/node_modules/'));
    expect(sources).toEqual([]);
    // The program is the bundled CLI, with the kubeconfig part beside it (docs/performance.md#one-file-cli).
    expect(listing.find((l) => l.endsWith('package/lib/cli/casa.js'))).toMatch(/^-rwxr-xr-x/);
    expect(listing.find((l) => l.endsWith('package/lib/cli/k8s.js'))).toBeDefined();
    // isomorphic-ws (from @kubernetes/client-node) needs ws at the top of the bundle.
    expect(fs.existsSync(path.join(app, 'node_modules', 'cdktf-cloudcasa', 'node_modules', 'ws', 'package.json'))).toBe(true);
  });

  test('a strict TypeScript consumer compiles with zero errors (no skipLibCheck)', async () => {
    fs.writeFileSync(path.join(app, 'consumer.ts'), CONSUMER);
    fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'ES2022', module: 'node16', moduleResolution: 'node16', skipLibCheck: false },
      files: ['consumer.ts'],
    }));
    await ok(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], app);
  });

  for (const engine of ENGINES) {
    describeWithEngine(engine, 'installed from the tarball', (bin, manifest) => {
      let emu: Emulator;
      let env: NodeJS.ProcessEnv;
      const out = `cdktf.out-${engine}`;

      beforeAll(async () => {
        emu = await startEmulator({ jobPendingMs: 100, jobRunningMs: 300 });
        emu.seedCluster({ name: 'prod', namespaces: ['default', 'production', 'kube-system'] });
        const kubeconfig = path.join(tmp, `kubeconfig-${engine}`);
        emu.writeKubeconfig(kubeconfig);
        env = engineEnv(manifest, {
          TF_VAR_cloudcasa_api_url: emu.url,
          TF_VAR_cloudcasa_api_key: emu.apiKey,
          CLOUDCASA_POLL_INTERVAL: '100ms',
          KUBECONFIG: kubeconfig,
        });
        // The default CLI command, not the one the test setup gives the in-process tests.
        delete env.CLOUDCASA_CLI;
      });
      afterAll(async () => { await emu?.close(); });

      const synth = (appDir: string, namespace: string) => ok(process.execPath, ['main.js'], appDir, { ...env, OUT: out, NAMESPACE: namespace });
      const stackDir = (appDir: string) => path.join(appDir, out, 'stacks', 'installed');
      const tf = (dir: string, args: string[]) => run(bin, [...args, '-no-color', '-input=false'], { cwd: dir, env });

      test('synth, plan (kubeconfig checks), apply, move, plan again, destroy from a fresh install elsewhere', async () => {
        // A misspelled namespace fails plan through the kubeconfig: client-node and ws load from the bundle.
        await synth(app, 'prodution');
        const program = JSON.parse(fs.readFileSync(path.join(stackDir(app), 'cdk.tf.json'), 'utf8')).data.external.cloudcasa_validation.program;
        expect(program[0]).toBe('node');
        expect(program[3]).toBe('../../../node_modules/cdktf-cloudcasa/lib/cli/casa.js');
        expect(JSON.stringify(program)).not.toContain(tmp);
        mirrorOverride(stackDir(app), manifest);
        expect((await tf(stackDir(app), ['init'])).code).toBe(0);
        const bad = await tf(stackDir(app), ['plan']);
        expect(bad.code).toBe(1);
        expect(bad.stderr).toMatch(/does not exist in cluster "prod"; got "prodution"\. Did you mean "production"\?/);
        expect(emu.requestLog.filter((r) => r.method !== 'GET')).toEqual([]);

        await synth(app, 'production');
        const applied = await tf(stackDir(app), ['apply', '-auto-approve']);
        expect({ code: applied.code, err: applied.code ? applied.stderr.slice(-2000) : '' }).toEqual({ code: 0, err: '' });
        expect(applied.stdout).toMatch(/ended COMPLETED/);
        expect(emu.collection('kubebackups').map((b) => b.name)).toEqual(['ci-apps']);
        expect(emu.collection('kubebackups')[0].copydef).toBe(emu.collection('kubeoffloads')[0]._id);

        // The app moves as a whole (another checkout path): the stack still finds its CLI and has nothing to do.
        const moved = path.join(tmp, `moved-${engine}`);
        fs.renameSync(app, moved);
        try {
          const replan = await tf(stackDir(moved), ['plan', '-detailed-exitcode']);
          expect({ code: replan.code, err: replan.stderr.slice(-2000) }).toEqual({ code: 0, err: '' });
        } finally {
          fs.renameSync(moved, app);
        }

        // The stack directory (with its state) in another app whose package was installed fresh: destroy from there.
        fs.cpSync(path.join(app, out), path.join(app2, out), { recursive: true });
        const destroyed = await tf(stackDir(app2), ['destroy', '-auto-approve']);
        expect({ code: destroyed.code, err: destroyed.code ? destroyed.stderr.slice(-2000) : '' }).toEqual({ code: 0, err: '' });
        expect(emu.collection('kubebackups')).toEqual([]);
        expect(emu.collection('kubeoffloads')).toEqual([]);
        expect(emu.collection('policies')).toEqual([]);
      });

      test('without the package next to the stack, plan says what to install', async () => {
        const lonely = path.join(tmp, `lonely-${engine}`, 'stacks', 'installed');
        fs.cpSync(stackDir(app), lonely, { recursive: true });
        const r = await tf(lonely, ['plan']);
        expect(r.code).toBe(1);
        expect(r.stderr.replace(/\s+/g, ' ')).toMatch(/cdktf-cloudcasa: its CLI is not installed at .*Install the app's dependencies/);
      });
    });
  }
});
