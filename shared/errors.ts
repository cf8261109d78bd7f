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
  'login_throttled',
  'token_expired',
  // Revocable devices and accounts, absolute session lifetime, retention on devices
  'device_revoked',
  'account_disabled',
  'session_expired',
  'retention_removed',
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
  // Secretariat
  'meeting_closed',
  'publish_no_chair',
  'publish_no_participants',
  'office_conversion_unavailable',
  // Digital signatures
  'signing_failed',
  'wrong_password',
  'key_not_found',
  'pin_incorrect',
  'pin_locked',
  'token_not_found',
  'timestamp_failed',
  // Long-term signatures (B-LT, B-LTA): what they need could not be had
  'certificate_chain_incomplete',
  'revocation_unavailable',
  // A PDF past the safe limits of inflated size, objects, nesting or time (a "PDF bomb")
  'pdf_too_complex',
  // Signing workflow
  'signed_upload_refused',
  'not_your_turn',
  // Digital signatures, part 3
  'certificate_name_mismatch',
  'pkcs11_module_not_allowed',
  // Live meeting, votes, written opinions
  'vote_closed',
  'vote_not_eligible',
  'vote_not_present',
  'already_voted',
  'duplicate_request',
  'vote_already_open',
  'opinion_deadline_passed',
  'ballot_box_unavailable',
  'opinion_attachment_confidential',
  'deputy_not_allowed',
  // The client services run in their own process; the shell restarts it if it dies.
  'services_restarted',
  'services_unavailable',
  // The client cache is encrypted with a key only this OS account's keychain can unseal.
  'cache_locked',
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

/**
 * Codes that mean "the server cannot be reached right now": the failure says nothing about the
 * request, so the client works from its cache, shows "offline" and tries again later.
 */
export const UNREACHABLE_ERROR_CODES = ['server_unreachable', 'offline'] as const satisfies readonly ErrorCode[];

/** Whether an error (an AppError, a bridge error value, or a bare code) means the server cannot be reached right now. */
export function isUnreachable(e: unknown): boolean {
  const code = typeof e === 'string' ? e : typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (UNREACHABLE_ERROR_CODES as readonly string[]).includes(code);
}

/**
 * Low-level codes of a failed network call (Node's sockets and DNS, and undici, Node's fetch)
 * that say nothing about the request itself: the same call may well work later.
 */
export const TRANSIENT_NETWORK_ERROR_CODES = [
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'ENETDOWN',
  'ENETRESET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
] as const;

/** Statuses a reverse proxy (or a server still starting) answers while the sync server itself is away. */
export const TRANSIENT_HTTP_STATUSES = [502, 503, 504] as const;

export function isTransientHttpStatus(status: number): boolean {
  return (TRANSIENT_HTTP_STATUSES as readonly number[]).includes(status);
}

/**
 * Whether a thrown error is a network failure worth retrying: a transient code, or a timeout
 * (AbortSignal.timeout), found on the error or down its `cause` chain (fetch throws
 * TypeError('fetch failed') with the socket's error as its cause) or inside an AggregateError
 * (a connection tried on several addresses).
 */
export function isTransientNetworkError(e: unknown, depth = 0): boolean {
  if (typeof e !== 'object' || e === null || depth > 5) return false;
  const { name, code, cause, errors } = e as { name?: unknown; code?: unknown; cause?: unknown; errors?: unknown };
  if (name === 'TimeoutError') return true;
  if (typeof code === 'string' && (TRANSIENT_NETWORK_ERROR_CODES as readonly string[]).includes(code)) return true;
  if (Array.isArray(errors) && errors.some((x) => isTransientNetworkError(x, depth + 1))) return true;
  return isTransientNetworkError(cause, depth + 1);
}
