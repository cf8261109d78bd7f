/**
 * Access tokens expire: the client refreshes them before expiry, and once more when the server
 * answers 401 token_expired (e.g. the local clock is wrong). Real server, short token lifetime.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { API_PATHS } from '../../shared/api';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { removeTempDirs, tempDir } from './helpers/temp';
import { openClientCacheFile } from './helpers/client-cache-file';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

let server: Awaited<ReturnType<typeof startServer>>;
const clients: ClientServices[] = [];
const member = demoContent.users.find((u) => u.role === 'member')!;
/** The server's clock runs this far ahead of the real one: moving it expires tokens at once. */
const serverClock = { aheadMs: 0 };
/** Below the client's one-minute refresh margin, yet long enough to outlive a slow request. */
const ACCESS_TTL_SECONDS = 30;

beforeAll(async () => {
  server = await startServer({
    passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS,
    dataDir: tempDir('ecab-server-'),
    port: 0,
    seed: 'demo',
    logger: false,
    accessTokenTtlSeconds: ACCESS_TTL_SECONDS,
    now: () => new Date(Date.now() + serverClock.aheadMs),
  });
});
afterEach(() => {
  serverClock.aheadMs = 0;
});
afterAll(async () => {
  for (const c of clients) await c.close().catch(() => undefined);
  await server?.close();
  removeTempDirs();
});

async function call<M extends BridgeMethodName>(c: ClientServices, method: M, input: unknown = {}): Promise<BridgeOutput<M>> {
  const r = await dispatchBridgeCall(c.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code}`), { code: r.error.code });
  return r.value as BridgeOutput<M>;
}

function recording() {
  const log: { path: string; status: number }[] = [];
  const f: typeof fetch = async (input, init) => {
    const res = await fetch(input, init);
    log.push({ path: new URL(String(input)).pathname, status: res.status });
    return res;
  };
  return { f, log };
}

describe('token refresh', () => {
  it('refreshes before expiry (token lifetime below the safety margin)', async () => {
    const { f, log } = recording();
    const c = await createClientServices({
      dataDir: tempDir(), defaultServerUrl: server.url, documentUrl: (s) => s, mode: 'browser', version: 't', fetch: f,
    });
    clients.push(c);
    await call(c, 'session.login', { username: member.username, password: demoContent.password });
    expect(await call(c, 'sync.now')).toMatchObject({ state: 'online', lastError: null });
    expect(log.some((l) => l.path === API_PATHS.refresh && l.status === 200)).toBe(true);
    expect(log.filter((l) => l.status === 401)).toEqual([]);
  });

  it('on 401 token_expired refreshes and retries once, without bothering the user', async () => {
    const { f, log } = recording();
    // A clock one hour behind: the client believes its token is fresh, the server knows better.
    const c = await createClientServices({
      dataDir: tempDir(), defaultServerUrl: server.url, documentUrl: (s) => s, mode: 'browser', version: 't', fetch: f,
      now: () => new Date(Date.now() - 3_600_000),
    });
    clients.push(c);
    await call(c, 'session.login', { username: member.username, password: demoContent.password });
    await call(c, 'sync.now');
    // The server's clock moves past the access token's expiry. Background work (live socket,
    // periodic pull, prefetch) may meet the 401 first; either way it must be absorbed.
    const start = log.length;
    serverClock.aheadMs += 2 * ACCESS_TTL_SECONDS * 1000;
    expect(await call(c, 'sync.now')).toMatchObject({ state: 'online', lastError: null });
    const seen = log.slice(start).map((l) => `${l.path} ${l.status}`);
    expect(seen).toContain(`${API_PATHS.refresh} 200`);
    expect(seen.some((s) => s.endsWith(' 401'))).toBe(true);
    expect(await call(c, 'session.current')).not.toBeNull();
  });

  it('ends the session when the server refuses the refresh token', async () => {
    const { f } = recording();
    const dir = tempDir();
    const c = await createClientServices({
      dataDir: dir, defaultServerUrl: server.url, documentUrl: (s) => s, mode: 'browser', version: 't', fetch: f,
    });
    clients.push(c);
    await call(c, 'session.login', { username: member.username, password: demoContent.password });
    await call(c, 'sync.now');
    // Tokens never leave the services, so make the stored refresh token one the server does not know.
    await c.close();
    const db = openClientCacheFile(dir);
    const { FileKeySecretProtector } = await import('../../electron/services/session/secret-protector');
    db.prepare('UPDATE session SET refresh_token = ?').run(new FileKeySecretProtector(dir).protect('revoked-or-unknown-token'));
    db.close();
    const again = await createClientServices({
      dataDir: dir, defaultServerUrl: server.url, documentUrl: (s) => s, mode: 'browser', version: 't', fetch: f,
    });
    clients.push(again);
    const ended = new Promise((resolve) => again.on('session.ended', resolve));
    await call(again, 'sync.now').catch(() => undefined);
    expect(await ended).toMatchObject({ reason: expect.any(String) });
    expect(await call(again, 'session.current')).toBeNull();
  });
});
