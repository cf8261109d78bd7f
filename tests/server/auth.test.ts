import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addUser, call, login, PASSWORD, startTestServer, type TestServer } from './helpers';

describe('auth', () => {
  let s: TestServer;
  let clock: Date;
  beforeEach(async () => {
    clock = new Date('2026-11-23T01:00:00.000Z');
    s = await startTestServer({ now: () => clock, accessTokenTtlSeconds: 600 });
    await addUser(s.dataDir, { username: 'lan', fullName: 'Nguyễn Thị Lan', role: 'member', password: PASSWORD, title: 'Giám đốc Sở' });
  });
  afterEach(async () => s?.stop());

  it('signs in and knows who is calling', async () => {
    const t = await login(s.url, 'lan');
    expect(t.user).toMatchObject({ username: 'lan', fullName: 'Nguyễn Thị Lan', role: 'member', title: 'Giám đốc Sở' });
    expect(t.organization.name).toBe('Ủy ban nhân dân');
    expect(JSON.stringify(t)).not.toContain('scrypt');
    expect(Date.parse(t.accessExpiresAt) - clock.getTime()).toBe(600_000);
    const me = await call(s.url, 'GET', '/api/me', { token: t.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.user.id).toBe(t.user.id);
  });

  it('answers a wrong password and an unknown user alike, in Vietnamese by default and English on request', async () => {
    const wrong = await call(s.url, 'POST', '/api/auth/login', { body: { username: 'lan', password: 'sai-mat-khau' } });
    const unknown = await call(s.url, 'POST', '/api/auth/login', { body: { username: 'khongco', password: 'sai-mat-khau' } });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: 'invalid_credentials', message: 'Tên đăng nhập hoặc mật khẩu không đúng.' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    const en = await call(s.url, 'POST', '/api/auth/login', {
      body: { username: 'lan', password: 'sai-mat-khau' },
      headers: { 'accept-language': 'en-US,en;q=0.9' },
    });
    expect(en.body.error.code).toBe('invalid_credentials');
    expect(en.body.error.message).toMatch(/password/i);
  });

  it('rotates refresh tokens and refuses (and punishes) a reused one', async () => {
    const first = await login(s.url, 'lan');
    const r1 = await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(r1.status).toBe(200);
    expect(r1.body.refreshToken).not.toBe(first.refreshToken);
    // The old access token died with the rotation; the new one works.
    expect((await call(s.url, 'GET', '/api/me', { token: first.accessToken })).status).toBe(401);
    expect((await call(s.url, 'GET', '/api/me', { token: r1.body.accessToken })).status).toBe(200);

    const reuse = await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe('unauthenticated');
    // Reuse means theft: the whole session is gone, including the newest tokens.
    expect((await call(s.url, 'GET', '/api/me', { token: r1.body.accessToken })).status).toBe(401);
    expect((await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: r1.body.refreshToken } })).status).toBe(401);
  });

  it('expired access tokens answer token_expired', async () => {
    const t = await login(s.url, 'lan');
    clock = new Date(clock.getTime() + 601_000);
    const r = await call(s.url, 'GET', '/api/me', { token: t.accessToken });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('token_expired');
    const fresh = await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: t.refreshToken } });
    expect(fresh.status).toBe(200);
  });

  it('logout revokes the access and the refresh token', async () => {
    const t = await login(s.url, 'lan');
    const out = await call(s.url, 'POST', '/api/auth/logout', { token: t.accessToken, body: { refreshToken: t.refreshToken } });
    expect(out.status).toBe(200);
    expect((await call(s.url, 'GET', '/api/me', { token: t.accessToken })).status).toBe(401);
    expect((await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: t.refreshToken } })).status).toBe(401);
  });

  it('refuses calls without a token or with garbage', async () => {
    const none = await call(s.url, 'GET', '/api/sync/pull');
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('unauthenticated');
    expect((await call(s.url, 'GET', '/api/me', { token: 'garbage' })).status).toBe(401);
  });

  it('rejects bad login bodies with validation_failed', async () => {
    const r = await call(s.url, 'POST', '/api/auth/login', { body: { username: '' } });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('validation_failed');
    const notJson = await call(s.url, 'POST', '/api/auth/login', { body: new TextEncoder().encode('{oops'), headers: { 'content-type': 'application/json' } });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe('bad_request');
    expect(JSON.stringify(notJson.body)).not.toMatch(/at .*\.js|node_modules/);
  });

  it('addUser enforces the password policy and unique usernames', async () => {
    await expect(addUser(s.dataDir, { username: 'ngan', fullName: 'Ngân', role: 'member', password: 'short' })).rejects.toMatchObject({
      code: 'validation_failed',
    });
    await expect(addUser(s.dataDir, { username: 'LAN', fullName: 'Khác', role: 'member', password: PASSWORD })).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('login rate limit', () => {
  let s: TestServer;
  afterEach(async () => s?.stop());
  it('answers 429 rate_limited past the limit', async () => {
    s = await startTestServer({ loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const statuses: number[] = [];
    let last: any;
    for (let i = 0; i < 4; i++) {
      last = await call(s.url, 'POST', '/api/auth/login', { body: { username: 'x', password: 'yyyyyyyy' } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(last.body.error.code).toBe('rate_limited');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('refresh answers 429 rate_limited past its limit', async () => {
    s = await startTestServer({ refreshRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const statuses: number[] = [];
    let last: any;
    for (let i = 0; i < 4; i++) {
      last = await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: `guess-${i}` } });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    expect(last.body.error.code).toBe('rate_limited');
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
