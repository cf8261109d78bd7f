/**
 * What the services do in the background at start (a resumed session's sync and live socket, the
 * search indexer's pass and its pdf.js thread) waits until the first screen has its answer: the
 * first screen reads only the cache, and on a small machine the background work would compete
 * for the processor with the window drawing it.
 *
 * The gate opens (once, for good) when the first meeting list has been answered (`afterListMs`
 * later: the window still has to draw it, and on two cores the background's start — the HTTP
 * client's code, the worker threads — would take the processor from it); when the
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
  'meetings.page',
  'meetings.list',
  'notices.list',
  'notices.unreadCount',
  'opinions.list',
  'notifications.settings',
  'notifications.configure',
]);

/**
 * The first screen's reads that can be run once ahead, with an empty input and no effect, so that
 * the first real call finds its statements prepared and its schemas compiled (see warm()).
 */
const WARM_METHODS: readonly BridgeMethodName[] = ['session.current', 'meetings.page', 'app.info', 'sync.status', 'notices.unreadCount', 'opinions.list', 'notifications.settings'];

/**
 * The warm-up's answer the window's first identical call takes instead of a second read: the
 * list's first page, the one first-screen read whose cost grows with the cache (a year of a city
 * committee's meetings placed on the page). Safe while the gate is closed: nothing writes the
 * meetings then (no sync, no live socket, and any other method opens the gate first).
 */
const ANSWERED_AHEAD: ReadonlySet<string> = new Set<BridgeMethodName>(['meetings.page']);

export class FirstScreenGate {
  private waiting: (() => void)[] | null = [];
  private timer: NodeJS.Timeout | null = null;
  private afterList: NodeJS.Timeout | null = null;
  /** The first screen's reads the window has made (the warm-up leaves them out). */
  private readonly asked = new Set<string>();
  /** ANSWERED_AHEAD's answers from the warm-up, by method, with the (parsed) input they answer. */
  private readonly ahead = new Map<string, { input: string; value: unknown }>();

  /**
   * `fallbackMs` null: open from the start (no first screen to wait for). `afterListMs`: how long
   * after the meeting list's answer the gate opens (0: at once).
   */
  constructor(
    fallbackMs: number | null,
    private readonly afterListMs = 0,
  ) {
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
    this.clearTimers();
    this.ahead.clear();
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
    this.clearTimers();
    this.ahead.clear();
    if (this.waiting) this.waiting = [];
  }

  private clearTimers(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.afterList) clearTimeout(this.afterList);
    this.timer = null;
    this.afterList = null;
  }

  /** The meeting list has been answered: open now, or `afterListMs` later. */
  private listAnswered(): void {
    if (!this.waiting || this.afterList) return;
    if (this.afterListMs <= 0) return this.open();
    this.afterList = setTimeout(() => this.open(), this.afterListMs);
    this.afterList.unref();
  }

  /**
   * Runs the first screen's reads once through `dispatch` (with the handlers as they are, before
   * watch(): this opens nothing), while the services wait for the window: the window's own calls
   * then find the cache's statements prepared and the message schemas compiled, and its first
   * call of the list's page takes the answer read here (ANSWERED_AHEAD); the other answers are
   * dropped. Only while the gate is closed, and only reads the window has not made yet; run in
   * the order the window needs them, one at a time, each in a task of its own: a call of the
   * window that arrives meanwhile waits for one read at most.
   */
  async warm(handlers: BridgeHandlers, dispatch: (handlers: BridgeHandlers, method: string, input: unknown) => Promise<unknown>): Promise<void> {
    const keeping = { ...handlers } as Record<string, (input: unknown) => Promise<unknown>>;
    for (const method of ANSWERED_AHEAD) {
      const handler = keeping[method];
      if (!handler) continue;
      keeping[method] = async (input) => {
        const value = await handler(input);
        if (!this.isOpen && !this.asked.has(method)) this.ahead.set(method, { input: JSON.stringify(input), value });
        return value;
      };
    }
    for (const method of WARM_METHODS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.isOpen) return;
      if (this.asked.has(method)) continue;
      await dispatch(keeping as unknown as BridgeHandlers, method, {});
    }
  }

  /** The warm-up's answer to `method` with this input, given once, while the gate is closed. */
  private takeAhead(method: string, input: unknown): { value: unknown } | undefined {
    const answer = this.ahead.get(method);
    this.ahead.delete(method);
    return answer && !this.isOpen && answer.input === JSON.stringify(input) ? { value: answer.value } : undefined;
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
      } else if (method === 'meetings.page' || method === 'meetings.list' || method === 'session.current') {
        watched[method] = async (input) => {
          this.asked.add(method);
          const value = ANSWERED_AHEAD.has(method) ? (this.takeAhead(method, input) ?? { value: await handler(input) }).value : await handler(input);
          if (method !== 'session.current') this.listAnswered();
          else if (value === null) this.open();
          return value;
        };
      } else {
        watched[method] = (input) => {
          this.asked.add(method);
          return handler(input);
        };
      }
    }
    return watched as unknown as BridgeHandlers;
  }
}
