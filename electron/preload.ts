/**
 * Sandboxed preload: exposes `window.ecabinet` (EcabinetBridge) and nothing else.
 * Runtime imports are only 'electron' and the dependency-free bridge-wire module (inlined by
 * esbuild); shared/ is imported for types only, because a sandboxed preload cannot load zod.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import type { BridgeEventName, EcabinetBridge, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, IPC_UPLOAD_CHANNEL } from '../shared/bridge';
import { unwrapBridgeResult, type BridgeEventFrame } from './protocol/bridge-wire';

// Typed against shared/bridge.ts, so a renamed channel fails the type-check.
const INVOKE_CHANNEL: typeof IPC_INVOKE_CHANNEL = 'ecabinet:invoke';
const EVENT_CHANNEL: typeof IPC_EVENT_CHANNEL = 'ecabinet:event';
const UPLOAD_CHANNEL: typeof IPC_UPLOAD_CHANNEL = 'ecabinet:upload';

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
  uploadFile(file) {
    const picked = file as unknown as File;
    // A file on disk goes by path: the services read it themselves, streaming. One without a
    // path (made in memory, dragged from some apps) goes as one binary message, never base64.
    const filePath = webUtils.getPathForFile(picked);
    const request = filePath
      ? Promise.resolve({ path: filePath, fileName: picked.name })
      : picked.arrayBuffer().then((bytes) => ({ bytes, fileName: picked.name }));
    return request.then((r) => ipcRenderer.invoke(UPLOAD_CHANNEL, r)).then(unwrapBridgeResult) as never;
  },
};

contextBridge.exposeInMainWorld('ecabinet', bridge);
