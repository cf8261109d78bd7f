import { z } from 'zod';
import { ERROR_CODES } from './error-codes';

/** Every error that crosses a boundary carries one of these codes (the list: error-codes.ts). */
export const ErrorCode = z.enum(ERROR_CODES);
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

// The class lives in a module without zod, so code that only throws errors (the signing
// library, the CLI's fast paths) does not load zod.
export { AppError, isAppError } from './app-error';

// In the module without zod too: the renderer's first screen asks it.
export { UNREACHABLE_ERROR_CODES, isUnreachable } from './error-codes';

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
