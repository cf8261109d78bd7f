/** A form over a record that changes under it: the person's typing stays, the rest follows the record. */
import { describe, expect, it } from 'vitest';
import { mergeFromSource } from '../../renderer/src/forms/merge-form';

const saved = { title: 'Họp giao ban', location: 'Phòng 1', hostAgency: '', startsAt: '2026-12-04T01:00:00.000Z' as string | null };

describe('mergeFromSource', () => {
  it('takes a synced change in fields the person has not touched, and keeps what she typed', () => {
    const typing = { ...saved, location: 'Phòng họp số 5' };
    const synced = { ...saved, hostAgency: 'Văn phòng UBND' };
    expect(mergeFromSource(typing, saved, synced)).toEqual({ ...saved, location: 'Phòng họp số 5', hostAgency: 'Văn phòng UBND' });
  });

  it('keeps typed text over a different synced value of the same field (she saves it, or the conflict is shown then)', () => {
    expect(mergeFromSource({ ...saved, title: 'Của tôi' }, saved, { ...saved, title: 'Của máy kia' }).title).toBe('Của tôi');
  });

  it('keeps a date being typed (not a date yet: null) when the saved time changes', () => {
    expect(mergeFromSource({ ...saved, startsAt: null }, saved, { ...saved, startsAt: '2026-12-05T01:00:00.000Z' }).startsAt).toBeNull();
  });

  it('her own save coming back changes nothing she sees', () => {
    const typed = { ...saved, title: 'Đã sửa' };
    expect(mergeFromSource(typed, saved, typed)).toBe(typed);
  });
});
