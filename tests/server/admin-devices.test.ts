/** Revocable accounts and devices, the absolute session lifetime and the retention policy, over real HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADMIN_PATHS } from '../../shared/admin';
import { DEFAULT_RETENTION_POLICY } from '../../shared/rules/retention';
import { addUser, call, login, PASSWORD, pullAll, startTestServer, type TestServer } from './helpers';

const signIn = async (s: TestServer, username: string, deviceName: string, platform = 'linux x64') => {
  const r = await call(s.url, 'POST', '/api/auth/login', { body: { username, password: PASSWORD, deviceName, platform } });
  if (r.status !== 200) throw new Error(`login failed ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { accessToken: string; refreshToken: string; accessExpiresAt: string; user: { id: string }; organization: { retention: unknown } };
};

describe('administrator: accounts, devices, retention', () => {
  let s: TestServer;
  let clock: Date;
  let admin: string;
  let memberId: string;
  beforeEach(async () => {
    clock = new Date('2026-11-23T01:00:00.000Z');
    s = await startTestServer({ now: () => clock, sessionLifetimeSeconds: 24 * 3600 });
    await addUser(s.dataDir, { username: 'quantri', fullName: 'Quản Trị Viên', role: 'admin', password: PASSWORD });
    memberId = (await addUser(s.dataDir, { username: 'lan', fullName: 'Nguyễn Thị Lan', role: 'member', password: PASSWORD })).id;
    admin = (await login(s.url, 'quantri')).accessToken;
  });
  afterEach(async () => s?.stop());

  it('lists the devices of an account with name, platform, sign-in, last seen and address', async () => {
    await signIn(s, 'lan', 'Máy tính bảng phòng họp', 'win32 x64');
    clock = new Date(clock.getTime() + 5 * 60_000);
    const laptop = await signIn(s, 'lan', 'Laptop cá nhân', 'darwin arm64');
    const r = await call(s.url, 'GET', ADMIN_PATHS.userSessions(memberId), { token: admin });
    expect(r.status).toBe(200);
    expect(r.body.user).toMatchObject({ username: 'lan', disabledAt: null, activeSessions: 2 });
    expect(r.body.sessions.map((x: any) => [x.deviceName, x.platform, x.address, x.revokedAt])).toEqual([
      ['Laptop cá nhân', 'darwin arm64', '127.0.0.1', null],
      ['Máy tính bảng phòng họp', 'win32 x64', '127.0.0.1', null],
    ]);
    expect(r.body.sessions[0]).toMatchObject({ createdAt: clock.toISOString(), expiresAt: new Date(clock.getTime() + 24 * 3600_000).toISOString() });
    // Using the device moves its "last seen".
    clock = new Date(clock.getTime() + 4 * 60_000);
    expect((await call(s.url, 'GET', '/api/me', { token: laptop.accessToken })).status).toBe(200);
    const after = await call(s.url, 'GET', ADMIN_PATHS.userSessions(memberId), { token: admin });
    expect(after.body.sessions[0].lastSeenAt).toBe(clock.toISOString());
  });

  it('refuses every admin route to anyone but the administrator', async () => {
    const member = await signIn(s, 'lan', 'Laptop');
    const tries = [
      call(s.url, 'GET', ADMIN_PATHS.users, { token: member.accessToken }),
      call(s.url, 'GET', ADMIN_PATHS.userSessions(memberId), { token: member.accessToken }),
      call(s.url, 'POST', ADMIN_PATHS.userDisabled(memberId), { token: member.accessToken, body: { disabled: true } }),
      call(s.url, 'POST', ADMIN_PATHS.revokeSessions(memberId), { token: member.accessToken, body: { all: true } }),
      call(s.url, 'PUT', ADMIN_PATHS.retention, { token: member.accessToken, body: DEFAULT_RETENTION_POLICY }),
      call(s.url, 'GET', ADMIN_PATHS.users),
    ];
    const answers = await Promise.all(tries);
    expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403, 403, 401]);
    // Nothing happened to the account.
    expect((await call(s.url, 'GET', '/api/me', { token: member.accessToken })).status).toBe(200);
  });

  it('a revoked device is answered device_revoked on its next request and refresh; the other device keeps working; audited', async () => {
    const lost = await signIn(s, 'lan', 'Laptop bị mất');
    const kept = await signIn(s, 'lan', 'Máy tính bảng');
    const list = await call(s.url, 'GET', ADMIN_PATHS.userSessions(memberId), { token: admin });
    const lostId = list.body.sessions.find((x: any) => x.deviceName === 'Laptop bị mất').id;

    const r = await call(s.url, 'POST', ADMIN_PATHS.revokeSessions(memberId), { token: admin, body: { sessionId: lostId } });
    expect(r.body).toEqual({ revoked: [lostId] });

    const pull = await call(s.url, 'GET', '/api/sync/pull', { token: lost.accessToken });
    expect(pull.status).toBe(401);
    expect(pull.body.error.code).toBe('device_revoked');
    expect(pull.body.error.message).toMatch(/thu hồi/);
    const ref = await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: lost.refreshToken } });
    expect([ref.status, ref.body.error.code]).toEqual([401, 'device_revoked']);
    expect((await call(s.url, 'GET', '/api/me', { token: kept.accessToken })).status).toBe(200);

    const after = await call(s.url, 'GET', ADMIN_PATHS.userSessions(memberId), { token: admin });
    expect(after.body.sessions.find((x: any) => x.id === lostId)).toMatchObject({ revokedReason: 'admin', revokedAt: clock.toISOString() });
    const audit = await s.db.selectFrom('audit_log').selectAll().where('action', '=', 'session.revoke').execute();
    expect(audit.map((a) => a.entity_id)).toEqual([lostId]);
  });

  it('revoking all devices ends every session; a signed-out device is not told to wipe', async () => {
    const a = await signIn(s, 'lan', 'A');
    const b = await signIn(s, 'lan', 'B');
    const out = await signIn(s, 'lan', 'C');
    await call(s.url, 'POST', '/api/auth/logout', { token: out.accessToken, body: { refreshToken: out.refreshToken } });
    const r = await call(s.url, 'POST', ADMIN_PATHS.revokeSessions(memberId), { token: admin, body: { all: true } });
    expect(r.body.revoked).toHaveLength(2);
    for (const t of [a, b]) expect((await call(s.url, 'GET', '/api/me', { token: t.accessToken })).body.error.code).toBe('device_revoked');
    const loggedOut = await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: out.refreshToken } });
    expect(loggedOut.body.error.code).toBe('unauthenticated');
    // A new sign-in on the same account works.
    expect((await signIn(s, 'lan', 'A mới')).accessToken).toBeTruthy();
  });

  it('a disabled account cannot sign in or refresh, its sessions end; enabled again, it signs in', async () => {
    const device = await signIn(s, 'lan', 'Laptop');
    const d = await call(s.url, 'POST', ADMIN_PATHS.userDisabled(memberId), { token: admin, body: { disabled: true } });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ username: 'lan', disabledAt: clock.toISOString(), activeSessions: 0 });

    const again = await call(s.url, 'POST', '/api/auth/login', { body: { username: 'lan', password: PASSWORD } });
    expect([again.status, again.body.error.code]).toEqual([403, 'account_disabled']);
    // A wrong password learns nothing about the state of the account.
    const wrong = await call(s.url, 'POST', '/api/auth/login', { body: { username: 'lan', password: 'sai-mat-khau-roi' } });
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect((await call(s.url, 'GET', '/api/me', { token: device.accessToken })).body.error.code).toBe('device_revoked');
    expect((await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: device.refreshToken } })).body.error.code).toBe('device_revoked');

    const users = await call(s.url, 'GET', ADMIN_PATHS.users, { token: admin });
    expect(users.body.users.find((u: any) => u.username === 'lan').disabledAt).toBe(clock.toISOString());

    const e = await call(s.url, 'POST', ADMIN_PATHS.userDisabled(memberId), { token: admin, body: { disabled: false } });
    expect(e.body.disabledAt).toBeNull();
    expect((await signIn(s, 'lan', 'Laptop')).accessToken).toBeTruthy();
    const audit = await s.db.selectFrom('audit_log').select('action').where('entity_id', '=', memberId).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['user.add', 'user.disable', 'user.enable']);
  });

  it('the administrator cannot disable his own account', async () => {
    const me = await call(s.url, 'GET', '/api/me', { token: admin });
    const r = await call(s.url, 'POST', ADMIN_PATHS.userDisabled(me.body.user.id), { token: admin, body: { disabled: true } });
    expect(r.status).toBe(403);
  });

  it('a session ends at its absolute lifetime however often it refreshes', async () => {
    let t = await signIn(s, 'lan', 'Laptop');
    const signedInAt = clock.getTime();
    // Refreshing every 6 hours keeps it alive for a day, no longer.
    for (let i = 1; i <= 3; i++) {
      clock = new Date(signedInAt + i * 6 * 3600_000);
      const r = await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: t.refreshToken } });
      expect(r.status).toBe(200);
      t = r.body;
    }
    clock = new Date(signedInAt + 24 * 3600_000 - 5 * 60_000);
    const last = await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: t.refreshToken } });
    expect(last.status).toBe(200);
    // The access token never outlives the session.
    expect(Date.parse(last.body.accessExpiresAt)).toBe(signedInAt + 24 * 3600_000);
    clock = new Date(signedInAt + 24 * 3600_000 + 1000);
    const over = await call(s.url, 'POST', '/api/auth/refresh', { body: { refreshToken: last.body.refreshToken } });
    expect([over.status, over.body.error.code]).toEqual([401, 'session_expired']);
    expect((await call(s.url, 'GET', '/api/me', { token: last.body.accessToken })).body.error.code).toBe('token_expired');
  });

  it('the retention policy reaches every device with the organisation row', async () => {
    const member = await signIn(s, 'lan', 'Laptop');
    expect(member.organization.retention).toEqual(DEFAULT_RETENTION_POLICY);
    const first = await pullAll(s.url, member.accessToken);
    const policy = { ...DEFAULT_RETENTION_POLICY, confidential: { daysAfterClose: 7, redownload: false } };
    const bad = await call(s.url, 'PUT', ADMIN_PATHS.retention, { token: admin, body: { ...policy, confidential: { daysAfterClose: -1, redownload: false } } });
    expect(bad.status).toBe(400);
    const put = await call(s.url, 'PUT', ADMIN_PATHS.retention, { token: admin, body: policy });
    expect(put.body).toEqual({ policy });
    const next = await pullAll(s.url, member.accessToken, first.cursor);
    const org = next.changes.find((c) => c.entity === 'organization');
    expect(org && org.op === 'upsert' && org.data.retention).toEqual(policy);
    expect((await call(s.url, 'GET', ADMIN_PATHS.retention, { token: admin })).body.policy).toEqual(policy);
    expect((await s.db.selectFrom('audit_log').select('action').where('action', '=', 'retention.set').execute()).length).toBe(1);
  });
});
