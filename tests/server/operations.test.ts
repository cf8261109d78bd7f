/**
 * What an operator relies on, on both databases: liveness and readiness for the load balancer,
 * JSON logs with request ids that never hold a password, token or cookie, and Prometheus metrics
 * served only on their own address and only with the scrape token.
 */
import { PassThrough } from 'node:stream';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ReadyResponse } from '../../shared/api';
import { testPostgresAdminUrl } from '../helpers/postgres';
import { waitFor } from '../helpers/wait-for';
import { addUser, call, DIALECTS, login, PASSWORD, pullAll, type TestServer, startTestServer } from './helpers';

const SCRAPE_TOKEN = 'scrape-token-4f1c9a';
const COOKIE_SECRET = 'cookie-value-9d2e7b';
const WRONG_PASSWORD = 'sai-mat-khau-7x7x7x';

describe.each(DIALECTS)('operations (%s)', (dialect) => {
  let s: TestServer;
  const lines: string[] = [];
  const logText = () => lines.join('\n');

  beforeAll(async () => {
    const stream = new PassThrough();
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString('utf8')).split('\n');
      rest = parts.pop() ?? '';
      lines.push(...parts.filter(Boolean));
    });
    s = await startTestServer({ dialect, logger: { level: 'info', stream }, metrics: { host: '127.0.0.1', port: 0, token: SCRAPE_TOKEN } });
    await addUser(s.dataDir, { username: 'thuky', role: 'secretary', fullName: 'Thư Ký', password: PASSWORD });
  });
  afterAll(async () => {
    await s?.stop();
  });

  it('logs JSON lines with request ids, and never a password, token or cookie', async () => {
    const t = await login(s.url, 'thuky');
    const refreshed = await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: t.refreshToken } });
    expect(refreshed.status).toBe(200);
    expect((await call(s.url, 'POST', '/api/auth/login', { body: { username: 'thuky', password: WRONG_PASSWORD } })).status).toBe(401);
    const me = await call(s.url, 'GET', '/api/me', { token: refreshed.body.accessToken, headers: { cookie: `session=${COOKIE_SECRET}`, 'x-request-id': 'proxy-req-12345678' } });
    expect(me.status).toBe(200);
    // The proxy's id is kept and answered; a request without one gets a fresh id.
    expect(me.headers.get('x-request-id')).toBe('proxy-req-12345678');
    const own = await call(s.url, 'GET', '/api/health', { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(own.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    // Browsers put the socket's token in the query string.
    const ws = new WebSocket(`${s.url.replace(/^http/, 'ws')}/api/live?access_token=${refreshed.body.accessToken}`);
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.close();
    await pullAll(s.url, refreshed.body.accessToken);

    await waitFor(() => lines.some((l) => l.includes('proxy-req-12345678') && l.includes('"statusCode":200')));
    const parsed = lines.map((l) => JSON.parse(l) as { reqId?: string; req?: { url: string } });
    expect(parsed.filter((l) => l.reqId === 'proxy-req-12345678').length).toBeGreaterThanOrEqual(2); // the request and its answer
    expect(parsed.some((l) => l.req?.url.startsWith('/api/live?access_token=[redacted]'))).toBe(true);
    for (const secret of [PASSWORD, WRONG_PASSWORD, t.accessToken, t.refreshToken, refreshed.body.accessToken, refreshed.body.refreshToken, COOKIE_SECRET])
      expect(logText()).not.toContain(secret);
  });

  it('answers liveness, and readiness only while the database is reachable and migrated exactly', async () => {
    expect((await call(s.url, 'GET', '/api/health')).status).toBe(200);
    const ready = await call(s.url, 'GET', '/api/ready');
    expect(ready.status).toBe(200);
    expect(ReadyResponse.parse(ready.body)).toEqual({ ok: true, database: 'ok', migrations: 'current' });
    // A database another version migrated further than this code knows.
    await s.db.insertInto('kysely_migration' as never).values({ name: '999_from_a_newer_version', timestamp: new Date().toISOString() } as never).execute();
    try {
      const stale = await call(s.url, 'GET', '/api/ready');
      expect(stale.status).toBe(503);
      expect(stale.body).toEqual({ ok: false, database: 'ok', migrations: 'different' });
    } finally {
      await s.db.deleteFrom('kysely_migration' as never).where('name' as never, '=', '999_from_a_newer_version' as never).execute();
    }
    expect((await call(s.url, 'GET', '/api/ready')).status).toBe(200);
  });

  it('serves metrics only on their own address and only with the token', async () => {
    expect(s.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    expect((await fetch(s.metricsUrl!)).status).toBe(401);
    expect((await fetch(s.metricsUrl!, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await call(s.url, 'GET', '/metrics')).status).toBe(404);
    const t = await login(s.url, 'thuky');
    const ws = new WebSocket(`${s.url.replace(/^http/, 'ws')}/api/live`, { headers: { authorization: `Bearer ${t.accessToken}` } });
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    try {
      const scrape = async () => (await fetch(s.metricsUrl!, { headers: { authorization: `Bearer ${SCRAPE_TOKEN}` } })).text();
      const text = await scrape();
      expect(text).toMatch(/ecabinet_http_requests_total\{method="POST",route="\/api\/auth\/login",status="200"\} \d+/);
      expect(text).toMatch(/ecabinet_open_websockets 1\b/);
      expect(text).toMatch(/ecabinet_sync_pull_lag_changes_count \d+/);
      expect(text).toMatch(/ecabinet_change_log_head_seq \d+/);
      expect(text).toMatch(/ecabinet_ballots_in_open_votes 0\b/);
      expect(text).not.toContain(t.accessToken);
    } finally {
      ws.close();
    }
  });

  it.runIf(dialect === 'postgres')('says not ready while PostgreSQL refuses connections, and ready again after', async () => {
    const name = new URL((s.storage.database as { url: string }).url.replace(/^postgres(ql)?:/, 'http:')).pathname.slice(1);
    const admin = new pg.Client({ connectionString: await testPostgresAdminUrl() });
    await admin.connect();
    try {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
      await expect.poll(async () => (await call(s.url, 'GET', '/api/ready')).body, { timeout: 20_000 }).toEqual({ ok: false, database: 'unreachable', migrations: 'unknown' });
      expect((await call(s.url, 'GET', '/api/ready')).status).toBe(503);
      expect((await call(s.url, 'GET', '/api/health')).status).not.toBe(200 + 1); // the process still answers
    } finally {
      await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
      await admin.end();
    }
    await expect.poll(async () => (await call(s.url, 'GET', '/api/ready')).status, { timeout: 20_000 }).toBe(200);
  });
});
