/**
 * Inside the services process: starts the client services when the shell says `start`, answers
 * its requests (bridge calls through dispatchBridgeCall, which validates again; control methods
 * against their schemas), pushes every bridge event, and closes cleanly when asked, when the
 * shell goes away, or on SIGTERM.
 */
import { BridgeEvents, type BridgeEventName, type BridgeResult } from '../../shared/bridge';
import { AppError } from '../../shared/errors';
import { browserDocumentUrl } from '../browser-host/document-url';
import { dispatchBridgeCall, errorResult } from '../services/bridge-dispatch';
import { createClientServices, type ClientServices } from '../services/index';
import type { SecretProtector } from '../services/session/secret-protector';
import { electronDocumentUrl } from '../window-policy';
import { keyHexForFile } from '../services/crypto/blob-file';
import { startMemoryProbe, type MemoryProbe } from './memory-probe';
import {
  HostToServices,
  isControlMethod,
  responseOf,
  ServicesControlMethods,
  ShellMethods,
  type ServicesControlMethod,
  type ServicesStartOptions,
  type ShellMethod,
} from './protocol';
import type { ShellLink } from './shell-link';

/**
 * A shell opens a window on the meeting list: the background work of a start waits for its answer
 * (FirstScreenGate), or at most this long.
 */
const BACKGROUND_AFTER_FIRST_SCREEN_MS = 5_000;
/** The window draws the meeting list after its answer: the background starts this long after it. */
const BACKGROUND_AFTER_LIST_MS = 1_000;

const notStarted: BridgeResult = { ok: false, error: { code: 'services_unavailable', message: 'the services have not started' } };

export function serveShell(link: ShellLink, exit: (code: number) => void = (code) => process.exit(code)): void {
  let services: Promise<ClientServices> | null = null;
  let closing: Promise<void> | null = null;
  let probe: MemoryProbe | null = null;
  const shellRequests = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  let nextId = 1;

  function askShell<M extends ShellMethod>(method: M, input: unknown): Promise<unknown> {
    const id = nextId++;
    return new Promise((resolve, reject) => {
      shellRequests.set(id, { resolve, reject });
      void link.send({ kind: 'request', id, method, input });
    }).then((value) => ShellMethods[method].output.parse(value));
  }

  // Electron keeps session tokens in the OS keychain, which only the main process can reach.
  const shellProtector: SecretProtector = {
    protect: async (plain) => ((await askShell('secret.protect', { text: plain })) as { text: string }).text,
    unprotect: async (text) => ((await askShell('secret.unprotect', { text })) as { text: string }).text,
  };

  function start(o: ServicesStartOptions): void {
    if (services) return;
    if (o.memorySampleMs) probe = startMemoryProbe(o.memorySampleMs);
    services = createClientServices({
      dataDir: o.dataDir,
      defaultServerUrl: o.defaultServerUrl,
      mode: o.mode,
      version: o.version,
      deviceName: o.deviceName,
      periodicPullMs: o.periodicPullMs,
      retry: o.retry,
      protector: o.shellProtectsSecrets ? shellProtector : undefined,
      documentUrl: o.mode === 'electron' ? electronDocumentUrl : browserDocumentUrl,
      backgroundAfterFirstScreenMs: BACKGROUND_AFTER_FIRST_SCREEN_MS,
      backgroundAfterListMs: BACKGROUND_AFTER_LIST_MS,
    });
    services.then(
      (s) => {
        for (const event of Object.keys(BridgeEvents) as BridgeEventName[]) {
          s.on(event, (payload) => void link.send({ kind: 'event', event, payload }));
        }
        void link.send({ kind: 'ready', pid: process.pid });
      },
      async (e: unknown) => {
        console.error('[ecabinet services] start failed:', e);
        await link.send({ kind: 'startFailed', message: e instanceof Error ? e.message : String(e) });
        exit(1);
      },
    );
  }

  /** Closes the services once (sync settles, the database is checkpointed and closed). */
  function close(): Promise<void> {
    closing ??= (async () => {
      probe?.stop();
      const s = await services?.catch(() => null);
      await s?.close();
    })();
    return closing;
  }

  async function control(s: ClientServices, method: ServicesControlMethod, rawInput: unknown): Promise<BridgeResult> {
    const input = ServicesControlMethods[method].input.safeParse(rawInput ?? {});
    if (!input.success) return { ok: false, error: { code: 'validation_failed', message: input.error.issues[0]?.message ?? 'invalid input' } };
    try {
      switch (method) {
        case 'services.blobFile': {
          const { sha256 } = input.data as { sha256: string };
          const path = await s.blobFile(sha256);
          return { ok: true, value: { path, keyHex: path ? keyHexForFile(path) : undefined } };
        }
        case 'services.importUpload':
          return { ok: true, value: await s.importUpload(input.data as { path: string; fileName: string; expectedSha256?: string }) };
        case 'services.memory': {
          if (!probe) throw new AppError('bad_request', 'memory sampling is off (start option memorySampleMs)');
          const value = { pid: process.pid, now: probe.now(), peak: probe.peak() };
          if ((input.data as { resetPeak?: boolean }).resetPeak) probe.resetPeak();
          return { ok: true, value };
        }
        case 'services.close':
          await close();
          return { ok: true, value: { ok: true } };
      }
    } catch (e) {
      return errorResult(e, method);
    }
  }

  async function handle(method: string, input: unknown): Promise<BridgeResult> {
    if (!services) return notStarted;
    let s: ClientServices;
    try {
      s = await services;
    } catch {
      return notStarted;
    }
    if (isControlMethod(method)) return control(s, method, input);
    if (closing) return { ok: false, error: { code: 'services_unavailable', message: 'the services are closing' } };
    return dispatchBridgeCall(s.handlers, method, input);
  }

  async function closeAndExit(): Promise<void> {
    try {
      await close();
    } catch (e) {
      console.error('[ecabinet services] close failed:', e);
    }
    exit(0);
  }

  link.onMessage((raw) => {
    const parsed = HostToServices.safeParse(raw);
    if (!parsed.success) return console.error('[ecabinet services] malformed message from the shell ignored');
    const msg = parsed.data;
    if (msg.kind === 'start') return start(msg.options);
    if (msg.kind === 'response') {
      const waiting = shellRequests.get(msg.id);
      shellRequests.delete(msg.id);
      if (!waiting) return;
      return msg.ok ? waiting.resolve(msg.value) : waiting.reject(new AppError(msg.error.code, msg.error.message, msg.error.details));
    }
    void handle(msg.method, msg.input).then(async (result) => {
      await link.send(responseOf(msg.id, result));
      // The answer to `services.close` is out: nothing is left to do here.
      if (msg.method === 'services.close') exit(0);
    });
  });
  // The shell died without closing us (crash, kill -9): close cleanly, never linger as an orphan.
  link.onShellGone(() => void closeAndExit());
  process.once('SIGTERM', () => void closeAndExit());
}
