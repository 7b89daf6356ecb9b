import { ValidationError } from './validation-error';

/**
 * Helpers for the errors this library throws at synth time.
 *
 * The error class itself (`ValidationError` in `cdktf-cloudcasa/validation-error`, carrying `path`, `prop` and `value`)
 * extends `Error`, which jsii cannot expose; use these helpers from other languages.
 */
export class Errors {
  /**
   * Whether `x` is a validation error thrown by this library (from any copy of the package).
   * @param x The value to test
   */
  public static isValidationError(x: any): boolean {
    return ValidationError.isValidationError(x);
  }

  private constructor() {}
}
