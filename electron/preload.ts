/**
 * Sandboxed preload: exposes `window.ecabinet` (EcabinetBridge) and nothing else.
 * Runtime imports are only 'electron' and the dependency-free bridge-wire module (inlined by
 * esbuild); shared/ is imported for types only, because a sandboxed preload cannot load zod.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { BridgeEventName, EcabinetBridge, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL } from '../shared/bridge';
import { unwrapBridgeResult, type BridgeEventFrame } from './protocol/bridge-wire';

// Typed against shared/bridge.ts, so a renamed channel fails the type-check.
const INVOKE_CHANNEL: typeof IPC_INVOKE_CHANNEL = 'ecabinet:invoke';
const EVENT_CHANNEL: typeof IPC_EVENT_CHANNEL = 'ecabinet:event';

const bridge: EcabinetBridge = {
  invoke(method, input) {
    // Errors come back as values (BridgeResult) and are unwrapped here; see bridge-wire.ts.
    return ipcRenderer.invoke(INVOKE_CHANNEL, method, input ?? {}).then(unwrapBridgeResult) as never;
  },
  on(event: BridgeEventName, listener: (payload: never) => void) {
    const onFrame = (_e: IpcRendererEvent, frame: BridgeEventFrame) => {
      // Only the payload crosses into the page; never the IPC event (it holds `sender`).
      if (frame && frame.event === event) listener(frame.payload as never);
    };
    ipcRenderer.on(EVENT_CHANNEL, onFrame);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, onFrame);
    };
  },
};

contextBridge.exposeInMainWorld('ecabinet', bridge);
