/**
 * The shell's side of the client services process: starts it, forwards calls and relays its
 * events, answers its keychain requests, restarts it if it dies, and closes it cleanly.
 *
 * A call in flight when the process dies is answered `services_restarted` (the UI translates
 * it); calls made while it restarts wait for it. Crashing again and again (more than
 * `maxCrashes` within a minute) stops the restarts: calls then get `services_unavailable`.
 */
import type { BridgeEventName, BridgeEventPayload, BridgeMethodName, BridgeResult } from '../../shared/bridge';
import { AppError } from '../../shared/errors';
import { errorResult } from '../services/bridge-dispatch';
import { BridgeEventHub } from '../services/events';
import type { ImportedFileSource } from '../services/index';
import type { SecretProtector } from '../services/session/secret-protector';
import type { ServicesChild, SpawnServicesChild } from './child';
import type { HostedServices } from './hosted-services';
import {
  responseOf,
  ServicesControlMethods,
  ServicesToHost,
  ShellMethods,
  type ControlInput,
  type ControlOutput,
  type ServicesControlMethod,
  type ServicesStartOptions,
} from './protocol';

export interface ServicesProcessOptions {
  spawn: SpawnServicesChild;
  start: ServicesStartOptions;
  /** Answers the services' `secret.*` requests (Electron: safeStorage); needs start.shellProtectsSecrets. */
  protector?: SecretProtector;
  /** Delay before a restart: doubles from `restartDelayMs` (default 200) up to 5 s. */
  restartDelayMs?: number;
  /** Crashes within a minute after which restarts stop (default 5). */
  maxCrashes?: number;
  /** How long a clean close may take before the process is ended by force (default 15 s). */
  closeTimeoutMs?: number;
}

interface Pending {
  method: string;
  settle: (result: BridgeResult) => void;
}

interface Running {
  child: ServicesChild;
  exited: Promise<void>;
}

const restartedError = (): BridgeResult => ({
  ok: false,
  error: { code: 'services_restarted', message: 'the services process stopped unexpectedly and is being restarted; try again' },
});
const unavailableError = (why: string): BridgeResult => ({ ok: false, error: { code: 'services_unavailable', message: why } });

export class ServicesProcess implements HostedServices {
  private running: Running | null = null;
  /** Resolves to the running process once it said `ready`; rejects when it cannot start. */
  private ready: Promise<Running>;
  private readonly pending = new Map<number, Pending>();
  private readonly hub = new BridgeEventHub();
  private readonly crashes: number[] = [];
  private nextId = 1;
  private closing: Promise<void> | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private cancelRestart: ((e: Error) => void) | null = null;
  private restartCount = 0;
  private readonly restartListeners = new Set<(pid: number | undefined) => void>();

  private constructor(private readonly opts: ServicesProcessOptions) {
    this.ready = this.launch();
  }

  /** Starts the services process; rejects if the first start fails (the app cannot run then). */
  static async start(opts: ServicesProcessOptions): Promise<ServicesProcess> {
    const sp = new ServicesProcess(opts);
    try {
      await sp.ready;
    } catch (e) {
      await sp.close();
      throw e;
    }
    return sp;
  }

  /** The current process id (tests kill it to check the restart). */
  get pid(): number | undefined {
    return this.running?.child.pid;
  }

  /** Methods of the calls sent to the process and not answered yet. */
  inFlight(): string[] {
    return [...this.pending.values()].map((p) => p.method);
  }

  /** How many times the process was restarted after dying. */
  get restarts(): number {
    return this.restartCount;
  }

  /** Told each time a restarted process is ready. */
  onRestarted(listener: (pid: number | undefined) => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  call(method: BridgeMethodName, input: unknown): Promise<BridgeResult> {
    return this.request(method, input);
  }

  /** A control method, validated here before it is sent (and again in the services). */
  async control<M extends ServicesControlMethod>(method: M, input: ControlInput<M>): Promise<BridgeResult> {
    const checked = ServicesControlMethods[method].input.safeParse(input);
    if (!checked.success) return { ok: false, error: { code: 'validation_failed', message: checked.error.issues[0]?.message ?? 'invalid input' } };
    return this.request(method, checked.data);
  }

  /** Like `control`, for the shell's own use: the value, or a thrown AppError. */
  async controlValue<M extends ServicesControlMethod>(method: M, input: ControlInput<M>): Promise<ControlOutput<M>> {
    const r = await this.control(method, input);
    if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details);
    return ServicesControlMethods[method].output.parse(r.value) as ControlOutput<M>;
  }

  on<E extends BridgeEventName>(event: E, listener: (payload: BridgeEventPayload<E>) => void): () => void {
    return this.hub.on(event, listener);
  }

  /** The verified cached file of a blob and the key it is encrypted with (hex), or null. */
  async blobFile(sha256: string): Promise<{ path: string; keyHex?: string } | null> {
    const r = await this.control('services.blobFile', { sha256 });
    if (!r.ok) return null;
    const { path, keyHex } = r.value as { path: string | null; keyHex?: string };
    return path === null ? null : { path, keyHex };
  }

  importUpload(source: ImportedFileSource): Promise<BridgeResult> {
    return this.control('services.importUpload', source);
  }

  /** Asks the services to close (checkpointing the database) and waits for the process to end. */
  close(): Promise<void> {
    this.closing ??= this.shutDown();
    return this.closing;
  }

