/**
 * An OpenStack backup plan (freezer-api v2 job): the project's volumes every day at 13:00, keeping 7 recovery
 * points. The freezer endpoint and project come from TF_VAR_openstack_freezer_url and TF_VAR_openstack_project_id,
 * the Keystone token from TF_VAR_openstack_auth_token (e.g. `openstack token issue -f value -c id`).
 *
 * Run it from this folder: `npx cdktf deploy` (see README.md, "OpenStack backup plans").
 */
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { OpenStackBackupPlan, OpenStackProvider, Schedule } from '../../lib';

export interface OpenStackBackupPlanOptions {
  /** The plan name. @default 'myplan' */
  readonly planName?: string;
  /** Recovery points kept. @default 7 */
  readonly recoveryPoints?: number;
}

export function buildStack(app: App, opts: OpenStackBackupPlanOptions = {}): TerraformStack {
  const stack = new TerraformStack(app, 'openstack-backup-plan');
  new LocalBackend(stack, { path: '../../../terraform.openstack-backup-plan.tfstate' });
  new OpenStackProvider(stack, 'OpenStack');
  new OpenStackBackupPlan(stack, 'Volumes', {
    planName: opts.planName ?? 'myplan',
    description: 'My new plan',
    schedule: Schedule.daily({ hour: 13 }),
    recoveryPoints: opts.recoveryPoints ?? 7,
  });
  return stack;
}

if (require.main === module) {
  const app = new App();
  buildStack(app);
  app.synth();
}
