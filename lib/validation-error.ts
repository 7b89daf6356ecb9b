// The error class the constructs and value classes throw at synth time. Not in lib/index.ts: it extends Error,
// which jsii cannot expose (other languages use `Errors.isValidationError()`).

const VALIDATION_ERROR_SYMBOL = Symbol.for('cdktf-cloudcasa.ValidationError');

/**
 * An error in the input of a construct or value class, thrown at synth time.
 *
 * Branded with `Symbol.for('cdktf-cloudcasa.ValidationError')` so that `ValidationError.isValidationError()`
 * works across duplicate copies of this package.
 */
export class ValidationError extends Error {
  /**
   * Whether `x` is a ValidationError (from any copy of this package).
   * @param x The value to test
   */
  public static isValidationError(x: any): x is ValidationError {
    return x !== null && typeof x === 'object' && VALIDATION_ERROR_SYMBOL in x;
  }

  /** The construct path, or the factory (e.g. `Schedule.cron()`) for value classes. */
  public readonly path: string;
  /** The property at fault. */
  public readonly prop: string;
  /** The value received, rendered as text. */
  public readonly value: string;

  /**
   * @param message The full message
   * @param path The construct path or factory name
   * @param prop The property at fault
   * @param value The value received, rendered as text
   */
  constructor(message: string, path: string, prop: string, value: string) {
    super(message);
    Object.defineProperty(this, VALIDATION_ERROR_SYMBOL, { value: true });
    Object.setPrototypeOf(this, ValidationError.prototype);
    this.name = 'ValidationError';
    this.path = path;
    this.prop = prop;
    this.value = value;
  }
}
