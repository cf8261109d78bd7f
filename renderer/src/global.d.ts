import type { EcabinetBridge } from '../../shared/bridge';

declare global {
  interface Window {
    /** Installed before the app runs: by the Electron preload, or by ./bridge.js in browser mode. */
    readonly ecabinet: EcabinetBridge;
  }
}

export {};
