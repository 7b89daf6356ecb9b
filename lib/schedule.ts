import { CronExpressionParser } from 'cron-parser';
import * as errors from './_errors';

/** A day of the week, as CloudCasa's cron accepts it. */
export enum WeekDay {
  /** Monday */
  MONDAY = 'MON',
  /** Tuesday */
  TUESDAY = 'TUE',
  /** Wednesday */
  WEDNESDAY = 'WED',
  /** Thursday */
  THURSDAY = 'THU',
  /** Friday */
  FRIDAY = 'FRI',
  /** Saturday */
  SATURDAY = 'SAT',
  /** Sunday */
  SUNDAY = 'SUN',
}

/** Time of day for schedule presets. */
export interface TimeOfDayOptions {
  /**
   * Hour of the day, 0-23, in the policy's time zone.
   * @default 0
   */
  readonly hour?: number;
  /**
   * Minute of the hour, 0-59.
   * @default 0
   */
  readonly minute?: number;
}

/** Options for `Schedule.daily()`. */
export interface DailyScheduleOptions extends TimeOfDayOptions {}

/** Options for `Schedule.weekly()`. */
export interface WeeklyScheduleOptions extends TimeOfDayOptions {
  /** The days of the week to run on (at least one). */
  readonly weekDays: WeekDay[];
}

/** Options for `Schedule.monthly()`. */
export interface MonthlyScheduleOptions extends TimeOfDayOptions {
  /**
   * Day of the month, 1-31. Months without that day are skipped, as in cron.
   * @default 1
   */
  readonly day?: number;
}

/** Options for `Schedule.everyNHours()`. */
export interface HourlyScheduleOptions {
  /**
   * Minute of the hour, 0-59.
   * @default 0
   */
  readonly minute?: number;
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: string[];
}

const FIELDS: FieldSpec[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'dayOfMonth', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'] },
  { name: 'dayOfWeek', min: 0, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
];

function allowedText(f: FieldSpec): string {
  const names = f.names ? ` or names ${f.names[0]}-${f.names[f.names.length - 1]}` : '';
  return `'*', numbers ${f.min}-${f.max}${names}, ranges 'a-b', steps '*/n' or 'a-b/n', lists 'a,b'`;
}

/** Checks one cron field; returns true when valid. */
function fieldIsValid(f: FieldSpec, text: string): boolean {
  const value = (v: string): number | undefined => {
    if (/^\d+$/.test(v)) {
      const n = Number(v);
      return n >= f.min && n <= f.max ? n : undefined;
    }
    const idx = f.names?.indexOf(v.toUpperCase()) ?? -1;
    return idx >= 0 ? idx + (f.name === 'month' ? 1 : 0) : undefined;
  };
  for (const item of text.split(',')) {
    const m = /^([^/]+)(?:\/(\d+))?$/.exec(item);
    if (!m) return false;
    const [, range, step] = m;
    if (step !== undefined && (Number(step) < 1 || Number(step) > f.max)) return false;
    if (range === '*') continue;
    const bounds = range.split('-');
    if (bounds.length > 2) return false;
    const lo = value(bounds[0]);
    const hi = bounds.length === 2 ? value(bounds[1]) : lo;
    if (lo === undefined || hi === undefined || hi < lo) return false;
  }
  return true;
}

function checkInt(factory: string, prop: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw errors.scheduleOption(factory, prop, v, `a whole number from ${min} to ${max}`);
  }
  return v;
}

/**
 * When a CloudCasa policy runs: a 5-field cron expression (`minute hour day-of-month month day-of-week`),
 * evaluated in the policy's time zone.
 *
 * Build one with a preset (`Schedule.daily({ hour: 2 })`), `Schedule.cron('30 0 * * MON,WED,FRI')`, or the
 * unchecked escape hatch `Schedule.expression()`.
 */
