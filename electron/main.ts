/**
 * Electron main process: one hardened window over the client services, which run in their own
 * utility process (electron/services-process/) so the database, sync and file work never hold
 * up this process. Together with preload.ts, the only file that imports 'electron'. The policy
 * values live in window-policy.ts (tested without Electron); the document protocol in protocol/.
 *
 * Built layout (scripts/build.mjs): dist/electron/main.cjs, dist/electron/preload.cjs,
 * dist/electron/services.cjs, dist/renderer/index.html.
 */
import { app, BrowserWindow, ipcMain, Notification, protocol, safeStorage, session, shell, utilityProcess, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BridgeEvents, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_UPLOAD_CHANNEL, type BridgeEventName, type BridgeResult } from '../shared/bridge';
import type { DesktopNotification } from '../shared/notifications-bridge';
import { checkBridgeInput } from './services/bridge-dispatch';
import { FileKeySecretProtector, type SecretProtector } from './services/session/secret-protector';
import { keychainProtector } from './keychain-protector';
import { openIncomingFiles, type IncomingFiles } from './services-process/incoming-files';
import { servicesProcessEnv } from './services-process/malloc-env';
import { codeCacheDir } from './services-process/child';
import { CODE_CACHE_DIR_ENV } from './services-process/code-cache';
import { ServicesProcess } from './services-process/services-process';
import { utilityServicesChild } from './services-process/utility-child';
import { documentResponse } from './protocol/doc-response';
import { ShellUploadRequest } from './protocol/upload-request';
import {
  CONTENT_SECURITY_POLICY,
  DOC_SCHEME,
  DOC_SCHEME_PRIVILEGES,
  externalUrlToOpen,
  hardenedWebPreferences,
  isSamePageNavigation,
  isTrustedRendererUrl,
} from './window-policy';

const DEFAULT_SERVER_URL = 'http://127.0.0.1:8650';
const distDir = path.resolve(__dirname, '..');
const preloadPath = path.join(distDir, 'electron', 'preload.cjs');
const servicesEntry = path.join(distDir, 'electron', 'services.cjs');
const rendererIndex = path.join(distDir, 'renderer', 'index.html');
const rendererIndexUrl = pathToFileURL(rendererIndex).href;

let services: ServicesProcess | null = null;
let incoming: IncomingFiles | null = null;
let mainWindow: BrowserWindow | null = null;
let quitting = false;

/** Session tokens at rest: the OS keychain when it really protects them (keychain-protector.ts). */
function createSecretProtector(dataDir: string): SecretProtector {
  return keychainProtector(safeStorage, process.platform, new FileKeySecretProtector(dataDir));
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

/** Only the app's own top-level page may call the services. */
function fromAppWindow(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  return Boolean(frame && frame.parent === null && isTrustedRendererUrl(frame.url, rendererIndexUrl));
}

function registerBridge(svc: ServicesProcess, files: IncomingFiles): void {
  ipcMain.handle(IPC_INVOKE_CHANNEL, async (event, method: unknown, input: unknown): Promise<BridgeResult> => {
    if (!fromAppWindow(event)) return forbidden('Bridge calls are only accepted from the eCabinet window');
    // Checked here, so a malformed call never reaches the services process (which checks again).
    const checked = checkBridgeInput(method, input);
    if (!checked.ok) return checked.result;
    return svc.call(checked.method, checked.input);
  });
  ipcMain.handle(IPC_UPLOAD_CHANNEL, async (event, request: unknown): Promise<BridgeResult> => {
    if (!fromAppWindow(event)) return forbidden('Uploads are only accepted from the eCabinet window');
    const parsed = ShellUploadRequest.safeParse(request);
    if (!parsed.success) return { ok: false, error: { code: 'validation_failed', message: parsed.error.issues[0]?.message ?? 'invalid upload' } };
    const r = parsed.data;
    if ('path' in r) return svc.importUpload({ path: r.path, fileName: r.fileName });
    return files.importStream(svc, [r.bytes instanceof Uint8Array ? r.bytes : new Uint8Array(r.bytes)], r.fileName);
  });
  for (const name of Object.keys(BridgeEvents) as BridgeEventName[]) {
    // The shell shows notifications itself (below); the page shows them only in browser mode.
    if (name === 'notification.show') continue;
    svc.on(name, (payload) => {
      for (const win of BrowserWindow.getAllWindows()) {
        if (!win.isDestroyed()) win.webContents.send(IPC_EVENT_CHANNEL, { event: name, payload });
      }
    });
  }
}

/** Shown notifications, held until clicked or closed: one collected early never reports its click. */
const shownNotifications = new Set<Notification>();

/** A desktop notification from the services; a click brings the window forward on its screen. */
function showNotification(n: DesktopNotification): void {
  if (!Notification.isSupported()) return;
  const note = new Notification({ title: n.title, body: n.body });
  const forget = () => shownNotifications.delete(note);
  note.on('click', () => {
    forget();
    const win = mainWindow;
    if (!win || win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
    win.webContents.send(IPC_EVENT_CHANNEL, { event: 'notification.open', payload: { route: n.route } });
  });
  note.on('close', forget);
  shownNotifications.add(note);
  note.show();
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
    webPreferences: hardenedWebPreferences(preloadPath, { packaged: app.isPackaged }),
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
  // Windows shows notifications only for an app with an identity (the installer's appId).
  if (process.platform === 'win32') app.setAppUserModelId('vn.ecabinet.desktop');
  const dataDir = process.env.ECABINET_DATA_DIR || app.getPath('userData');
  hardenSession();
  const svc = await ServicesProcess.start({
    // The services' bundle runs through V8's code cache kept in the data folder (code-cache.ts).
    spawn: () =>
      utilityServicesChild(
        utilityProcess.fork(servicesEntry, [], {
          serviceName: 'eCabinet services',
          stdio: 'inherit',
          env: { ...servicesProcessEnv(), [CODE_CACHE_DIR_ENV]: codeCacheDir(dataDir) },
        }),
      ),
    start: {
      dataDir,
      defaultServerUrl: process.env.ECABINET_SERVER_URL || DEFAULT_SERVER_URL,
      mode: 'electron',
      version: app.getVersion(),
      // safeStorage exists only in this process: the services ask it to protect their tokens.
      shellProtectsSecrets: true,
    },
    protector: createSecretProtector(dataDir),
  });
  services = svc;
  const files = await openIncomingFiles();
  incoming = files;
  // The services say whether the blob is verified and visible; the bytes are read from disk here.
  protocol.handle(DOC_SCHEME, (request) => documentResponse(request, (sha) => svc.blobFile(sha)));
  registerBridge(svc, files);
  svc.on('notification.show', showNotification);
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
  // Close the services process (sync settles, database checkpointed) before exiting; quit again once it has ended.
  app.on('before-quit', (event) => {
    if (quitting || !services) return;
    event.preventDefault();
    quitting = true;
    const svc = services;
    services = null;
    svc
      .close()
      .then(() => incoming?.close())
      .catch((err: unknown) => console.error('[ecabinet] closing services failed', err))
      .finally(() => app.quit());
  });
  start().catch((err: unknown) => {
    console.error('[ecabinet] start failed', err);
    app.exit(1);
  });
}
