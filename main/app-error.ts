/**
 * An error meant for the user: `code` is stable (tests and the UI key on it), `message` names
 * the input at fault and what to do. Anything else thrown by a handler is reported as `internal`.
 */
export class AppError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
  }
}
