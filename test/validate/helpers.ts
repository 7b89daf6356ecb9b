import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudCasaClient } from '../../lib/client';
import { Emulator, startEmulator } from '../../lib/emulator';
import { BackupSpec, NamespaceSourceSpec, OffloadSpec, ValidationSpec } from '../../lib/validate';
import { policyBody } from '../client/fixtures';

export const PROD_NAMESPACES = ['default', 'kube-system', 'production', 'payments'];
export const STAGING_NAMESPACES = ['default', 'staging'];

export interface World {
  readonly emulator: Emulator;
  readonly client: CloudCasaClient;
  readonly prodId: string;
  readonly stagingId: string;
  readonly nightlyId: string;
  /** A kubeconfig with one context per cluster, named like the cluster. */
  readonly kubeconfig: string;
  readonly dir: string;
  close(): Promise<void>;
}

/** An emulator with clusters `prod` (ACTIVE) and `staging` (PENDING), policy `nightly`, and a kubeconfig for both. */
export async function world(): Promise<World> {
  const emulator = await startEmulator({});
  const prodId = emulator.seedCluster({ name: 'prod', namespaces: PROD_NAMESPACES })._id;
  const stagingId = emulator.seedCluster({ name: 'staging', namespaces: STAGING_NAMESPACES, state: 'PENDING' })._id;
  const client = new CloudCasaClient({ apiUrl: emulator.url, apiKey: emulator.apiKey, retryBaseDelayMs: 5, retryMaxDelayMs: 50 });
  const nightlyId = (await client.policies.create(policyBody('nightly')))._id;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cc-validate-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  emulator.writeKubeconfig(kubeconfig);
  return {
    emulator,
    client,
    prodId,
    stagingId,
    nightlyId,
    kubeconfig,
    dir,
    async close() {
      fs.rmSync(dir, { recursive: true, force: true });
      await emulator.close();
    },
  };
}

/** A valid SCHEDULED backup of `prod` (override what a test is about). */
export function backup(over: Partial<BackupSpec> = {}): BackupSpec {
  return {
    path: 'app/Apps',
    name: 'apps',
    cluster: { name: 'prod' },
    allNamespaces: false,
    namespaces: ['production'],
    triggerType: 'SCHEDULED',
    policy: { name: 'nightly' },
    ...over,
  };
}

export function offload(over: Partial<OffloadSpec> = {}): OffloadSpec {
  return { path: 'app/Copy', name: 'copy', backup: { inStack: 'apps' }, triggerType: 'SCHEDULED', policy: { name: 'nightly' }, ...over };
}

export function spec(backups: BackupSpec[], offloads: OffloadSpec[] = [], namespaceSource: NamespaceSourceSpec = { mode: 'none' }): ValidationSpec {
  return { version: 1, stack: 'app', namespaceSource, backups, offloads };
}
