import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_UPLOAD_CHANNEL } from '../../shared/bridge';
import { ShellUploadRequest } from '../../electron/protocol/upload-request';
import { decideByteRange } from '../../electron/protocol/byte-range';
import { unwrapBridgeResult } from '../../electron/protocol/bridge-wire';
import { documentResponse, shaFromDocumentUrl } from '../../electron/protocol/doc-response';
import {
  CONTENT_SECURITY_POLICY,
  electronDocumentUrl,
  externalUrlToOpen,
  hardenedWebPreferences,
  isSamePageNavigation,
  isTrustedRendererUrl,
} from '../../electron/window-policy';

const root = path.resolve(__dirname, '../..');

function cspDirectives(): Map<string, string[]> {
  return new Map(
    CONTENT_SECURITY_POLICY.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );
}

describe('renderer window hardening', () => {
  it('isolates and sandboxes the renderer, with no Node and no webviews', () => {
    const prefs = hardenedWebPreferences('/app/dist/electron/preload.cjs', { packaged: true });
    expect(prefs).toMatchObject({
      preload: '/app/dist/electron/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('DevTools only in development: a packaged build has none, and main.ts asks Electron which it is', async () => {
    expect(hardenedWebPreferences('/p.cjs', { packaged: true }).devTools).toBe(false);
    expect(hardenedWebPreferences('/p.cjs', { packaged: false }).devTools).toBe(true);
    const { readFile } = await import('node:fs/promises');
    const main = await readFile(path.join(root, 'electron/main.ts'), 'utf8');
    expect(main).toContain('hardenedWebPreferences(preloadPath, { packaged: app.isPackaged })');
    expect(main).not.toMatch(/openDevTools/);
  });

  it('the packaged app has its Electron fuses set: no run-as-node, no NODE_OPTIONS or --inspect, asar only and integrity-checked', async () => {
    const { readFile } = await import('node:fs/promises');
    const yml = await readFile(path.join(root, 'electron-builder.yml'), 'utf8');
    const block = /^electronFuses:\n((?:[ ]{2}\w+: \w+\n)+)/m.exec(yml);
    expect(block, 'electron-builder.yml has an electronFuses block').toBeTruthy();
    const fuses = Object.fromEntries(block![1].trim().split('\n').map((l) => l.trim().split(': ')));
    expect(fuses).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
    });
    expect(yml).toMatch(/^asar: true$/m);
  });

  it('CSP allows scripts only from the app and forbids plugins, framing and base changes', () => {
    const csp = cspDirectives();
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toContain("'self'");
    expect(csp.get('script-src')).not.toContain("'unsafe-inline'");
    expect(csp.get('script-src')).not.toContain("'unsafe-eval'");
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('frame-src')).toEqual(["'none'"]);
    // The viewer must be able to fetch documents from the custom scheme.
    expect(csp.get('connect-src')).toEqual(["'self'", 'ecabinet-doc:']);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/\bhttps?:|\*/);
  });

  it('CSP header allows at least what the renderer page itself needs (its meta policy)', async () => {
    // Both policies apply; a directive the meta allows but the header forbids would break the page.
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(path.join(root, 'renderer/index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta, 'renderer/index.html has a CSP meta tag').toBeTruthy();
    expect(meta).toContain("frame-src 'none'");
    const header = cspDirectives();
    for (const d of meta!.split(';')) {
      const [name, ...values] = d.trim().split(/\s+/);
      const allowed = header.get(name) ?? header.get('default-src')!;
      for (const v of values) expect(allowed, `${name} ${v}`).toContain(v);
    }
  });

  it('accepts bridge calls only from the app page itself', () => {
    const index = 'file:///opt/ecabinet/dist/renderer/index.html';
    expect(isTrustedRendererUrl('file:///opt/ecabinet/dist/renderer/index.html#/meetings/1', index)).toBe(true);
    expect(isTrustedRendererUrl('file:///opt/ecabinet/dist/renderer/index.html?x=1', index)).toBe(true);
    expect(isTrustedRendererUrl('file:///tmp/evil/index.html', index)).toBe(false);
    expect(isTrustedRendererUrl('file:///opt/ecabinet/dist/renderer/other.html', index)).toBe(false);
    expect(isTrustedRendererUrl('https://evil.example/opt/ecabinet/dist/renderer/index.html', index)).toBe(false);
    expect(isTrustedRendererUrl('not a url', index)).toBe(false);
  });

  it('lets the page change only its hash, and opens only https links outside', () => {
    const page = 'file:///app/dist/renderer/index.html#/';
    expect(isSamePageNavigation(page, 'file:///app/dist/renderer/index.html#/meeting/2')).toBe(true);
    expect(isSamePageNavigation(page, 'https://example.com/')).toBe(false);
    expect(isSamePageNavigation(page, 'file:///etc/passwd')).toBe(false);
    expect(externalUrlToOpen('https://thuvienphapluat.vn/van-ban')).toBe('https://thuvienphapluat.vn/van-ban');
    expect(externalUrlToOpen('http://example.com/')).toBeNull();
    expect(externalUrlToOpen('file:///etc/passwd')).toBeNull();
    expect(externalUrlToOpen('javascript:alert(1)')).toBeNull();
  });

  it('bridge channel names in the preload match shared/bridge.ts', async () => {
    const { readFile } = await import('node:fs/promises');
    const src = await readFile(path.join(root, 'electron/preload.ts'), 'utf8');
    expect(src).toContain(`'${IPC_INVOKE_CHANNEL}'`);
    expect(src).toContain(`'${IPC_EVENT_CHANNEL}'`);
    expect(src).toContain(`'${IPC_UPLOAD_CHANNEL}'`);
  });

  it('an upload from the preload is an absolute path or bytes, with a plain file name; nothing else', () => {
    expect(ShellUploadRequest.safeParse({ path: '/home/a/Tờ trình.pdf', fileName: 'Tờ trình.pdf' }).success).toBe(true);
    expect(ShellUploadRequest.safeParse({ bytes: new ArrayBuffer(3), fileName: 'a.pdf' }).success).toBe(true);
    expect(ShellUploadRequest.safeParse({ path: 'relative/a.pdf', fileName: 'a.pdf' }).success).toBe(false);
    expect(ShellUploadRequest.safeParse({ path: '/a.pdf', fileName: '../a.pdf' }).success).toBe(false);
    expect(ShellUploadRequest.safeParse({ bytes: 'JVBERi0=', fileName: 'a.pdf' }).success).toBe(false); // never base64
    expect(ShellUploadRequest.safeParse({ path: '/a.pdf', fileName: 'a.pdf', extra: 1 }).success).toBe(false);
  });
});

