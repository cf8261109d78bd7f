/**
 * The timestamp request itself, against a real RFC 3161 authority (openssl ts -reply): every
 * nonce our client can draw gives a request the authority grants. A nonce whose DER INTEGER had
 * a redundant leading zero byte was rejected as a bad request (status 2), about one stamp in 256.
 */
import { createHash } from 'node:crypto';
import * as pkijs from 'pkijs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTimestamp, timestampNonce, timestampRequest } from '../../signing/cms/timestamp';
import { createTestPki, type TestPki } from './pki';

let pki: TestPki;

beforeAll(async () => {
  pki = await createTestPki();
});

afterAll(async () => {
  await pki?.close();
});

async function askTsa(der: Uint8Array): Promise<number> {
  const res = await fetch(pki.tsaUrl, { method: 'POST', headers: { 'content-type': 'application/timestamp-query' }, body: Buffer.from(der) });
  const body = new Uint8Array(await res.arrayBuffer());
  return pkijs.TimeStampResp.fromBER(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength) as ArrayBuffer).status.status;
}

describe('timestamp requests', () => {
  it('are granted whatever random bytes the nonce starts from, the worst ones included', async () => {
    const digest = createHash('sha256').update('Biên bản họp').digest();
    // Leading bytes that used to make a non-minimal or negative INTEGER.
    const worst = [
      [0x00, 0x10, 1, 2, 3, 4, 5, 6],
      [0x80, 0x10, 1, 2, 3, 4, 5, 6],
      [0x00, 0x00, 0, 0, 0, 0, 0, 1],
      [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
    ];
    for (const bytes of worst) {
      const nonce = timestampNonce(Uint8Array.from(bytes));
      expect(await askTsa(timestampRequest(digest, nonce)), `nonce from ${Buffer.from(bytes).toString('hex')}`).toBe(0);
    }
  });

  it('a full stamp checks the token against the request', async () => {
    const token = await requestTimestamp(pki.tsaUrl, new TextEncoder().encode('Tờ trình'));
    expect(token.length).toBeGreaterThan(500);
  });
});
