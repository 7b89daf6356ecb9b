// A Schedule as the five `schedule_*` fields of a freezer job (docs/openstack-freezer.md#schedules).
import { Token } from 'cdktf';
import * as errors from './_errors';
import type { Schedule } from './schedule';

/** The `job_schedule` fields of a backup plan. @internal */
export interface FreezerScheduleFields {
  readonly schedule_minute: string;
  readonly schedule_hour: string;
  readonly schedule_day: string;
  readonly schedule_month: string;
  readonly schedule_day_of_week: string;
}

interface CronField {
  readonly min: number;
  readonly max: number;
  readonly names?: string[];
}

const MINUTE: CronField = { min: 0, max: 59 };
const HOUR: CronField = { min: 0, max: 23 };
const DAY: CronField = { min: 1, max: 31 };
const MONTH: CronField = { min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] };
// cron numbering: 0 and 7 are Sunday
const WEEKDAY: CronField = { min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] };

/** Every value a cron field matches, ascending (`*`, `a`, `a-b`, `*\/n`, `a-b/n`, `a,b`, names). */
function expand(field: CronField, text: string): number[] {
  const value = (v: string): number => {
    if (/^\d+$/.test(v)) return Number(v);
    const i = field.names?.indexOf(v.toUpperCase()) ?? -1;
    return i + (field === MONTH ? 1 : 0);
  };
  const out = new Set<number>();
  for (const item of text.split(',')) {
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    const [lo, hi] = range === '*' ? [field.min, field.max] : range.includes('-')
      ? range.split('-').map(value) : [value(range), stepText === undefined ? value(range) : field.max];
    if (![lo, hi, step].every(Number.isInteger) || lo < field.min || hi > field.max || step < 1) return [];
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return [...out].sort((a, b) => a - b);
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * Renders a Schedule for freezer's scheduler, which hands the `schedule_*` fields to APScheduler's cron trigger:
 * every field is written as the explicit list of values it matches (as the API's own sample does, e.g.
 * `"0,1,2,3,4,5,6"`), minutes and hours with two digits (`"00"`, `"13"`), and weekdays in APScheduler's
 * numbering, where 0 is Monday (cron's 0 is Sunday). APScheduler requires every field to match while cron
 * matches a day of the month OR a weekday when both are restricted, so such a schedule is refused.
 * @internal
 */
export function freezerSchedule(path: string, prop: string, schedule: Schedule): FreezerScheduleFields {
  const expression = schedule?.expressionString;
  if (typeof expression !== 'string' || Token.isUnresolved(expression)) {
    throw errors.invalidProp(path, prop, String(expression), 'cannot be written as freezer schedule fields',
      'Use Schedule.daily(), weekly(), monthly(), everyNHours() or cron() with literal values: a token is only known to Terraform.');
  }
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    throw errors.invalidProp(path, prop, expression, 'is not a 5-field cron expression', 'Build it with a Schedule factory.');
  }
  const [minute, hour, day, month, weekday] = parts;
  if (day !== '*' && weekday !== '*') {
    throw errors.invalidProp(path, prop, expression,
      'restricts both the day of the month and the weekday, which cron matches as either one but freezer\'s scheduler (APScheduler) as both',
      'Use a schedule that restricts one of them, e.g. Schedule.monthly({ day: 1 }) or Schedule.weekly({ weekDays: [WeekDay.MONDAY] }).');
  }
  const fields = [[MINUTE, minute], [HOUR, hour], [DAY, day], [MONTH, month], [WEEKDAY, weekday]] as const;
  for (const [f, text] of fields) {
    if (expand(f, text).length === 0 || text.split(',').some((i) => expand(f, i).length === 0)) {
      throw errors.invalidProp(path, prop, expression, `has a field freezer cannot take: '${text}'`, 'Build it with a Schedule factory, which checks every field.');
    }
  }
  const apschedulerWeekdays = [...new Set(expand(WEEKDAY, weekday).map((d) => (d + 6) % 7))].sort((a, b) => a - b);
  return {
    schedule_minute: expand(MINUTE, minute).map(two).join(','),
    schedule_hour: expand(HOUR, hour).map(two).join(','),
    schedule_day: expand(DAY, day).join(','),
    schedule_month: expand(MONTH, month).join(','),
    schedule_day_of_week: apschedulerWeekdays.join(','),
  };
}
