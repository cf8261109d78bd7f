/**
 * The browser-mode host over real HTTP: who may talk to it, what it serves, and the page-side
 * bridge client in real Chromium. The services here are a small honest stand-in
 * (handlersForHostTests): the host is what is under test.
 */
import { LiveMeetingBridgeMethods } from '../../shared/live-meeting-bridge';
import { WrittenOpinionBridgeMethods } from '../../shared/written-opinions-bridge';
import { AnnotationBridgeMethods } from '../../shared/annotations-bridge';
import { SecretariatBridgeMethods } from '../../shared/secretariat-bridge';
import { SigningBridgeMethods } from '../../shared/signing-bridge';
import { AdminBridgeMethods } from '../../shared/admin-bridge';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BridgeHandlers, SyncStatus } from '../../shared/bridge';
import { AppError } from '../../shared/errors';
import { BridgeEventHub } from '../../electron/services/events';
import { startBrowserHost, type BrowserHost, type InProcessServices } from '../../electron/browser-host/index';
import { CONTENT_SECURITY_POLICY } from '../../electron/window-policy';
import { sharedChromium } from '../helpers/browser';
import { buildBridgeClient } from './bridge-client-build';

const idleStatus: SyncStatus = {
  state: 'offline',
  lastSyncAt: null,
  lastError: null,
  pendingMutations: 0,
  download: { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 },
  offlineReady: null,
};

/** Signed-out services: app.info works, login refuses every password, the rest need a session. */
function handlersForHostTests(): BridgeHandlers {
  const notSignedIn = async (): Promise<never> => {
    throw new AppError('not_signed_in', 'not signed in');
  };
  return {
    'app.info': async () => ({ mode: 'browser', version: '0.0.0-test', defaultServerUrl: 'http://127.0.0.1:1' }),
    'session.current': async () => null,
    'session.login': async () => {
      throw new AppError('invalid_credentials', 'wrong username or password');
    },
    'session.logout': async () => ({ ok: true }),
    'session.setActiveOrganisation': notSignedIn,
    'meetings.list': notSignedIn,
    'meetings.page': notSignedIn,
    'meetings.get': notSignedIn,
    'meetings.head': notSignedIn,
    'meetings.documents': notSignedIn,
    'documents.open': notSignedIn,
    'documents.markViewed': notSignedIn,
    'sync.status': async () => idleStatus,
    'sync.now': async () => idleStatus,
    'search.query': notSignedIn,
    'search.documentText': notSignedIn,
    'reader.getPosition': notSignedIn,
    'reader.savePosition': notSignedIn,
    'versions.diff': notSignedIn,
    'documents.original': notSignedIn,
    'documents.openOriginal': notSignedIn,
    'documents.ocrWords': notSignedIn,
    'notifications.settings': notSignedIn,
    'notifications.configure': notSignedIn,
    // (secretariat): all need a session.
    ...(Object.fromEntries(Object.keys(SecretariatBridgeMethods).map((m) => [m, notSignedIn])) as Record<keyof typeof SecretariatBridgeMethods, typeof notSignedIn>),
    // (annotations, presentation): all need a session.
    ...(Object.fromEntries(Object.keys(AnnotationBridgeMethods).map((m) => [m, notSignedIn])) as Record<keyof typeof AnnotationBridgeMethods, typeof notSignedIn>),
    // (signing workflow, keys, trust roots): all need a session.
    ...(Object.fromEntries(Object.keys(SigningBridgeMethods).map((m) => [m, notSignedIn])) as Record<keyof typeof SigningBridgeMethods, typeof notSignedIn>),
    // (live meeting, votes): all need a session.
    ...(Object.fromEntries(Object.keys(LiveMeetingBridgeMethods).map((m) => [m, notSignedIn])) as Record<keyof typeof LiveMeetingBridgeMethods, typeof notSignedIn>),
    // (written opinions): all need a session.
    ...(Object.fromEntries(Object.keys(WrittenOpinionBridgeMethods).map((m) => [m, notSignedIn])) as Record<keyof typeof WrittenOpinionBridgeMethods, typeof notSignedIn>),
    // (administration): all need a session.
    ...(Object.fromEntries(Object.keys(AdminBridgeMethods).map((m) => [m, notSignedIn])) as Record<keyof typeof AdminBridgeMethods, typeof notSignedIn>),
  };
}

