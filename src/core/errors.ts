import { ERROR_CODES, type ErrorCode } from './error-codes.js';

export interface HubErrorOptions {
  readonly cause?: unknown;
  /** Safe-to-publish details (parameter name, position, list of problems). Never secrets. */
  readonly details?: Readonly<Record<string, unknown>>;
}

/**
 * The one error class of Cairn's domain. The message is safe to show to the caller;
 * anything internal belongs in `cause`, which is logged but never sent.
 */
export class HubError extends Error {
  override readonly name = 'HubError';
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: ErrorCode, message: string = ERROR_CODES[code], options: HubErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }
}

/** True when `value` is a HubError (works across module copies by checking the shape). */
export function isHubError(value: unknown): value is HubError {
  return (
    value instanceof HubError ||
    (value instanceof Error && value.name === 'HubError' && typeof (value as HubError).code === 'string')
  );
}
