/**
 * Failed sign-ins slow down the address they come from, never lock the account; unknown
 * usernames are answered exactly like wrong passwords. Clients speak from distinct loopback
 * addresses (127.0.0.2, 127.0.0.3, ...), which the server sees as different machines.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import http from 'node:http';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DUMMY_PASSWORD_HASH, dummyPasswordHash, hashPassword, SCRYPT_PARAMS, verifyPassword } from '../../server/auth/password';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { clientNetwork, DEFAULT_LOGIN_THROTTLE, delaySeconds, LoginThrottle } from '../../server/auth/throttle';
import { openDatabase, type Db } from '../../server/db/open';
import { addUser, DIALECTS, PASSWORD, startTestServer, type TestServer } from './helpers';
import { openServerDatabase } from '../../server/data-folder';
import { freshPostgresDatabase, type TestPostgresDatabase } from '../helpers/postgres';

interface Answer {
  status: number;
  body: any;
  retryAfter: string | undefined;
}

/** POST /api/auth/login over a socket bound to `from`. */
function loginFrom(s: TestServer, from: string, username: string, password: string, headers: Record<string, string> = {}): Promise<Answer> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: s.port,
        path: '/api/auth/login',
        method: 'POST',
        localAddress: from,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const retry = res.headers['retry-after'];
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text), retryAfter: Array.isArray(retry) ? retry[0] : retry });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const ATTACKER = '127.0.0.2';
const OWNER = '127.0.0.3';
const WRONG = 'sai-mat-khau-1';
/** Few free failures keep the number of real (slow) scrypt checks small. */
const FREE = 2;
const throttle = { freeFailures: FREE };

