import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../shared/errors';
import { LOCALES, messages, translate } from '../../shared/i18n';

/** Flattens a catalogue to "a.b.c" -> text. */
function flatten(node: unknown, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const vi = flatten(messages.vi);
const en = flatten(messages.en);

describe('i18n catalogues', () => {
  it('have exactly the same keys in vi and en', () => {
    expect([...en.keys()].filter((k) => !vi.has(k))).toEqual([]);
    expect([...vi.keys()].filter((k) => !en.has(k))).toEqual([]);
    expect(vi.size).toBeGreaterThan(100);
  });

  it('contain only non-empty strings', () => {
    for (const [locale, flat] of [['vi', vi], ['en', en]] as const) {
      for (const [key, text] of flat) {
        expect(typeof text, `${locale}:${key}`).toBe('string');
        expect((text as string).trim(), `${locale}:${key}`).not.toBe('');
      }
    }
  });

  it('use the same placeholders in both languages', () => {
    for (const [key, text] of vi) {
      expect(placeholders(en.get(key) as string), key).toEqual(placeholders(text as string));
    }
  });

  it('use only well-formed {{name}} placeholders (no stray braces)', () => {
    for (const flat of [vi, en]) {
      for (const [key, text] of flat) {
        const stripped = (text as string).replace(/\{\{\w+\}\}/g, '');
        expect(stripped, key).not.toMatch(/[{}]/);
      }
    }
  });

  it('translate every error code in both languages', () => {
    for (const locale of LOCALES) {
      for (const code of ErrorCode.options) {
        const text = translate(locale, `errors.${code}`);
        expect(text, `${locale}:${code}`).not.toBe(`errors.${code}`);
      }
    }
  });

  it('keep Vietnamese text in NFC so search and fonts behave', () => {
    for (const [key, text] of vi) expect((text as string).normalize('NFC'), key).toBe(text);
  });

  it('fills placeholders through translate()', () => {
    expect(translate('vi', 'errors.account_locked', { minutes: 15 })).toContain('15 phút');
    expect(translate('en', 'document.pageIndicator', { page: 2, total: 7 })).toBe('Page 2 / 7');
    expect(translate('vi', 'document.pageIndicator', { page: 2, total: 7 })).toBe('Trang 2 / 7');
  });
});
