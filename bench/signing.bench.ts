/**
 * Signing and verifying a ~10 MB, 300-page PDF (real pages from the shared samples, joined with
 * qpdf), next to `openssl cms -sign` over the same byte ranges with the same key, measured in
 * the same run (openssl's figure includes starting the process). Run: npm run bench.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { pkcs12Key, signPdf, verifyPdf, type SigningKey } from '../signing/index';
import { createTestPki, P12_PASSWORD, type TestPki } from '../tests/signing/pki';
import { tempDir } from '../tests/signing/tools';

let pki: TestPki;
let key: SigningKey;
let input: Uint8Array;
let signed: Uint8Array;
let dir: string;

async function setup() {
  if (pki) return;
  pki = await createTestPki();
  key = pkcs12Key(readFileSync(pki.rsa.p12), P12_PASSWORD);
  dir = tempDir('ecabinet-bench-');
  const out = path.join(dir, 'big.pdf');
  const tm = '/work/shared/samples/tracemonkey.pdf';
  const fc = '/work/shared/samples/freeculture.pdf';
  // 8 × 14 tracemonkey pages + 188 freeculture pages = 300 pages. Separate copies of the file,
  // since qpdf shares the objects of a file named twice.
  const copies = Array.from({ length: 8 }, (_, i) => {
    const f = path.join(dir, `tm${i}.pdf`);
    copyFileSync(tm, f);
    return f;
  });
  execFileSync('qpdf', ['--empty', '--pages', ...copies, fc, '1-188', '--', out]);
  input = readFileSync(out);
  signed = (await signPdf(input, { key })).bytes;
  const pages = execFileSync('pdfinfo', [out], { encoding: 'utf8' }).match(/Pages:\s+(\d+)/)?.[1];
  console.log(`bench input: ${(input.length / 1e6).toFixed(1)} MB, ${pages} pages`);
  // The byte ranges of the signed file, for openssl.
  const s = Buffer.from(signed).toString('latin1');
  const [a, b, c, d] = /\/ByteRange \[(\d+) (\d+) (\d+) (\d+)/.exec(s)!.slice(1).map(Number);
  writeFileSync(path.join(dir, 'ranges.bin'), Buffer.concat([Buffer.from(signed.subarray(a, a + b)), Buffer.from(signed.subarray(c, c + d))]));
}

beforeAll(setup);
afterAll(async () => pki?.close());

describe('PAdES on a 10 MB, 300-page PDF', () => {
  bench('eCabinet signPdf (B-B, incremental update, verified before returning)', async () => {
    await setup();
    await signPdf(input, { key });
  }, { iterations: 5, time: 0, warmupIterations: 1 });

  bench('eCabinet verifyPdf', async () => {
    await setup();
    await verifyPdf(signed, { trustRoots: [pki.caPem], online: false });
  }, { iterations: 5, time: 0, warmupIterations: 1 });

  bench('baseline: openssl cms -sign over the same byte ranges', async () => {
    await setup();
    execFileSync('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', '-in', path.join(dir, 'ranges.bin'), '-signer', pki.rsa.cert, '-inkey', pki.rsa.key, '-outform', 'DER', '-out', path.join(dir, 'ranges.p7s')]);
  }, { iterations: 5, time: 0, warmupIterations: 1 });
});