const SHA = 'c'.repeat(64);
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(5000, 0x41), Buffer.from('\n%%EOF\n')]);

let tmp: string;
let rendererDir: string;
let hub: BridgeEventHub;
let host: BrowserHost;
let port: number;
let cookie: string;
const imported: { path: string; fileName: string; expectedSha256?: string; bytes: Buffer }[] = [];

function request(
  rawPath: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, path: rawPath, method: opts.method ?? 'GET', headers: opts.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

const authed = (extra: Record<string, string> = {}) => ({ cookie, ...extra });

function invoke(body: unknown, headers: Record<string, string> = {}) {
  return request('/bridge/invoke', {
    method: 'POST',
    headers: authed({ 'content-type': 'application/json', origin: host.origin, ...headers }),
    body: JSON.stringify(body),
  });
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'ecab-host-'));
  rendererDir = path.join(tmp, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(tmp, 'secret.txt'), 'TOP SECRET outside the renderer');
  await writeFile(
    path.join(rendererDir, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><title>host test</title></head>' +
      '<body><p id="app">eCabinet</p><script src="./bridge.js"></script></body></html>',
  );
  await writeFile(path.join(rendererDir, 'assets', 'app.css'), 'body { color: #123; }');
  await symlink(path.join(tmp, 'secret.txt'), path.join(rendererDir, 'assets', 'link.txt'));
  await buildBridgeClient(path.join(rendererDir, 'bridge.js'));
  await writeFile(path.join(tmp, 'doc.pdf'), PDF);

  hub = new BridgeEventHub();
  const services: InProcessServices = {
    handlers: handlersForHostTests(),
    on: (event, listener) => hub.on(event, listener),
    blobFile: async (sha) => (sha === SHA ? path.join(tmp, 'doc.pdf') : null),
    // Records what the host hands over: the file (by path, while it exists) and the hash it measured.
    importUpload: async (source) => {
      const bytes = await readFile(source.path);
      imported.push({ ...source, bytes });
      return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, fileName: source.fileName, uploaded: true };
    },
  };
  host = await startBrowserHost({ services, rendererDir, port: 0 });
  port = Number(new URL(host.origin).port);
  const launch = await request(new URL(host.url).pathname + new URL(host.url).search);
  cookie = String(launch.headers['set-cookie']?.[0] ?? '').split(';')[0];
});

afterAll(async () => {
  await host?.close();
  await rm(tmp, { recursive: true, force: true });
});

