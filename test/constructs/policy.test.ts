import { Testing } from 'cdktf';
import { makeStack, only, synthJson, WRITE_HEADERS, resolved } from './util';
import { Duration, Policy, Schedule, WeekDay } from '../../lib';

describe('Policy', () => {
  test('default configuration', () => {
    // GIVEN
    const { stack } = makeStack();
    // WHEN
    const policy = new Policy(stack, 'Nightly', {
      schedules: [{ schedule: Schedule.daily({ hour: 2 }), retention: Duration.days(30) }],
    });
    // THEN
    const json = synthJson(stack);
    expect(only(json, 'restful_resource')).toEqual({
      path: 'policies',
      read_path: '$(path)/$(body._id)',
      update_method: 'PUT',
      update_body_patches: expect.any(Array),
      update_header: WRITE_HEADERS,
      delete_header: WRITE_HEADERS,
      body: {
        name: 'Nightly',
        timezone: 'UTC',
        schedules: [{ retainDays: 30, locked: false, schedule: { cronSpec: '0 2 * * *' } }],
      },
    });
    expect(policy.policyName).toBe('Nightly');
    expect(policy.timezone).toBe('UTC');
    expect(policy.freePlan).toBe(false);
  });

  test('custom configuration', () => {
    // GIVEN
    const { stack } = makeStack();
    // WHEN
    const policy = new Policy(stack, 'Weekly', {
      policyName: 'weekly-berlin',
      timezone: 'Europe/Berlin',
      schedules: [{ schedule: Schedule.cron('30 0 * * MON,WED,FRI'), retention: Duration.days(14), locked: true }],
    });
    policy.addSchedule({ schedule: Schedule.weekly({ weekDays: [WeekDay.SUNDAY], hour: 4 }), retention: Duration.hours(24 * 90) });
    // THEN
    expect(Testing.synth(stack)).toMatchSnapshot();
    const body = only(synthJson(stack), 'restful_resource').body;
    expect(body).toEqual({
      name: 'weekly-berlin',
      timezone: 'Europe/Berlin',
      schedules: [
        { retainDays: 14, locked: true, schedule: { cronSpec: '30 0 * * MON,WED,FRI' } },
        { retainDays: 90, locked: false, schedule: { cronSpec: '0 4 * * SUN' } },
      ],
    });
    expect(policy.schedules).toHaveLength(2);
  });

  test('policyId refers to the created object', () => {
    const { stack } = makeStack();
    const policy = new Policy(stack, 'P', { schedules: [{ schedule: Schedule.daily(), retention: Duration.days(1) }] });
    expect(resolved(stack, policy.policyId)).toMatch(/^\$\{element\(split\("\/", restful_resource\.P_[0-9A-F]+\.id\), 1\)\}$/);
  });

  test('fromPolicyId and fromName', () => {
    const { stack } = makeStack();
    expect(Policy.fromPolicyId(stack, 'Existing', '5f612ac2a47691eb08e77904').policyId).toBe('5f612ac2a47691eb08e77904');
    const byName = Policy.fromName(stack, 'ByName', 'gold');
    const json = synthJson(stack);
    expect(only(json, 'restful_resource', 'data')).toEqual({
      id: 'policies',
      query: { where: ['{"name":"gold"}'] },
      selector: '_items.0',
      output_attrs: ['_id', 'name'],
      allow_not_exist: true,
      lifecycle: { postcondition: [expect.objectContaining({ condition: '${self.output != null}' })] },
    });
    expect(resolved(stack, byName.policyId)).toMatch(/^\$\{try\(data\.restful_resource\.ByName_Lookup_[0-9A-F]+\.output\._id, ""\)\}$/);
  });

  test('importSpec and importExisting', () => {
    expect(JSON.parse(Policy.importSpec('abc'))).toEqual({
      id: 'policies/abc', path: 'policies', body: { name: null, timezone: null, schedules: null },
    });
    const { stack } = makeStack();
    const policy = new Policy(stack, 'P', { schedules: [{ schedule: Schedule.daily(), retention: Duration.days(1) }] });
    policy.importExisting('abc');
    const json = synthJson(stack);
    expect(json.import).toEqual([{ id: Policy.importSpec('abc'), to: expect.stringMatching(/^restful_resource\.P_/) }]);
    expect(() => Policy.importSpec('a/b')).toThrow(/Policy\.importSpec\(\): 'id' must be a non-empty CloudCasa id without '\/'; got "a\/b"/);
  });

  test('fails at synth when the policy has no schedule', () => {
    const { stack } = makeStack();
    new Policy(stack, 'Empty');
    expect(() => Testing.synth(stack, true)).toThrow(/test\/Empty: a Policy must have at least one schedule; got none/);
  });

  test('fails for an unknown time zone, with suggestions', () => {
    const { stack } = makeStack();
    expect(() => new Policy(stack, 'P', { timezone: 'Europe/Berln' })).toThrow(
      /test\/P: 'timezone' is not an IANA time zone; got "Europe\/Berln"\. Use a name from Intl\.supportedValuesOf/,
    );
    expect(() => new Policy(stack, 'P2', { timezone: 'berlin' })).toThrow(/Did you mean 'Europe\/Berlin'\?/);
  });

  test('accepts UTC and GMT', () => {
    const { stack } = makeStack();
    expect(new Policy(stack, 'U', { timezone: 'UTC' }).timezone).toBe('UTC');
    expect(new Policy(stack, 'G', { timezone: 'GMT' }).timezone).toBe('GMT');
  });

  test('fails for retention that is not whole days', () => {
    const { stack } = makeStack();
    expect(() => new Policy(stack, 'P', { schedules: [{ schedule: Schedule.daily(), retention: Duration.hours(36) }] })).toThrow(
      /test\/P: 'schedules\[0\]\.retention' must be a whole number of days, at least 1; got "1 day 12 hours"/,
    );
    const p = new Policy(stack, 'P2');
    expect(() => p.addSchedule({ schedule: Schedule.daily(), retention: Duration.days(0) })).toThrow(
      /test\/P2: 'schedules\[0\]\.retention' .*got "0 days"/,
    );
  });

  test('fails for a missing schedule', () => {
    const { stack } = makeStack();
    const p = new Policy(stack, 'P');
    expect(() => p.addSchedule({ retention: Duration.days(1) } as any)).toThrow(/test\/P: 'schedules\[0\]\.schedule' is required; got undefined/);
  });

  test('Free plan checks', () => {
    const { stack } = makeStack();
    const p = new Policy(stack, 'Free', { freePlan: true });
    expect(() => p.addSchedule({ schedule: Schedule.daily(), retention: Duration.days(31) })).toThrow(
      /test\/Free: 'schedules\[0\]\.retention' retention above 30 days is not allowed on the CloudCasa Free plan; got "31 days"/,
    );
    expect(() => p.addSchedule({ schedule: Schedule.daily(), retention: Duration.days(7), locked: true })).toThrow(
      /'schedules\[0\]\.locked' SafeLock is not available on the CloudCasa Free plan; got true/,
    );
    expect(() => p.addSchedule({ schedule: Schedule.everyNHours(6), retention: Duration.days(7) })).toThrow(
      /'schedules\[0\]\.schedule' schedules more frequent than daily are not allowed on the CloudCasa Free plan; got "0 \*\/6 \* \* \*"/,
    );
    expect(p.addSchedule({ schedule: Schedule.daily(), retention: Duration.days(30) }).locked).toBe(false);
  });
});
