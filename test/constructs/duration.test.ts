import { Duration } from '../../lib';

describe('Duration', () => {
  test('converts between units', () => {
    expect(Duration.days(7).toSeconds()).toBe(604800);
    expect(Duration.hours(48).toDays()).toBe(2);
    expect(Duration.minutes(90).toSeconds()).toBe(5400);
    expect(Duration.seconds(120).toMinutes()).toBe(2);
    expect(Duration.minutes(30).toHours({ integral: false })).toBe(0.5);
  });

  test('toString shows the code that creates it', () => {
    expect(Duration.days(7).toString()).toBe('Duration.days(7)');
    expect(`${Duration.minutes(30)}`).toBe('Duration.minutes(30)');
  });

  test('toHumanString', () => {
    expect(Duration.hours(36).toHumanString()).toBe('1 day 12 hours');
    expect(Duration.seconds(90).toHumanString()).toBe('1 minute 30 seconds');
    expect(Duration.days(0).toHumanString()).toBe('0 days');
    expect(Duration.days(2).toHumanString()).toBe('2 days');
  });

  test('plus', () => {
    expect(Duration.days(1).plus(Duration.hours(12)).toHours()).toBe(36);
  });

  test('fails when a conversion would lose precision', () => {
    expect(() => Duration.hours(36).toDays()).toThrow(/Duration\.hours\(36\)\.toDays\(\).*'duration'.*whole number of days.*"1 day 12 hours"/);
  });

  test('fails for negative or non-finite amounts', () => {
    expect(() => Duration.days(-1)).toThrow(/Duration\.days\(\): 'amount' must be a finite number >= 0; got -1/);
    expect(() => Duration.seconds(NaN)).toThrow(/'amount'.*got NaN/);
  });
});
