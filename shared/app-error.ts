import type { ERROR_CODES } from './error-codes';

type ErrorCode = (typeof ERROR_CODES)[number];

/** An error with a code; thrown by services, serialized by the HTTP server and the bridge. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof Error && (e as AppError).name === 'AppError' && typeof (e as AppError).code === 'string';
}