describe('bundles that run without Node', () => {
  it('the preload bundle requires nothing but electron (a sandboxed preload cannot)', async () => {
    const out = await build({
      entryPoints: [path.join(root, 'electron/preload.ts')],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      packages: 'external',
      logLevel: 'silent',
    });
    const code = out.outputFiles[0].text;
    const required = [...code.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required).toEqual(['electron']);
    expect(code).toContain('exposeInMainWorld');
    expect(code).not.toMatch(/ipcRenderer\s*[,}]\s*\)/); // ipcRenderer itself is never exposed
  });

  it('the browser bridge client is a self-contained script', async () => {
    const out = await build({
      entryPoints: [path.join(root, 'electron/browser-host/bridge-client.ts')],
      bundle: true,
      write: false,
      format: 'iife',
      platform: 'browser',
      logLevel: 'silent',
    });
    const code = out.outputFiles[0].text;
    expect(code).not.toMatch(/\brequire\(|\bimport\s*\(/);
    expect(code.length).toBeLessThan(10_000); // zod must not have been pulled in
  });
});

describe('bridge errors keep their code across the boundary', () => {
  it('ok results resolve to the value; errors reject with name, code and message', async () => {
    await expect(unwrapBridgeResult({ ok: true, value: { a: 1 } })).resolves.toEqual({ a: 1 });
    const err = await unwrapBridgeResult({
      ok: false,
      error: { code: 'invalid_credentials', message: 'bad password' },
    }).catch((e: unknown) => e);
    expect(err).toEqual({ name: 'BridgeError', code: 'invalid_credentials', message: 'bad password' });
    // A structured clone (what contextBridge does to plain objects) keeps every field.
    expect(structuredClone(err)).toEqual(err);
    await expect(unwrapBridgeResult('garbage')).rejects.toMatchObject({ code: 'internal' });
  });
});

