// The main example: nightly and weekly snapshots of two namespaces, and a daily copy backup of the same namespaces
// to CloudCasa-managed S3 storage on a policy of its own. A copy backup is its own definition: a KubeBackup with no
// schedule (ADHOC) whose KubeOffload carries the policy and takes a fresh snapshot before each copy (README,
// "Copy backups"). examples/python/scheduled_backup/main.py declares the same stack through the Python package;
// test/python/parity.test.ts checks that both synthesize identical Terraform JSON.
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import {
  CloudCasaProvider, Duration, KubeBackup, KubeCluster, KubeOffload, Namespaces, OffloadTarget, Policy, Schedule,
  Trigger, WeekDay,
} from '../../lib';

/** The stack name (the directory under `cdktf.out/stacks/`). */
export const STACK_NAME = 'cloudcasa-scheduled-backup';

/**
 * Declares the example stack in `app`.
 *
 * Reads `CLOUDCASA_CLUSTER`: the name of the registered cluster to back up (default `prod`).
 */
export function buildStack(app: Construct, env: NodeJS.ProcessEnv = process.env): TerraformStack {
  const stack = new TerraformStack(app, STACK_NAME);
  // The state file beside cdktf.json, as with cdktf's default backend, but written relative to the stack directory
  // (cdktf.out/stacks/<name>/): the default is an absolute path taken from the working directory at synth time.
  new LocalBackend(stack, { path: `../../../terraform.${STACK_NAME}.tfstate` });

  // The CLI the engine runs (validation, copydef link) defaults to this package's own copy; CLOUDCASA_CLI overrides it.
  new CloudCasaProvider(stack, 'CloudCasa');

  const cluster = KubeCluster.fromName(stack, 'Cluster', env.CLOUDCASA_CLUSTER ?? 'prod');

  const snapshots = new Policy(stack, 'SnapshotPolicy', {
    policyName: 'prod-snapshots',
    timezone: 'Europe/Berlin',
    schedules: [
      { schedule: Schedule.daily({ hour: 1, minute: 30 }), retention: Duration.days(30) },
      {
        schedule: Schedule.weekly({ weekDays: [WeekDay.SUNDAY], hour: 3 }),
        retention: Duration.days(90),
        locked: true,
      },
    ],
  });

  new KubeBackup(stack, 'Backup', {
    backupName: 'prod-apps',
    cluster,
    namespaces: Namespaces.of(['production', 'default']),
    trigger: Trigger.scheduled(snapshots),
  });

  const copies = new Policy(stack, 'CopyPolicy', {
    policyName: 'prod-copies',
    timezone: 'Europe/Berlin',
    schedules: [{ schedule: Schedule.daily({ hour: 4 }), retention: Duration.days(60) }],
  });

  // The snapshot half of the copy backup: no schedule of its own, the copy's policy runs it.
  const copySource = new KubeBackup(stack, 'CopySource', {
    backupName: 'prod-apps-offsite',
    cluster,
    namespaces: Namespaces.of(['production', 'default']),
    trigger: Trigger.adhoc(),
  });

  new KubeOffload(stack, 'Copy', {
    offloadName: 'prod-apps-copy',
    backup: copySource,
    target: OffloadTarget.provider('aws', 'us-east-2'),
    trigger: Trigger.scheduled(copies),
    deleteSnapshots: false,
  });

  return stack;
}

if (require.main === module) {
  const app = new App();
  buildStack(app);
  app.synth();
}
