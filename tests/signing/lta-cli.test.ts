/** `ecabinet sign --level B-LTA`, `ecabinet extend` and `ecabinet verify` on the result, as a user runs them. */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PDFDocument } from '@cantoo/pdf-lib';
import { bundleCli } from './cli-bundle';
import { createLongTermPki, LT_P12_PASSWORD, type LongTermPki } from './long-term-pki';
import { tempDir } from './tools';

let pki: LongTermPki;
let dir: string;
let input: string;
let cli: Awaited<ReturnType<typeof bundleCli>>;

beforeAll(async () => {
  cli = await bundleCli();
  pki = await createLongTermPki();
  dir = tempDir('ecabinet-lta-cli-');
  const doc = await PDFDocument.create();
  doc.addPage();
  input = path.join(dir, 'in.pdf');
  writeFileSync(input, await doc.save({ useObjectStreams: false }));
});
afterAll(async () => {
  await pki?.close();
  cli?.remove();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ecabinet sign --level B-LTA / extend', () => {
  it('signs B-LTA, extends it in place, and verify prints the level and the archive timestamp', async () => {
    const out = path.join(dir, 'lta.pdf');
    const signed = await cli.run(['sign', '--p12', pki.signer.p12, '--password-env', 'P12PW', '--level', 'B-LTA', '--tsa', pki.tsaUrl, input, out], { P12PW: LT_P12_PASSWORD });
    expect(signed.status, signed.stderr).toBe(0);
    expect(signed.stdout).toContain('B-LTA');
    const first = readFileSync(out);

    const help = await cli.run(['extend', '--help']);
    expect(help.stdout).toContain('Gia hạn chữ ký lưu trữ lâu dài');
    expect(help.stdout).toContain('Extends long-term signatures');
    const extended = await cli.run(['extend', out, '--tsa', pki.archiveTsaUrl]);
    expect(extended.status, extended.stderr).toBe(0);
    expect(extended.stdout).toContain('Timestamp2');
    const after = readFileSync(out);
    expect(after.subarray(0, first.length).equals(first)).toBe(true);

    const verified = await cli.run(['verify', '--trust', pki.rootFile, '--offline', out]);
    expect(verified.status, verified.stdout).toBe(0);
    expect(verified.stdout).toMatch(/Mức chữ ký \/ Signature level: B-LTA/);
    expect(verified.stdout).toMatch(/Dấu thời gian lưu trữ \/ Archive timestamp: \S+\+07:00 \(eCabinet LT Archive TSA\)/);
    const json = JSON.parse((await cli.run(['verify', '--trust', pki.rootFile, '--offline', '--json', out])).stdout);
    expect(json.signatures[0].archiveTimestamp.time).toBe(json.signatures[2].signedAt);
  });

  it('extend without a timestamp authority is a usage error (exit 2)', async () => {
    const r = await cli.run(['extend', input]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--tsa');
  });
});