describe('byte ranges', () => {
  it('decides single ranges, suffixes and unsatisfiable ranges', () => {
    expect(decideByteRange(undefined, 100)).toEqual({ kind: 'full' });
    expect(decideByteRange('bytes=0-9', 100)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(decideByteRange('bytes=90-', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(decideByteRange('bytes=90-500', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(decideByteRange('bytes=-10', 100)).toEqual({ kind: 'partial', start: 90, end: 99 });
    expect(decideByteRange('bytes=-500', 100)).toEqual({ kind: 'partial', start: 0, end: 99 });
    expect(decideByteRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(decideByteRange('bytes=0-1,5-6', 100)).toEqual({ kind: 'full' });
    expect(decideByteRange('items=0-1', 100)).toEqual({ kind: 'full' });
  });
});

describe('ecabinet-doc:// responses', () => {
  let dir: string;
  const sha = 'a'.repeat(64);
  let file: string;
  const bytes = Buffer.from('%PDF-1.7\n' + 'x'.repeat(1000) + '\n%%EOF\n');
  const lookup = async (s: string) => (s === sha ? { path: file } : null);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'ecab-doc-'));
    file = path.join(dir, 'blob');
    await writeFile(file, bytes);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('builds and parses document URLs', () => {
    expect(electronDocumentUrl(sha)).toBe(`ecabinet-doc://blob/${sha}`);
    expect(shaFromDocumentUrl(electronDocumentUrl(sha))).toBe(sha);
    expect(shaFromDocumentUrl(`ecabinet-doc://blob/${sha}/../x`)).toBeNull();
    expect(shaFromDocumentUrl(`ecabinet-doc://other/${sha}`)).toBeNull();
    expect(shaFromDocumentUrl(`https://blob/${sha}`)).toBeNull();
  });

  it('serves the whole cached file as a PDF', async () => {
    const res = await documentResponse(new Request(electronDocumentUrl(sha)), lookup);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('serves a range as 206 and refuses an impossible one with 416', async () => {
    const res = await documentResponse(new Request(electronDocumentUrl(sha), { headers: { range: 'bytes=5-14' } }), lookup);
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 5-14/${bytes.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(5, 15))).toBe(true);
    const bad = await documentResponse(
      new Request(electronDocumentUrl(sha), { headers: { range: `bytes=${bytes.length}-` } }),
      lookup,
    );
    expect(bad.status).toBe(416);
    expect(bad.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('lets only the app page read documents across origins, never any origin (*)', async () => {
    for (const origin of ['file://', 'null']) {
      const res = await documentResponse(new Request(electronDocumentUrl(sha), { headers: { origin } }), lookup);
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('vary')).toBe('Origin');
    }
    for (const origin of ['https://evil.example', 'http://127.0.0.1:8080']) {
      const res = await documentResponse(new Request(electronDocumentUrl(sha), { headers: { origin } }), lookup);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const preflight = await documentResponse(new Request(electronDocumentUrl(sha), { method: 'OPTIONS', headers: { origin } }), lookup);
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    }
    const missing = await documentResponse(new Request(electronDocumentUrl('c'.repeat(64)), { headers: { origin: 'https://evil.example' } }), lookup);
    expect(missing.headers.get('access-control-allow-origin')).toBeNull();
    const noOrigin = await documentResponse(new Request(electronDocumentUrl(sha)), lookup);
    expect(noOrigin.headers.get('access-control-allow-origin')).not.toBe('*');
  });

  it('answers 404 for documents that are not cached', async () => {
    const res = await documentResponse(new Request(electronDocumentUrl('b'.repeat(64))), lookup);
    expect(res.status).toBe(404);
  });
});
