/**
 * `ecabinet server --tls-cert/--tls-key`: the server speaks HTTPS (a self-signed certificate
 * made by openssl here, trusted by the test client only) and tells browsers to stay on it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import https from 'node:https';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HSTS_HEADER } from '../../server/app';
import { tool } from '../helpers/tool';
import { addUser, call, PASSWORD, startTestServer, type TestServer } from './helpers';

function httpsRequest(url: string, ca: Buffer, body?: unknown): Promise<{ status: number; headers: Record<string, unknown>; json: any }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = https.request(
      url,
      {
        method: payload ? 'POST' : 'GET',
        ca,
        agent: false,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** What a client that speaks plain HTTP to the TLS port gets back (raw bytes, first chunk). */
function plainHttpTo(port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'));
    let got = '';
    socket.on('data', (d) => (got += d.toString('latin1')));
    socket.on('close', () => resolve(got));
    socket.on('error', () => resolve(got));
  });
}

describe('HTTPS server', () => {
  let dir: string;
  let s: TestServer;
  let cert: Buffer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecab-tls-'));
    await tool('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ]);
    cert = await readFile(join(dir, 'cert.pem'));
    s = await startTestServer({ tls: { certFile: join(dir, 'cert.pem'), keyFile: join(dir, 'key.pem') } });
    await addUser(s.dataDir, { username: 'lan', fullName: 'Nguyễn Thị Lan', role: 'member', password: PASSWORD });
  });
  afterAll(async () => {
    await s?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers over HTTPS with HSTS, and a password signs in over the encrypted connection', async () => {
    expect(s.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await httpsRequest(`${s.url}/api/health`, cert);
    expect(health.status).toBe(200);
    expect(health.headers['strict-transport-security']).toBe(HSTS_HEADER);
    expect(HSTS_HEADER).toMatch(/max-age=\d{7,}/);
    const signedIn = await httpsRequest(`${s.url}/api/auth/login`, cert, { username: 'lan', password: PASSWORD });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers['strict-transport-security']).toBe(HSTS_HEADER);
    expect(signedIn.json.user.username).toBe('lan');
  });

  it('does not talk plain HTTP on the TLS port, and a client that does not trust the certificate refuses it', async () => {
    expect(await plainHttpTo(s.port)).not.toMatch(/^HTTP\/1\.1 200/);
    await expect(httpsRequest(`${s.url}/api/health`, Buffer.from(''))).rejects.toThrow(/self[- ]signed|certificate/i);
  });
});

describe('plain HTTP server', () => {
  it('sends no HSTS header (it would mean nothing over HTTP)', async () => {
    const s = await startTestServer();
    try {
      const r = await call(s.url, 'GET', '/api/health');
      expect(r.status).toBe(200);
      expect(r.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await s.stop();
    }
  });
});