describe('sign-in throttling per (account, address)', () => {
  let s: TestServer;
  let clock: Date;
  const advance = (seconds: number) => (clock = new Date(clock.getTime() + seconds * 1000));
  beforeEach(async () => {
    clock = new Date('2026-11-23T01:00:00.000Z');
    s = await startTestServer({ now: () => clock, loginThrottle: throttle, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    await addUser(s.dataDir, { username: 'chutich', fullName: 'Nguyễn Văn Chủ Tịch', role: 'chair', password: PASSWORD });
  });
  afterEach(async () => s?.stop());

  it('an attacker failing from one address cannot lock the chair out: he signs in from his own machine', async () => {
    for (let i = 0; i <= FREE; i++) expect((await loginFrom(s, ATTACKER, 'chutich', WRONG)).status).toBe(401);
    const blocked = await loginFrom(s, ATTACKER, 'chutich', WRONG);
    expect(blocked.status).toBe(429);

    const owner = await loginFrom(s, OWNER, 'chutich', PASSWORD);
    expect(owner.status).toBe(200);
    expect(owner.body.user.username).toBe('chutich');
    // Not a lock: the old 423 account_locked is gone for good.
    expect(blocked.body.error.code).toBe('login_throttled');
  });

  it('the attacking address waits longer after each failure, told so in Vietnamese or English with Retry-After', async () => {
    for (let i = 0; i <= FREE; i++) await loginFrom(s, ATTACKER, 'chutich', WRONG);
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      const blocked = await loginFrom(s, ATTACKER, 'chutich', WRONG);
      expect(blocked.status).toBe(429);
      const wait = Number(blocked.retryAfter);
      expect(blocked.body.error.details.retryAfterSeconds).toBe(wait);
      waits.push(wait);
      // Even the right password waits: the address is throttled, whoever types.
      expect((await loginFrom(s, ATTACKER, 'chutich', PASSWORD)).status).toBe(429);
      advance(wait);
      expect((await loginFrom(s, ATTACKER, 'chutich', WRONG)).status).toBe(401);
    }
    expect(waits).toEqual([1, 2, 4, 8]);

    const vi = await loginFrom(s, ATTACKER, 'chutich', WRONG);
    expect(vi.body.error.message).toBe(`Đăng nhập sai nhiều lần từ máy này. Vui lòng chờ ${vi.retryAfter} giây rồi thử lại.`);
    const en = await loginFrom(s, ATTACKER, 'chutich', WRONG, { 'accept-language': 'en' });
    expect(en.status).toBe(429);
    expect(en.body.error.message).toMatch(/wait \d+ seconds/);
  });

  it('a successful sign-in clears the failures of its address', async () => {
    for (let i = 0; i < FREE; i++) await loginFrom(s, ATTACKER, 'chutich', WRONG);
    expect((await loginFrom(s, ATTACKER, 'chutich', PASSWORD)).status).toBe(200);
    for (let i = 0; i <= FREE; i++) expect((await loginFrom(s, ATTACKER, 'chutich', WRONG)).status).toBe(401);
  });

  it('answers an unknown username exactly like a wrong password, throttled alike', async () => {
    for (const lang of [{}, { 'accept-language': 'en' }] as Record<string, string>[]) {
      const wrong = await loginFrom(s, ATTACKER, 'chutich', WRONG, lang);
      const unknown = await loginFrom(s, OWNER, 'khongco', WRONG, lang);
      expect(unknown.status).toBe(wrong.status);
      expect(unknown.body).toEqual(wrong.body);
    }
    for (let i = 2; i <= FREE; i++) {
      await loginFrom(s, ATTACKER, 'chutich', WRONG);
      await loginFrom(s, OWNER, 'khongco', WRONG);
    }
    const wrong = await loginFrom(s, ATTACKER, 'chutich', WRONG);
    const unknown = await loginFrom(s, OWNER, 'khongco', WRONG);
    expect(wrong.status).toBe(429);
    expect([unknown.status, unknown.body, unknown.retryAfter]).toEqual([wrong.status, wrong.body, wrong.retryAfter]);
  });

  it('a server restart does not give the attacker fresh free guesses', async () => {
    for (let i = 0; i <= FREE; i++) expect((await loginFrom(s, ATTACKER, 'chutich', WRONG)).status).toBe(401);
    const before = await loginFrom(s, ATTACKER, 'chutich', WRONG);
    expect(before.status).toBe(429);
    await s.close();
    s = await startTestServer({ dataDir: s.dataDir, now: () => clock, loginThrottle: throttle, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    const after = await loginFrom(s, ATTACKER, 'chutich', WRONG);
    expect(after.status).toBe(429);
    expect(after.retryAfter).toBe(before.retryAfter);
    // The wait still runs out, and the owner elsewhere was never affected.
    expect((await loginFrom(s, OWNER, 'chutich', PASSWORD)).status).toBe(200);
    advance(Number(after.retryAfter));
    expect((await loginFrom(s, ATTACKER, 'chutich', WRONG)).status).toBe(401);
  });

  it('ignores X-Forwarded-For by default: a forged address does not escape the throttle', async () => {
    for (let i = 0; i <= FREE; i++) await loginFrom(s, ATTACKER, 'chutich', WRONG, { 'x-forwarded-for': `10.0.0.${i + 1}` });
    expect((await loginFrom(s, ATTACKER, 'chutich', WRONG, { 'x-forwarded-for': '10.0.0.99' })).status).toBe(429);
  });
});

describe('behind a trusted reverse proxy', () => {
  let s: TestServer;
  afterEach(async () => s?.stop());

  it('with trustProxy the address from X-Forwarded-For is the one throttled', async () => {
    const clock = new Date('2026-11-23T01:00:00.000Z');
    s = await startTestServer({ now: () => clock, trustProxy: true, loginThrottle: throttle, loginRateLimit: { max: 1000, timeWindowMs: 60_000 } });
    await addUser(s.dataDir, { username: 'chutich', fullName: 'Nguyễn Văn Chủ Tịch', role: 'chair', password: PASSWORD });
    const viaProxy = (client: string, password: string) => loginFrom(s, '127.0.0.1', 'chutich', password, { 'x-forwarded-for': client });
    for (let i = 0; i <= FREE; i++) await viaProxy('203.0.113.7', WRONG);
    expect((await viaProxy('203.0.113.7', WRONG)).status).toBe(429);
    expect((await viaProxy('198.51.100.20', PASSWORD)).status).toBe(200);
  });
});

describe('unknown usernames cost a real password check', () => {
  it('the dummy hash is made with the same scrypt parameters as every new hash, and matches no password', async () => {
    const fresh = await hashPassword('mat-khau-bat-ky');
    const fields = (h: string) => h.split('$').slice(0, 4);
    expect(fields(DUMMY_PASSWORD_HASH)).toEqual(fields(fresh));
    expect(fields(fresh)).toEqual(['scrypt', String(SCRYPT_PARAMS.N), String(SCRYPT_PARAMS.r), String(SCRYPT_PARAMS.p)]);
    expect(DUMMY_PASSWORD_HASH.split('$')[5].length).toBe(fresh.split('$')[5].length);
    expect(await verifyPassword('', DUMMY_PASSWORD_HASH)).toBe(false);
    expect(await verifyPassword(PASSWORD, DUMMY_PASSWORD_HASH)).toBe(false);
    // A server set to another cost checks unknown names against a dummy of that cost.
    const fast = await dummyPasswordHash(FAST_PASSWORD_HASHING_FOR_TESTS);
    expect(fields(fast)).toEqual(['scrypt', String(2 ** 12), '8', '1']);
    expect(await dummyPasswordHash(SCRYPT_PARAMS)).toBe(DUMMY_PASSWORD_HASH);
  });

  it('sign-in checks every password, known user or not, through one verifyPassword call (the dummy hash standing in)', async () => {
    // Structural: two calls (one per path) could drift apart in cost; bench/login-timing.ts measures it.
    const source = await readFile(join(__dirname, '../../server/auth/sessions.ts'), 'utf8');
    const login = source.slice(source.indexOf('export async function login('), source.indexOf('\n}\n', source.indexOf('export async function login(')));
    expect(login.match(/verifyPassword\(/g)).toHaveLength(1);
    expect(login).toMatch(/verifyPassword\(req\.password, user\?\.password_hash \?\? \(await dummyPasswordHash\(cfg\.passwordHashing\)\)\)/);
  });
});

describe('client networks', () => {
  it('throttles IPv4 by address and IPv6 by its /64, however it is written', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0db8:0001:0002:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});

describe.each(DIALECTS)('throttle memory (%s)', (dialect) => {
  const t0 = new Date('2026-11-23T01:00:00.000Z');
  const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
  const policy = { freeFailures: 0, firstDelaySeconds: 60, maxDelaySeconds: 60, forgetAfterSeconds: 3600, maxKeys: 2 };
  let dir: string;
  let db: Db;
  let pg: TestPostgresDatabase | undefined;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecab-throttle-'));
    pg = dialect === 'postgres' ? await freshPostgresDatabase() : undefined;
    db = pg ? await openServerDatabase(dir, { kind: 'postgres', url: pg.url }) : await openDatabase(join(dir, 'ecabinet.sqlite'));
  });
  afterEach(async () => {
    await db.destroy();
    await pg?.drop();
    await rm(dir, { recursive: true, force: true });
  });
  const throttled = expect.objectContaining({ code: 'login_throttled' });

  it('keeps at most maxKeys entries, dropping the least recently failed, and forgets idle ones', async () => {
    const th = new LoginThrottle(db, policy);
    await th.begin('a', '10.0.0.1', at(0));
    await expect(th.begin('a', '10.0.0.1', at(1))).rejects.toThrow(throttled);
    await th.begin('b', '10.0.0.1', at(2));
    await th.begin('c', '10.0.0.1', at(3)); // 'a' is dropped to stay within two keys
    await expect(th.begin('a', '10.0.0.1', at(4))).resolves.toBeDefined();
    await expect(th.begin('c', '10.0.0.1', at(5))).rejects.toThrow(throttled);
    // A key idle for longer than forgetAfterSeconds starts over, and idle rows leave the database.
    await expect(th.begin('c', '10.0.0.1', at(4 + 3601))).resolves.toBeDefined();
    expect((await db.selectFrom('login_throttle').select('key').execute()).length).toBe(1);
  });

  it('stores neither the name as typed nor the address', async () => {
    await new LoginThrottle(db, policy).begin('mat-khau-go-nham', '203.0.113.7', at(0));
    const text = JSON.stringify(await db.selectFrom('login_throttle').selectAll().execute());
    expect(text).not.toMatch(/mat-khau|203\.0\.113/);
  });

  it('doubles the wait from the first failure past the free ones, up to the cap', () => {
    const p = { ...DEFAULT_LOGIN_THROTTLE, freeFailures: 5, firstDelaySeconds: 1, maxDelaySeconds: 900 };
    expect([1, 5, 6, 7, 8, 15, 16, 100].map((n) => delaySeconds(p, n))).toEqual([0, 0, 1, 2, 4, 512, 900, 900]);
  });
});