describe('browser host access control', () => {
  it('the launch URL is loopback, carries a long secret, and trades it for an HttpOnly SameSite=Strict cookie', async () => {
    const url = new URL(host.newLaunchUrl());
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.searchParams.get('launch')!.length).toBeGreaterThanOrEqual(43); // 32 random bytes
    const res = await request(url.pathname + url.search);
    // The app's page itself comes with the cookie: no redirect to wait for.
    expect(res.status).toBe(200);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['content-security-policy']).toContain("script-src 'self'");
    expect(res.body.toString()).toContain('<p id="app">eCabinet</p>');
    const setCookie = res.headers['set-cookie']?.[0] ?? '';
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    expect(setCookie).not.toContain(url.searchParams.get('launch')!); // the URL secret is not the cookie
    expect(cookie).toMatch(/^ecabinet_\d+=.+/);
  });

  it('the launch secret works once: replaying a used launch URL (from history, a log) gets no cookie', async () => {
    const url = new URL(host.newLaunchUrl());
    expect((await request(url.pathname + url.search)).status).toBe(200);
    const replay = await request(url.pathname + url.search);
    expect(replay.status).toBe(401);
    expect(replay.headers['set-cookie']).toBeUndefined();
    // The tab that opened it, reloaded before its address was cleaned, has the cookie: the app
    // again, and no new cookie.
    const reload = await request(url.pathname + url.search, { headers: authed() });
    expect(reload.status).toBe(200);
    expect(reload.body.toString()).toContain('<p id="app">eCabinet</p>');
    expect(reload.headers['set-cookie']).toBeUndefined();
    // The URL printed at start was spent by the first exchange (beforeAll).
    const printed = new URL(host.url);
    const old = await request(printed.pathname + printed.search);
    expect(old.status).toBe(401);
    expect(old.headers['set-cookie']).toBeUndefined();
    // Minting a new link retires an unused one.
    const unused = new URL(host.newLaunchUrl());
    const fresh = new URL(host.newLaunchUrl());
    expect((await request(unused.pathname + unused.search)).status).toBe(401);
    expect((await request(fresh.pathname + fresh.search)).status).toBe(200);
  });

  it('refuses every request without the cookie, static files included', async () => {
    for (const p of ['/', '/index.html', '/bridge.js', '/assets/app.css', '/bridge/events', `/doc/${SHA}`]) {
      const res = await request(p);
      expect(res.status, p).toBe(401);
      expect(JSON.parse(res.body.toString()).error.code).toBe('unauthenticated');
    }
    const post = await request('/bridge/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: host.origin },
      body: JSON.stringify({ method: 'app.info', input: {} }),
    });
    expect(post.status).toBe(401);
  });

  it('refuses a wrong launch secret and a forged cookie', async () => {
    const wrong = await request('/?launch=' + 'A'.repeat(43));
    expect(wrong.status).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();
    const forged = await request('/', { headers: { cookie: `ecabinet_${port}=forged` } });
    expect(forged.status).toBe(401);
  });

  it('refuses a foreign Host header even with the cookie (DNS rebinding)', async () => {
    const res = await request('/', { headers: authed({ host: `evil.example:${port}` }) });
    expect(res.status).toBe(403);
    const wrongPort = await request('/', { headers: authed({ host: `127.0.0.1:${port + 1}` }) });
    expect(wrongPort.status).toBe(403);
    const ok = await request('/', { headers: authed({ host: `localhost:${port}` }) });
    expect(ok.status).toBe(200);
  });

  it('refuses cross-origin and origin-less POSTs', async () => {
    const cross = await invoke({ method: 'app.info', input: {} }, { origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    const otherPort = await invoke({ method: 'app.info', input: {} }, { origin: `http://127.0.0.1:${port + 1}` });
    expect(otherPort.status).toBe(403);
    const noOrigin = await request('/bridge/invoke', {
      method: 'POST',
      headers: authed({ 'content-type': 'application/json' }),
      body: JSON.stringify({ method: 'app.info', input: {} }),
    });
    expect(noOrigin.status).toBe(403);
  });
});

