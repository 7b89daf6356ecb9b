import { Token } from 'cdktf';
import * as errors from './_errors';

/** Options for converting a Duration into a number of units. */
export interface TimeConversionOptions {
  /**
   * Refuse (throw) when the result would not be a whole number.
   * @default true
   */
  readonly integral?: boolean;
}

const SECONDS_PER: { [unit: string]: number } = { Seconds: 1, Minutes: 60, Hours: 3600, Days: 86400 };
const FACTORY: { [unit: string]: string } = { Seconds: 'seconds', Minutes: 'minutes', Hours: 'hours', Days: 'days' };

/**
 * A length of time, such as a retention or a timeout.
 *
 * Conversions refuse to lose precision: `Duration.hours(36).toDays()` throws, `Duration.hours(48).toDays()` is 2.
 * The amount may be a cdktf number token (e.g. a `TerraformVariable`'s `numberValue`); such a duration converts
 * only to its own unit (`Duration.days(token).toDays()`), since only Terraform knows its value.
 *
 * @example Duration.days(7)
 */
export class Duration {
  /**
   * A duration in seconds.
   * @param amount The number of seconds (>= 0)
   */
  public static seconds(amount: number): Duration {
    return new Duration(amount, 'Seconds');
  }

  /**
   * A duration in minutes.
   * @param amount The number of minutes (>= 0)
   */
  public static minutes(amount: number): Duration {
    return new Duration(amount, 'Minutes');
  }

  /**
   * A duration in hours.
   * @param amount The number of hours (>= 0)
   */
  public static hours(amount: number): Duration {
    return new Duration(amount, 'Hours');
  }

  /**
   * A duration in days.
   * @param amount The number of days (>= 0)
   */
  public static days(amount: number): Duration {
    return new Duration(amount, 'Days');
  }

  private readonly amount: number;
  private readonly unit: string;

  private constructor(amount: number, unit: string) {
    if (!Token.isUnresolved(amount) && (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0)) {
      throw errors.durationInvalidAmount(`Duration.${FACTORY[unit]}()`, amount);
    }
    this.amount = amount;
    this.unit = unit;
  }

  /** Whether the amount is a token, known only to Terraform. */
  public isUnresolved(): boolean {
    return Token.isUnresolved(this.amount);
  }

  /**
   * This duration in seconds.
   * @param opts Conversion options
   */
  public toSeconds(opts: TimeConversionOptions = {}): number {
    return this.convert('Seconds', opts);
  }

  /**
   * This duration in minutes.
   * @param opts Conversion options
   */
  public toMinutes(opts: TimeConversionOptions = {}): number {
    return this.convert('Minutes', opts);
  }

  /**
   * This duration in hours.
   * @param opts Conversion options
   */
  public toHours(opts: TimeConversionOptions = {}): number {
    return this.convert('Hours', opts);
  }

  /**
   * This duration in days.
   * @param opts Conversion options
   */
  public toDays(opts: TimeConversionOptions = {}): number {
    return this.convert('Days', opts);
  }

  /**
   * The sum of this duration and another.
   * @param other The duration to add
   */
  public plus(other: Duration): Duration {
    return Duration.seconds(this.toSeconds({ integral: false }) + other.toSeconds({ integral: false }));
  }

  /** A readable form for messages, e.g. `1 day 12 hours` or `90 seconds`. */
  public toHumanString(): string {
    if (this.isUnresolved()) return `${Token.asString(this.amount)} ${this.unit.toLowerCase()}`;
    if (this.amount === 0) return `0 ${this.unit.toLowerCase()}`;
    let rest = this.toSeconds({ integral: false });
    const parts: string[] = [];
    for (const unit of ['Days', 'Hours', 'Minutes', 'Seconds']) {
      const n = Math.floor(rest / SECONDS_PER[unit] + 1e-9);
      if (n > 0) {
        parts.push(`${n} ${n === 1 ? unit.toLowerCase().slice(0, -1) : unit.toLowerCase()}`);
        rest -= n * SECONDS_PER[unit];
      }
    }
    if (rest > 1e-9) parts.push(`${+rest.toFixed(3)} seconds`);
    return parts.join(' ');
  }

  /** The code that creates this duration, e.g. `Duration.days(7)`. */
  public toString(): string {
    return `Duration.${FACTORY[this.unit]}(${this.isUnresolved() ? Token.asString(this.amount) : this.amount})`;
  }

  private convert(target: string, opts: TimeConversionOptions): number {
    if (this.isUnresolved()) {
      if (target === this.unit) return this.amount;
      throw errors.durationTokenConversion(this.toString(), target);
    }
    const value = (this.amount * SECONDS_PER[this.unit]) / SECONDS_PER[target];
    const integral = opts.integral ?? true;
    if (integral && !Number.isInteger(value)) {
      throw errors.durationLosesPrecision(this.toString(), target, this.toHumanString());
    }
    return value;
  }
}
