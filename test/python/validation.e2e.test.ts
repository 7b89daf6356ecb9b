/**
 * Plan-time validation serves Python users too: a stack written in Python with a misspelled namespace fails
 * `plan` on a real engine with the validation message, and nothing is written. As a Python user runs it: the
 * built wheel in a fresh venv, a kubeconfig present (the default `PlanValidation.auto()` checks namespaces through
 * it), and the CLI the engine runs is the `cdktf-cloudcasa` command the wheel installs into the venv, on PATH
 * (the jsii runtime's own unpacked copy is gone once Python exits), so the stack runs from any directory.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithPython } from './python';
import { Emulator, startEmulator } from '../../lib/emulator';
import { describeWithEngine, ENGINES } from '../e2e/engines';
import { EngineWorkdir } from '../e2e/harness';

const APP = `
import sys
from cdktf import App, TerraformStack
from cdktf_cloudcasa import CloudCasaProvider, KubeBackup, KubeCluster, Namespaces, Trigger

app = App(outdir=sys.argv[1])
stack = TerraformStack(app, "py-validation")
CloudCasaProvider(stack, "CloudCasa", external_version=sys.argv[2])
KubeBackup(stack, "Apps", backup_name="py-apps", cluster=KubeCluster.from_name(stack, "Cluster", "prod"),
           namespaces=Namespaces.of([sys.argv[3]]), trigger=Trigger.adhoc())
app.synth()
`;

describeWithPython('Python stack', (python) => {
  for (const engine of ENGINES) {
    describeWithEngine(engine, 'plan-time validation of a Python-written stack', (bin, manifest) => {
      let emu: Emulator;
      let dir: string;
      let engineVars: Record<string, string>;
      beforeAll(async () => {
        emu = await startEmulator({ clusters: [{ name: 'prod', namespaces: ['default', 'production'] }] });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-py-validation-'));
        fs.writeFileSync(path.join(dir, 'app.py'), APP);
        const kubeconfig = path.join(dir, 'kubeconfig');
        emu.writeKubeconfig(kubeconfig);
        engineVars = {
          TF_VAR_cloudcasa_api_url: emu.url,
          TF_VAR_cloudcasa_api_key: emu.apiKey,
          KUBECONFIG: kubeconfig,
          // An active venv: its bin/ (with the wheel's cdktf-cloudcasa command) first on PATH.
          PATH: `${path.dirname(python)}${path.delimiter}${process.env.PATH}`,
          CLOUDCASA_CLI: '',
        };
      });
      afterAll(async () => { await emu?.close(); fs.rmSync(dir, { recursive: true, force: true }); });

      function synth(namespace: string): string {
        const out = path.join(dir, `out-${engine}-${namespace}`);
        const r = spawnSync(python, [path.join(dir, 'app.py'), out, manifest.versions.external, namespace], {
          cwd: dir, encoding: 'utf8', env: { ...process.env, CLOUDCASA_CLI: '' }, timeout: 120_000,
        });
        expect({ status: r.status, stderr: r.status ? r.stderr : '' }).toEqual({ status: 0, stderr: '' });
        return path.join(out, 'stacks', 'py-validation');
      }

      test('a misspelled namespace fails plan with the message and writes nothing; the fixed stack applies', async () => {
      // The stack directory is copied elsewhere before the engine runs: nothing in it depends on where it was made.
        const bad = EngineWorkdir.fromStackDir(engine, bin, manifest, synth('prodution'), engineVars);
        try {
          const program = JSON.parse(fs.readFileSync(path.join(bad.dir, 'cdk.tf.json'), 'utf8')).data.external.cloudcasa_validation.program;
          expect(program).toEqual(['cdktf-cloudcasa', 'validate-external']);

          await bad.init();
          const r = await bad.exec(['plan', '-no-color', '-input=false']);
          expect(r.code).not.toBe(0);
          expect(r.stderr).toMatch(/py-validation\/Apps: 'namespaces' names a namespace that does not exist in cluster "prod"; got "prodution"\. Did you mean "production"\?/);
          expect(emu.writeLog).toEqual([]);
        } finally {
          bad.cleanup();
        }

        const good = EngineWorkdir.fromStackDir(engine, bin, manifest, synth('production'), engineVars);
        try {
          await good.init();
          await good.apply();
          expect(emu.collection('kubebackups').map(b => [b.name, b.source.namespaces])).toEqual([['py-apps', ['production']]]);
          await good.destroy();
        } finally {
          good.cleanup();
        }
      }, 600_000); // two Python synths (jsii starts a Node kernel each) and two engine runs: generous for a loaded machine
    });
  }
});
