/**
 * Security end to end, on both engines against the emulator: nothing from input reaches a shell, and no secret
 * is printed. Every check looks for what an attack would leave behind (marker files), not for log lines.
 *
 * - The CLI is "installed" under a directory whose name is a shell payload (a symlink to lib/cli named
 *   `x$(touch PWNED-path)y`): run-on-apply, the copydef link and plan-time validation all run through it.
 * - `TF_VAR_cloudcasa_api_url` carrying payloads fails `plan` with the variable's validation message.
 * - A proxy that rewrites `_id`s into `$(touch${IFS}PWNED-id-N)` makes the apply stop at the ObjectId
 *   precondition, before the CLI is started.
 * - Sentinel API and object-store keys appear in no synthesized JSON, engine output, CLI output or emulator log.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack, Testing } from 'cdktf';
import { describeWithEngine, ENGINES, RunResult } from './engines';
import { EngineWorkdir, pendingChanges } from './harness';
import { startHostileIdProxy } from './hostile-proxy';
import {
  CloudCasaProvider, Duration, KubeBackup, KubeCluster, KubeOffload, ObjectStore, OffloadTarget, PlanValidation, Policy, Schedule, Trigger,
} from '../../lib';
import { Emulator, startEmulator } from '../../lib/emulator';
import { cliProcess } from '../cli/cli-helpers';

const SENTINELS = {
  apiKey: 'SENTINEL-apikey-5b1e0c7d9a',
  accessKey: 'SENTINEL-access-91c2e8f4',
  secretKey: 'SENTINEL-secret-4fd8a0b3',
};
const REPO_CLI_DIR = path.resolve(__dirname, '..', '..', 'lib', 'cli');

function synth(externalVersion: string, cliDir: string, apiUrl?: string): unknown {
  const app: App = Testing.app();
  const stack = new TerraformStack(app, 'sec');
  new CloudCasaProvider(stack, 'CloudCasa', {
    externalVersion,
    apiUrl,
    cliCommand: `node "${path.join(cliDir, 'casa.js')}"`,
    planValidation: PlanValidation.apiOnly(),
  });
  const cluster = KubeCluster.fromName(stack, 'Cluster', 'prod');
  const copies = new Policy(stack, 'Copies', { policyName: 'sec-copies', schedules: [{ schedule: Schedule.daily({ hour: 2 }), retention: Duration.days(30) }] });
  const store = new ObjectStore(stack, 'Offsite', { bucketName: 'sec-bucket', region: 'us-east-1' });
  const backup = new KubeBackup(stack, 'Adhoc', { backupName: 'sec-adhoc', cluster, trigger: Trigger.adhoc(), runOnApply: true });
  new KubeOffload(stack, 'Copy', { offloadName: 'sec-copy', backup, target: OffloadTarget.objectStore(store), trigger: Trigger.scheduled(copies) });
  return JSON.parse(Testing.synth(stack, true));
}

/** Every file whose name says an injected command ran, in the places a shell would have run it. */
function markers(dirs: string[]): string[] {
  return dirs.flatMap((d) => (fs.existsSync(d) ? fs.readdirSync(d).filter((f) => /^\.?PWNED/.test(f)).map((f) => path.join(d, f)) : []));
}

function text(r: RunResult): string { return `${r.stdout}\n${r.stderr}`; }

function expectNoSentinel(label: string, output: string) {
  for (const [name, value] of Object.entries(SENTINELS)) {
    if (output.includes(value)) throw new Error(`${label} contains the sentinel ${name}`);
  }
}

