/**
 * What the services do in the background at start (a resumed session's sync and live socket, the
 * search indexer's pass and its pdf.js thread) waits until the first screen has its answer: the
 * first screen reads only the cache, and on a small machine the background work would compete
 * for the processor with the window drawing it.
 *
 * The gate opens (once, for good) when the first meeting list has been answered; when the
 * session check finds no one signed in (the sign-in form: nothing to wait for); when any method
 * that is not one of the first screen's reads is called (it may need the background running:
 * `sync.now`, opening a document…); or, at the latest, `fallbackMs` after the services started
 * (a shell that shows no list). Services created with no gate run everything at once.
 */
import type { BridgeHandlers, BridgeMethodName } from '../../shared/bridge';

/** What the meeting list screen asks for before it shows (reads of the cache and local settings). */
const FIRST_SCREEN_METHODS: ReadonlySet<string> = new Set<BridgeMethodName>([
  'app.info',
  'session.current',
  'sync.status',
  'meetings.list',
  'notices.list',
  'opinions.list',
  'notifications.settings',
  'notifications.configure',
]);

export class FirstScreenGate {
  private waiting: (() => void)[] | null = [];
  private timer: NodeJS.Timeout | null = null;

  /** `fallbackMs` null: open from the start (no first screen to wait for). */
  constructor(fallbackMs: number | null) {
    if (fallbackMs === null) this.waiting = null;
    else {
      this.timer = setTimeout(() => this.open(), fallbackMs);
      this.timer.unref();
    }
  }

  get isOpen(): boolean {
    return this.waiting === null;
  }

  /** Runs `work` once the gate is open (now, if it is). */
  whenOpen(work: () => void): void {
    if (this.waiting) this.waiting.push(work);
    else work();
  }

  open(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const work of waiting) {
      try {
        work();
      } catch (e) {
        console.error('[ecabinet] background start failed:', e);
      }
    }
  }

  /** Drops what is still waiting (the services close before the gate opened). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiting) this.waiting = [];
  }

  /**
   * The handlers, each opening the gate as described above: after the first screen's answers,
   * before any other method runs.
   */
  watch(handlers: BridgeHandlers): BridgeHandlers {
    const watched: Record<string, (input: never) => Promise<unknown>> = {};
    for (const [method, handler] of Object.entries(handlers) as [string, (input: never) => Promise<unknown>][]) {
      if (!FIRST_SCREEN_METHODS.has(method)) {
        watched[method] = (input) => {
          this.open();
          return handler(input);
        };
      } else if (method === 'meetings.list' || method === 'session.current') {
        watched[method] = async (input) => {
          const value = await handler(input);
          if (method === 'meetings.list' || value === null) this.open();
          return value;
        };
      } else watched[method] = handler;
    }
    return watched as unknown as BridgeHandlers;
  }
}
