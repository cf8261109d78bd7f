import { z } from 'zod';

/**
 * Every error that crosses a boundary (HTTP, bridge) carries one of these codes.
 * The UI translates the code (see shared/i18n); `message` is a fallback for logs and scripts.
 */
export const ErrorCode = z.enum([
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'invalid_credentials',
  'account_locked',
  'token_expired',
  'forbidden',
  'not_found',
  'conflict',
  'cursor_expired',
  'payload_too_large',
  'not_pdf',
  'hash_mismatch',
  'range_not_satisfiable',
  'rate_limited',
  'offline',
  'server_unreachable',
  'blob_corrupt',
  'not_signed_in',
  // Secretariat (issue 3)
  'meeting_closed',
  'publish_no_chair',
  'publish_no_participants',
  'office_conversion_unavailable',
  // Digital signatures (issue 5)
  'signing_failed',
  'wrong_password',
  'key_not_found',
  'pin_incorrect',
  'pin_locked',
  'token_not_found',
  'timestamp_failed',
  // Signing workflow (issue 5 part 2)
  'signed_upload_refused',
  'not_your_turn',
  // Digital signatures, part 3 (issue 5)
  'certificate_name_mismatch',
  'pkcs11_module_not_allowed',
  // Live meeting, votes, written opinions (issue 6)
  'vote_closed',
  'vote_not_eligible',
  'vote_not_present',
  'already_voted',
  'duplicate_request',
  'vote_already_open',
  'opinion_deadline_passed',
  // The client services run in their own process; the shell restarts it if it dies.
  'services_restarted',
  'services_unavailable',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    /** Extra machine-readable facts, e.g. {retryAfterSeconds} for a lockout. */
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;

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
