import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BridgeHandlers } from '../../shared/bridge';
import { FirstScreenGate } from '../../electron/services/first-screen';

/** Stand-in handlers: only the methods a test calls exist; each answers `answers[method]`. */
function handlers(answers: Record<string, unknown>): BridgeHandlers {
  return Object.fromEntries(Object.entries(answers).map(([m, v]) => [m, async () => v])) as unknown as BridgeHandlers;
}
const call = (h: BridgeHandlers, method: string) => (h as unknown as Record<string, (i: unknown) => Promise<unknown>>)[method]({});

describe('FirstScreenGate: background work of a start waits for the first screen', () => {
  afterEach(() => vi.useRealTimers());

  it('without a wait, work runs at once', () => {
    const gate = new FirstScreenGate(null);
    const work = vi.fn();
    gate.whenOpen(work);
    expect(work).toHaveBeenCalledTimes(1);
    expect(gate.isOpen).toBe(true);
  });

  it('opens once the meeting list is answered, not before; the first screen\'s other reads leave it closed', async () => {
    const gate = new FirstScreenGate(60_000);
    const h = gate.watch(handlers({ 'app.info': {}, 'session.current': { user: {} }, 'sync.status': {}, 'notifications.settings': {}, 'meetings.list': [] }));
    const work = vi.fn();
    gate.whenOpen(work);
    for (const m of ['app.info', 'session.current', 'sync.status', 'notifications.settings']) await call(h, m);
    expect(work).not.toHaveBeenCalled();
    expect(await call(h, 'meetings.list')).toEqual([]);
    expect(work).toHaveBeenCalledTimes(1);
    await call(h, 'meetings.list');
    expect(work).toHaveBeenCalledTimes(1);
    gate.close();
  });

  it('opens as well on the list\'s first page (the list view) as on every meeting (the calendars)', async () => {
    const gate = new FirstScreenGate(60_000);
    const h = gate.watch(handlers({ 'session.current': { user: {} }, 'meetings.page': { today: [] } }));
    const work = vi.fn();
    gate.whenOpen(work);
    await call(h, 'session.current');
    expect(work).not.toHaveBeenCalled();
    expect(await call(h, 'meetings.page')).toEqual({ today: [] });
    expect(work).toHaveBeenCalledTimes(1);
    gate.close();
  });

  it('opens when no one is signed in (the sign-in form), and before any other method runs', async () => {
    const signedOut = new FirstScreenGate(60_000);
    await call(signedOut.watch(handlers({ 'session.current': null })), 'session.current');
    expect(signedOut.isOpen).toBe(true);

    const gate = new FirstScreenGate(60_000);
    const order: string[] = [];
    gate.whenOpen(() => order.push('background'));
    const h = gate.watch({ 'sync.now': async () => order.push('sync.now') } as unknown as BridgeHandlers);
    await call(h, 'sync.now');
    expect(order).toEqual(['background', 'sync.now']);
  });

  it('opens at the latest after the fallback delay; a closed gate runs nothing', () => {
    vi.useFakeTimers();
    const gate = new FirstScreenGate(5_000);
    const work = vi.fn();
    gate.whenOpen(work);
    vi.advanceTimersByTime(4_999);
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(work).toHaveBeenCalledTimes(1);

    const closed = new FirstScreenGate(5_000);
    const never = vi.fn();
    closed.whenOpen(never);
    closed.close();
    vi.advanceTimersByTime(10_000);
    expect(never).not.toHaveBeenCalled();
  });

  it('with a delay after the list, opens that long after its answer; another method still opens it at once', async () => {
    vi.useFakeTimers();
    const gate = new FirstScreenGate(60_000, 1_000);
    const h = gate.watch(handlers({ 'meetings.list': [], 'sync.now': {} }));
    const work = vi.fn();
    gate.whenOpen(work);
    await call(h, 'meetings.list');
    vi.advanceTimersByTime(999);
    expect(work).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(work).toHaveBeenCalledTimes(1);

    const other = new FirstScreenGate(60_000, 1_000);
    const h2 = other.watch(handlers({ 'meetings.list': [], 'sync.now': {} }));
    await call(h2, 'meetings.list');
    expect(other.isOpen).toBe(false);
    await call(h2, 'sync.now');
    expect(other.isOpen).toBe(true);
    other.close();
  });

  it('warms the first screen\'s reads with the unwatched handlers (opening nothing), and stops once the gate is open', async () => {
    const gate = new FirstScreenGate(60_000);
    const asked: string[] = [];
    const dispatch = async (_h: BridgeHandlers, method: string) => void asked.push(method);
    await gate.warm(handlers({}), dispatch);
    expect(asked).toEqual(['session.current', 'meetings.page', 'app.info', 'sync.status', 'notices.unreadCount', 'opinions.list', 'notifications.settings']);
    expect(gate.isOpen).toBe(false);

    asked.length = 0;
    const opened = new FirstScreenGate(60_000);
    await opened.warm(handlers({}), async (_h, method) => {
      asked.push(method);
      if (method === 'meetings.page') opened.open();
    });
    expect(asked).toEqual(['session.current', 'meetings.page']);
    gate.close();
  });
});

