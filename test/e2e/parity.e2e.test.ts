/**
 * What CloudCasa's own provider does, end to end on both engines against the emulator: Azure user storage, a
 * cluster's default storage (and its drift from the UI), a copy that runs on apply with the same FAILED/PARTIAL
 * rules as a backup, and a backup whose cluster changes, which is planned as a replacement instead of the update
 * the API refuses: by the planned body when the new cluster is known, and by the cluster's id when a cluster of the
 * stack is itself re-created.
 */
import { TerraformStack, Testing } from 'cdktf';
import { describeWithEngine, ENGINES, RunResult } from './engines';
import { EngineWorkdir, pendingChanges, PlanJson } from './harness';
import {
  AzureObjectStore, CloudCasaProvider, KubeBackup, KubeCluster, KubeOffload, Namespaces, OffloadTarget, Trigger,
} from '../../lib';
import { CloudCasaClient } from '../../lib/client';
import { Emulator, startEmulator } from '../../lib/emulator';

/** The service principal, as sentinels: none may be printed by any command. */
const AZURE_SECRETS = {
  subscription_id: 'SENTINEL-sub-9c1e',
  tenant_id: 'SENTINEL-tenant-77ab',
  client_id: 'SENTINEL-client-3f20',
  client_secret: 'SENTINEL-secret-b41d',
};

/** Which cluster the backup is on: a cluster looked up by name, or the stack's own `Edge`. */
type On = 'prod' | 'dr' | 'edge';
interface Variant { readonly on: On; readonly copyParallelism: number; readonly edgeDefaultStore: boolean }

function synth(externalVersion: string, v: Variant): unknown {
  const stack = new TerraformStack(Testing.app(), 'parity');
  new CloudCasaProvider(stack, 'CloudCasa', { externalVersion });
  const vault = new AzureObjectStore(stack, 'Vault', {
    objectStoreName: 'parity-vault', region: 'eastus', resourceGroupName: 'backups-rg', storageAccountName: 'casabackups', governmentCloud: true,
  });
  const edge = new KubeCluster(stack, 'Edge', { clusterName: 'parity-edge', defaultObjectStore: v.edgeDefaultStore ? vault : undefined });
  const cluster = v.on === 'edge' ? edge : KubeCluster.fromName(stack, 'Lookup', v.on);
  const backup = new KubeBackup(stack, 'Apps', { backupName: 'parity-apps', cluster, namespaces: Namespaces.of(['default']), trigger: Trigger.adhoc() });
  new KubeOffload(stack, 'Copy', {
    offloadName: 'parity-copy',
    backup,
    target: OffloadTarget.objectStore(vault),
    trigger: Trigger.adhoc(),
    runOnApply: true,
    pvcParallelism: v.copyParallelism,
  });
  return JSON.parse(Testing.synth(stack, true));
}

const text = (r: RunResult) => `${r.stdout}\n${r.stderr}`;
const changeOf = (plan: PlanJson, prefix: string) =>
  pendingChanges(plan).filter((c) => c.type === 'restful_resource' && c.name.startsWith(prefix)).map((c) => c.change.actions);

