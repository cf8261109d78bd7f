import { describe, expect, it } from 'vitest';
import type { BridgeHandlers } from '../../shared/bridge';
import { AppError } from '../../shared/errors';
import { dispatchBridgeCall } from '../../electron/services/bridge-dispatch';

const fail = () => Promise.reject(new Error('not used'));
function handlers(over: Partial<BridgeHandlers>): BridgeHandlers {
  const base = Object.fromEntries(
    ['app.info', 'session.current', 'session.login', 'session.logout', 'meetings.list', 'meetings.get', 'documents.open', 'documents.markViewed', 'sync.status', 'sync.now'].map((m) => [m, fail]),
  );
  return { ...base, ...over } as BridgeHandlers;
}

describe('dispatchBridgeCall', () => {
  it('rejects unknown methods and prototype names with bad_request', async () => {
    for (const m of ['nope', '__proto__', 'constructor', 'toString'])
      expect(await dispatchBridgeCall(handlers({}), m, {})).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('rejects invalid input with validation_failed before calling the handler', async () => {
    let called = false;
    const h = handlers({ 'meetings.get': async () => { called = true; throw new Error('x'); } });
    expect(await dispatchBridgeCall(h, 'meetings.get', { id: 'not-a-uuid' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await dispatchBridgeCall(h, 'app.info', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(await dispatchBridgeCall(h, 'session.login', { username: '', password: 'x' })).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
    expect(called).toBe(false);
  });

  it('returns the validated value, AppErrors as values, and hides other errors', async () => {
    const h = handlers({
      'app.info': async () => ({ mode: 'browser', version: '1', defaultServerUrl: 'http://x' }),
      'meetings.list': async () => { throw new AppError('not_signed_in', 'please sign in'); },
      'sync.status': async () => { throw new Error('secret stack /home/user/x.ts:12'); },
      'session.current': async () => ({ broken: true }) as never,
    });
    expect(await dispatchBridgeCall(h, 'app.info', {})).toEqual({ ok: true, value: { mode: 'browser', version: '1', defaultServerUrl: 'http://x' } });
    expect(await dispatchBridgeCall(h, 'meetings.list', undefined)).toEqual({ ok: false, error: { code: 'not_signed_in', message: 'please sign in' } });
    const internal = await dispatchBridgeCall(h, 'sync.status', {});
    expect(internal).toEqual({ ok: false, error: { code: 'internal', message: 'internal error' } });
    expect(await dispatchBridgeCall(h, 'session.current', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });
});