describe('browser host routes', () => {
  it('serves index.html with the renderer CSP and assets with their content types', async () => {
    const index = await request('/', { headers: authed() });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['content-security-policy']).toContain("frame-src 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    // Another window (one that opened this page, or that it opened) gets no handle into it.
    // Kept although Chromium then starts the tab's renderer again (0.3–1 s at launch).
    expect(index.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(index.body.toString()).toContain('<p id="app">eCabinet</p>');
    expect(index.headers['cache-control']).toBe('no-store');
    const css = await request('/assets/app.css', { headers: authed() });
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    // The build's assets are named by their content: kept; anything else revalidates.
    expect(css.headers['cache-control']).toBe('private, max-age=31536000, immutable');
    const js = await request('/bridge.js', { headers: authed() });
    expect(js.headers['content-type']).toMatch(/^text\/javascript/);
    expect(js.headers['cache-control']).toBe('no-cache');
    const missing = await request('/assets/nope.js', { headers: authed() });
    expect(missing.status).toBe(404);
  });

  it('never serves a file outside the renderer folder', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      '/assets/link.txt', // symlink pointing outside
      '/%00index.html',
      '/%E0%A4%A',
    ];
    for (const p of attempts) {
      const res = await request(p, { headers: authed() });
      expect([400, 403, 404], p).toContain(res.status);
      expect(res.body.toString(), p).not.toContain('TOP SECRET');
    }
  });

  it('a bridge call with bad input returns validation_failed; a good one returns its value', async () => {
    const bad = await invoke({ method: 'meetings.get', input: { id: 'not-a-uuid' } });
    expect(bad.status).toBe(200);
    expect(JSON.parse(bad.body.toString())).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    const unknown = await invoke({ method: 'fs.readFile', input: {} });
    expect(JSON.parse(unknown.body.toString())).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const good = await invoke({ method: 'app.info', input: {} });
    expect(JSON.parse(good.body.toString())).toEqual({
      ok: true,
      value: { mode: 'browser', version: '0.0.0-test', defaultServerUrl: 'http://127.0.0.1:1' },
    });
    const notJson = await request('/bridge/invoke', {
      method: 'POST',
      headers: authed({ 'content-type': 'application/json', origin: host.origin }),
      body: '{nope',
    });
    expect(JSON.parse(notJson.body.toString())).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const form = await invoke({ method: 'app.info', input: {} }, { 'content-type': 'text/plain' });
    expect(form.status).toBe(415);
  });

  it('answers several calls in one request, each as if sent alone, in their order', async () => {
    const batch = (body: unknown, headers: Record<string, string> = {}) =>
      request('/bridge/batch', { method: 'POST', headers: authed({ 'content-type': 'application/json', origin: host.origin, ...headers }), body: JSON.stringify(body) });
    const res = await batch([{ method: 'app.info', input: {} }, { method: 'meetings.get', input: { id: 'not-a-uuid' } }, { nope: 1 }, { method: 'fs.readFile', input: {} }]);
    expect(res.status).toBe(200);
    const results = JSON.parse(res.body.toString());
    expect(results).toHaveLength(4);
    expect(results[0]).toEqual({ ok: true, value: { mode: 'browser', version: '0.0.0-test', defaultServerUrl: 'http://127.0.0.1:1' } });
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(results[2]).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(results[3]).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    // Not a list, an empty one, too many calls: the request is refused.
    for (const body of [{ method: 'app.info', input: {} }, [], Array.from({ length: 33 }, () => ({ method: 'app.info', input: {} }))]) {
      const refused = await batch(body);
      expect(refused.status).toBe(400);
      expect(JSON.parse(refused.body.toString())).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    }
    // The same guards as a single call: the cookie, the origin, the content type.
    expect((await request('/bridge/batch', { method: 'POST', headers: { 'content-type': 'application/json', origin: host.origin }, body: '[]' })).status).toBe(401);
    expect((await batch([{ method: 'app.info', input: {} }], { origin: 'http://evil.example' })).status).toBe(403);
    expect((await batch([{ method: 'app.info', input: {} }], { 'content-type': 'text/plain' })).status).toBe(415);
    expect((await request('/bridge/batch', { headers: authed() })).status).toBe(405);
  });

  it('refuses an oversized bridge body', async () => {
    const res = await invoke({ method: 'session.login', input: { username: 'a', password: 'x'.repeat(2_000_000) } });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.body.toString())).toMatchObject({ ok: false, error: { code: 'payload_too_large' } });
  });

  it('/doc/ serves the cached PDF whole, in ranges, and 416/404 when it cannot', async () => {
    const full = await request(`/doc/${SHA}`, { headers: authed() });
    expect(full.status).toBe(200);
    expect(full.headers['content-type']).toBe('application/pdf');
    expect(full.headers['accept-ranges']).toBe('bytes');
    expect(full.body.equals(PDF)).toBe(true);

    const part = await request(`/doc/${SHA}`, { headers: authed({ range: 'bytes=100-199' }) });
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${PDF.length}`);
    expect(part.body.equals(PDF.subarray(100, 200))).toBe(true);

    const tail = await request(`/doc/${SHA}`, { headers: authed({ range: 'bytes=-7' }) });
    expect(tail.status).toBe(206);
    expect(tail.body.toString()).toBe('%%EOF\n'.padStart(7, '\n'));

    const beyond = await request(`/doc/${SHA}`, { headers: authed({ range: `bytes=${PDF.length}-` }) });
    expect(beyond.status).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${PDF.length}`);

    expect((await request(`/doc/${'d'.repeat(64)}`, { headers: authed() })).status).toBe(404);
    expect((await request('/doc/../secret.txt', { headers: authed() })).status).toBe(404);
  });

  it('streams service events over SSE', async () => {
    const frames: string[] = [];
    const got = new Promise<void>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path: '/bridge/events', headers: authed() }, (res) => {
        expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          frames.push(chunk);
          if (frames.join('').includes('data.changed')) {
            req.destroy();
            resolve();
          }
        });
        // The host subscribes to the services before it sends the headers: emit once they arrive.
        hub.emit('data.changed', { entities: ['meeting'], meetingIds: [] });
      });
      req.on('error', (e) => (frames.join('').includes('data.changed') ? resolve() : reject(e)));
    });
    await got;
    const line = frames.join('').split('\n').find((l) => l.startsWith('data: '))!;
    expect(JSON.parse(line.slice(6))).toEqual({ event: 'data.changed', payload: { entities: ['meeting'], meetingIds: [] } });
  });
});

