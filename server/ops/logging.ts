/**
 * The server's structured logs: Fastify's pino, one JSON object per line, each request's lines
 * carrying its id (`reqId`), which the answer repeats in `x-request-id` so that a user's report
 * or a proxy's log line leads to the server's. A reverse proxy's own `X-Request-Id` is kept when
 * it looks like an id, so one request has one id from the proxy to the database.
 *
 * Never in a log line: passwords, access and refresh tokens, cookies. Requests are logged as
 * method, path (the live socket's `?access_token=` blanked) and address only, never headers or
 * bodies; the redaction list below also blanks those fields wherever an error object carries them.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Writable } from 'node:stream';

export interface LogOptions {
  /** pino level (default info). */
  level?: string;
  /** Where the JSON lines go (default stdout); tests read them from here. */
  stream?: Writable;
}

export function redactQueryToken(url: string): string {
  return url.replace(/([?&](?:access_token|token|refresh_token|password)=)[^&]*/gi, '$1[redacted]');
}

const SECRET_KEYS = ['password', 'newPassword', 'accessToken', 'refreshToken', 'access_token', 'refresh_token', 'token', 'cookie', 'authorization', 'set-cookie'];

/** pino redaction paths: the secret keys at the top of a log object and one or two levels down. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  ...SECRET_KEYS.flatMap((k) => [`["${k}"]`, `*["${k}"]`, `*.*["${k}"]`]),
];

/** Fastify's `logger` option: false, or pino with our redaction and request serializer. */
export function loggerOptions(log: boolean | LogOptions | undefined) {
  if (!log) return false;
  const o = log === true ? {} : log;
  return {
    level: o.level ?? 'info',
    ...(o.stream ? { stream: o.stream } : {}),
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactQueryToken(req.url), remoteAddress: req.ip }),
    },
  };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/** Fastify's `genReqId`: the proxy's id when it looks like one, else a fresh UUID. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}
