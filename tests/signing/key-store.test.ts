/** The desktop key store: PKCS#12 import, encrypted at rest, password at signing, wrong password refused. */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { PDFDocument } from '@cantoo/pdf-lib';
import { KeyStore } from '../../electron/services/keys/key-store';
import { readPkcs12, signPdf, verifyPdf } from '../../signing/index';
import { createTestPki, P12_PASSWORD, type TestPki } from './pki';
import { tempDir } from './tools';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});
afterAll(async () => pki?.close());

describe('KeyStore', () => {
  it('imports a PKCS#12, keeps the private key encrypted, and signs after unlocking with the password', async () => {
    const dir = tempDir('ecabinet-keys-');
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const store = new KeyStore(path.join(dir, 'keys'));
    await expect(store.importPkcs12(readFileSync(pki.ec.p12), 'sai')).rejects.toMatchObject({ code: 'wrong_password' });
    const info = await store.importPkcs12(readFileSync(pki.ec.p12), P12_PASSWORD);
    expect(info).toMatchObject({ label: 'Trần Thị Bình', keyType: 'ec' });
    expect((await store.list()).map((k) => k.id)).toEqual([info.id]);
    await expect(store.importPkcs12(readFileSync(pki.ec.p12), P12_PASSWORD)).rejects.toMatchObject({ code: 'conflict' });

    // Nothing on disk holds the private key or the password in clear.
    const pkcs8 = readPkcs12(readFileSync(pki.ec.p12), P12_PASSWORD).privateKey.export({ format: 'der', type: 'pkcs8' });
    const files = readdirSync(path.join(dir, 'keys'));
    expect(files).toHaveLength(1);
    const disk = readFileSync(path.join(dir, 'keys', files[0]));
    expect(disk.includes(pkcs8.subarray(-32))).toBe(false);
    expect(disk.toString('utf8')).not.toContain(pkcs8.toString('base64').slice(-40));
    expect(disk.toString('utf8')).not.toContain(P12_PASSWORD);

    await expect(store.unlock(info.id, 'wrong')).rejects.toMatchObject({ code: 'wrong_password' });
    const key = await store.unlock(info.id, P12_PASSWORD);
    const doc = await PDFDocument.create();
    doc.addPage();
    const { bytes } = await signPdf(await doc.save(), { key });
    expect((await verifyPdf(bytes, { trustRoots: [pki.caPem], online: false })).signatures[0].verdict).toBe('valid');

    await store.remove(info.id);
    expect(await store.list()).toEqual([]);
  });
});
