import { CloudCasaClient, CloudCasaClientOptions } from '../../lib/client';
import { Emulator, EmulatorOptions, startEmulator } from '../../lib/emulator';

/** Starts an emulator on port 0 with fast jobs and a seeded cluster; `client()` talks to it. */
export async function setup(opts: EmulatorOptions = {}) {
  const emulator: Emulator = await startEmulator({ jobPendingMs: 20, jobRunningMs: 60, ...opts });
  const cluster = emulator.seedCluster({ name: 'prod', namespaces: ['default', 'production', 'kube-system'] });
  const client = (o: CloudCasaClientOptions = {}) => new CloudCasaClient({
    apiUrl: process.env.TEST_API_BASE_URL ?? emulator.url,
    apiKey: emulator.apiKey,
    retryBaseDelayMs: 5,
    retryMaxDelayMs: 50,
    ...o,
  });
  return { emulator, cluster, client };
}

export const policyBody = (name: string) => ({
  name,
  timezone: 'America/New_York',
  schedules: [{ retainDays: 7, locked: false, schedule: { cronSpec: '30 0 * * MON,WED,FRI' } }],
});

export const backupBody = (name: string, cluster: string, policy?: string) => ({
  name,
  cluster,
  trigger_type: policy ? 'SCHEDULED' as const : 'ADHOC' as const,
  ...(policy ? { policy } : {}),
  source: { all_namespaces: false, namespaces: ['default', 'production'], snapshotPersistentVolumes: true },
  pre_hooks: [],
  post_hooks: [],
});