  private async shutDown(): Promise<void> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.cancelRestart?.(new Error('the app is closing'));
    // Closed whether it is ready or still starting: the services answer `services.close` once started.
    const running = this.running;
    if (running) {
      const timeout = this.opts.closeTimeoutMs ?? 15_000;
      this.send(running, { kind: 'request', id: this.nextId++, method: 'services.close', input: {} });
      let timer: NodeJS.Timeout | undefined;
      const inTime = await Promise.race([
        running.exited.then(() => true),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeout))),
      ]);
      clearTimeout(timer);
      if (!inTime) {
        console.error('[ecabinet] the services process did not close in time; ending it');
        running.child.kill(true);
        await running.exited;
      }
    }
    this.failPending(unavailableError('the app is closing'));
    this.hub.clear();
  }

  private async request(method: string, input: unknown): Promise<BridgeResult> {
    if (this.closing) return unavailableError('the app is closing');
    let running: Running;
    try {
      running = await this.whenReady();
    } catch (e) {
      return unavailableError(e instanceof Error ? e.message : 'the services process cannot start');
    }
    const id = this.nextId++;
    return new Promise<BridgeResult>((resolve) => {
      this.pending.set(id, { method, settle: resolve });
      this.send(running, { kind: 'request', id, method, input });
    });
  }

  /** The ready process; follows a restart that replaced the one awaited. */
  private async whenReady(): Promise<Running> {
    for (;;) {
      const current = this.ready;
      try {
        return await current;
      } catch (e) {
        if (this.ready === current || this.closing) throw e;
      }
    }
  }

  private send(running: Running, message: Parameters<ServicesChild['send']>[0]): void {
    running.child.send(message);
  }

  /** Spawns a process and resolves once it is ready. */
  private launch(): Promise<Running> {
    const child = this.opts.spawn();
    let markExited!: () => void;
    const running: Running = { child, exited: new Promise<void>((r) => (markExited = r)) };
    this.running = running;
    return new Promise<Running>((resolve, reject) => {
      let isReady = false;
      child.onMessage((raw) => {
        const parsed = ServicesToHost.safeParse(raw);
        if (!parsed.success) return console.error('[ecabinet] malformed message from the services process ignored');
        const msg = parsed.data;
        switch (msg.kind) {
          case 'ready':
            isReady = true;
            return resolve(running);
          case 'startFailed':
            return reject(new Error(`the services could not start: ${msg.message}`));
          case 'event':
            return this.hub.emit(msg.event, msg.payload as never);
          case 'response': {
            const waiting = this.pending.get(msg.id);
            this.pending.delete(msg.id);
            return waiting?.settle(msg.ok ? { ok: true, value: msg.value } : { ok: false, error: msg.error });
          }
          case 'request':
            return void this.answerShellRequest(msg.method, msg.input).then((result) => this.send(running, responseOf(msg.id, result)));
        }
      });
      child.onExit((code) => {
        markExited();
        if (this.running === running) this.running = null;
        if (!isReady) reject(new Error(`the services process ended while starting (exit code ${code})`));
        if (this.closing) return;
        this.failPending(restartedError());
        this.scheduleRestart(code);
      });
      child.send({ kind: 'start', options: this.opts.start });
    });
  }

  private scheduleRestart(code: number | null): void {
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length && this.crashes[0] < now - 60_000) this.crashes.shift();
    const maxCrashes = this.opts.maxCrashes ?? 5;
    if (this.crashes.length > maxCrashes) {
      console.error(`[ecabinet] the services process keeps stopping (exit code ${code}); not restarting it again`);
      this.ready = Promise.reject(new Error('the services process keeps stopping'));
      this.ready.catch(() => {});
      return;
    }
    console.error(`[ecabinet] the services process stopped (exit code ${code}); restarting it`);
    const delay = Math.min(5_000, (this.opts.restartDelayMs ?? 200) * 2 ** (this.crashes.length - 1));
    // Calls made meanwhile wait for the new process.
    this.ready = new Promise<Running>((resolve, reject) => {
      this.cancelRestart = reject;
      this.restartTimer = setTimeout(() => {
        this.restartTimer = null;
        this.cancelRestart = null;
        if (this.closing) return reject(new Error('the app is closing'));
        const next = this.launch();
        next.then(
          (r) => {
            this.restartCount += 1;
            for (const l of this.restartListeners) l(r.child.pid);
          },
          () => {},
        );
        resolve(next);
      }, delay);
    });
    this.ready.catch(() => {});
  }

  private failPending(result: BridgeResult): void {
    const waiting = [...this.pending.values()];
    this.pending.clear();
    for (const p of waiting) p.settle(result);
  }

  private async answerShellRequest(method: string, input: unknown): Promise<BridgeResult> {
    const protector = this.opts.protector;
    if (method !== 'secret.protect' && method !== 'secret.unprotect') return { ok: false, error: { code: 'bad_request', message: `unknown shell method: ${method.slice(0, 100)}` } };
    if (!protector) return { ok: false, error: { code: 'internal', message: 'the shell keeps no secrets' } };
    const checked = ShellMethods[method].input.safeParse(input);
    if (!checked.success) return { ok: false, error: { code: 'validation_failed', message: 'invalid input' } };
    try {
      const text = method === 'secret.protect' ? await protector.protect(checked.data.text) : await protector.unprotect(checked.data.text);
      return { ok: true, value: { text } };
    } catch (e) {
      return errorResult(e, method);
    }
  }
}
