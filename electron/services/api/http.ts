/**
 * Low-level HTTP to the sync server: every JSON response is parsed with its shared zod schema,
 * every failure becomes an AppError with a code the UI can translate.
 */
import type { z } from 'zod';
import { AppError, ErrorBody, isTransientHttpStatus, isTransientNetworkError, type ErrorCode } from '../../../shared/errors';

export type FetchFn = typeof fetch;

export const DEFAULT_TIMEOUT_MS = 15_000;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'HEAD';
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
  /**
   * Acts on an organisation, not on a meeting: the signed-in API names the one chosen in the
   * header (ORGANISATION_HEADER; api-client.ts), or the one given here (a meeting's).
   */
  org?: 'active' | { orgId: string };
}

/** Normalises a user-typed server URL ("http://host:port/" → "http://host:port"); refuses non-HTTP(S). */
export function normalizeServerUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new AppError('validation_failed', `not a valid server URL: ${raw}`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new AppError('validation_failed', 'server URL must be http(s)');
  if (u.username || u.password) throw new AppError('validation_failed', 'server URL must not contain credentials');
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
}

/** Sends a request and returns the raw Response; network failures and timeouts → server_unreachable. */
export async function send(fetchFn: FetchFn, baseUrl: string, path: string, opts: RequestOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body: string | undefined;
  if (opts.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  try {
    return await fetchFn(baseUrl + path, {
      method: opts.method ?? (body === undefined ? 'GET' : 'POST'),
      headers,
      body,
      signal: AbortSignal.timeout(opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      redirect: 'error',
    });
  } catch (e) {
    throw unreachable(e);
  }
}

export function unreachable(e: unknown): AppError {
  if (e instanceof AppError) return e;
  const name = (e as Error | undefined)?.name;
  const why = name === 'TimeoutError' || name === 'AbortError' ? 'timed out' : ((e as Error | undefined)?.message ?? String(e));
  return new AppError('server_unreachable', `server unreachable: ${why}`);
}

const STATUS_CODES: Record<number, ErrorCode> = {
  400: 'bad_request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  410: 'cursor_expired',
  413: 'payload_too_large',
  415: 'not_pdf',
  416: 'range_not_satisfiable',
  422: 'hash_mismatch',
  423: 'account_locked',
  429: 'rate_limited',
};

/** Turns a non-2xx response into an AppError, using the server's `{error:{code,message}}` body when present. */
export async function errorFromResponse(res: Response): Promise<AppError> {
  let text = '';
  try {
    text = await res.text();
  } catch {
    /* body lost: fall back to the status */
  }
  try {
    const parsed = ErrorBody.safeParse(JSON.parse(text));
    if (parsed.success) return new AppError(parsed.data.error.code, parsed.data.error.message, parsed.data.error.details);
  } catch {
    /* not JSON */
  }
  // A proxy's 502/503/504: the sync server behind it is away, which is "offline", not a server bug.
  if (isTransientHttpStatus(res.status)) return new AppError('server_unreachable', `server unreachable: HTTP ${res.status}`);
  const code = STATUS_CODES[res.status] ?? (res.status >= 500 ? 'internal' : 'bad_request');
  return new AppError(code, `server answered HTTP ${res.status}`);
}

/** Reads and validates a JSON body; a response that breaks the contract is an internal error. */
export async function parseJson<S extends z.ZodType>(res: Response, schema: S): Promise<z.output<S>> {
  let json: unknown;
  try {
    json = await res.json();
  } catch (e) {
    // Timed out or cut off mid-body: the server is unreachable, the body was not "not JSON".
    if ((e as Error).name === 'AbortError' || isTransientNetworkError(e)) throw unreachable(e);
    throw new AppError('internal', 'server sent a response that is not JSON');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new AppError('internal', `server response does not match the contract: ${parsed.error.message.slice(0, 300)}`);
  return parsed.data;
}

export async function requestJson<S extends z.ZodType>(
  fetchFn: FetchFn,
  baseUrl: string,
  path: string,
  schema: S,
  opts: RequestOptions = {},
): Promise<z.output<S>> {
  const res = await send(fetchFn, baseUrl, path, opts);
  if (!res.ok) throw await errorFromResponse(res);
  return parseJson(res, schema);
}
