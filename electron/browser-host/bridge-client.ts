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

function createHttpBridge(): EcabinetBridge {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let events: InstanceType<typeof EventSource> | null = null;

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
      for (const listener of listeners.get(frame.event) ?? []) {
        try {
          listener(frame.payload);
        } catch (err) {
          console.error('[ecabinet] event listener failed', err);
        }
      }
    };
  }

  /** One request to the host whose answer is a BridgeResult (or a host-level ErrorBody). */
  async function send(url: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, { ...init, credentials: 'same-origin' });
    } catch {
      // The local host is gone (the "ecabinet app" process stopped).
      throw bridgeErrorShape('internal', 'The eCabinet app process is not running');
    }
    let body: unknown;
    try {
      body = await res.json();
    } catch {
      throw bridgeErrorShape('internal', `Bridge HTTP ${res.status}`);
    }
    const b = body as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
    if (typeof b?.ok === 'boolean') return unwrapBridgeResult(body);
    // A host-level refusal (401 without the launch cookie, 403 ...): ErrorBody shape.
    const code = typeof b?.error?.code === 'string' ? b.error.code : 'internal';
    const message = typeof b?.error?.message === 'string' ? b.error.message : `Bridge HTTP ${res.status}`;
    throw bridgeErrorShape(code as never, message);
  }

  return {
    invoke: (method, input) =>
      send('/bridge/invoke', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ method, input: input ?? {} }),
      }) as never,
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

if (!window.ecabinet) {
  Object.defineProperty(window, 'ecabinet', {
    value: Object.freeze(createHttpBridge()),
    writable: false,
    configurable: false,
    enumerable: true,
  });
}
