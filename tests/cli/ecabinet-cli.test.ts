/**
 * The `ecabinet` command as an administrator uses it: the built bin entry (npm test builds
 * first), a real data folder, a real server process answering HTTP. The commands that only
 * touch the data folder (user, org, rules) run in this process through the same entry function
 * (`runCliInProcess`): a process start costs one to two seconds on two busy cores, and what
 * the process adds (exit status, no stack trace, help) is checked on the built bin here too.
 */
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliInProcess as cli } from '../helpers/cli-in-process';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { spawnServer } from '../helpers/server-process';
import { check, tool } from '../helpers/tool';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'ecabinet.cjs');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecabinet-cli-'));
/**
 * Servers that sign in many accounts (the demo's 14) hash at the tests' cost; the first server
 * below runs at the production default, which its account (added at that cost) signs in to.
 */
const CHEAP_PASSWORDS = ['--password-cost', String(FAST_PASSWORD_HASHING_FOR_TESTS.N)];
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The built bin in a process of its own; several run at once. */
async function run(args: string[], env: Record<string, string> = {}): Promise<{ status: number; out: string; err: string }> {
  const r = await check(process.execPath, [bin, ...args], { env, timeoutMs: 60_000 });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

/** `ecabinet server` on a random port. */
const startServerProcess = (dataDir: string, extra: string[] = []) => spawnServer(['--data', dataDir, '--port', '0', ...extra]);

async function login(url: string, username: string, password: string) {
  return fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
}

describe('ecabinet command line', () => {
  it('prints help for the command and each subcommand, in Vietnamese and English', async () => {
    const [top, sub] = await Promise.all([run(['--help']), run(['user', 'add', '--help'])]);
    expect(top.status).toBe(0);
    expect(top.out).toContain('ecabinet');
    expect(sub.status).toBe(0);
    expect(sub.out).toContain('--password-env');
    for (const args of [['server', '--help'], ['user', 'add', '--help'], ['start', '--help'], ['app', '--help']]) {
      const r = await cli(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.out).toMatch(/--data|--server/);
    }
  });

  it('refuses a usage mistake with exit status 2 and a message, never a stack trace', async () => {
    // Processes of their own (a server option that slipped through would start a server), all at once.
    const [r, unknown, days, cheap] = await Promise.all([
      run(['server']),
      run(['frobnicate']),
      run(['server', '--data', path.join(tmp, 'x'), '--session-days', '0']),
      // Below scrypt's floor of 2^10: refused before anything starts.
      run(['server', '--data', path.join(tmp, 'x'), '--password-cost', '512']),
    ]);
    expect(r.status).toBe(2);
    expect(r.err).toContain('--data');
    expect(r.err).not.toMatch(/\n\s+at /);
    expect(unknown.status).toBe(2);
    expect(days.status).toBe(2);
    expect(cheap.status).toBe(2);
    expect(cheap.err).toContain('--password-cost');
  });

  it('adds an account whose password comes from an environment variable, then that account signs in over HTTP', async () => {
    const data = path.join(tmp, 'accounts');
    const add = await cli(['user', 'add', '--data', data, '--username', 'nva', '--name', 'Nguyễn Văn A', '--role', 'member', '--password-env', 'NVA_PW'], { NVA_PW: 'mật-khẩu-đủ-dài' });
    expect(add.status, add.err).toBe(0);
    expect(add.out).toContain('nva');
    // The password never appears on the command line, so it cannot leak through `ps`.
    expect((await cli(['user', 'add', '--data', data, '--username', 'x', '--name', 'X', '--role', 'member', '--password-env', 'UNSET_VAR_FOR_TEST'])).status).toBe(2);
    expect((await cli(['user', 'add', '--data', data, '--username', 'y', '--name', 'Y', '--role', 'emperor', '--password-env', 'NVA_PW'], { NVA_PW: 'mật-khẩu-đủ-dài' })).status).toBe(2);
    const dup = await cli(['user', 'add', '--data', data, '--username', 'nva', '--name', 'Again', '--role', 'member', '--password-env', 'NVA_PW'], { NVA_PW: 'mật-khẩu-đủ-dài' });
    expect(dup.status).toBe(1);

    // A second organisation; a director whose home it is joins the first one as a member.
    const org = await cli(['org', 'add', '--data', data, '--name', 'Sở Tài chính', '--short', 'STC']);
    expect(org.status, org.err).toBe(0);
    const pw = { GD_PW: 'mật-khẩu-đủ-dài' };
    expect((await cli(['user', 'add', '--data', data, '--username', 'gd', '--name', 'Giám Đốc', '--role', 'chair', '--org', 'STC', '--password-env', 'GD_PW'], pw)).status).toBe(0);
    expect((await cli(['org', 'member', 'add', '--data', data, '--org', 'UBND', '--username', 'gd', '--role', 'member'])).status).toBe(0);
    expect((await cli(['org', 'member', 'add', '--data', data, '--org', 'KHONGCO', '--username', 'gd', '--role', 'member'])).status).toBe(1);
    expect((await cli(['org', 'member', 'add', '--data', data, '--org', 'STC', '--username', 'gd', '--role', 'emperor'])).status).toBe(2);
    const list = await cli(['org', 'list', '--data', data]);
    expect(list.out).toMatch(/UBND .*\(2 thành viên/);
    expect(list.out).toMatch(/STC {2}Sở Tài chính {2}\(1 thành viên/);
    expect((await cli(['org', '--help'])).out).toContain('organisation');

    const server = startServerProcess(data);
    try {
      const url = await server.url;
      const ok = await login(url, 'nva', 'mật-khẩu-đủ-dài');
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as { user: { fullName: string } }).user.fullName).toBe('Nguyễn Văn A');
      expect((await login(url, 'nva', 'wrong-password')).status).toBe(401);
      // The director receives both organisations.
      const gd = (await (await login(url, 'gd', 'mật-khẩu-đủ-dài')).json()) as { accessToken: string };
      const pulled = (await (await fetch(`${url}/api/sync/pull`, { headers: { authorization: `Bearer ${gd.accessToken}` } })).json()) as { changes: { entity: string }[] };
      expect(pulled.changes.filter((c) => c.entity === 'organization')).toHaveLength(2);
    } finally {
      await server.stop();
    }
  });

  it('serves HTTPS with --tls-cert/--tls-key (a self-signed certificate made here), and refuses one without the other', async () => {
    const dir = path.join(tmp, 'tls');
    fs.mkdirSync(dir);
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    await tool('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert]);
    expect((await run(['server', '--data', path.join(tmp, 'tls-data'), '--tls-cert', cert])).status).toBe(2);
    const server = startServerProcess(path.join(tmp, 'tls-data'), ['--tls-cert', cert, '--tls-key', key]);
    try {
      const url = await server.url;
      expect(url).toMatch(/^https:/);
      const res = await new Promise<{ status: number; hsts: unknown }>((resolve, reject) =>
        https
          .get(`${url}/api/health`, { ca: fs.readFileSync(cert) }, (r) => {
            r.resume();
            r.on('end', () => resolve({ status: r.statusCode ?? 0, hsts: r.headers['strict-transport-security'] }));
          })
          .on('error', reject),
      );
      expect(res.status).toBe(200);
      expect(res.hsts).toMatch(/max-age=\d+/);
    } finally {
      await server.stop();
    }
  });

  it('serves the seeded demo committee with --seed demo', async () => {
    const server = startServerProcess(path.join(tmp, 'demo'), ['--seed', 'demo', ...CHEAP_PASSWORDS]);
    try {
      const url = await server.url;
      const res = await login(url, 'chutich', 'ecabinet2026');
      expect(res.status).toBe(200);
      const spec = (await (await fetch(`${url}/api/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(spec.paths)).toContain('/api/sync/pull');
    } finally {
      await server.stop();
    }
  });

  it('shows and sets the committee decision rules, refusing invalid ones', async () => {
    const data = path.join(tmp, 'rules');
    expect((await cli(['user', 'add', '--data', data, '--username', 'admin', '--name', 'Quản trị', '--role', 'admin', '--password-env', 'PW'], { PW: 'mật-khẩu-đủ-dài' })).status).toBe(0);
    const shown = await cli(['rules', 'show', '--data', data]);
    expect(shown.status, shown.err).toBe(0);
    const rules = JSON.parse(shown.out);
    expect(rules.majority.fraction).toMatchObject({ numerator: 1, denominator: 2, comparison: 'more_than' });
    const file = path.join(tmp, 'rules.json');
    fs.writeFileSync(file, JSON.stringify({ ...rules, majority: { ...rules.majority, fraction: { numerator: 2, denominator: 3, comparison: 'at_least' } } }));
    expect((await cli(['rules', 'set', '--data', data, '--file', file])).status).toBe(0);
    expect(JSON.parse((await cli(['rules', 'show', '--data', data])).out).majority.fraction.numerator).toBe(2);
    // Who may be a voting deputy: by default another member of the meeting or whom the chair approves.
    expect(rules.delegation.deputies).toBe('meeting_member_or_chair_approved');
    const current = JSON.parse((await cli(['rules', 'show', '--data', data])).out);
    fs.writeFileSync(file, JSON.stringify({ ...current, delegation: { ...current.delegation, deputies: 'meeting_member' } }));
    expect((await cli(['rules', 'set', '--data', data, '--file', file])).status).toBe(0);
    expect(JSON.parse((await cli(['rules', 'show', '--data', data])).out).delegation.deputies).toBe('meeting_member');
    fs.writeFileSync(file, JSON.stringify({ ...current, delegation: { ...current.delegation, deputies: 'anyone' } }));
    expect((await cli(['rules', 'set', '--data', data, '--file', file])).status).not.toBe(0);
    fs.writeFileSync(file, JSON.stringify({ ...rules, quorum: 'none' }));
    const bad = await cli(['rules', 'set', '--data', data, '--file', file]);
    expect(bad.status).toBe(1);
    expect(bad.err).not.toMatch(/\n\s+at /);
    expect(JSON.parse((await cli(['rules', 'show', '--data', data])).out).majority.fraction.numerator).toBe(2);
  });

  it('disables and enables an account, lists its devices and revokes one or all, against a running server', async () => {
    const data = path.join(tmp, 'devices');
    const pw = { PW: 'mật-khẩu-đủ-dài' };
    expect((await cli(['user', 'add', '--data', data, '--username', 'lan', '--name', 'Nguyễn Thị Lan', '--role', 'member', '--password-env', 'PW'], pw)).status).toBe(0);
    for (const sub of ['disable', 'enable', 'sessions', 'revoke']) expect((await cli(['user', sub, '--help'])).out).toContain('thu hồi');
    const server = startServerProcess(data, CHEAP_PASSWORDS);
    try {
      const url = await server.url;
      const signIn = async (deviceName: string) =>
        (await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'lan', password: pw.PW, deviceName, platform: 'linux x64' }) })).json()) as { accessToken: string };
      const me = (token: string) => fetch(`${url}/api/me`, { headers: { authorization: `Bearer ${token}` } }).then(async (r) => ({ status: r.status, body: (await r.json()) as { error?: { code: string } } }));
      const lost = await signIn('Laptop bị mất');
      const kept = await signIn('Máy tính bảng');

      const listed = await cli(['user', 'sessions', '--data', data, 'lan']);
      expect(listed.status, listed.err).toBe(0);
      expect(listed.out).toContain('Laptop bị mất — linux x64');
      expect(listed.out).toContain('127.0.0.1');
      const lostId = new RegExp(`^(\\S+)\\n  Laptop bị mất`, 'm').exec(listed.out)![1];

      // Usage mistakes: 2; an unknown account or device: 1.
      expect((await cli(['user', 'revoke', '--data', data, 'lan'])).status).toBe(2);
      expect((await cli(['user', 'revoke', '--data', data, 'lan', '--all', '--session', lostId])).status).toBe(2);
      expect((await cli(['user', 'disable', '--data', data])).status).toBe(2);
      const unknown = await cli(['user', 'disable', '--data', data, 'khongco']);
      expect(unknown.status).toBe(1);
      expect(unknown.err).not.toMatch(/\n\s+at /);
      expect((await cli(['user', 'revoke', '--data', data, 'lan', '--session', '00000000-0000-4000-8000-000000000000'])).status).toBe(1);

      const revoke = await cli(['user', 'revoke', '--data', data, 'lan', '--session', lostId]);
      expect(revoke.status, revoke.err).toBe(0);
      expect(await me(lost.accessToken)).toMatchObject({ status: 401, body: { error: { code: 'device_revoked' } } });
      expect((await me(kept.accessToken)).status).toBe(200);
      expect((await cli(['user', 'sessions', '--data', data, 'lan'])).out).toContain('đã thu hồi / revoked');

      expect((await cli(['user', 'disable', '--data', data, 'lan'])).status).toBe(0);
      expect(await me(kept.accessToken)).toMatchObject({ status: 401, body: { error: { code: 'device_revoked' } } });
      expect((await login(url, 'lan', pw.PW)).status).toBe(403);
      expect((await cli(['user', 'enable', '--data', data, 'lan'])).status).toBe(0);
      const again = await signIn('Máy mới');
      expect((await me(again.accessToken)).status).toBe(200);
      expect((await cli(['user', 'revoke', '--data', data, 'lan', '--all'])).out).toContain('1');
      expect((await me(again.accessToken)).body.error?.code).toBe('device_revoked');
    } finally {
      await server.stop();
    }
  });
});
