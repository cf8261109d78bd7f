/**
 * The small ASN.1 reader and writer the command-line signer uses instead of asn1js: what it writes
 * is what asn1js reads back, and it reads BER as PKCS#12 files come (indefinite lengths,
 * constructed strings), refusing what does not fit its container.
 */
import * as asn1js from 'asn1js';
import { describe, expect, it } from 'vitest';
import { childrenOf, context, objectIdentifier, oidOf, octetString, readDer, sequence, set, smallInteger, smallIntegerOf, stringBytes } from '../../signing/cms/der';

const ab = (u: Uint8Array) => u.buffer.slice(u.byteOffset, u.byteOffset + u.byteLength) as ArrayBuffer;

describe('der.ts', () => {
  it('writes what asn1js writes, and reads it back', () => {
    for (const oid of ['1.2.840.113549.1.7.2', '2.16.840.1.101.3.4.2.1', '1.3.14.3.2.26', '2.999.1']) {
      const ours = objectIdentifier(oid);
      expect(ours.toString('hex')).toBe(Buffer.from(new asn1js.ObjectIdentifier({ value: oid }).toBER(false)).toString('hex'));
      expect(oidOf(readDer(ours))).toBe(oid);
    }
    for (const n of [0, 1, 127, 128, 255, 256, 2048, 65537, 2 ** 31]) {
      const ours = smallInteger(n);
      expect(ours.toString('hex')).toBe(Buffer.from(new asn1js.Integer({ value: n }).toBER(false)).toString('hex'));
      expect(smallIntegerOf(readDer(ours))).toBe(n);
    }
    const big = Buffer.alloc(70000, 7);
    const value = sequence(set(octetString(big)), context(0, smallInteger(3)));
    const parsed = asn1js.fromBER(ab(value));
    expect(parsed.offset).toBe(value.length);
    expect(Buffer.from(parsed.result.toBER(false)).equals(value)).toBe(true);
    const [s, c] = childrenOf(readDer(value));
    expect(stringBytes(childrenOf(s)[0]).equals(big)).toBe(true);
    expect(smallIntegerOf(childrenOf(c)[0])).toBe(3);
  });

  it('reads BER: indefinite lengths and constructed octet strings', () => {
    const ber = Buffer.from('3080' + '2480' + '0402aabb' + '0401cc' + '0000' + '020105' + '0000', 'hex');
    const [octets, n] = childrenOf(readDer(ber));
    expect(stringBytes(octets).toString('hex')).toBe('aabbcc');
    expect(smallIntegerOf(n)).toBe(5);
  });

  it('refuses values longer than their container, missing end-of-contents and trailing bytes', () => {
    expect(() => readDer(Buffer.from('3005020101', 'hex'))).toThrow(/longer/);
    expect(() => readDer(Buffer.from('3080020101', 'hex'))).toThrow(/end-of-contents/);
    expect(() => readDer(Buffer.from('02010100', 'hex'))).toThrow(/after the value/);
    expect(() => childrenOf(readDer(Buffer.from('3003020501', 'hex')))).toThrow(/longer/);
  });
});
