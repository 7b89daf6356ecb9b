import { Schedule, WeekDay } from '../../lib';

describe('Schedule', () => {
  test('cron keeps a valid expression', () => {
    expect(Schedule.cron('30 0 * * MON,WED,FRI').expressionString).toBe('30 0 * * MON,WED,FRI');
    expect(Schedule.cron(' 0  2 */3 * * ').expressionString).toBe('0 2 */3 * *');
    expect(Schedule.cron('0 1-5/2 1,15 JAN-JUN 1-5').expressionString).toBe('0 1-5/2 1,15 JAN-JUN 1-5');
  });

  test('presets', () => {
    expect(Schedule.daily().expressionString).toBe('0 0 * * *');
    expect(Schedule.daily({ hour: 2, minute: 30 }).expressionString).toBe('30 2 * * *');
    expect(Schedule.weekly({ weekDays: [WeekDay.FRIDAY, WeekDay.MONDAY], hour: 1 }).expressionString).toBe('0 1 * * MON,FRI');
    expect(Schedule.everyNHours(6, { minute: 15 }).expressionString).toBe('15 */6 * * *');
    expect(Schedule.everyNHours(1).expressionString).toBe('0 * * * *');
    expect(Schedule.monthly({ day: 15, hour: 3 }).expressionString).toBe('0 3 15 * *');
    expect(Schedule.expression('@daily').expressionString).toBe('@daily');
  });

  test('moreFrequentThanDaily', () => {
    expect(Schedule.daily().moreFrequentThanDaily).toBe(false);
    expect(Schedule.weekly({ weekDays: [WeekDay.MONDAY] }).moreFrequentThanDaily).toBe(false);
    expect(Schedule.everyNHours(6).moreFrequentThanDaily).toBe(true);
    expect(Schedule.cron('0,30 2 * * *').moreFrequentThanDaily).toBe(true);
  });

  test('toString', () => {
    expect(Schedule.daily({ hour: 2 }).toString()).toBe("Schedule.cron('0 2 * * *')");
  });

  test.each([
    ['61 0 * * *', 'minute', '61'],
    ['0 24 * * *', 'hour', '24'],
    ['0 0 0 * *', 'dayOfMonth', '0'],
    ['0 0 32 * *', 'dayOfMonth', '32'],
    ['0 0 * 13 *', 'month', '13'],
    ['0 0 * * FOO', 'dayOfWeek', 'FOO'],
    ['0 5-1 * * *', 'hour', '5-1'],
    ['*/0 0 * * *', 'minute', '*/0'],
  ])('fails for %s naming the %s field', (expr, field, value) => {
    expect(() => Schedule.cron(expr)).toThrow(new RegExp(`Schedule\\.cron\\(.*'${field}' field of cron expression.*got "${value.replace(/[*/]/g, '\\$&')}"`));
  });

  test('fails for a wrong number of fields', () => {
    expect(() => Schedule.cron('0 0 * *')).toThrow(/'expression' has 4 fields instead of 5; got "0 0 \* \*"/);
    expect(() => Schedule.cron('0 0 0 * * *')).toThrow(/has 6 fields/);
    expect(() => Schedule.cron('')).toThrow(/has 0 fields/);
  });

  test('fails for out-of-range preset options', () => {
    expect(() => Schedule.daily({ hour: 24 })).toThrow(/Schedule\.daily\(\): 'hour' is out of range; got 24/);
    expect(() => Schedule.daily({ minute: 1.5 })).toThrow(/'minute' is out of range; got 1\.5/);
    expect(() => Schedule.everyNHours(0)).toThrow(/Schedule\.everyNHours\(\): 'hours' is out of range; got 0. Allowed: a whole number from 1 to 23/);
    expect(() => Schedule.monthly({ day: 32 })).toThrow(/'day' is out of range; got 32/);
    expect(() => Schedule.weekly({ weekDays: [] })).toThrow(/Schedule\.weekly\(\): 'weekDays' is out of range; got \[\]/);
  });
});
