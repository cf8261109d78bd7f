import { describe, expect, it } from 'vitest';
import { Classification, ParticipantRole, Role } from '../../shared/entities';
import { demoContent } from '../../server/demo/content';

const users = demoContent.users;
const userKeys = new Set(users.map((u) => u.key));
const meetings = demoContent.meetings;
const documents = meetings.flatMap((m) => m.agenda.flatMap((a) => a.documents));
const allText = documents.flatMap((d) => [d.title, ...d.paragraphs]).join('\n');

/** Every string anywhere in the content, with its path for a readable failure. */
function strings(value: unknown, at = 'demoContent'): { at: string; text: string }[] {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => strings(v, `${at}.${k}`));
  return [];
}

describe('demo committee content', () => {
  it('has unique, plain ASCII usernames and keys, and a memorable shared password', () => {
    expect(new Set(users.map((u) => u.username)).size).toBe(users.length);
    expect(userKeys.size).toBe(users.length);
    for (const u of users) expect(u.username).toMatch(/^[a-z][a-z0-9.]{1,30}$/);
    expect(demoContent.password.length).toBeGreaterThanOrEqual(8);
    for (const u of users) Role.parse(u.role);
  });

  it('has the cast of a People’s Committee: one chair, vice chairs and members, secretariat, a guest and an admin', () => {
    const count = (role: string) => users.filter((u) => u.role === role).length;
    expect(count('chair')).toBe(1);
    expect(count('member')).toBeGreaterThanOrEqual(8);
    expect(count('secretary')).toBeGreaterThanOrEqual(1);
    expect(count('guest')).toBe(1);
    expect(count('admin')).toBe(1);
    expect(users.filter((u) => u.title.startsWith('Phó Chủ tịch')).length).toBe(3);
    expect(demoContent.organization.name).toBe('Ủy ban nhân dân thành phố Hà Nội');
  });

  it('refers only to existing users (chair, participants, presenters)', () => {
    for (const m of meetings) {
      expect(userKeys.has(m.chairKey), m.chairKey).toBe(true);
      expect(m.participants.find((p) => p.userKey === m.chairKey)?.role).toBe('chair');
      const keys = m.participants.map((p) => p.userKey);
      expect(new Set(keys).size, `duplicate participant in ${m.title}`).toBe(keys.length);
      for (const p of m.participants) {
        expect(userKeys.has(p.userKey), p.userKey).toBe(true);
        ParticipantRole.parse(p.role);
      }
      for (const item of m.agenda) {
        if (item.presenterKey !== null) {
          expect(userKeys.has(item.presenterKey), item.presenterKey).toBe(true);
          expect(keys, `presenter ${item.presenterKey} attends ${m.title}`).toContain(item.presenterKey);
        }
      }
    }
  });

  it('has a closed past meeting, a meeting today and a published upcoming one', () => {
    const [past, today, upcoming] = [...meetings].sort((a, b) => a.dayOffset - b.dayOffset);
    expect(meetings).toHaveLength(3);
    expect(past.dayOffset).toBeLessThan(0);
    expect(past.status).toBe('closed');
    expect(today.dayOffset).toBe(0);
    expect(['in_progress', 'published']).toContain(today.status);
    expect(upcoming.dayOffset).toBeGreaterThan(0);
    expect(upcoming.status).toBe('published');
    for (const m of meetings) {
      expect(m.startTime).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      expect(m.endTime).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
      expect(m.startTime < m.endTime).toBe(true);
    }
  });

  it('gives the guest one meeting and leaves a member out of the upcoming one (access-control demos)', () => {
    const guest = users.find((u) => u.role === 'guest')!;
    expect(meetings.filter((m) => m.participants.some((p) => p.userKey === guest.key))).toHaveLength(1);
    const upcoming = meetings.find((m) => m.dayOffset > 0)!;
    const outsiders = users.filter((u) => u.role === 'member' && !upcoming.participants.some((p) => p.userKey === u.key));
    expect(outsiders.length).toBeGreaterThanOrEqual(1);
    // Most members attend most meetings.
    for (const m of meetings) expect(m.participants.length).toBeGreaterThanOrEqual(8);
  });

  it('has 3–5 agenda items per meeting, each with 1–2 papers of mixed classification', () => {
    for (const m of meetings) {
      expect(m.agenda.length).toBeGreaterThanOrEqual(3);
      expect(m.agenda.length).toBeLessThanOrEqual(5);
      for (const item of m.agenda) {
        expect(item.documents.length).toBeGreaterThanOrEqual(1);
        expect(item.documents.length).toBeLessThanOrEqual(2);
        expect(item.plannedMinutes).toBeGreaterThan(0);
        expect(item.presenterLabel.length).toBeGreaterThan(0);
      }
    }
    for (const d of documents) Classification.parse(d.classification);
    const byClass = (c: string) => documents.filter((d) => d.classification === c).length;
    expect(byClass('confidential')).toBeGreaterThanOrEqual(1);
    expect(byClass('internal')).toBeGreaterThanOrEqual(1);
    expect(byClass('public')).toBeGreaterThan(documents.length / 2);
  });

  it('names every file uniquely and safely', () => {
    const names = documents.map((d) => d.fileName);
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z0-9-]+\.pdf$/);
  });

  it('writes every string in NFC with Vietnamese diacritics', () => {
    const notNfc = strings(demoContent).filter((s) => s.text !== s.text.normalize('NFC'));
    expect(notNfc).toEqual([]);
    expect(allText).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u);
  });

  it('contains the words the Vietnamese search demos look for', () => {
    for (const word of ['Đề án', 'đồng ý', 'Tờ trình', 'Nghị quyết', 'đầu tư công']) expect(allText).toContain(word);
  });

  it('has several paragraphs in every paper', () => {
    for (const d of documents) {
      expect(d.paragraphs.length, d.title).toBeGreaterThanOrEqual(5);
      expect(d.number).toMatch(/^Số: /);
    }
  });

  it('has a second organisation, the Hoàn Kiếm district committee, whose secretary is also a member of the city committee and sits in one of its meetings', () => {
    const [district] = demoContent.otherOrganisations ?? [];
    expect(district.organization.name).toBe('Ủy ban nhân dân quận Hoàn Kiếm');
    const keys = new Set([...userKeys, ...district.users.map((u) => u.key)]);
    expect(keys.size).toBe(users.length + district.users.length);
    const names = [...users, ...district.users].map((u) => u.username);
    expect(new Set(names).size).toBe(names.length);
    const both = district.alsoInMain.find((m) => m.role === 'member')!;
    expect(district.users.find((u) => u.key === both.userKey)!.role).toBe('secretary');
    expect(district.seatsInMain.some((s) => s.userKey === both.userKey && meetings[s.meeting] !== undefined)).toBe(true);
    for (const m of district.meetings) for (const p of m.participants) expect(district.users.some((u) => u.key === p.userKey), p.userKey).toBe(true);
  });
});
