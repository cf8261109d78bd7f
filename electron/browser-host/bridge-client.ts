/**
 * Browser mode's `window.ecabinet`: the same EcabinetBridge the Electron preload exposes, over
 * the browser host's HTTP endpoints. Bundled as an IIFE into dist/renderer/bridge.js, loaded
 * by index.html before the app. In Electron the preload has already defined window.ecabinet,
 * and this script does nothing.
 *
 * Runtime imports: only the dependency-free bridge-wire module (types from shared/ vanish).
 */
import type { BridgeEventName, EcabinetBridge } from '../../shared/bridge';
import { bridgeErrorShape, unwrapBridgeResult, type BridgeEventFrame } from '../protocol/bridge-wire';

declare const window: { ecabinet?: EcabinetBridge };
declare const EventSource: new (url: string) => {
  onmessage: ((e: { data: string }) => void) | null;
};

/** What the first screen (App, then the meeting list) reads before it shows, each with an empty input. */
const EARLY_READS = ['app.info', 'session.current', 'meetings.page'] as const;

function createHttpBridge(): EcabinetBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let events: InstanceType<typeof EventSource> | null = null;
  let dropEarly: (event: string) => void = () => {};

  function ensureEventStream(): void {
    if (events) return;
    // Same-origin EventSource sends the host cookie and reconnects by itself.
    events = new EventSource('/bridge/events');
    events.onmessage = (e) => {
      let frame: BridgeEventFrame;
      try {
        frame = JSON.parse(e.data) as BridgeEventFrame;
      } catch {
        return;
      }
      dropEarly(frame.event);
      for (const listener of listeners.get(frame.event) ?? []) {
        try {
          listener(frame.payload);
        } catch (err) {
          console.error('[ecabinet] event listener failed', err);
        }
      }
    };
  }

  /** The JSON answer of one request to the host; the host gone or a non-JSON answer is an error. */
  async function fetchJson(url: string, init: RequestInit): Promise<{ body: unknown; status: number }> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, credentials: 'same-origin' });
    } catch {
      // The local host is gone (the "ecabinet app" process stopped).
      throw bridgeErrorShape('internal', 'The eCabinet app process is not running');
    }
    try {
      return { body: await res.json(), status: res.status };
    } catch {
      throw bridgeErrorShape('internal', `Bridge HTTP ${res.status}`);
    }
  }

  /** A host-level refusal (401 without the launch cookie, 403 ...): ErrorBody shape. */
  function hostRefusal(body: unknown, status: number): never {
    const b = body as { error?: { code?: unknown; message?: unknown } };
    const code = typeof b?.error?.code === 'string' ? b.error.code : 'internal';
    const message = typeof b?.error?.message === 'string' ? b.error.message : `Bridge HTTP ${status}`;
    throw bridgeErrorShape(code as never, message);
  }

  const isBridgeResult = (body: unknown) => typeof (body as { ok?: unknown })?.ok === 'boolean';

  /** One request to the host whose answer is a BridgeResult (or a host-level ErrorBody). */
  async function send(url: string, init: RequestInit): Promise<unknown> {
    const { body, status } = await fetchJson(url, init);
    return isBridgeResult(body) ? unwrapBridgeResult(body) : hostRefusal(body, status);
  }

  /**
   * The calls made in one task go to the host together: one request (/bridge/batch) whose answer
   * holds each call's result in order, rather than one request each (the first screen makes a
   * handful at once; each request costs the page, the host and one of the six connections a
   * browser opens to it). A call made alone goes as it is (/bridge/invoke).
   */
  let queued: { method: string; input: unknown; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] | null = null;
  const post = (url: string, body: unknown) => send(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  function flush(): void {
    const calls = queued ?? [];
    queued = null;
    if (calls.length === 1) {
      const [only] = calls;
      post('/bridge/invoke', { method: only.method, input: only.input }).then(only.resolve, only.reject);
      return;
    }
    const answers = sendBatch(calls.map(({ method, input }) => ({ method, input })));
    calls.forEach((c, i) => answers.then((results) => unwrapBridgeResult(results[i])).then(c.resolve, c.reject));
  }
  /** The batch's results, one per call; a refusal of the whole request rejects each call with it. */
  async function sendBatch(calls: { method: string; input: unknown }[]): Promise<unknown[]> {
    const { body, status } = await fetchJson('/bridge/batch', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(calls) });
    if (Array.isArray(body) && body.length === calls.length) return body;
    // A refusal of the request itself (a BridgeResult or the host's ErrorBody).
    return isBridgeResult(body) ? calls.map(() => body) : hostRefusal(body, status);
  }
  const call = (method: string, input: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      if (!queued) {
        queued = [];
        queueMicrotask(flush);
      }
      queued.push({ method, input: input ?? {}, resolve, reject });
    });

  /**
   * The first screen's reads, asked for as this script runs, while the browser still fetches and
   * compiles the app: the app's own first call of each (same method, empty input) takes the answer
   * instead of asking again. An answer is given once; a failed one, or one that may be out of date
   * (the data changed, the session ended, no one is signed in), is dropped and the app asks itself.
   */
  const early = new Map<string, Promise<unknown>>();
  function askEarly(): void {
    for (const method of EARLY_READS) {
      const answer = call(method, {});
      early.set(method, answer);
      answer.then(
        (value) => {
          if (method === 'session.current' && value === null) early.delete('meetings.page');
        },
        () => {
          if (early.get(method) === answer) early.delete(method);
        },
      );
    }
    ensureEventStream();
  }
  const takeEarly = (method: string, input: unknown): Promise<unknown> | undefined => {
    if (input !== undefined && (typeof input !== 'object' || input === null || Object.keys(input).length > 0)) return undefined;
    const answer = early.get(method);
    early.delete(method);
    return answer;
  };
  dropEarly = (event) => {
    if (event === 'data.changed' || event === 'session.ended') early.clear();
  };
  askEarly();

  return {
    invoke: (method, input) => (takeEarly(method, input) ?? call(method, input)) as never,
    // The File itself is the body: the browser streams it, the host writes it to disk.
    uploadFile: (file) =>
      send('/bridge/upload?name=' + encodeURIComponent(file.name), {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: file as unknown as Blob,
      }) as never,
    on(event: BridgeEventName, listener: (payload: never) => void) {
      const fn = listener as (payload: unknown) => void;
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(fn);
      ensureEventStream();
      return () => {
        set.delete(fn);
      };
    },
  };
}

declare const location: { search: string; pathname: string; hash: string };
declare const history: { state: unknown; replaceState(state: unknown, unused: string, url: string): void };

// Opened from the launch link: its secret (spent, it works once) leaves the address bar before
// the app reads the address, and before anyone can bookmark or copy it.
if (/(^\?|&)launch=/.test(location.search)) history.replaceState(history.state, '', location.pathname + location.hash);

if (!window.ecabinet) {
  Object.defineProperty(window, 'ecabinet', {
    value: Object.freeze(createHttpBridge()),
    writable: false,
    configurable: false,
    enumerable: true,
  });
}
