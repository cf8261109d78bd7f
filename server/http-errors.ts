import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, isAppError, type ErrorBody, type ErrorCode } from '../shared/errors';
import { translate, type Locale } from '../shared/i18n';

/** HTTP status for each error code the server can answer with. */
export const STATUS_OF: Partial<Record<ErrorCode, number>> = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  token_expired: 401,
  device_revoked: 401,
  account_disabled: 403,
  session_expired: 401,
  not_signed_in: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  cursor_expired: 410,
  payload_too_large: 413,
  not_pdf: 415,
  range_not_satisfiable: 416,
  hash_mismatch: 422,
  pdf_too_complex: 422,
  account_locked: 423,
  rate_limited: 429,
  login_throttled: 429,
  internal: 500,
  meeting_closed: 409,
  publish_no_chair: 422,
  publish_no_participants: 422,
  office_conversion_unavailable: 415,
  office_conversion_failed: 422,
  vote_closed: 409,
  vote_not_eligible: 403,
  vote_not_present: 403,
  already_voted: 409,
  duplicate_request: 409,
  vote_already_open: 409,
  opinion_deadline_passed: 409,
  ballot_box_unavailable: 503,
  blob_store_unavailable: 503,
  opinion_attachment_confidential: 422,
  deputy_not_allowed: 422,
};

/** Vietnamese unless the client prefers English. */
export function localeOf(req: Pick<FastifyRequest, 'headers'>): Locale {
  const h = req.headers['accept-language'];
  return typeof h === 'string' && h.trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

/** The user-facing message for an error code, in the request's language. */
export function messageFor(locale: Locale, code: ErrorCode, details?: Record<string, unknown>): string {
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(details ?? {})) if (typeof v === 'string' || typeof v === 'number') vars[k] = v;
  return translate(locale, `errors.${code}`, vars);
}

export function errorBody(locale: Locale, code: ErrorCode, details?: Record<string, unknown>): ErrorBody {
  return { error: { code, message: messageFor(locale, code, details), ...(details ? { details } : {}) } };
}

function classify(err: FastifyError | AppError | Error): { code: ErrorCode; details?: Record<string, unknown> } {
  if (isAppError(err)) return { code: err.code, details: err.details };
  if (hasZodFastifySchemaValidationErrors(err)) {
    return {
      code: 'validation_failed',
      details: { issues: err.validation.map((v) => ({ path: v.instancePath, message: v.message })) },
    };
  }
  if (isResponseSerializationError(err)) return { code: 'internal' };
  const fe = err as FastifyError;
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'bad_request', details: { reason: 'unsupported_media_type' } };
    case 'FST_ERR_VALIDATION':
      return { code: 'validation_failed' };
  }
  if (fe.statusCode === 429) return { code: 'rate_limited' };
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) return { code: 'bad_request' };
  return { code: 'internal' };
}

/** Every error leaves as ErrorBody JSON with a fitting status; never a stack trace. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) => {
    const { code, details } = classify(err);
    let status = STATUS_OF[code] ?? 400;
    if (code === 'bad_request' && (err as FastifyError).statusCode === 415) status = 415;
    if (status >= 500) req.log.error({ err }, 'request failed');
    if (code === 'account_locked' || code === 'rate_limited' || code === 'login_throttled') {
      const retry = details?.retryAfterSeconds;
      if (typeof retry === 'number') void reply.header('retry-after', String(retry));
    }
    return reply.status(status).type('application/json; charset=utf-8').send(errorBody(localeOf(req), code, details));
  });
  app.setNotFoundHandler((req, reply) => {
    return reply.status(404).type('application/json; charset=utf-8').send(errorBody(localeOf(req), 'not_found'));
  });
}
