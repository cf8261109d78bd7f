/**
 * PKCS#12 files as OpenSSL writes them are read with Node's own crypto, giving the same key and
 * certificates as node-forge; a legacy RC2 file (which Node's OpenSSL no longer decrypts) still
 * opens through node-forge, and a wrong password is still `wrong_password`.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPkcs12WithForge } from '../../signing/keys/pkcs12-forge';
import { openPkcs12Key, readPkcs12Natively, type NativePkcs12 } from '../../signing/keys/pkcs12-native';
import { childrenOf, readDer, stringBytes, type Tlv } from '../../signing/cms/der';
import { tool } from '../helpers/tool';

const PASSWORD = 'mật-khẩu-thử';
let dir: string;
const at = (name: string) => path.join(dir, name);
const openssl = (...args: string[]) => tool('openssl', args);
const p12 = async (name: string, key: string, cert: string, ...options: string[]) => {
  await openssl('pkcs12', '-export', '-inkey', at(key), '-in', at(cert), '-certfile', at('ca.pem'), '-passout', `pass:${PASSWORD}`, '-out', at(name), ...options);
  return readFileSync(at(name));
};
/** What a reader found, comparable: each key as PKCS#8 DER, each certificate as DER. */
const described = (r: NativePkcs12) => ({
  keys: r.keys.map((k) => k.export({ format: 'der', type: 'pkcs8' }).toString('base64')),
  certificates: r.certificates.map((c) => Buffer.from(c).toString('base64')).sort(),
});

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ecabinet-p12-'));
  await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('ca.key'), '-out', at('ca.pem'), '-days', '2', '-subj', '/CN=CA thử');
  await openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', at('rsa.key'), '-out', at('rsa.pem'), '-days', '2', '-subj', '/CN=Nguyễn Văn A');
  await openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', at('ec.key'));
  await openssl('req', '-x509', '-key', at('ec.key'), '-out', at('ec.pem'), '-days', '2', '-subj', '/CN=Trần Thị B');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/**
 * The same value in BER as some Windows and Java tools write it: every constructed value with an
 * indefinite length, every OCTET STRING outside the MAC'd contents split into a constructed one.
 */
function toBer(t: Tlv, insideOctets = false): Buffer {
  const id = t.bytes[t.start];
  if (t.constructed) return Buffer.concat([Buffer.from([id, 0x80]), ...childrenOf(t).map((c) => toBer(c)), Buffer.from([0, 0])]);
  if (id === 0x04 && !insideOctets && t.contentEnd - t.contentStart > 8) {
    const v = stringBytes(t);
    const half = v.length >> 1;
    const part = (b: Buffer) => Buffer.concat([Buffer.from([0x04, 0x82, b.length >> 8, b.length & 0xff]), b]);
    return Buffer.concat([Buffer.from([0x24, 0x80]), part(v.subarray(0, half)), part(v.subarray(half)), Buffer.from([0, 0])]);
  }
  return Buffer.from(t.bytes.subarray(t.start, t.end));
}

describe('PKCS#12 read with Node\'s crypto', () => {
  it.each([
    ['OpenSSL 3 default (PBES2, AES-256, SHA-256 MAC)', 'rsa', []],
    ['AES-128 with a SHA-512 MAC', 'rsa', ['-certpbe', 'AES-128-CBC', '-keypbe', 'AES-128-CBC', '-macalg', 'sha512']],
    ['PKCS#12 PBE with 3DES and a SHA-1 MAC (Windows)', 'rsa', ['-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES', '-macalg', 'sha1']],
    ['certificates not encrypted', 'rsa', ['-certpbe', 'NONE']],
    ['an ECDSA key', 'ec', []],
  ])('%s: the same key and certificates as node-forge, Vietnamese password', async (_, kind, options) => {
    const bytes = await p12(`${kind}-${options.join('')}.p12`, `${kind}.key`, `${kind}.pem`, ...options);
    const native = readPkcs12Natively(bytes, PASSWORD);
    expect(native).not.toBeNull();
    expect(described(native!)).toEqual(described(readPkcs12WithForge(bytes, PASSWORD)));
    const key = await openPkcs12Key(bytes, PASSWORD);
    expect(Buffer.from(key.certificate).equals(new X509Certificate(readFileSync(at(`${kind}.pem`))).raw)).toBe(true);
    expect(key.chain).toHaveLength(1);
  });

  it('reads the same file written in BER (indefinite lengths, constructed octet strings)', async () => {
    const der = await p12('ber-src.p12', 'rsa.key', 'rsa.pem');
    const ber = toBer(readDer(der));
    expect(ber.length).toBeGreaterThan(der.length);
    const native = readPkcs12Natively(ber, PASSWORD);
    expect(native).not.toBeNull();
    expect(described(native!)).toEqual(described(readPkcs12Natively(der, PASSWORD)!));
  });

  it('opens a legacy RC2 file through node-forge, and says wrong_password for a wrong password', async () => {
    const legacy = await p12('legacy.p12', 'rsa.key', 'rsa.pem', '-legacy');
    expect(readPkcs12Natively(legacy, PASSWORD)).toBeNull();
    expect((await openPkcs12Key(legacy, PASSWORD)).keyType).toBe('rsa');
    const modern = await p12('modern.p12', 'rsa.key', 'rsa.pem');
    expect(readPkcs12Natively(modern, 'mat-khau-thu')).toBeNull();
    await expect(openPkcs12Key(modern, 'mat-khau-thu')).rejects.toMatchObject({ code: 'wrong_password' });
    await expect(openPkcs12Key(legacy, 'sai')).rejects.toMatchObject({ code: 'wrong_password' });
  });
});
