/**
 * The one entry point for bridge calls: validates the input, runs the handler, validates the
 * output, and turns every failure into an error value. The services process runs it for every
 * call; the shells (Electron main, browser host) run `checkBridgeInput` first, so a malformed
 * call never even crosses into the services process.
 */
import { BridgeMethods, type BridgeHandlers, type BridgeMethodName, type BridgeResult } from '../../shared/bridge';
import { isAppError } from '../../shared/errors';

export type CheckedBridgeCall = { ok: true; method: BridgeMethodName; input: unknown } | { ok: false; result: BridgeResult };

/** Known method and input matching its schema → the parsed input; otherwise the error value to answer. */
export function checkBridgeInput(method: unknown, rawInput: unknown): CheckedBridgeCall {
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(BridgeMethods, method)) {
    return { ok: false, result: { ok: false, error: { code: 'bad_request', message: `unknown method: ${String(method).slice(0, 100)}` } } };
  }
  const name = method as BridgeMethodName;
  const input = BridgeMethods[name].input.safeParse(rawInput ?? {});
  if (!input.success) {
    const first = input.error.issues[0];
    const where = first?.path.length ? `${first.path.join('.')}: ` : '';
    return { ok: false, result: { ok: false, error: { code: 'validation_failed', message: `${where}${first?.message ?? 'invalid input'}` } } };
  }
  return { ok: true, method: name, input: input.data };
}

export async function dispatchBridgeCall(handlers: BridgeHandlers, method: string, rawInput: unknown): Promise<BridgeResult> {
  const checked = checkBridgeInput(method, rawInput);
  if (!checked.ok) return checked.result;
  const name = checked.method;
  try {
    const handler = handlers[name] as (i: unknown) => Promise<unknown>;
    const value = await handler(checked.input);
    const output = BridgeMethods[name].output.safeParse(value);
    if (!output.success) {
      const issue = output.error.issues[0];
      console.error(`[ecabinet] ${name} returned data that breaks the bridge contract at ${issue?.path.join('.')}: ${issue?.message}`);
      return { ok: false, error: { code: 'internal', message: 'internal error' } };
    }
    return { ok: true, value: output.data };
  } catch (e) {
    return errorResult(e, name);
  }
}

/** An AppError keeps its code, message and details; anything else is logged and becomes `internal`. */
export function errorResult(e: unknown, what: string): BridgeResult {
  if (isAppError(e)) return { ok: false, error: e.details ? { code: e.code, message: e.message, details: e.details } : { code: e.code, message: e.message } };
  console.error(`[ecabinet] ${what} failed:`, e);
  return { ok: false, error: { code: 'internal', message: 'internal error' } };
}
