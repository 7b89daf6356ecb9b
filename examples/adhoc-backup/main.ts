/**
 * The `test_terraform_kubebackup` workflow: an ADHOC backup of one namespace that runs on every apply that
 * creates or changes it, waits for its job, and fails the apply if the job FAILS. List its jobs afterwards
 * with `casa list jobs --where backupdef_name test_terraform_kubebackup`.
 *
 * Run it from this folder: `npx cdktf deploy` (see README.md for the engine and the environment).
 */
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { CloudCasaProvider, Duration, KubeBackup, KubeCluster, Namespaces, Trigger } from '../../lib';

export interface AdhocBackupOptions {
  /** The registered cluster to back up. @default - env CLOUDCASA_CLUSTER, else 'prod' */
  readonly clusterName?: string;
  /** The namespace to back up. @default 'production' */
  readonly namespace?: string;
}

export function buildStack(app: App, opts: AdhocBackupOptions = {}): TerraformStack {
  const stack = new TerraformStack(app, 'cloudcasa-adhoc-backup');
  // State next to cdktf.out/ (cdktf's default path is absolute from wherever synth ran).
  new LocalBackend(stack, { path: '../../../terraform.cloudcasa-adhoc-backup.tfstate' });
  new CloudCasaProvider(stack, 'CloudCasa');
  const cluster = KubeCluster.fromName(stack, 'Cluster', opts.clusterName ?? process.env.CLOUDCASA_CLUSTER ?? 'prod');
  new KubeBackup(stack, 'TestBackup', {
    backupName: 'test_terraform_kubebackup',
    cluster,
    namespaces: Namespaces.of([opts.namespace ?? 'production']),
    trigger: Trigger.adhoc(),
    runOnApply: true,
    runOnApplyRetention: Duration.days(7),
    runOnApplyTimeout: Duration.minutes(30),
  });
  return stack;
}

if (require.main === module) {
  const app = new App();
  buildStack(app);
  app.synth();
}
