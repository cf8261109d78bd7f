/**
 * Electron main process: one hardened window over the client services.
 * Together with preload.ts, the only file that imports 'electron'. The policy values live in
 * window-policy.ts (tested without Electron); the document protocol in protocol/.
 *
 * Built layout (scripts/build.mjs): dist/electron/main.cjs, dist/electron/preload.cjs,
 * dist/renderer/index.html.
 */
import { app, BrowserWindow, ipcMain, protocol, safeStorage, session, shell } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BridgeEvents, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type BridgeEventName, type BridgeResult } from '../shared/bridge';
import { AppError } from '../shared/errors';
import { dispatchBridgeCall } from './services/bridge-dispatch';
import { createClientServices, type ClientServices } from './services/index';
import { FileKeySecretProtector, type SecretProtector } from './services/session/secret-protector';
import { documentResponse } from './protocol/doc-response';
import {
  CONTENT_SECURITY_POLICY,
  DOC_SCHEME,
  DOC_SCHEME_PRIVILEGES,
  electronDocumentUrl,
  externalUrlToOpen,
  hardenedWebPreferences,
  isSamePageNavigation,
  isTrustedRendererUrl,
} from './window-policy';

const DEFAULT_SERVER_URL = 'http://127.0.0.1:8650';
const distDir = path.resolve(__dirname, '..');
const preloadPath = path.join(distDir, 'electron', 'preload.cjs');
const rendererIndex = path.join(distDir, 'renderer', 'index.html');
const rendererIndexUrl = pathToFileURL(rendererIndex).href;

let services: ClientServices | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;

/**
 * Session tokens at rest: the OS keychain through safeStorage when it offers real protection;
 * on Linux without a keyring safeStorage falls back to a hard-coded key ('basic_text'), so the
 * file-key protector is used instead.
 */
function createSecretProtector(dataDir: string): SecretProtector {
  const keychainUsable =
    safeStorage.isEncryptionAvailable() &&
    (process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text');
  const fileKey = new FileKeySecretProtector(dataDir);
  if (!keychainUsable) return fileKey;
  const PREFIX = 'ss1:';
  return {
    protect: (plain) => PREFIX + safeStorage.encryptString(plain).toString('base64'),
    unprotect: (text) => {
      // Secrets written before the keychain became available stay readable.
      if (!text.startsWith(PREFIX)) return fileKey.unprotect(text);
      try {
        return safeStorage.decryptString(Buffer.from(text.slice(PREFIX.length), 'base64'));
      } catch {
        throw new AppError('unauthenticated', 'stored secret cannot be decrypted by the OS keychain');
      }
    },
  };
}

function forbidden(message: string): BridgeResult {
  return { ok: false, error: { code: 'forbidden', message } };
}

function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // The same CSP as renderer/index.html's meta tag, as a header too (covers every frame).
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
}

/** Rules for every web contents the app ever creates (windows, and anything unexpected). */
function hardenWebContents(): void {
  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.on('will-navigate', (event) => {
      if (!isSamePageNavigation(contents.getURL(), event.url)) event.preventDefault();
    });
    contents.on('will-redirect', (event) => {
      if (!isSamePageNavigation(contents.getURL(), event.url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      const external = externalUrlToOpen(url);
      if (external) void shell.openExternal(external);
      return { action: 'deny' };
    });
  });
}

function registerBridge(svc: ClientServices): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<BridgeResult> => {
    const frame = event.senderFrame;
    // Only the app's own top-level page may call the services.
    if (!frame || frame.parent !== null || !isTrustedRendererUrl(frame.url, rendererIndexUrl)) {
      return forbidden('Bridge calls are only accepted from the eCabinet window');
    }
    if (typeof method !== 'string') return { ok: false, error: { code: 'bad_request', message: 'method must be a string' } };
    return dispatchBridgeCall(svc.handlers, method, input);
  });
  for (const name of Object.keys(BridgeEvents) as BridgeEventName[]) {
    svc.on(name, (payload) => {
      for (const win of BrowserWindow.getAllWindows()) {
        if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, { event: name, payload });
      }
    });
  }
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'eCabinet',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: hardenedWebPreferences(preloadPath),
  });
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (mainWindow === win) mainWindow = null;
  });
  void win.loadFile(rendererIndex);
  return win;
}

async function start(): Promise<void> {
  await app.whenReady();
  const dataDir = process.env.ECABINET_DATA_DIR || app.getPath('userData');
  hardenSession();
  const svc = await createClientServices({
    dataDir,
    defaultServerUrl: process.env.ECABINET_SERVER_URL || DEFAULT_SERVER_URL,
    protector: createSecretProtector(dataDir),
    documentUrl: electronDocumentUrl,
    mode: 'electron',
    version: app.getVersion(),
  });
  services = svc;
  protocol.handle(DOC_SCHEME, (request) => documentResponse(request, (sha) => svc.blobFile(sha)));
  registerBridge(svc);
  mainWindow = createWindow();
}

// Must happen before 'ready'.
protocol.registerSchemesAsPrivileged([{ scheme: DOC_SCHEME, privileges: DOC_SCHEME_PRIVILEGES }]);
app.enableSandbox();

if (!app.requestSingleInstanceLock()) {
  // Another eCabinet is running: it gets focus (second-instance), this one leaves.
  app.quit();
} else {
  hardenWebContents();
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (services && BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
  });
  app.on('window-all-closed', () => app.quit());
  // Close the services (database, sync loop) before exiting; quit again once they are closed.
  app.on('before-quit', (event) => {
    if (quitting || !services) return;
    event.preventDefault();
    quitting = true;
    const svc = services;
    services = null;
    svc
      .close()
      .catch((err: unknown) => console.error('[ecabinet] closing services failed', err))
      .finally(() => app.quit());
  });
  start().catch((err: unknown) => {
    console.error('[ecabinet] start failed', err);
    app.exit(1);
  });
}
