/**
 * Adopting objects that already exist: `importExisting(id)` adds an import block with restful's import spec,
 * so the first apply takes the object over instead of creating a second one, and later plans are quiet.
 */
import { TerraformStack, Testing } from 'cdktf';
import { describeWithEngine, ENGINES } from './engines';
import { EngineWorkdir, pendingChanges } from './harness';
import { CloudCasaProvider, Duration, Policy, Schedule } from '../../lib';
import { CloudCasaClient } from '../../lib/client';
import { Emulator, startEmulator } from '../../lib/emulator';

for (const engine of ENGINES) {
  describeWithEngine(engine, 'import of existing objects', (bin, manifest) => {
    let emu: Emulator;
    beforeAll(async () => { emu = await startEmulator(); });
    afterAll(() => emu?.close());

    test('an existing policy is imported, updated in place, never created twice', async () => {
      // GIVEN a policy made outside Terraform
      const client = new CloudCasaClient({ apiUrl: emu.url, apiKey: emu.apiKey });
      const existing = await client.policies.create({
        name: 'legacy-weekly', timezone: 'UTC', schedules: [{ retainDays: 14, locked: false, schedule: { cronSpec: '0 2 * * SUN' } }],
      });
      // WHEN a stack declares it with importExisting() and a different retention
      const stack = new TerraformStack(Testing.app(), 'import');
      new CloudCasaProvider(stack, 'CloudCasa', { externalVersion: manifest.versions.external });
      const policy = new Policy(stack, 'Legacy', {
        policyName: 'legacy-weekly',
        timezone: 'UTC',
        schedules: [{ schedule: Schedule.cron('0 2 * * SUN'), retention: Duration.days(30) }],
      });
      policy.importExisting(existing._id);
      const wd = EngineWorkdir.fromJson(engine, bin, manifest, JSON.parse(Testing.synth(stack, true)), {
        TF_VAR_cloudcasa_api_url: emu.url, TF_VAR_cloudcasa_api_key: emu.apiKey,
      });
      try {
        await wd.init();
        const plan = await wd.plan();
        const [change] = pendingChanges(plan);
        expect(change.change.actions).toEqual(['update']);
        expect((change.change as any).importing?.id ?? JSON.stringify(plan)).toContain(existing._id);
        await wd.apply();
        // THEN the one policy is updated in place, and the next plan is quiet
        const all = emu.collection('policies');
        expect(all.map(p => [p._id, p.schedules[0].retainDays])).toEqual([[existing._id, 30]]);
        expect(emu.writeLog.filter(w => w.method === 'POST')).toHaveLength(1); // the client's create only
        expect(pendingChanges(await wd.plan())).toEqual([]);
        await wd.destroy();
        expect(emu.collection('policies')).toEqual([]);
      } finally {
        wd.cleanup();
      }
    });
  });
}