/** A PUT of `body` to /bridge/upload, announced (content-length) or streamed in chunks (no length). */
function put(hostPort: number, query: string, body: Buffer, opts: { chunked?: boolean; origin?: string } = {}) {
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: hostPort,
        path: '/bridge/upload' + query,
        method: 'PUT',
        headers: {
          cookie,
          origin: opts.origin ?? `http://127.0.0.1:${hostPort}`,
          'content-type': 'application/octet-stream',
          ...(opts.chunked ? {} : { 'content-length': String(body.length) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString() || 'null') }));
      },
    );
    req.on('error', reject);
    if (opts.chunked) for (let i = 0; i < body.length; i += 1000) req.write(body.subarray(i, i + 1000));
    req.end(opts.chunked ? undefined : body);
  });
}

describe('browser host uploads', () => {
  it('streams the PUT body to a temp file the services import by path, with its hash; the file is gone afterwards', async () => {
    imported.length = 0;
    const res = await put(port, '?name=' + encodeURIComponent('Tờ trình số 1.pdf'), PDF);
    expect(res.status).toBe(200);
    const sha = createHash('sha256').update(PDF).digest('hex');
    expect(res.body).toEqual({ ok: true, value: { sha256: sha, size: PDF.length, fileName: 'Tờ trình số 1.pdf', uploaded: true } });
    expect(imported).toHaveLength(1);
    expect(imported[0].bytes.equals(PDF)).toBe(true);
    expect(imported[0].expectedSha256).toBe(sha);
    expect(existsSync(imported[0].path)).toBe(false);
  });

  it('refuses an upload cross-origin, without a plain file name, or over the size limit (announced or streamed)', async () => {
    imported.length = 0;
    expect((await put(port, '?name=a.pdf', PDF, { origin: 'http://evil.example' })).status).toBe(403);
    const noName = await put(port, '?name=' + encodeURIComponent('../a.pdf'), PDF);
    expect(noName.status).toBe(400);
    expect(noName.body).toMatchObject({ ok: false, error: { code: 'validation_failed' } });

    const limited = await startBrowserHost({ services: { handlers: handlersForHostTests(), on: () => () => {}, blobFile: async () => null, importUpload: async () => { throw new Error('never reached'); } }, rendererDir, port: 0, maxUploadBytes: 1000 });
    try {
      const limitedPort = Number(new URL(limited.origin).port);
      const launch = await new Promise<string>((resolve) => http.get(limited.url, (r) => resolve(String(r.headers['set-cookie']?.[0] ?? '').split(';')[0])));
      const saved = cookie;
      cookie = launch;
      try {
        for (const chunked of [false, true]) {
          const res = await put(limitedPort, '?name=big.pdf', PDF, { chunked });
          expect(res.status, chunked ? 'streamed' : 'announced').toBe(413);
          expect(res.body).toMatchObject({ ok: false, error: { code: 'payload_too_large', details: { maxBytes: 1000 } } });
        }
      } finally {
        cookie = saved;
      }
    } finally {
      await limited.close();
    }
    expect(imported).toHaveLength(0);
  });
});

