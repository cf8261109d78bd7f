/**
 * The bridge's schemas are built on a method's first call (shared/lazy-schema.ts), not when the
 * module loads. Building later must not mean validating less: every method, called for the first
 * time with a malformed input, is refused with the coded error, in a module graph where no schema
 * was read before.
 */
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { lazySchema } from '../../shared/lazy-schema';

describe('bridge schemas built lazily', () => {
  it('refuses a malformed input to every method on its first call', async () => {
    vi.resetModules();
    const { checkBridgeInput } = await import('../../electron/services/bridge-dispatch');
    const { BridgeMethods } = await import('../../shared/bridge');
    const methods = Object.keys(BridgeMethods);
    expect(methods.length).toBeGreaterThan(50);
    for (const method of methods) {
      // Every method's input is an object: an input schema that accepted anything would let these through.
      for (const malformed of ['not an object', 42, [], true]) {
        const checked = checkBridgeInput(method, malformed);
        expect(checked, `${method} accepted ${JSON.stringify(malformed)}`).toMatchObject({ ok: false, result: { ok: false, error: { code: 'validation_failed' } } });
      }
    }
  });

  it('validates a method called before just as well, and lets a good input through', async () => {
    vi.resetModules();
    const { checkBridgeInput } = await import('../../electron/services/bridge-dispatch');
    const id = '0b5f2a3e-8c1d-4e7f-9a6b-2c3d4e5f6a7b';
    expect(checkBridgeInput('meetings.get', { id })).toEqual({ ok: true, method: 'meetings.get', input: { id } });
    expect(checkBridgeInput('meetings.get', { id: 'not-a-uuid' })).toMatchObject({ ok: false, result: { error: { code: 'validation_failed' } } });
    expect(checkBridgeInput('meetings.list', { sql: 'drop table' })).toMatchObject({ ok: false, result: { error: { code: 'validation_failed' } } });
    expect(checkBridgeInput('no.such.method', {})).toMatchObject({ ok: false, result: { error: { code: 'bad_request' } } });
    // Built once: every read sees the same schema.
    const { BridgeMethods } = await import('../../shared/bridge');
    expect(BridgeMethods['meetings.get'].input.shape).toBe(BridgeMethods['meetings.get'].input.shape);
    // A strict empty input still refuses an unknown key.
    expect(checkBridgeInput('sync.status', { extra: 1 })).toMatchObject({ ok: false, result: { error: { code: 'validation_failed' } } });
  });

  it('builds a schema only when it is first read, once, and it validates as the eager one', () => {
    const builder = vi.fn(() => z.object({ n: z.number().int().min(1) }).strict());
    const lazy = lazySchema(builder);
    const wrapped = z.object({ inner: z.array(lazy) });
    expect(builder).not.toHaveBeenCalled();
    expect(lazy.safeParse({ n: 2 }).success).toBe(true);
    expect(lazy.safeParse({ n: 0 }).success).toBe(false);
    expect(lazy.safeParse({ n: 2, extra: 1 }).success).toBe(false);
    expect(wrapped.safeParse({ inner: [{ n: 1 }, { n: 'x' }] }).success).toBe(false);
    expect(lazy).toBeInstanceOf(z.ZodObject);
    expect(Object.keys(lazy.extend({ m: z.string() }).shape)).toEqual(['n', 'm']);
    expect(builder).toHaveBeenCalledTimes(1);
  });
});
