/**
 * `npm run demo`: the whole product on the embedded emulator, start to finish.
 *
 * 1. starts the embedded CloudCasa API emulator with a seeded cluster `prod` and its namespaces;
 * 2. finds an engine (the OpenTofu/Terraform built by `npm run engines`; builds them if Go is available);
 * 3. synthesizes examples/scheduled-backup (the main stack) and examples/adhoc-backup;
 * 4. validates both with `casa validate`;
 * 5. deploys both (the ADHOC backup `test_terraform_kubebackup` runs on apply);
 * 6. runs the ADHOC backup again with `casa run --wait`, showing live progress;
 * 7. lists its jobs with `casa list jobs --where backupdef_name test_terraform_kubebackup`;
 * then stops the emulator and removes its temporary files.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App } from 'cdktf';
import { EngineName, enginesDir, loadEngines } from '../../.ci/engines';
import { main as casa } from '../../lib/cli';
import { startEmulator } from '../../lib/emulator';
import { buildStack as buildAdhoc } from '../adhoc-backup/main';
import { buildStack as buildScheduled } from '../scheduled-backup/main';

const REPO = path.resolve(__dirname, '..', '..');
const bold = (s: string) => (process.stdout.isTTY ? `\x1b[1m${s}\x1b[0m` : s);
const step = (n: number, text: string) => console.log(`\n${bold(`[${n}/7] ${text}`)}`);

interface Engine {
  readonly name: EngineName;
  readonly bin: string;
  readonly version: string;
  readonly cliConfigFile: string;
  readonly restfulVersion: string;
  readonly externalVersion: string;
}

/** The engines `npm run engines` built; builds them first when Go is on this machine. */
function findEngine(preferred: EngineName): Engine | undefined {
  let m = loadEngines();
  if (!m && spawnSync('go', ['version']).status === 0) {
    console.log(`No engine in ${enginesDir()}: building OpenTofu and Terraform from the Go module proxy`);
    console.log('(first run about 8 minutes on 2 cores; cached afterwards; the same as `npm run engines`)');
    execFileSync('bash', [path.join(REPO, '.ci', 'engines.sh')], { stdio: 'inherit' });
    m = loadEngines(true);
  }
  if (!m) return undefined;
  const name: EngineName = fs.existsSync(m[preferred]) ? preferred : preferred === 'tofu' ? 'terraform' : 'tofu';
  const version = execFileSync(m[name], ['version'], { env: { ...process.env, TF_CLI_CONFIG_FILE: m.cliConfigFile } }).toString().split('\n')[0];
  return {
    name,
    bin: m[name],
    version,
    cliConfigFile: m.cliConfigFile,
    restfulVersion: m.versions.restful,
    externalVersion: m.versions.external,
  };
}

/** Runs the engine in a stack directory, echoing the lines a person wants to see. */
function engine(e: Engine, dir: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(e.bin, args, { cwd: dir, env });
    let all = '';
    const show = /Creat|Modif|Destr|Apply complete|No changes|Plan:|local-exec\): (started|job|ended|linked)|Error|error:|warning:/;
    const onData = (chunk: Buffer) => {
      all += chunk;
      for (const line of chunk.toString().split('\n')) if (show.test(line)) console.log(`    ${line.trim()}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${e.name} ${args[0]} failed (exit ${code}):\n${all.slice(-3000)}`))));
  });
}