describe('bridge client in Chromium', () => {
  let browser: Browser;
  // The worker's Chromium (started once for all its e2e files); this file closes only its own contexts.
  const contexts: BrowserContext[] = [];
  const newContext = async () => {
    const context = await browser.newContext();
    contexts.push(context);
    return context;
  };
  beforeAll(async () => {
    browser = await sharedChromium();
  });
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
  });

  it('defines window.ecabinet: values resolve, errors reject with name and code, events arrive', async () => {
    const page = await (await newContext()).newPage();
    await page.goto(host.newLaunchUrl());
    expect(new URL(page.url()).search).toBe(''); // the secret left the address bar
    expect(await page.locator('#app').textContent()).toBe('eCabinet');
    const info = await page.evaluate(() => (globalThis as any).ecabinet.invoke('app.info', {}));
    expect(info).toEqual({ mode: 'browser', version: '0.0.0-test', defaultServerUrl: 'http://127.0.0.1:1' });

    const err = await page.evaluate(() =>
      (globalThis as any).ecabinet
        .invoke('session.login', { username: 'x', password: 'y' })
        .then(() => null, (e: any) => ({ name: e.name, code: e.code, message: e.message })),
    );
    expect(err).toEqual({ name: 'BridgeError', code: 'invalid_credentials', message: 'wrong username or password' });

    const invalid = await page.evaluate(() =>
      (globalThis as any).ecabinet.invoke('meetings.get', { id: 42 }).catch((e: any) => e.code),
    );
    expect(invalid).toBe('validation_failed');

    // Calls made together travel together (one /bridge/batch request); each settles on its own.
    const batches: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).pathname.startsWith('/bridge/')) batches.push(new URL(r.url()).pathname);
    });
    const together = await page.evaluate(() => {
      const bridge = (globalThis as any).ecabinet;
      const settle = (p: Promise<unknown>) => p.then((value) => ({ value }), (e: any) => ({ code: e.code, name: e.name }));
      return Promise.all([settle(bridge.invoke('app.info', {})), settle(bridge.invoke('meetings.get', { id: 42 })), settle(bridge.invoke('session.login', { username: 'x', password: 'y' }))]);
    });
    expect(together).toEqual([
      { value: { mode: 'browser', version: '0.0.0-test', defaultServerUrl: 'http://127.0.0.1:1' } },
      { code: 'validation_failed', name: 'BridgeError' },
      { code: 'invalid_credentials', name: 'BridgeError' },
    ]);
    expect(batches).toEqual(['/bridge/batch']);

    // Subscribe, wait for the stream to be open, then emit from the services side.
    await page.evaluate(() => {
      (globalThis as any).__events = [];
      (globalThis as any).ecabinet.on('sync.status', (p: unknown) => (globalThis as any).__events.push(p));
    });
    await expect
      .poll(async () => {
        hub.emit('sync.status', { ...idleStatus, state: 'syncing' });
        return page.evaluate(() => (globalThis as any).__events.length);
      }, { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await page.evaluate(() => (globalThis as any).__events[0])).toEqual({ ...idleStatus, state: 'syncing' });

    // The page cannot replace the bridge.
    const replaced = await page.evaluate(() => {
      try {
        (globalThis as any).ecabinet = null;
      } catch {
        /* strict mode would throw */
      }
      return (globalThis as any).ecabinet !== null;
    });
    expect(replaced).toBe(true);
    await page.close();
  });

  it('a page that did not open the launch URL cannot use the bridge', async () => {
    const page = await (await newContext()).newPage();
    const res = await page.goto(host.origin + '/');
    expect(res?.status()).toBe(401);
  });
});
