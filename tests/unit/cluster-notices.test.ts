/** The cluster bus's notices: under PostgreSQL's 8000-byte NOTIFY limit however many events a turn brings, read back whole, never one's own. */
import { describe, expect, it } from 'vitest';
import { MAX_NOTICE_BYTES, packNotices, readNotice } from '../../server/cluster/bus';

describe('cluster bus notices', () => {
  it('splits a burst into notices under the limit and reads every event back on another instance only', () => {
    const items = Array.from({ length: 600 }, (_, i) => ['p', `meeting:${'0'.repeat(28)}${String(i).padStart(8, '0')}`, i + 1] as ['p', string, number]);
    const notices = packNotices('instance-a', [...items, ['m', 'm-1'], ['v', 'v-1', '2026-12-10T01:00:00.000Z']]);
    expect(notices.length).toBeGreaterThan(1);
    for (const n of notices) expect(Buffer.byteLength(n)).toBeLessThanOrEqual(MAX_NOTICE_BYTES);
    const read = notices.map((n) => readNotice('instance-b', n)!);
    expect(read.reduce((sum, e) => sum + e.pokes.size, 0)).toBe(600);
    expect(read.some((e) => e.meetings.has('m-1') && e.deadlines.get('v-1') === '2026-12-10T01:00:00.000Z')).toBe(true);
    expect(notices.map((n) => readNotice('instance-a', n))).toEqual(notices.map(() => null));
    expect(readNotice('instance-b', 'not json')).toBeNull();
  });
});