async function demo(): Promise<number> {
  const preferred: EngineName = process.env.CLOUDCASA_DEMO_ENGINE === 'terraform' ? 'terraform' : 'tofu';
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudcasa-demo-'));

  step(1, 'Starting the embedded CloudCasa API emulator');
  const emu = await startEmulator({
    jobPendingMs: 400,
    jobRunningMs: 1600,
    clusters: [{ name: 'prod', namespaces: ['default', 'production', 'staging', 'kube-system'] }],
  });
  const kubeconfig = path.join(work, 'kubeconfig');
  emu.writeKubeconfig(kubeconfig);
  console.log(`    ${emu.url}  (cluster 'prod' with namespaces default, production, staging, kube-system)`);
  try {
    step(2, 'Finding an engine');
    const e = findEngine(preferred);
    if (!e) {
      console.log([
        `    No engine in ${enginesDir()}, and Go is not installed to build one.`,
        '    Install Go >= 1.26 (https://go.dev/dl/), then run `npm run engines` (builds OpenTofu 1.12.6, Terraform 1.13.3',
        '    and the providers from the Go module proxy, about 8 minutes once) and the demo again.',
        '    With registry access you can also deploy the examples with your own engine: `cd examples/adhoc-backup &&',
        '    npx cdktf deploy` (set TF_VAR_cloudcasa_api_key and TF_VAR_cloudcasa_api_url first).',
      ].join('\n'));
      return 1;
    }
    console.log(`    deploying with ${e.version} (${e.bin}), magodo/restful ${e.restfulVersion} from the offline mirror`);

    const env: NodeJS.ProcessEnv = {
      ...process.env,
      CLOUDCASA_API_URL: emu.url,
      CLOUDCASA_API_KEY: emu.apiKey,
      TF_VAR_cloudcasa_api_url: emu.url,
      TF_VAR_cloudcasa_api_key: emu.apiKey,
      CLOUDCASA_CLUSTER: 'prod',
      CLOUDCASA_POLL_INTERVAL: '500ms',
      KUBECONFIG: kubeconfig,
      TF_CLI_CONFIG_FILE: e.cliConfigFile,
      CHECKPOINT_DISABLE: '1',
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
    };
    Object.assign(process.env, env); // the in-process CLI reads the same environment

    step(3, 'Synthesizing examples/scheduled-backup and examples/adhoc-backup');
    const app = new App({ outdir: path.join(work, 'cdktf.out') });
    const stacks = [buildScheduled(app, env), buildAdhoc(app)];
    // The offline mirror holds hashicorp/external 1.2.0 only (the Go module proxy serves no 2.x), so the demo
    // requires that version instead of the library's registry default.
    for (const s of stacks) s.addOverride('terraform.required_providers.external.version', e.externalVersion);
    app.synth();
    const dirs = stacks.map(s => path.join(work, 'cdktf.out', 'stacks', s.node.id));
    for (const d of dirs) console.log(`    ${path.relative(work, d)}/cdk.tf.json`);

    step(4, 'Validating the stacks against the API (casa validate)');
    for (const d of dirs) {
      const code = await casa(['validate', d]);
      if (code !== 0) throw new Error(`validation of ${d} failed (exit ${code})`);
    }

    step(5, `Deploying with ${e.version}`);
    for (const d of dirs) {
      console.log(`  ${path.basename(d)}`);
      await engine(e, d, ['init', '-no-color', '-input=false'], env);
      await engine(e, d, ['apply', '-no-color', '-input=false', '-auto-approve'], env);
    }

    step(6, 'Running the ADHOC backup and waiting for it (casa run test_terraform_kubebackup --wait)');
    if (await casa(['run', 'test_terraform_kubebackup', '--wait', '--retain-days', '3']) !== 0) throw new Error('the ADHOC backup did not complete');

    step(7, 'Listing its jobs (casa list jobs --where backupdef_name test_terraform_kubebackup)');
    await casa(['list', 'jobs', '--where', 'backupdef_name', 'test_terraform_kubebackup']);

    console.log(`\n${bold('Done.')} Everything above ran against the emulator; point CLOUDCASA_API_URL/CLOUDCASA_API_KEY (and TF_VAR_cloudcasa_api_key) at CloudCasa to do it for real.`);
    return 0;
  } finally {
    await emu.close();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

demo().then((code) => { process.exitCode = code; }, (err) => {
  console.error(`\ndemo failed: ${err instanceof Error ? err.message : err}`);
  process.exitCode = 1;
});
