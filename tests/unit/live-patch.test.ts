/**
 * The live meeting's patches: for any two JSON values, the patch from one to the other applied
 * to the first gives the second, leaves the first as it was, and a patch applied to the wrong
 * base is refused rather than producing a made-up state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyPatch, diffJson, PatchError } from '../../shared/live-patch';

const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.boolean(), fc.constant(null), tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 6 }),
  object: fc.dictionary(fc.constantFrom('a', 'b', 'c', 'turnout', 'vote', 'counts'), tie('value'), { maxKeys: 5 }),
})).object;

describe('live state patches', () => {
  it('diff then apply gives the target and leaves the base untouched (random values)', () => {
    fc.assert(
      fc.property(json, json, (a, b) => {
        const before = structuredClone(a);
        const out = applyPatch(a, diffJson(a, b));
        expect(out).toEqual(b);
        expect(a).toEqual(before);
      }),
      { numRuns: 500 },
    );
  });

  it('one id added to a long sorted list is one short splice, wherever it lands', () => {
    const ids = Array.from({ length: 200 }, (_, i) => `id-${String(i).padStart(3, '0')}`);
    const withNew = [...ids.slice(0, 57), 'id-056x', ...ids.slice(57)];
    const ops = diffJson({ turnout: ids }, { turnout: withNew });
    expect(ops).toEqual([{ op: 'splice', path: ['turnout'], start: 57, remove: 0, items: ['id-056x'] }]);
  });

  it('refuses a patch that does not fit its base', () => {
    const ops = diffJson({ vote: { turnout: ['a', 'b'] } }, { vote: { turnout: ['a', 'b', 'c'] } });
    expect(() => applyPatch({ vote: null }, ops)).toThrow(PatchError);
    expect(() => applyPatch({ a: 1 }, [{ op: 'set', path: ['__proto__', 'polluted'], value: 1 }])).toThrow(PatchError);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
