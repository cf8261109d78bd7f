/**
 * What a first-time user of the demo meets on the server side: the server's address opened in a
 * browser is a page (not JSON) that says what it is and links to the app; the demo comes with a
 * test CA and signing keys for the chair and a vice-chair, usable as they are.
 */
import { X509Certificate } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { DEMO_CA_NAME } from '../../server/demo/demo-signing-keys';
import { certificateNamesPerson } from '../../shared/rules/certificate-name';
import { readPkcs12 } from '../../signing/index';
import { startTestServer, type TestServer } from './helpers';

describe('first run of the demo server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'demo', appUrl: 'http://127.0.0.1:8651/' });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('answers / with a small HTML page, Vietnamese first, linking to the app', async () => {
    const res = await fetch(`${server.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Máy chủ eCabinet');
    expect(html).toContain('eCabinet server');
    expect(html.indexOf('Máy chủ eCabinet')).toBeLessThan(html.indexOf('eCabinet server'));
    expect(html).toContain('href="http://127.0.0.1:8651/"');
    expect(html).toContain('Mở ứng dụng eCabinet');
    // The API keeps answering JSON.
    expect((await fetch(`${server.url}/api/health`)).headers.get('content-type')).toContain('application/json');
  });

  it('seeds a test CA and a PKCS#12 key for the chair and a vice-chair, named as in their accounts', async () => {
    const keys = server.demo!.signingKeys;
    const ca = new X509Certificate(await readFile(keys.caFile));
    expect(ca.subject).toContain(`CN=${DEMO_CA_NAME}`);
    expect(ca.ca).toBe(true);
    // The CA cannot issue more: its private key is not kept anywhere.
    for (const f of await readdir(keys.dir)) expect(await readFile(`${keys.dir}/${f}`, 'latin1')).not.toMatch(/PRIVATE KEY/);

    const holders = Object.keys(keys.p12Files).sort();
    expect(holders).toEqual(['chutich', 'pct.nguyen']);
    for (const username of holders) {
      const user = demoContent.users.find((u) => u.username === username)!;
      const p12 = readPkcs12(await readFile(keys.p12Files[username]), demoContent.password);
      const cert = new X509Certificate(Buffer.from(p12.certificate));
      const cn = cert.subject.split('\n').find((l) => l.startsWith('CN='))!.slice(3);
      expect(certificateNamesPerson(cn, user.fullName)).toBe(true);
      expect(cert.subject).toContain(DEMO_CA_NAME);
      expect(cert.verify(ca.publicKey)).toBe(true);
      expect(cert.checkIssued(ca)).toBe(true);
    }
  });
});
