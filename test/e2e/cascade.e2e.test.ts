/**
 * Destroy under a server-side cascade (`cascadeOffloadDelete`: deleting a kubeoffload clears its kubebackup's
 * `copydef`, changing that backup's etag). Nobody knows whether CloudCasa does this (docs/emulator-evidence.md#deletes);
 * if it does, the backup's DELETE carries the etag Terraform read before the offload went, and gets 412. restful
 * never retries a 412 (a blind retry would overwrite someone else's change), so the first destroy stops there with
 * the offload gone; the next destroy refreshes the etag and finishes. The test pins exactly that, on both engines:
 * nothing is deleted that should not be, the error names the backup, and a second run converges.
 */
import { TerraformStack, Testing } from 'cdktf';
import { describeWithEngine, ENGINES } from './engines';
import { EngineWorkdir } from './harness';
import { CloudCasaProvider, Duration, KubeBackup, KubeCluster, KubeOffload, Namespaces, OffloadTarget, Policy, Schedule, Trigger } from '../../lib';
import { Emulator, startEmulator } from '../../lib/emulator';

function synth(externalVersion: string): unknown {
  const stack = new TerraformStack(Testing.app(), 'cascade');
  new CloudCasaProvider(stack, 'CloudCasa', { externalVersion });
  const cluster = KubeCluster.fromName(stack, 'Cluster', 'prod');
  const weekly = new Policy(stack, 'Weekly', { policyName: 'cascade-weekly', schedules: [{ schedule: Schedule.cron('0 3 * * SUN'), retention: Duration.days(30) }] });
  const backup = new KubeBackup(stack, 'Apps', { backupName: 'cascade-apps', cluster, namespaces: Namespaces.of(['default']), trigger: Trigger.adhoc() });
  new KubeOffload(stack, 'Copy', { offloadName: 'cascade-copy', backup, target: OffloadTarget.provider('aws', 'us-east-2'), trigger: Trigger.scheduled(weekly) });
  return JSON.parse(Testing.synth(stack, true));
}

for (const engine of ENGINES) {
  describeWithEngine(engine, 'destroy with the kubeoffload cascade switch on', (bin, manifest) => {
    let emu: Emulator;
    let wd: EngineWorkdir;

    beforeAll(async () => {
      emu = await startEmulator({ cascadeOffloadDelete: true });
      emu.seedCluster({ name: 'prod', namespaces: ['default'] });
      wd = EngineWorkdir.fromJson(engine, bin, manifest, synth(manifest.versions.external), {
        TF_VAR_cloudcasa_api_url: emu.url, TF_VAR_cloudcasa_api_key: emu.apiKey,
      });
      await wd.init();
      await wd.apply();
    });
    afterAll(async () => { wd?.cleanup(); await emu?.close(); });

    test('the first destroy stops at the backup with a 412 and deletes nothing else wrongly; the second converges', async () => {
      const [backup] = emu.collection('kubebackups');
      expect(backup.copydef).toBe(emu.collection('kubeoffloads')[0]._id);
      emu.clearLogs();

      const first = await wd.exec(['destroy', '-no-color', '-input=false', '-auto-approve']);
      expect(first.code).not.toBe(0);
      expect(first.stderr).toMatch(/412/);
      expect(emu.collection('kubeoffloads')).toEqual([]);
      // the backup is still there, its copy link cleared by the cascade; the 412 was its only failed write
      expect(emu.collection('kubebackups').map((b) => [b.name, b.copydef])).toEqual([['cascade-apps', undefined]]);
      expect(emu.writeLog.filter((w) => w.status >= 400).map((w) => [w.method, w.path.replace(/[a-f0-9]{24}/, '<id>'), w.status]))
        .toEqual([['DELETE', '/api/v1/kubebackups/<id>', 412]]);

      await wd.destroy();
      expect(emu.collection('kubebackups')).toEqual([]);
      expect(emu.collection('policies')).toEqual([]);
      expect((await wd.show()).values?.root_module?.resources ?? []).toEqual([]);
    });
  });
}
