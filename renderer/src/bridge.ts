/**
 * The renderer's only door to the services: `window.ecabinet`. Wraps it so screens get
 * typed results and errors that always carry an ErrorCode.
 */
import type { BridgeEventName, BridgeEventPayload, BridgeInput, BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { ERROR_CODES } from '../../shared/error-codes';
import type { ErrorCode } from '../../shared/errors';

// The plain list, not the zod schema: this module is part of the first screen, which loads no zod.
const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);
const isErrorCode = (code: unknown): code is ErrorCode => typeof code === 'string' && KNOWN_CODES.has(code);

export function invoke<M extends BridgeMethodName>(method: M, input: BridgeInput<M>): Promise<BridgeOutput<M>> {
  const bridge = window.ecabinet;
  if (!bridge) return Promise.reject(new UiError('internal', 'window.ecabinet is missing'));
  return bridge.invoke(method, input).catch((e: unknown) => {
    throw toUiError(e);
  });
}

export function subscribe<E extends BridgeEventName>(event: E, listener: (payload: BridgeEventPayload<E>) => void): () => void {
  const bridge = window.ecabinet;
  if (!bridge) return () => {};
  return bridge.on(event, listener);
}

/** A failed bridge call as the UI sees it. */
export class UiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'UiError';
  }
}

/** Normalizes anything thrown by the bridge (BridgeError, plain objects, TypeError…) to a UiError. */
export function toUiError(e: unknown): UiError {
  if (e instanceof UiError) return e;
  const obj = (e ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  const message = typeof obj.message === 'string' ? obj.message : String(e);
  const details = obj.details && typeof obj.details === 'object' ? (obj.details as Record<string, unknown>) : undefined;
  return new UiError(isErrorCode(obj.code) ? obj.code : 'internal', message, details);
}
