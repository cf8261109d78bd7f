import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt at OWASP's minimum: N=2^17, r=8, p=1. That needs 128 MiB per hash (128·N·r bytes),
 * four times Node's default `maxmem` of 32 MiB, so maxmem is raised for each call. At most
 * libuv's thread pool size (4) hashes run at once, which bounds the memory an attacker can
 * make the server use by signing in.
 */
export interface PasswordHashing {
  N: number;
  r: number;
  p: number;
}
export const SCRYPT_PARAMS: Readonly<PasswordHashing> = Object.freeze({ N: 2 ** 17, r: 8, p: 1 });
const KEY_LEN = 32;

/**
 * A server may be started with a lower cost (`passwordHashing`): test suites, which create and
 * sign in hundreds of accounts, use it. Never below N=2^10 (1 MiB), and a stored hash always
 * carries its own parameters, so any hash verifies under any setting and is rehashed at the next
 * sign-in to the server's setting.
 */
export function checkPasswordHashing(h: PasswordHashing): PasswordHashing {
  const powerOfTwo = Number.isInteger(h.N) && h.N >= 2 ** 10 && h.N <= 2 ** 20 && (h.N & (h.N - 1)) === 0;
  if (!powerOfTwo || !(Number.isInteger(h.r) && h.r >= 1 && h.r <= 32) || !(Number.isInteger(h.p) && h.p >= 1 && h.p <= 16))
    throw new Error(`scrypt parameters out of bounds: N=${h.N} (a power of two, 2^10..2^20), r=${h.r}, p=${h.p}`);
  return h;
}

export const MIN_PASSWORD_LENGTH = 8;

function derive(password: string, salt: Buffer, n: number, r: number, p: number, keyLen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLen, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** "scrypt$N$r$p$<salt b64>$<hash b64>" */
export async function hashPassword(password: string, hashing: PasswordHashing = SCRYPT_PARAMS): Promise<string> {
  const { N, r, p } = checkPasswordHashing(hashing);
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, r, p, KEY_LEN);
  return ['scrypt', N, r, p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(stored: string): { n: number; r: number; p: number; salt: Buffer; expected: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [n, r, p] = parts.slice(1, 4).map(Number);
  // Bounds keep a corrupt row from asking scrypt for gigabytes.
  if (!Number.isInteger(n) || n < 2 || n > 2 ** 20 || !(r >= 1 && r <= 32) || !(p >= 1 && p <= 16)) return null;
  return { n, r, p, salt: Buffer.from(parts[4], 'base64'), expected: Buffer.from(parts[5], 'base64') };
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parse(stored);
  if (!h) return false;
  const actual = await derive(password, h.salt, h.n, h.r, h.p, h.expected.length);
  return actual.length === h.expected.length && timingSafeEqual(actual, h.expected);
}

/** True for a hash made with other parameters than the server's: rehash it at the next sign-in. */
export function needsRehash(stored: string, hashing: PasswordHashing = SCRYPT_PARAMS): boolean {
  const h = parse(stored);
  return !h || h.n !== hashing.N || h.r !== hashing.r || h.p !== hashing.p || h.expected.length !== KEY_LEN;
}

/**
 * A real hash of a random password nobody knows, with today's parameters: an unknown username
 * is checked against it, so it costs the same work as a wrong password and gets the same answer.
 * A constant, so that no server start or first unknown user pays for making it.
 */
export const DUMMY_PASSWORD_HASH = 'scrypt$131072$8$1$IKFXyUv83BCT85hVwRztCw==$M+YaH98hGo6mmUXb+MHmvgRhX4qck6+it6F0pdt5Ogg=';

const dummies = new Map<string, Promise<string>>();

/** The dummy hash for a server's parameters: unknown usernames must cost what a real account costs. */
export function dummyPasswordHash(hashing: PasswordHashing = SCRYPT_PARAMS): Promise<string> {
  if (hashing.N === SCRYPT_PARAMS.N && hashing.r === SCRYPT_PARAMS.r && hashing.p === SCRYPT_PARAMS.p) return Promise.resolve(DUMMY_PASSWORD_HASH);
  const key = `${hashing.N}$${hashing.r}$${hashing.p}`;
  let made = dummies.get(key);
  if (!made) dummies.set(key, (made = hashPassword(randomBytes(32).toString('base64'), hashing)));
  return made;
}
