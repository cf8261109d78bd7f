/**
 * The one list of "worth retrying / offline" failures (shared/errors.ts), checked against
 * errors real calls throw: a refused connection, a body cut off mid-way and a timeout from
 * Node's fetch are transient; a full disk, a missing file and a fetch the client itself
 * refused are not.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, isTransientHttpStatus, isTransientNetworkError, isUnreachable } from '../../shared/errors';
import { errorFromResponse } from '../../electron/services/api/http';

const caught = async (p: Promise<unknown>): Promise<unknown> => p.then(() => expect.fail('expected a failure'), (e: unknown) => e);
const caughtSync = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return expect.fail('expected a failure');
};

let server: http.Server;
let base: string;
let closedPort: number;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/cut') {
      // Promises 100 kB, sends 1 kB, then the connection dies.
      res.writeHead(200, { 'content-length': '100000' });
      res.write('x'.repeat(1000), () => res.socket?.destroy());
    } else if (req.url === '/stall') {
      res.writeHead(200, { 'content-length': '10' });
      res.write('x');
    } else res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was just free: nothing listens there any more.
  const probe = http.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('isTransientNetworkError', () => {
  it('is true for a refused connection (fetch wraps the socket error as its cause)', async () => {
    const e = await caught(fetch(`http://127.0.0.1:${closedPort}/`));
    expect((e as Error).message).toBe('fetch failed');
    expect(isTransientNetworkError(e)).toBe(true);
  });

  it('is true for a body cut off mid-way', async () => {
    const res = await fetch(`${base}/cut`);
    const e = await caught(res.arrayBuffer());
    expect(isTransientNetworkError(e)).toBe(true);
  });

  it('is true for a timeout, before the headers and during the body', async () => {
    expect(isTransientNetworkError(await caught(fetch(`${base}/stall`, { signal: AbortSignal.timeout(1) }).then((r) => r.arrayBuffer())))).toBe(true);
    const res = await fetch(`${base}/stall`, { signal: AbortSignal.timeout(300) });
    expect(isTransientNetworkError(await caught(res.arrayBuffer()))).toBe(true);
  });

  it('finds a transient code inside an AggregateError (a connection tried on several addresses)', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:80'), { code: 'ECONNREFUSED' });
    expect(isTransientNetworkError(new AggregateError([refused], 'all addresses failed'))).toBe(true);
  });

  it('is false for a full disk, a missing file, a refused fetch and plain bugs', async () => {
    expect(isTransientNetworkError(caughtSync(() => fs.writeFileSync('/dev/full', 'x')))).toBe(false); // ENOSPC
    expect(isTransientNetworkError(caughtSync(() => fs.readFileSync('/no/such/file')))).toBe(false); // ENOENT
    // fetch refuses a blocked port itself: no network was involved, retrying cannot help.
    expect(isTransientNetworkError(await caught(fetch('http://127.0.0.1:1/')))).toBe(false);
    expect(isTransientNetworkError(new TypeError('x is not a function'))).toBe(false);
    expect(isTransientNetworkError(new AppError('server_unreachable', 'already classified'))).toBe(false);
    expect(isTransientNetworkError(null)).toBe(false);
    expect(isTransientNetworkError('ECONNRESET')).toBe(false);
  });

  it('stops on a cause chain that loops', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(isTransientNetworkError(a)).toBe(false);
  });
});

describe('isUnreachable', () => {
  it('accepts AppErrors, bridge error values and bare codes', () => {
    expect(isUnreachable(new AppError('server_unreachable', 'down'))).toBe(true);
    expect(isUnreachable(new AppError('offline', 'not downloaded yet'))).toBe(true);
    expect(isUnreachable({ name: 'BridgeError', code: 'offline', message: '' })).toBe(true);
    expect(isUnreachable('server_unreachable')).toBe(true);
  });

  it('is false for every other failure', () => {
    expect(isUnreachable(new AppError('internal', 'bug'))).toBe(false);
    expect(isUnreachable(new AppError('not_signed_in', 'session over'))).toBe(false);
    expect(isUnreachable('rate_limited')).toBe(false);
    expect(isUnreachable(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(false);
    expect(isUnreachable(null)).toBe(false);
    expect(isUnreachable(undefined)).toBe(false);
  });
});

describe('HTTP statuses', () => {
  it('treats a proxy\'s 502/503/504 as transient, nothing else', () => {
    expect([502, 503, 504].every(isTransientHttpStatus)).toBe(true);
    expect([200, 400, 404, 429, 500, 501].some(isTransientHttpStatus)).toBe(false);
  });

  it('the API client reads a bare 502/503/504 as "server unreachable", a server\'s own error body as itself', async () => {
    for (const status of [502, 503, 504]) expect((await errorFromResponse(new Response('<html>Bad Gateway</html>', { status }))).code).toBe('server_unreachable');
    expect((await errorFromResponse(new Response('oops', { status: 500 }))).code).toBe('internal');
    const body = JSON.stringify({ error: { code: 'rate_limited', message: 'slow down' } });
    expect((await errorFromResponse(new Response(body, { status: 503 }))).code).toBe('rate_limited');
  });
});
