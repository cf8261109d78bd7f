/**
 * What the Electron shell decides, run without Electron (no binary here): whether session
 * tokens are sealed by the OS keychain or by the file key, and the privileges of the document
 * scheme. Electron itself (safeStorage's real keychain, fuses in a packaged binary, Chromium
 * enforcing the CSP and the scheme's CORS) is proven only by running the packaged app.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { keychainProtector, type SafeStorageLike } from '../../electron/keychain-protector';
import { FileKeySecretProtector } from '../../electron/services/session/secret-protector';
import { DOC_SCHEME_PRIVILEGES } from '../../electron/window-policy';

const dir = mkdtempSync(path.join(os.tmpdir(), 'ecab-keychain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for safeStorage (named as such): reversible, and recognisably not the file key. */
function fakeSafeStorage(available: boolean, backend = 'gnome_libsecret'): SafeStorageLike & { sealed: number } {
  const s = {
    sealed: 0,
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (plain: string) => {
      s.sealed++;
      return Buffer.from(`sealed:${plain}`).reverse();
    },
    decryptString: (b: Buffer) => {
      const text = Buffer.from(b).reverse().toString();
      if (!text.startsWith('sealed:')) throw new Error('not ours');
      return text.slice('sealed:'.length);
    },
  };
  return s;
}

describe('session tokens at rest in the Electron shell', () => {
  const fileKey = new FileKeySecretProtector(dir);

  it('are sealed by the OS keychain when it protects them, and read back', async () => {
    const ss = fakeSafeStorage(true);
    const p = keychainProtector(ss, 'linux', fileKey);
    const stored = await p.protect('refresh-token-123');
    expect(stored).toMatch(/^ss1:/);
    expect(stored).not.toContain('refresh-token-123');
    expect(ss.sealed).toBe(1);
    expect(await p.unprotect(stored)).toBe('refresh-token-123');
  });

  it('on Linux without a keyring (safeStorage\'s hard-coded basic_text key) fall back to the file key', async () => {
    const ss = fakeSafeStorage(true, 'basic_text');
    const p = keychainProtector(ss, 'linux', fileKey);
    const stored = await p.protect('refresh-token-123');
    expect(ss.sealed).toBe(0);
    expect(await fileKey.unprotect(stored)).toBe('refresh-token-123');
    // No keychain at all: the file key too.
    expect(await keychainProtector(fakeSafeStorage(false), 'darwin', fileKey).protect('x')).not.toMatch(/^ss1:/);
  });

  it('a token sealed by the file key before the keychain was there stays readable; one the keychain cannot open is a coded error', async () => {
    const before = await fileKey.protect('old-token');
    const p = keychainProtector(fakeSafeStorage(true), 'win32', fileKey);
    expect(await p.unprotect(before)).toBe('old-token');
    expect(() => p.unprotect('ss1:AAAA')).toThrow(expect.objectContaining({ code: 'unauthenticated' }));
  });
});

describe('the ecabinet-doc:// scheme', () => {
  it('is a secure standard scheme that streams and answers fetch, and never bypasses the CSP or runs service workers', () => {
    expect(DOC_SCHEME_PRIVILEGES).toEqual({ standard: true, secure: true, supportFetchAPI: true, stream: true, corsEnabled: true });
    expect(DOC_SCHEME_PRIVILEGES).not.toHaveProperty('bypassCSP');
    expect(DOC_SCHEME_PRIVILEGES).not.toHaveProperty('allowServiceWorkers');
  });
});

/** The shell's sources, parsed: the policies above count only if main.ts really applies them. */
function shellSources(): { file: string; text: string; ast: ts.SourceFile }[] {
  const root = path.resolve(__dirname, '../../electron');
  const out: { file: string; text: string; ast: ts.SourceFile }[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts')) {
        const text = readFileSync(full, 'utf8');
        out.push({ file: path.relative(root, full), text, ast: ts.createSourceFile(full, text, ts.ScriptTarget.Latest, true) });
      }
    }
  };
  walk(root);
  return out;
}

function nodesOf(ast: ts.SourceFile, keep: (n: ts.Node) => boolean): ts.Node[] {
  const found: ts.Node[] = [];
  const visit = (n: ts.Node) => {
    if (keep(n)) found.push(n);
    ts.forEachChild(n, visit);
  };
  visit(ast);
  return found;
}

describe('main.ts applies the hardening it is tested for', () => {
  const sources = shellSources();
  const main = sources.find((s) => s.file === 'main.ts')!;

  it('every window gets exactly the hardened webPreferences (DevTools decided by app.isPackaged), and nothing opens DevTools', () => {
    const windows = sources.flatMap((s) => nodesOf(s.ast, (n) => ts.isNewExpression(n) && n.expression.getText() === 'BrowserWindow').map((n) => ({ s, n: n as ts.NewExpression })));
    expect(windows.length).toBeGreaterThan(0);
    for (const { s, n } of windows) {
      const options = n.arguments?.[0];
      expect(options && ts.isObjectLiteralExpression(options), `${s.file}: BrowserWindow options are a literal`).toBe(true);
      const props = (options as ts.ObjectLiteralExpression).properties;
      expect(props.some((p) => ts.isSpreadAssignment(p)), `${s.file}: no spread over the window options`).toBe(false);
      const prefs = props.find((p) => p.name?.getText() === 'webPreferences');
      expect(prefs && ts.isPropertyAssignment(prefs) ? prefs.initializer.getText().replace(/\s+/g, ' ') : '').toBe('hardenedWebPreferences(preloadPath, { packaged: app.isPackaged })');
    }
    for (const s of sources.filter((x) => x.file !== 'window-policy.ts')) expect(s.text, s.file).not.toMatch(/openDevTools|toggleDevTools|devTools\s*:/);
    expect(main.text).toMatch(/^app\.enableSandbox\(\);$/m);
  });

  it('sends the CSP as a header on every response, serves ecabinet-doc:// only through documentResponse, with its privileges', () => {
    expect(main.text).toMatch(/onHeadersReceived\(\(details, callback\) => \{\s*callback\(\{\s*responseHeaders: \{ \.\.\.details\.responseHeaders, 'Content-Security-Policy': \[CONTENT_SECURITY_POLICY\] \}/);
    expect(main.text).toMatch(/protocol\.handle\(DOC_SCHEME, \(request\) => documentResponse\(request, /);
    expect(main.text).toContain('protocol.registerSchemesAsPrivileged([{ scheme: DOC_SCHEME, privileges: DOC_SCHEME_PRIVILEGES }]);');
    // No other scheme handler that could answer with headers of its own (e.g. Access-Control-Allow-Origin: *).
    for (const s of sources) expect(s.text.match(/protocol\.(handle|register\w*Protocol|interceptHttpProtocol)\(/g) ?? [], s.file).toHaveLength(s.file === 'main.ts' ? 1 : 0);
    expect(main.text).not.toMatch(/Access-Control-Allow-Origin/i);
  });

  it('the cache key and the session tokens are sealed by safeStorage: the shell hands its keychain protector to the services', () => {
    expect(main.text).toMatch(/keychainProtector\(safeStorage, process\.platform, new FileKeySecretProtector\(dataDir\)\)/);
    expect(main.text).toMatch(/shellProtectsSecrets: true,[\s\S]{0,80}protector: createSecretProtector\(dataDir\)/);
    const services = readFileSync(path.resolve(__dirname, '../../electron/services/index.ts'), 'utf8');
    expect(services).toContain('opts.protector ? await loadOrCreateSealedCacheKey(opts.dataDir, opts.protector)');
  });
});