for (const engine of ENGINES) {
  describeWithEngine(engine, 'security: nothing reaches a shell, no secret is printed', (bin, manifest) => {
    let emu: Emulator;
    let base: string;
    let cliDir: string;
    let wd: EngineWorkdir;
    const emulatorLog: string[] = [];
    const outputs: Array<[string, string]> = [];
    // The offline mirror holds hashicorp/external 1.2.0 only; the product default (~> 2.3) is for a registry.
    const version = manifest.versions.external;
    let watched: string[];

    const env = () => ({
      TF_VAR_cloudcasa_api_url: emu.url,
      TF_VAR_cloudcasa_api_key: SENTINELS.apiKey,
      TF_VAR_cloudcasa_offsite_access_key: SENTINELS.accessKey,
      TF_VAR_cloudcasa_offsite_secret_key: SENTINELS.secretKey,
      CLOUDCASA_POLL_INTERVAL: '50ms',
    });
    const record = async (label: string, p: Promise<RunResult>) => {
      const r = await p;
      outputs.push([label, text(r)]);
      return r;
    };

    beforeAll(async () => {
      emu = await startEmulator({ apiKey: SENTINELS.apiKey, jobPendingMs: 50, jobRunningMs: 100, log: (l) => emulatorLog.push(l) });
      emu.seedCluster({ name: 'prod', namespaces: ['default'] });
      base = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-sec-'));
      cliDir = path.join(base, 'x$(touch PWNED-path)y');
      fs.symlinkSync(REPO_CLI_DIR, cliDir, 'dir');
      const json = synth(version, cliDir);
      outputs.push(['synthesized JSON', JSON.stringify(json)]);
      wd = EngineWorkdir.fromJson(engine, bin, manifest, json, env());
      watched = [base, wd.dir, REPO_CLI_DIR, process.cwd(), os.tmpdir()];
      await wd.init();
    });
    afterAll(async () => {
      wd?.cleanup();
      if (base) fs.rmSync(base, { recursive: true, force: true });
      await emu?.close();
    });

    test('a TF_VAR_cloudcasa_api_url carrying a shell payload fails plan with the rule, and runs nothing', async () => {
      const port = new URL(emu.url).port;
      const payloads = [
        `http://$(touch PWNED-url)@127.0.0.1:${port}/api/v1`,
        `http://$(touch$IFS.PWNED-ifs)@127.0.0.1:${port}/api/v1`,
        `${emu.url};touch PWNED-semicolon`,
        `${emu.url}\`touch PWNED-backtick\``,
        `${emu.url}" && touch PWNED-quote && echo "`,
      ];
      for (const url of payloads) {
        const r = await record(`plan with ${url}`, wd.exec(['plan', '-no-color', '-input=false'], { TF_VAR_cloudcasa_api_url: url }));
        expect(r.code).not.toBe(0);
        const flat = text(r).replace(/\s+/g, ' '); // the engines wrap diagnostics at 80 columns
        expect(flat).toContain('is not an allowed CloudCasa API URL');
        expect(flat).toContain('Use http:// or https://, a host name or IP address');
      }
      expect(markers(watched)).toEqual([]);
      expect(emu.requestLog.filter((x) => x.method !== 'GET')).toEqual([]);
    });

    test('apply through a CLI path containing $(...) runs the backup and writes the link, executing nothing', async () => {
      const r = await record('apply', wd.apply());
      expect(r.stdout).toMatch(/ended COMPLETED/);
      expect(r.stdout).toMatch(/linked: kubebackups 'sec-adhoc' copydef -> kubeoffloads [0-9a-f]{24}/);
      const [backup] = emu.collection('kubebackups');
      const [offload] = emu.collection('kubeoffloads');
      expect(backup.copydef).toBe(offload._id);
      expect(emu.collection('jobs').filter((j) => j.backupdef_name === 'sec-adhoc').map((j) => j.state)).toEqual(['COMPLETED']);
      expect(markers(watched)).toEqual([]);
    });

    test('re-plan is empty; plan, show and the CLI print no secret', async () => {
      const plan = await wd.plan();
      expect(pendingChanges(plan)).toEqual([]);
      await record('plan', wd.exec(['plan', '-no-color', '-input=false']));
      await record('show', wd.exec(['show', '-no-color']));
      await record('state show objectstore', wd.exec(['state', 'list']).then(async (l) => {
        const addr = l.stdout.split('\n').find((a) => a.startsWith('restful_resource.Offsite'))!;
        return wd.exec(['state', 'show', '-no-color', addr]);
      }));
      const cliEnv = { CLOUDCASA_API_URL: emu.url, CLOUDCASA_API_KEY: SENTINELS.apiKey };
      for (const args of [['list', 'objectstores'], ['--json', 'list', 'objectstores'], ['-v', 'list', 'backups'],
        ['--api-url', 'http://127.0.0.1:1/api/v1', 'list', 'policies']]) {
        await record(`casa ${args.join(' ')}`, cliProcess(args, cliEnv));
      }
      // The API does echo the keys: the redaction is ours.
      expect(JSON.stringify(emu.collection('objectstores'))).toContain(SENTINELS.secretKey);
    });

    test('destroy deletes everything and prints no secret; no output of the whole run holds one', async () => {
      await record('destroy', wd.destroy());
      expect(emu.collection('kubebackups')).toEqual([]);
      expect(emu.collection('kubeoffloads')).toEqual([]);
      expect(emu.collection('objectstores')).toEqual([]);
      outputs.push(['emulator log', emulatorLog.join('\n')]);
      for (const [label, out] of outputs) expectNoSentinel(label, out);
      expect(outputs.length).toBeGreaterThanOrEqual(12);
      expect(markers(watched)).toEqual([]);
    });

    test('a proxy that answers with shell payloads as _id stops the apply at the ObjectId check, executing nothing', async () => {
      const proxy = await startHostileIdProxy(emu.url, ['kubebackups', 'kubeoffloads'], 'PWNED-id');
      const hostile = EngineWorkdir.fromJson(engine, bin, manifest, synth(version, cliDir), { ...env(), TF_VAR_cloudcasa_api_url: proxy.url });
      const jobsBefore = emu.collection('jobs').length;
      try {
        await hostile.init();
        const r = await hostile.exec(['apply', '-no-color', '-input=false', '-auto-approve']);
        expect(r.code).not.toBe(0);
        expect(text(r).replace(/\s+/g, ' ')).toContain('is not a 24-hex ObjectId; refusing to use it');
        expect(proxy.fakes().length).toBeGreaterThanOrEqual(1);
        // Neither the run nor the link started: no job, no copydef.
        expect(emu.collection('jobs')).toHaveLength(jobsBefore);
        expect(emu.collection('kubebackups').map((b) => b.copydef ?? null)).toEqual([null]);
        expect(markers([...watched, hostile.dir])).toEqual([]);
        await hostile.destroy();
        expect(emu.collection('kubebackups')).toEqual([]);
      } finally {
        hostile.cleanup();
        await proxy.close();
      }
    });
  });
}
