/**
 * The one entry point for bridge calls (Electron ipcMain and the browser host): validates the
 * input, runs the handler, validates the output, and turns every failure into an error value.
 */
import { BridgeMethods, type BridgeHandlers, type BridgeMethodName, type BridgeResult } from '../../shared/bridge';
import { isAppError } from '../../shared/errors';

export async function dispatchBridgeCall(handlers: BridgeHandlers, method: string, rawInput: unknown): Promise<BridgeResult> {
  if (typeof method !== 'string' || !Object.prototype.hasOwnProperty.call(BridgeMethods, method)) {
    return { ok: false, error: { code: 'bad_request', message: `unknown method: ${String(method).slice(0, 100)}` } };
  }
  const name = method as BridgeMethodName;
  const spec = BridgeMethods[name];
  const input = spec.input.safeParse(rawInput ?? {});
  if (!input.success) {
    const first = input.error.issues[0];
    const where = first?.path.length ? `${first.path.join('.')}: ` : '';
    return { ok: false, error: { code: 'validation_failed', message: `${where}${first?.message ?? 'invalid input'}` } };
  }
  try {
    const handler = handlers[name] as (i: unknown) => Promise<unknown>;
    const value = await handler(input.data);
    const output = spec.output.safeParse(value);
    if (!output.success) {
      const issue = output.error.issues[0];
      console.error(`[ecabinet] ${name} returned data that breaks the bridge contract at ${issue?.path.join('.')}: ${issue?.message}`);
      return { ok: false, error: { code: 'internal', message: 'internal error' } };
    }
    return { ok: true, value: output.data };
  } catch (e) {
    if (isAppError(e)) return { ok: false, error: e.details ? { code: e.code, message: e.message, details: e.details } : { code: e.code, message: e.message } };
    console.error(`[ecabinet] ${name} failed:`, e);
    return { ok: false, error: { code: 'internal', message: 'internal error' } };
  }
}
