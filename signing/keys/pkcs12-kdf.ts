import { hash as digest } from 'node:crypto';

/**
 * RFC 7292 B.2 key derivation with Node's hashes: the MAC key of every PKCS#12 file, and the
 * keys and IVs of the older PBE algorithms. The password goes in as a BMPString (UTF-16BE plus
 * two zero bytes), right for any language. `u`/`v`: the hash's output and block lengths.
 */
export function pkcs12Kdf(password: string | null | undefined, salt: Buffer, id: number, iterations: number, n: number, hash: string, u: number, v: number): Buffer {
  const pass = Buffer.alloc(password == null ? 0 : password.length * 2 + 2);
  for (let i = 0; password != null && i < password.length; i++) pass.writeUInt16BE(password.charCodeAt(i), 2 * i);
  const repeat = (src: Buffer, len: number) => {
    const out = Buffer.alloc(len);
    for (let l = 0; l < len; l++) out[l] = src[l % src.length];
    return out;
  };
  const I = Buffer.concat([repeat(salt, v * Math.ceil(salt.length / v)), repeat(pass, v * Math.ceil(pass.length / v))]);
  const D = Buffer.alloc(v, id);
  const blocks: Buffer[] = [];
  for (let i = 0; i < Math.ceil(n / u); i++) {
    let a = Buffer.concat([D, I]);
    // The one-shot hash: a few times faster than createHash() over the thousands of rounds.
    for (let r = 0; r < iterations; r++) a = digest(hash, a, 'buffer');
    blocks.push(a);
    const B = repeat(a, v);
    for (let j = 0; j < I.length; j += v) {
      let carry = 1;
      for (let l = v - 1; l >= 0; l--) {
        carry += B[l] + I[j + l];
        I[j + l] = carry & 0xff;
        carry >>= 8;
      }
    }
  }
  return Buffer.concat(blocks).subarray(0, n);
}