describe('FirstScreenGate: the list page read ahead is the window\'s first answer', () => {
  /** A meetings.page that counts its reads of the cache; each read answers a new object. */
  function countingPage() {
    let reads = 0;
    const h = handlers({ 'session.current': { user: {} }, 'sync.now': {} }) as unknown as Record<string, (i: unknown) => Promise<unknown>>;
    h['meetings.page'] = async () => ({ read: ++reads });
    return { handlers: h as unknown as BridgeHandlers, reads: () => reads };
  }
  const dispatch = (h: BridgeHandlers, method: string, input: unknown) => (h as unknown as Record<string, (i: unknown) => Promise<unknown>>)[method]?.(input) ?? Promise.resolve();
  const page = (h: BridgeHandlers, input: unknown = {}) => (h as unknown as Record<string, (i: unknown) => Promise<unknown>>)['meetings.page'](input);
  /** A closed gate over a counting page, its warm-up done; `h`: the window's handlers. */
  async function warmedGate() {
    const gate = new FirstScreenGate(60_000, 60_000);
    const p = countingPage();
    const h = gate.watch(p.handlers);
    await gate.warm(p.handlers, dispatch);
    return { gate, h, reads: p.reads };
  }

  it('the window\'s first call takes the warm-up\'s answer (one read of the cache), later calls read again', async () => {
    const { gate, h, reads } = await warmedGate();
    expect(reads()).toBe(1);
    expect(await page(h)).toEqual({ read: 1 });
    expect(reads()).toBe(1);
    expect(await page(h)).toEqual({ read: 2 });
    gate.close();
  });

  it('another page (a different input), or a call once the gate is open, reads the cache again', async () => {
    const { gate, h } = await warmedGate();
    expect(await page(h, { past: 40 })).toEqual({ read: 2 });

    const { gate: opened, h: h2 } = await warmedGate();
    await call(h2, 'sync.now');
    expect(opened.isOpen).toBe(true);
    expect(await page(h2)).toEqual({ read: 2 });
    gate.close();
  });

  it('the warm-up leaves out the reads the window has already made', async () => {
    const gate = new FirstScreenGate(60_000, 60_000);
    const p = countingPage();
    const h = gate.watch(p.handlers);
    await call(h, 'session.current');
    expect(await page(h)).toEqual({ read: 1 });
    const asked: string[] = [];
    await gate.warm(p.handlers, async (hh, method, input) => {
      asked.push(method);
      return dispatch(hh, method, input);
    });
    expect(asked).not.toContain('meetings.page');
    expect(asked).not.toContain('session.current');
    expect(p.reads()).toBe(1);
    expect(await page(h)).toEqual({ read: 2 });
    gate.close();
  });
});
