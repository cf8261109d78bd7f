import { describe, expect, it } from 'vitest';
import { DEFAULT_RETENTION_POLICY, documentRetention } from '../../shared/rules/retention';

const meeting = (status: string) => ({ status, endsAt: '2026-11-01T04:30:00.000Z' });
const at = (iso: string) => new Date(iso);

describe('retention of a document on devices', () => {
  it('confidential papers leave 30 days after the meeting by default; others stay', () => {
    expect(documentRetention(DEFAULT_RETENTION_POLICY, { classification: 'confidential' }, meeting('closed'), at('2026-12-01T04:29:59.000Z'))).toEqual({
      removeAt: '2026-12-01T04:30:00.000Z',
      removed: false,
      redownload: true,
    });
    expect(documentRetention(DEFAULT_RETENTION_POLICY, { classification: 'confidential' }, meeting('closed'), at('2026-12-01T04:30:00.000Z')).removed).toBe(true);
    expect(documentRetention(DEFAULT_RETENTION_POLICY, { classification: 'public' }, meeting('closed'), at('2030-01-01T00:00:00.000Z'))).toEqual({ removeAt: null, removed: false, redownload: true });
  });

  it('a meeting not closed yet keeps its papers, whatever the date; the date shown is what the rule will give', () => {
    const r = documentRetention(DEFAULT_RETENTION_POLICY, { classification: 'confidential' }, meeting('in_progress'), at('2027-06-01T00:00:00.000Z'));
    expect(r).toEqual({ removeAt: '2026-12-01T04:30:00.000Z', removed: false, redownload: true });
  });
});
