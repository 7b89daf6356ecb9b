/**
 * Plan-time validation end to end: the `external` data source runs the compiled CLI inside `plan` on Terraform
 * and OpenTofu. A misspelled namespace stops the plan before any write, with a message naming the construct
 * path, the field, the value and the likely fix; the corrected stack applies. Run `npx projen compile` first
 * (the engine runs lib/cli/casa.js).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { describeWithEngine, ENGINES } from './engines';
import { EngineWorkdir, pendingChanges } from './harness';
import {
  CloudCasaProvider, Duration, KubeBackup, KubeCluster, Namespaces, PlanValidation, Policy, Schedule, Trigger,
} from '../../lib';
import { Emulator, startEmulator } from '../../lib/emulator';

function synth(externalVersion: string, kubeconfig: string, namespaces: string[]): unknown {
  const stack = new TerraformStack(Testing.app(), 'e2e');
  new CloudCasaProvider(stack, 'CloudCasa', { externalVersion, planValidation: PlanValidation.kubeconfig({ path: kubeconfig }) });
  const nightly = new Policy(stack, 'Nightly', {
    policyName: 'e2e-validation-nightly', schedules: [{ schedule: Schedule.daily({ hour: 1 }), retention: Duration.days(7) }],
  });
  new KubeBackup(stack, 'Apps', {
    backupName: 'e2e-validation-apps',
    cluster: KubeCluster.fromName(stack, 'Cluster', 'prod'),
    namespaces: Namespaces.of(namespaces),
    trigger: Trigger.scheduled(nightly),
  });
  return JSON.parse(Testing.synth(stack, true));
}

const oneLine = (s: string) => s.replace(/\s+/g, ' ');

for (const engine of ENGINES) {
  describeWithEngine(engine, 'plan-time validation', (bin, manifest) => {
    let emu: Emulator;
    let dir: string;
    let kubeconfig: string;
    let wd: EngineWorkdir;

    beforeAll(async () => {
      emu = await startEmulator({});
      emu.seedCluster({ name: 'prod', namespaces: ['default', 'production', 'kube-system'] });
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-validation-'));
      kubeconfig = path.join(dir, 'kubeconfig');
      emu.writeKubeconfig(kubeconfig);
    });
    afterAll(async () => {
      wd?.cleanup();
      fs.rmSync(dir, { recursive: true, force: true });
      await emu.close();
    });

    test('a misspelled namespace fails plan before any write; the fixed stack applies and destroys', async () => {
      wd = EngineWorkdir.fromJson(engine, bin, manifest, synth(manifest.versions.external, kubeconfig, ['prodution']), {
        TF_VAR_cloudcasa_api_url: emu.url, TF_VAR_cloudcasa_api_key: emu.apiKey,
      });
      await wd.init();

      const failed = await wd.exec(['plan', '-no-color', '-input=false']);
      expect(failed.code).not.toBe(0);
      const message = oneLine(failed.stderr);
      // eslint-disable-next-line no-console
      console.log(`${engine} plan stderr:\n${failed.stderr}`);
      expect(message).toContain('CloudCasa plan-time validation of stack "e2e" found 1 error; nothing has been written.');
      expect(message).toContain('e2e/Apps: \'namespaces\' names a namespace that does not exist in cluster "prod"; got "prodution". '
        + 'Did you mean "production"? Namespaces in "prod": "default", "kube-system", "production".');
      expect(message).not.toContain(emu.apiKey);
      expect(emu.writeLog).toEqual([]);

      // `apply` plans first, so it stops the same way.
      expect((await wd.exec(['apply', '-no-color', '-input=false', '-auto-approve'])).code).not.toBe(0);
      expect(emu.writeLog).toEqual([]);

      wd.writeJson(synth(manifest.versions.external, kubeconfig, ['production']));
      await wd.apply();
      expect(emu.writeLog.map((w) => `${w.method} ${w.path.replace(/[a-f0-9]{24}/, '<id>')}`)).toEqual([
        'POST /api/v1/policies', 'POST /api/v1/kubebackups',
      ]);
      expect(emu.collection('kubebackups').map((b: any) => b.source.namespaces)).toEqual([['production']]);
      // The re-plan is empty and reads the data source during plan (nothing deferred to apply).
      const replan = await wd.plan();
      expect(pendingChanges(replan)).toEqual([]);
      expect((replan.resource_changes ?? []).filter((c) => c.change.actions.includes('read'))).toEqual([]);

      await wd.destroy();
      expect(emu.collection('kubebackups')).toEqual([]);
      expect(emu.collection('policies')).toEqual([]);
      // eslint-disable-next-line no-console
      console.log(`${engine}: ${wd.log.join('; ')}`);
    });
  });
}
