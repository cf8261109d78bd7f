import { spawn } from 'node:child_process';
import path from 'node:path';
import type { BridgeResult } from '../../shared/bridge';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/index';
import { codeCacheDir, forkServicesChild, type ServicesChild } from '../../electron/services-process/child';
import type { ServicesStartOptions } from '../../electron/services-process/protocol';
import type { HostedServices } from '../../electron/services-process/hosted-services';
import type { ServicesProcess } from '../../electron/services-process/services-process';
import { appRoot, appVersion, electronExecutable, rendererDir, servicesEntryFile } from '../app-paths';
import { parse, parsePort } from '../args';

export const APP_HELP = `ecabinet app [--server URL] [--data DIR] [--browser] [--port N]

  Mở ứng dụng eCabinet: cửa sổ Electron nếu có, nếu không thì chế độ trình duyệt (in ra địa chỉ).
  Opens the eCabinet app: the Electron window where its binary exists, otherwise browser mode (the URL is printed).

  --server URL   máy chủ đồng bộ / sync server (default http://127.0.0.1:8650)
  --data DIR     dữ liệu máy khách / client data folder (default .data/client)
  --browser      luôn dùng chế độ trình duyệt / always use browser mode
  --port N       cổng của chế độ trình duyệt / browser-mode port (default 8651; 0 = random)`;

export interface AppLaunch {
  serverUrl: string;
  dataDir: string;
  forceBrowser: boolean;
  hostPort: number;
  /** Print nothing: the caller prints the address itself (`ecabinet start`). */
  quiet?: boolean;
}

export interface LaunchedApp {
  /** Browser mode's single-use launch URL; undefined when an Electron window opened. */
  url?: string;
  close(): Promise<void>;
}

/** Launches the desktop app; resolves once it runs (browser mode keeps running in this process). */
export async function launchApp(opts: AppLaunch): Promise<LaunchedApp> {
  const exe = opts.forceBrowser ? null : electronExecutable();
  const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  if (exe && hasDisplay) {
    const child = spawn(exe, [path.join(appRoot(), 'dist', 'electron', 'main.cjs')], {
      stdio: 'inherit',
      env: { ...process.env, ECABINET_SERVER_URL: opts.serverUrl, ECABINET_DATA_DIR: opts.dataDir },
    });
    if (!opts.quiet) console.log('Đã mở cửa sổ eCabinet (Electron) / eCabinet window opened (Electron).');
    return {
      close: async () => {
        child.kill();
      },
    };
  }
  // The services run in their own process; this one only serves the page. The process is forked
  // first and told to start at once (its code loads, from V8's code cache after the first run, and
  // it opens the cache on the other core); the address is printed once the host listens and has
  // loaded the bridge's and the services' handle's message schemas, so that it answers the page
  // and its scripts at once (a browser asks for them within ~50 ms). Bridge calls wait for the
  // services to be ready; what the process says before that waits too.
  const start: ServicesStartOptions = { dataDir: opts.dataDir, defaultServerUrl: opts.serverUrl, mode: 'browser', version: appVersion(), shellProtectsSecrets: false };
  const fork = forkServicesChild(servicesEntryFile(), { start, codeCacheDir: codeCacheDir(opts.dataDir) });
  let forked: ServicesChild | null = fork();
  const spawnChild = () => {
    const child = forked ?? fork();
    forked = null;
    return child;
  };
  let begin!: (handle: Promise<ServicesProcess>) => void;
  const starting = new Promise<ServicesProcess>((resolve) => (begin = resolve));
  starting.catch(() => {});
  const handle = import('../../electron/services-process/services-process');
  let host: BrowserHost;
  try {
    host = await startBrowserHost({ services: onceStarted(starting), rendererDir: rendererDir(), port: opts.hostPort });
    await Promise.all([host.bridgeLoaded, handle]);
  } catch (e) {
    forked?.kill(true);
    throw e;
  }
  begin(handle.then(({ ServicesProcess }) => ServicesProcess.start({ spawn: spawnChild, start })));
  if (!opts.quiet) {
    console.log('');
    console.log(exe ? 'Không có màn hình: dùng chế độ trình duyệt. / No display: using browser mode.' : 'Không có Electron trên máy này: dùng chế độ trình duyệt. / No Electron binary here: using browser mode.');
    console.log(`Mở địa chỉ này trong trình duyệt / Open this address in a browser:\n\n  ${host.url}\n`);
  }
  let services: ServicesProcess;
  try {
    services = await starting;
  } catch (e) {
    // The app cannot run without them: the same failure as before the address was printed.
    await host.close();
    throw e;
  }
  return {
    url: host.url,
    close: async () => {
      await host.close();
      await services.close();
    },
  };
}

/** The services process as the host sees it while it starts: each call waits for it to be ready. */
function onceStarted(starting: Promise<ServicesProcess>): HostedServices {
  const unavailable = (e: unknown): BridgeResult => ({ ok: false, error: { code: 'services_unavailable', message: e instanceof Error ? e.message : String(e) } });
  return {
    call: (method, input) => starting.then((s) => s.call(method, input), unavailable),
    on(event, listener) {
      let off: (() => void) | null = null;
      let cancelled = false;
      starting.then(
        (s) => {
          if (!cancelled) off = s.on(event, listener);
        },
        () => {},
      );
      return () => {
        cancelled = true;
        off?.();
      };
    },
    blobFile: (sha256) => starting.then((s) => s.blobFile(sha256), () => null),
    importUpload: (source) => starting.then((s) => s.importUpload(source), unavailable),
  };
}

export async function appCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    server: { type: 'string' },
    data: { type: 'string' },
    browser: { type: 'boolean' },
    port: { type: 'string' },
  });
  if (values.help) return void console.log(APP_HELP);
  const app = await launchApp({
    serverUrl: values.server ?? 'http://127.0.0.1:8650',
    dataDir: path.resolve(values.data ?? '.data/client'),
    forceBrowser: Boolean(values.browser),
    hostPort: parsePort(values.port, 8651),
  });
  const stop = () => void app.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
