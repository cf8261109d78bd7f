import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * scrypt at OWASP's minimum: N=2^17, r=8, p=1. That needs 128 MiB per hash (128·N·r bytes),
 * four times Node's default `maxmem` of 32 MiB, so maxmem is raised for each call. At most
 * libuv's thread pool size (4) hashes run at once, which bounds the memory an attacker can
 * make the server use by signing in.
 */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1 } as const;
const KEY_LEN = 32;

export const MIN_PASSWORD_LENGTH = 8;

function derive(password: string, salt: Buffer, n: number, r: number, p: number, keyLen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyLen, { N: n, r, p, maxmem: 256 * n * r }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

/** "scrypt$N$r$p$<salt b64>$<hash b64>" */
export async function hashPassword(password: string): Promise<string> {
  const { N, r, p } = SCRYPT_PARAMS;
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

/** True for a hash made with other parameters than today's: rehash it at the next sign-in. */
export function needsRehash(stored: string): boolean {
  const h = parse(stored);
  return !h || h.n !== SCRYPT_PARAMS.N || h.r !== SCRYPT_PARAMS.r || h.p !== SCRYPT_PARAMS.p || h.expected.length !== KEY_LEN;
}

/**
 * A real hash of a random password nobody knows, with today's parameters: an unknown username
 * is checked against it, so it costs the same work as a wrong password and gets the same answer.
 * A constant, so that no server start or first unknown user pays for making it.
 */
export const DUMMY_PASSWORD_HASH = 'scrypt$131072$8$1$IKFXyUv83BCT85hVwRztCw==$M+YaH98hGo6mmUXb+MHmvgRhX4qck6+it6F0pdt5Ogg=';
