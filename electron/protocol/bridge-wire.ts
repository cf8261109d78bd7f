/**
 * What a failed bridge call rejects with, in Electron (preload) and browser mode (bridge
 * client) alike: a plain object {name: 'BridgeError', code, message}. A plain object rather
 * than an Error because contextBridge copies Errors with their message only (the `code`
 * would be lost); browser mode does the same so the renderer cannot tell the modes apart.
 * Renderer code checks `err?.name === 'BridgeError'` and reads `err.code`; never `instanceof`.
 *
 * This module imports nothing at runtime: it is inlined into the sandboxed preload and the
 * browser IIFE, neither of which can load packages.
 */
import type { BridgeResult } from '../../shared/bridge';
import type { ErrorCode } from '../../shared/errors';

export interface BridgeErrorShape {
  name: 'BridgeError';
  code: ErrorCode;
  message: string;
  /** Machine-readable facts for the UI, e.g. {retryAfterSeconds} of a lockout. */
  details?: Record<string, unknown>;
}

export function bridgeErrorShape(code: ErrorCode, message: string, details?: Record<string, unknown>): BridgeErrorShape {
  return details ? { name: 'BridgeError', code, message, details } : { name: 'BridgeError', code, message };
}

function plainDetails(d: unknown): Record<string, unknown> | undefined {
  return d && typeof d === 'object' && !Array.isArray(d) ? (d as Record<string, unknown>) : undefined;
}

/** ok → the value; error → rejects with a BridgeErrorShape. */
export function unwrapBridgeResult(result: BridgeResult | unknown): Promise<unknown> {
  const r = result as Partial<{ ok: boolean; value: unknown; error: { code?: unknown; message?: unknown; details?: unknown } }> | null;
  if (r && r.ok === true) return Promise.resolve(r.value);
  if (r && r.ok === false && r.error && typeof r.error.code === 'string') {
    return Promise.reject(
      bridgeErrorShape(
        r.error.code as ErrorCode,
        typeof r.error.message === 'string' ? r.error.message : r.error.code,
        plainDetails(r.error.details),
      ),
    );
  }
  return Promise.reject(bridgeErrorShape('internal', 'Malformed bridge response'));
}

/** The event frame carried by IPC_EVENT_CHANNEL and the browser host's SSE stream. */
export interface BridgeEventFrame {
  event: string;
  payload: unknown;
}