for (const engine of ENGINES) {
  describeWithEngine(engine, 'parity with CloudCasa\'s provider: Azure storage, cluster default storage, copy on apply, cluster change', (bin, manifest) => {
    let emu: Emulator;
    let client: CloudCasaClient;
    let wd: EngineWorkdir;
    const outputs: string[] = [];
    const version = manifest.versions.external;
    const V0: Variant = { on: 'prod', copyParallelism: 1, edgeDefaultStore: true };
    const record = (r: RunResult) => { outputs.push(text(r)); return r; };
    const apply = async (v: Variant) => { wd.writeJson(synth(version, v)); return record(await wd.apply()); };
    const byName = (coll: string, name: string) => emu.collection(coll).find((d) => d.name === name);
    const copyJobs = () => emu.collection('jobs').filter((j) => j.display_name === 'parity-copy');

    beforeAll(async () => {
      emu = await startEmulator({ jobPendingMs: 50, jobRunningMs: 100 });
      emu.seedCluster({ name: 'prod', namespaces: ['default'] });
      emu.seedCluster({ name: 'dr', namespaces: ['default'] });
      client = new CloudCasaClient({ apiUrl: emu.url, apiKey: emu.apiKey });
      const secrets = Object.fromEntries(Object.entries(AZURE_SECRETS).map(([k, v]) => [`TF_VAR_cloudcasa_vault_${k}`, v]));
      wd = EngineWorkdir.fromJson(engine, bin, manifest, synth(version, V0), {
        TF_VAR_cloudcasa_api_url: emu.url, TF_VAR_cloudcasa_api_key: emu.apiKey, CLOUDCASA_POLL_INTERVAL: '50ms', ...secrets,
      });
      await wd.init();
    });
    afterAll(async () => { wd?.cleanup(); await emu?.close(); });

    test('1. apply: Azure storage with the provider\'s body, the cluster default, and the copy runs after its link', async () => {
      const r = await apply(V0);
      expect(r.stdout).toMatch(/job [0-9a-f]{24} of 'parity-copy' ended COMPLETED/);
      const vault = byName('objectstores', 'parity-vault');
      expect(vault).toMatchObject({
        provider_type: 'azure',
        region: 'eastus',
        s3provider: { cloud: 'Government', resource_group_name: 'backups-rg', storage_account_name: 'casabackups', credentials: AZURE_SECRETS },
      });
      expect(byName('kubeclusters', 'parity-edge').backup_provider).toEqual({ user_objectstore: vault._id });
      const backup = byName('kubebackups', 'parity-apps');
      const copy = byName('kubeoffloads', 'parity-copy');
      expect(backup.cluster).toBe(byName('kubeclusters', 'prod')._id);
      expect(backup.copydef).toBe(copy._id);
      expect(copy.offload_provider).toEqual({ user_objectstore: vault._id });
      // one copy job, asking for a fresh snapshot (the copy definition itself is ADHOC: run_backup false)
      expect(copyJobs().map((j) => [j.state, j.run_backup, j.kube_copy_progress?.total_pvs])).toEqual([['COMPLETED', true, 1]]);
      expect(copy.run_backup).toBe(false);
      expect(pendingChanges(await wd.plan())).toEqual([]);
      const vaultAddress = (await wd.show()).values!.root_module!.resources!.find((x) => x.name.startsWith('Vault_'))!.address;
      record(await wd.ok(['state', 'show', '-no-color', vaultAddress]));
      record(await wd.ok(['plan', '-no-color', '-input=false']));
    });

    test('2. the cluster default cleared in the UI is planned back as one update, and restored', async () => {
      // the UI clears the default storage (a PUT of the whole cluster, as the UI sends)
      await client.kubeclusters.update(byName('kubeclusters', 'parity-edge')._id, { backup_provider: {} });
      expect(byName('kubeclusters', 'parity-edge').backup_provider).toEqual({});
      const plan = await wd.plan();
      expect(pendingChanges(plan).map((c) => [c.name.split('_')[0], c.change.actions])).toEqual([['Edge', ['update']]]);
      record(await wd.apply());
      expect(byName('kubeclusters', 'parity-edge').backup_provider).toEqual({ user_objectstore: byName('objectstores', 'parity-vault')._id });
      expect(copyJobs()).toHaveLength(1);
      expect(pendingChanges(await wd.plan())).toEqual([]);
    });

    test('3. a backup moved to another cluster (known id) is replaced, keeps its name, and is linked to its copy again', async () => {
      const old = byName('kubebackups', 'parity-apps');
      wd.writeJson(synth(version, { ...V0, on: 'dr' }));
      const plan = await wd.plan();
      expect(changeOf(plan, 'Apps')).toEqual([['delete', 'create']]);
      emu.clearLogs();
      record(await wd.apply());
      const now = byName('kubebackups', 'parity-apps');
      expect(now._id).not.toBe(old._id);
      expect(now.cluster).toBe(byName('kubeclusters', 'dr')._id);
      expect(now.copydef).toBe(byName('kubeoffloads', 'parity-copy')._id);
      // no update of the cluster was ever attempted
      expect(emu.requestLog.filter((x) => x.status >= 400)).toEqual([]);
      expect(pendingChanges(await wd.plan())).toEqual([]);
    });

    test('4. moved to the stack\'s own cluster, then that cluster re-created: the backup follows by the cluster\'s id', async () => {
      await apply({ ...V0, on: 'edge' });
      const onEdge = byName('kubebackups', 'parity-apps');
      expect(onEdge.cluster).toBe(byName('kubeclusters', 'parity-edge')._id);
      expect(pendingChanges(await wd.plan())).toEqual([]);

      const edgeAddress = (await wd.show()).values!.root_module!.resources!.find((x) => x.type === 'restful_resource' && x.name.startsWith('Edge_'))!.address;
      const plan = await wd.plan([`-replace=${edgeAddress}`]);
      // the new cluster's id is unknown at plan, so restful cannot see the change: replace_triggered_by does
      expect(changeOf(plan, 'Edge')).toEqual([['delete', 'create']]);
      expect(changeOf(plan, 'Apps')).toEqual([['delete', 'create']]);
      emu.clearLogs();
      record(await wd.ok(['apply', '-no-color', '-input=false', '-auto-approve', 'tfplan']));
      const edge = byName('kubeclusters', 'parity-edge');
      const now = byName('kubebackups', 'parity-apps');
      expect(now._id).not.toBe(onEdge._id);
      expect(now.cluster).toBe(edge._id);
      expect(now.copydef).toBe(byName('kubeoffloads', 'parity-copy')._id);
      expect(emu.requestLog.filter((x) => x.status >= 400)).toEqual([]);
      expect(pendingChanges(await wd.plan())).toEqual([]);
    });

    test('5. a FAILED copy job fails the apply with its message; a PARTIAL one warns and the apply succeeds', async () => {
      emu.scriptJob('parity-copy', { state: 'FAILED', message: 'upload to Azure blob failed: 403 AuthorizationFailure', once: true });
      wd.writeJson(synth(version, { ...V0, on: 'edge', copyParallelism: 2 }));
      const failed = record(await wd.exec(['apply', '-no-color', '-input=false', '-auto-approve']));
      expect(failed.code).not.toBe(0);
      expect(text(failed).replace(/\s+/g, ' ')).toMatch(/job parity-copy-\d+ of 'parity-apps' FAILED: upload to Azure blob failed: 403 AuthorizationFailure/);
      expect(copyJobs().at(-1)?.state).toBe('FAILED');

      emu.scriptJob('parity-copy', { state: 'PARTIAL', message: '1 of 2 volumes copied', once: true });
      const partial = record(await wd.apply());
      expect(text(partial)).toMatch(/warning: job [0-9a-f]{24} of 'parity-copy' ended PARTIAL: 1 of 2 volumes copied/);
      expect(copyJobs().at(-1)?.state).toBe('PARTIAL');
      expect(pendingChanges(await wd.plan())).toEqual([]);
    });

    test('6. destroy removes every object; no output of the whole run holds an Azure secret', async () => {
      record(await wd.destroy());
      for (const coll of ['kubebackups', 'kubeoffloads', 'objectstores']) expect(emu.collection(coll)).toEqual([]);
      expect(emu.collection('kubeclusters').map((c) => c.name).sort()).toEqual(['dr', 'prod']);
      for (const out of outputs) for (const secret of Object.values(AZURE_SECRETS)) expect(out).not.toContain(secret);
      expect(outputs.length).toBeGreaterThanOrEqual(10);
    });
  });
}
