/**
 * Security policy of the desktop window, kept free of any 'electron' import so that it can be
 * unit-tested and shared with the browser-mode host (which sends the same CSP).
 */

/** Scheme that serves cached, verified document blobs to the Electron renderer. */
export const DOC_SCHEME = 'ecabinet-doc';

/** Where the Electron renderer loads a cached document (see OpenedDocument.url). */
export function electronDocumentUrl(sha256: string): string {
  return `${DOC_SCHEME}://blob/${sha256}`;
}

/**
 * Content-Security-Policy of the renderer, in Electron (response header) and in browser mode
 * (host header). Scripts only from the app itself; 'wasm-unsafe-eval' because pdf.js decodes
 * some images with WebAssembly; inline styles because pdf.js and React set style attributes;
 * blob: workers/images for pdf.js; documents come from 'self' (browser mode) or DOC_SCHEME.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  `connect-src 'self' ${DOC_SCHEME}:`,
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The renderer window's webPreferences: isolated, sandboxed, no Node, no webviews; DevTools
 * only in development (a packaged build gives whoever sits at the machine no console into the
 * page that holds the session).
 */
export function hardenedWebPreferences(preloadPath: string, opts: { packaged: boolean }) {
  return {
    preload: preloadPath,
    devTools: !opts.packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
  } as const;
}

/** Privileges of DOC_SCHEME: must be registered before the app is ready. */
export const DOC_SCHEME_PRIVILEGES = {
  standard: true,
  secure: true,
  supportFetchAPI: true,
  stream: true,
  corsEnabled: true,
} as const;

function withoutHash(url: string): string | null {
  try {
    const u = new URL(url);
    u.hash = '';
    return u.href;
  } catch {
    return null;
  }
}

/** Navigation is allowed only within the same page (hash changes); everything else is blocked. */
export function isSamePageNavigation(currentUrl: string, targetUrl: string): boolean {
  const a = withoutHash(currentUrl);
  return a !== null && a === withoutHash(targetUrl);
}

/**
 * True when a bridge call comes from the app's own renderer page: the exact index.html file
 * URL, whatever the query or hash. Any other page (a navigated-to site, an iframe) is refused.
 */
export function isTrustedRendererUrl(senderUrl: string, rendererIndexUrl: string): boolean {
  try {
    const s = new URL(senderUrl);
    const r = new URL(rendererIndexUrl);
    return s.protocol === 'file:' && r.protocol === 'file:' && s.host === r.host && s.pathname === r.pathname;
  } catch {
    return false;
  }
}

/** A link the user clicked that may open in the system browser: https only, nothing else. */
export function externalUrlToOpen(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}
