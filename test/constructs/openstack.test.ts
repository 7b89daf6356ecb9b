import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { makeStack } from './util';
import { Errors, OpenStackBackupPlan, OpenStackProvider, Schedule, WeekDay } from '../../lib';
import { freezerSchedule } from '../../lib/_freezer-schedule';

const ALL_DAYS = '1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30,31';

function openstack() {
  const stack = new TerraformStack(Testing.app(), 'os');
  const provider = new OpenStackProvider(stack, 'OpenStack', { freezerUrl: 'https://freezer.example.com:9090', projectId: '3046fb2c2a314a0fbb32607caa1e5277' });
  return { stack, provider };
}

const synth = (stack: TerraformStack) => JSON.parse(Testing.synth(stack));

describe('OpenStackBackupPlan', () => {
  test('Schedule.daily({hour: 13}) with 7 recovery points: the job of the API\'s example, field for field', () => {
    const { stack } = openstack();
    const plan = new OpenStackBackupPlan(stack, 'Volumes', {
      planName: 'myplan', description: 'My new plan', schedule: Schedule.daily({ hour: 13 }), recoveryPoints: 7,
    });
    new TerraformOutput(stack, 'plan_id', { value: plan.planId });
    const json = synth(stack);
    const [r] = Object.values<any>(json.resource.restful_resource);
    expect(r).toEqual({
      provider: 'restful.openstack',
      path: 'v2/${var.openstack_project_id}/jobs',
      read_path: '$(path)/$(body.job_id)',
      update_method: 'PATCH',
      body: {
        name: 'myplan',
        description: 'My new plan',
        client_id: 'hci',
        disabled: false,
        job_schedule: {
          schedule_minute: '00',
          schedule_hour: '13',
          schedule_day: ALL_DAYS,
          schedule_month: '1,2,3,4,5,6,7,8,9,10,11,12',
          schedule_day_of_week: '0,1,2,3,4,5,6',
        },
        job_actions: [{ freezer_action: { action: 'backup', mode: 'hci-volumes', recovery_points_rotation: 7 } }],
      },
    });
    expect(json.output.plan_id.value).toMatch(/element\(split\("\/", restful_resource\.Volumes_[0-9A-F]+\.id\), 3\)/);
    expect(plan).toMatchObject({ planName: 'myplan', recoveryPoints: 7, mode: 'hci-volumes', disabled: false });
  });

  test('the provider: an aliased restful provider, X-Auth-Token from a sensitive variable, checked URL and project', () => {
    const { stack } = openstack();
    new OpenStackBackupPlan(stack, 'P', { schedule: Schedule.daily(), recoveryPoints: 1 });
    const json = synth(stack);
    const [p] = json.provider.restful;
    expect(p).toMatchObject({
      alias: 'openstack',
      base_url: '${var.openstack_freezer_url}',
      security: { apikey: [{ in: 'header', name: 'X-Auth-Token', value: '${var.openstack_auth_token}' }] },
      header: { 'Accept': 'application/json', 'Content-Type': 'application/json' },
    });
    expect(json.variable.openstack_auth_token).toMatchObject({ sensitive: true, type: 'string' });
    expect(json.variable.openstack_auth_token).not.toHaveProperty('default');
    expect(json.variable.openstack_freezer_url.default).toBe('https://freezer.example.com:9090');
    expect(json.variable.openstack_freezer_url.validation[0].condition).toContain('regex(');
    expect(json.variable.openstack_project_id.default).toBe('3046fb2c2a314a0fbb32607caa1e5277');
  });

  test('beside a CloudCasaProvider: two restful providers, the default one and the alias', () => {
    const { stack } = makeStack();
    new OpenStackProvider(stack, 'OpenStack');
    new OpenStackBackupPlan(stack, 'P', { schedule: Schedule.daily(), recoveryPoints: 3 });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider.restful.map((p: any) => p.alias ?? 'default').sort()).toEqual(['default', 'openstack']);
    // no default: a stack that does not set them stops at plan, asking for both
    expect(json.variable.openstack_freezer_url.default).toBeUndefined();
    expect(json.variable.openstack_project_id.default).toBeUndefined();
  });

  test.each([
    ['weekly on Sunday and Monday at 02:30 (APScheduler counts weekdays from Monday = 0)',
      Schedule.weekly({ weekDays: [WeekDay.SUNDAY, WeekDay.MONDAY], hour: 2, minute: 30 }),
      { schedule_minute: '30', schedule_hour: '02', schedule_day: ALL_DAYS, schedule_day_of_week: '0,6' }],
    ['every 6 hours at :15', Schedule.everyNHours(6, { minute: 15 }),
      { schedule_minute: '15', schedule_hour: '00,06,12,18', schedule_day_of_week: '0,1,2,3,4,5,6' }],
    ['monthly on the 1st', Schedule.monthly({ day: 1, hour: 4 }), { schedule_day: '1', schedule_hour: '04', schedule_day_of_week: '0,1,2,3,4,5,6' }],
    ['cron with ranges, steps, names and cron\'s Sunday 7', Schedule.cron('*/20 9-17/4 * JAN-MAR 5-7'),
      { schedule_minute: '00,20,40', schedule_hour: '09,13,17', schedule_month: '1,2,3', schedule_day_of_week: '4,5,6' }],
  ])('%s', (_what, schedule, fields) => {
    expect(freezerSchedule('test/P', 'schedule', schedule)).toMatchObject(fields);
  });

  test('what the schedule fields cannot express fails synth with path, field, value and what is allowed', () => {
    const { stack } = openstack();
    const error = (f: () => unknown) => { try { f(); } catch (e) { return e; } return undefined; };
    const both = error(() => new OpenStackBackupPlan(stack, 'Both', { schedule: Schedule.cron('0 1 1 * MON'), recoveryPoints: 7 }));
    expect(Errors.isValidationError(both)).toBe(true);
    expect(String(both)).toMatch(/os\/Both: 'schedule' restricts both the day of the month and the weekday.*got "0 1 1 \* MON".*Schedule\.monthly/);
    expect(() => new OpenStackBackupPlan(stack, 'Raw', { schedule: Schedule.expression('0 25 * * *'), recoveryPoints: 7 }))
      .toThrow(/os\/Raw: 'schedule' has a field freezer cannot take: '25'/);
    expect(() => new OpenStackBackupPlan(stack, 'Six', { schedule: Schedule.expression('0 0 * * * *'), recoveryPoints: 7 }))
      .toThrow(/os\/Six: 'schedule' is not a 5-field cron expression/);
  });

  test('bad props fail at synth, naming the construct', () => {
    const { stack } = openstack();
    const schedule = Schedule.daily();
    expect(() => new OpenStackBackupPlan(stack, 'Zero', { schedule, recoveryPoints: 0 })).toThrow(/os\/Zero: 'recoveryPoints'/);
    expect(() => new OpenStackBackupPlan(stack, 'Frac', { schedule, recoveryPoints: 2.5 })).toThrow(/os\/Frac: 'recoveryPoints'/);
    expect(() => new OpenStackBackupPlan(stack, 'NoSched', { recoveryPoints: 1 } as any)).toThrow(/os\/NoSched: 'schedule' is required/);
    expect(() => new OpenStackBackupPlan(stack, 'Mode', { schedule, recoveryPoints: 1, mode: ' ' })).toThrow(/os\/Mode: 'mode' must be a non-empty string/);
    const bare = new TerraformStack(new App(), 'bare');
    expect(() => new OpenStackBackupPlan(bare, 'P', { schedule, recoveryPoints: 1 })).toThrow(/has no OpenStackProvider/);
    const s2 = new TerraformStack(Testing.app(), 's2');
    expect(() => new OpenStackProvider(s2, 'Bad', { freezerUrl: 'http://x;touch PWNED' })).toThrow(/s2\/Bad: 'freezerUrl' .*is not an allowed freezer-api URL/);
    expect(() => new OpenStackProvider(s2, 'Bad2', { projectId: '../etc' })).toThrow(/s2\/Bad2: 'projectId'/);
    new OpenStackProvider(s2, 'One');
    expect(() => new OpenStackProvider(s2, 'Two')).toThrow(/already has an OpenStackProvider, s2\/One/);
  });

  test('disabled, custom mode and client, default name from the path', () => {
    const { stack } = openstack();
    new OpenStackBackupPlan(stack, 'Nightly', { schedule: Schedule.daily({ hour: 1 }), recoveryPoints: 14, mode: 'cinder', clientId: 'proj_host1', disabled: true });
    const [r] = Object.values<any>(synth(stack).resource.restful_resource);
    expect(r.body).toMatchObject({
      name: 'Nightly',
      client_id: 'proj_host1',
      disabled: true,
      job_actions: [{ freezer_action: { action: 'backup', mode: 'cinder', recovery_points_rotation: 14 } }],
    });
    expect(r.body).not.toHaveProperty('description');
  });
});