export class Schedule {
  /**
   * A 5-field cron expression, validated now: each field is checked (the error names the bad field) and the whole
   * expression is parsed with cron-parser.
   * @param expression e.g. `30 0 * * MON,WED,FRI`
   */
  public static cron(expression: string): Schedule {
    const factory = `Schedule.cron(${JSON.stringify(expression)})`;
    if (typeof expression !== 'string') {
      throw errors.cronRejected(factory, String(expression), 'not a string');
    }
    const parts = expression.trim().split(/\s+/);
    if (parts.length !== 5) {
      throw errors.cronFieldCount(factory, expression, parts[0] === '' ? 0 : parts.length);
    }
    parts.forEach((part, i) => {
      if (!fieldIsValid(FIELDS[i], part)) {
        throw errors.cronBadField(factory, expression, FIELDS[i].name, part, allowedText(FIELDS[i]));
      }
    });
    try {
      CronExpressionParser.parse(parts.join(' '));
    } catch (e) {
      throw errors.cronRejected(factory, expression, (e as Error).message);
    }
    return new Schedule(parts.join(' '));
  }

  /**
   * Once a day.
   * @param options Time of day
   */
  public static daily(options: DailyScheduleOptions = {}): Schedule {
    const f = 'Schedule.daily()';
    const hour = checkInt(f, 'hour', options.hour ?? 0, 0, 23);
    const minute = checkInt(f, 'minute', options.minute ?? 0, 0, 59);
    return new Schedule(`${minute} ${hour} * * *`);
  }

  /**
   * On some days of the week.
   * @param options Days and time of day
   */
  public static weekly(options: WeeklyScheduleOptions): Schedule {
    const f = 'Schedule.weekly()';
    const days = options.weekDays ?? [];
    const known = Object.values(WeekDay) as string[];
    if (days.length === 0 || days.some((d) => !known.includes(d))) {
      throw errors.scheduleOption(f, 'weekDays', days, `a non-empty list of WeekDay values (${known.join(', ')})`);
    }
    const hour = checkInt(f, 'hour', options.hour ?? 0, 0, 23);
    const minute = checkInt(f, 'minute', options.minute ?? 0, 0, 59);
    const unique = known.filter((d) => days.includes(d as WeekDay));
    return new Schedule(`${minute} ${hour} * * ${unique.join(',')}`);
  }

  /**
   * Every `hours` hours, starting at midnight (`m *\/n * * *`). CloudCasa's Free plan rejects sub-daily schedules.
   * @param hours 1-23
   * @param options Minute of the hour
   */
  public static everyNHours(hours: number, options: HourlyScheduleOptions = {}): Schedule {
    const f = 'Schedule.everyNHours()';
    checkInt(f, 'hours', hours, 1, 23);
    const minute = checkInt(f, 'minute', options.minute ?? 0, 0, 59);
    return new Schedule(`${minute} ${hours === 1 ? '*' : `*/${hours}`} * * *`);
  }

  /**
   * Once a month.
   * @param options Day of month and time of day
   */
  public static monthly(options: MonthlyScheduleOptions = {}): Schedule {
    const f = 'Schedule.monthly()';
    const day = checkInt(f, 'day', options.day ?? 1, 1, 31);
    const hour = checkInt(f, 'hour', options.hour ?? 0, 0, 23);
    const minute = checkInt(f, 'minute', options.minute ?? 0, 0, 59);
    return new Schedule(`${minute} ${hour} ${day} * *`);
  }

  /**
   * Escape hatch: a cron spec passed to CloudCasa unchecked (for syntax this library does not know).
   * @param expression The cron spec sent as `schedule.cronSpec`
   */
  public static expression(expression: string): Schedule {
    return new Schedule(expression);
  }

  /** The cron spec sent to CloudCasa as `schedule.cronSpec`. */
  public readonly expressionString: string;

  private constructor(expressionString: string) {
    this.expressionString = expressionString;
  }

  /**
   * Whether this schedule may run more than once a day (CloudCasa's Free plan rejects such schedules).
   *
   * True when the minute or hour field is not a single number.
   */
  public get moreFrequentThanDaily(): boolean {
    const [minute, hour] = this.expressionString.trim().split(/\s+/);
    const single = (x: string | undefined) => x !== undefined && /^\d+$/.test(x);
    return !(single(minute) && single(hour));
  }

  /** The code form, e.g. `Schedule.cron('0 2 * * *')`. */
  public toString(): string {
    return `Schedule.cron('${this.expressionString}')`;
  }
}
