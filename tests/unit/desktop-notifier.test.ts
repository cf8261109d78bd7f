/**
 * The notifier over a real data folder and the services' real event hub; what it reads is given
 * as the lists the screens would show.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { DesktopNotification } from '../../shared/notifications-bridge';
import type { NoticeView } from '../../shared/secretariat-bridge';
import { BridgeEventHub } from '../../electron/services/events';
import { desktopNotifier } from '../../electron/services/notifications/notifier';
import { meetingsToWatchForVotes } from '../../electron/services/notifications/derive';
import { mergeReads, READ_ALL, READ_NOTHING, readsAfterChange, type NotifierReads } from '../../electron/services/notifications/reads';

const USER = '11111111-1111-4111-8111-111111111111';
const notice = (id: string, title: string): NoticeView => ({
  id,
  userId: USER,
  meetingId: '22222222-2222-4222-8222-222222222222',
  kind: 'invitation',
  title,
  sha256: null,
  size: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  readAt: null,
  meetingTitle: title,
});

describe('desktop notifier', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** A services start over `dir` showing `notices`. */
  function start(dir: string, notices: NoticeView[], documents: { id: string; title: string; version: number }[] = []) {
    const hub = new BridgeEventHub();
    const shown: DesktopNotification[] = [];
    const reads: NotifierReads[] = [];
    hub.on('notification.show', (n) => shown.push(n));
    const notifier = desktopNotifier({
      dataDir: dir,
      userId: () => USER,
      synced: () => true,
      read: async (what) => {
        reads.push(what);
        return { notices, opinions: [], signatures: [], documents, meetings: [], accountRole: 'member' };
      },
      // No meeting in session here: no live socket is ever asked for.
      openMeetingSocket: () => {
        throw new Error('no meeting in session to watch');
      },
      on: (e, l) => hub.on(e, l),
      emit: (n) => hub.emit('notification.show', n),
    });
    /** A change of these kinds (notices unless told) has come, and the notifier has looked. */
    const changed = async (entities: string[] = ['notice', 'document']) => {
      hub.emit('data.changed', { entities, meetingIds: [] });
      await notifier.settle();
    };
    return { notifier, shown, changed, reads, hub };
  }

  it('stays quiet about what the first sync finds, announces news once, in the chosen language, never again after a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ecab-notifier-'));
    dirs.push(dir);
    const a = notice('33333333-3333-4333-8333-333333333333', 'Họp A');
    const b = notice('44444444-4444-4444-8444-444444444444', 'Họp B');
    const first = start(dir, [a]);
    await first.notifier.handlers['notifications.configure']({ choice: 'on', locale: 'en' });
    await first.changed();
    expect(first.shown).toEqual([]);
    const later = start(dir, [a, b]);
    await later.changed();
    await later.changed();
    expect(later.shown).toEqual([{ key: `invitation:${b.id}`, kind: 'invitation', title: 'Meeting invitation', body: 'Họp B', route: `#/notices/${b.id}` }]);
    first.notifier.stop();
    later.notifier.stop();

    const restarted = start(dir, [a, b]);
    await restarted.changed();
    expect(restarted.shown).toEqual([]);
    expect((await restarted.notifier.handlers['notifications.settings']({})).choice).toBe('on');
  });

  it('announces a new version of a meeting document once, opening what changed since the previous one', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ecab-notifier-'));
    dirs.push(dir);
    const doc = { id: '66666666-6666-4666-8666-666666666666', title: 'Tờ trình dự toán ngân sách', version: 2 };
    const first = start(dir, [], [doc]);
    await first.notifier.handlers['notifications.configure']({ choice: 'on', locale: 'vi' });
    await first.changed();
    // What the first sync finds (version 2 already there) is not news.
    expect(first.shown).toEqual([]);
    first.notifier.stop();
    const later = start(dir, [], [{ ...doc, version: 3 }, { id: '77777777-7777-4777-8777-777777777777', title: 'Báo cáo mới', version: 1 }]);
    await later.changed();
    await later.changed();
    expect(later.shown).toEqual([
      { key: `version:${doc.id}:3`, kind: 'version', title: 'Tài liệu có phiên bản mới: xem thay đổi', body: doc.title, route: `#/documents/${doc.id}/changes` },
    ]);
  });

  it('records but does not show while the user said no', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ecab-notifier-'));
    dirs.push(dir);
    const first = start(dir, []);
    await first.changed();
    await first.notifier.handlers['notifications.configure']({ choice: 'off' });
    const later = start(dir, [notice('55555555-5555-4555-8555-555555555555', 'Họp C')]);
    await later.changed();
    expect(later.shown).toEqual([]);
    await later.notifier.handlers['notifications.configure']({ choice: 'on' });
    await later.changed();
    expect(later.shown).toEqual([]);
  });

  it('reads everything at the first check of an account, then only what each change touched', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ecab-notifier-'));
    dirs.push(dir);
    const n = start(dir, []);
    await n.changed(['agendaItem', 'meetingChange']);
    expect(n.reads).toEqual([READ_ALL]);
    // An agenda item renamed, a document opened: nothing to read.
    await n.changed(['agendaItem', 'meetingChange']);
    await n.changed(['documentView']);
    expect(n.reads).toHaveLength(1);
    await n.changed(['notice']);
    expect(n.reads[1]).toEqual({ notices: true, opinions: false, signatures: false, meetings: false, documents: null });
    // A document of one meeting: that meeting's documents (its new versions).
    const meetingId = '22222222-2222-4222-8222-222222222222';
    n.hub.emit('data.changed', { entities: ['document'], meetingIds: [meetingId] });
    await n.notifier.settle();
    expect(n.reads[2]).toEqual({ notices: false, opinions: false, signatures: false, meetings: false, documents: new Set([meetingId]) });
    // A finished sync: the meetings a vote may open in, as the day goes on.
    n.hub.emit('sync.status', { state: 'online', lastSyncAt: '2026-12-04T02:00:00.000Z', lastError: null, pendingMutations: 0, download: { filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0 }, offlineReady: null });
    await n.notifier.settle();
    expect(n.reads[3]).toEqual({ notices: false, opinions: false, signatures: false, meetings: true, documents: null });
    // A kind not known here: everything.
    await n.changed(['somethingNew']);
    expect(n.reads[4]).toEqual(READ_ALL);
    n.notifier.stop();
  });

  it('listens for votes in the meetings in session (or published for today) where the account can vote', () => {
    const now = new Date('2026-12-04T02:00:00.000Z'); // 09:00 in Vietnam
    const m = (id: string, status: 'draft' | 'published' | 'in_progress' | 'closed', startsAt: string, myRole: 'chair' | 'member' | 'guest' | 'secretary' | null) => ({ id, status, startsAt, myRole });
    const meetings = [
      m('running', 'in_progress', '2026-12-03T01:00:00.000Z', 'member'),
      m('today', 'published', '2026-12-04T07:00:00.000Z', 'chair'),
      m('tomorrow', 'published', '2026-12-04T18:00:00.000Z', 'member'), // 01:00 on the 5th in Vietnam
      m('closed', 'closed', '2026-12-04T01:00:00.000Z', 'member'),
      m('as-guest', 'in_progress', '2026-12-04T01:00:00.000Z', 'guest'),
      m('as-deputy', 'in_progress', '2026-12-04T01:00:00.000Z', null),
    ];
    expect(meetingsToWatchForVotes(meetings, 'member', now)).toEqual(['running', 'today', 'as-deputy']);
    expect(meetingsToWatchForVotes(meetings, 'secretary', now)).toEqual([]);
    expect(meetingsToWatchForVotes(meetings, 'guest', now)).toEqual([]);
  });

  it('keeps what changes asked for while a check ran, documents of several meetings, or of all', () => {
    const a = readsAfterChange(['document'], ['m1']);
    const b = readsAfterChange(['document', 'notice'], ['m2']);
    expect(mergeReads(a, b)).toEqual({ notices: true, opinions: false, signatures: false, meetings: false, documents: new Set(['m1', 'm2']) });
    expect(mergeReads(a, readsAfterChange(['document'], [])).documents).toBe('all');
    expect(mergeReads(READ_NOTHING, READ_NOTHING)).toEqual(READ_NOTHING);
    // Who may vote where: the meetings, their seats, the account's role.
    for (const kind of ['meeting', 'participant', 'user']) expect(readsAfterChange([kind], ['m1']).meetings, kind).toBe(true);
    expect(readsAfterChange(['signatureRequest'], []).signatures).toBe(true);
    expect(readsAfterChange(['opinionRequest'], []).opinions).toBe(true);
    expect(readsAfterChange([], [])).toEqual(READ_ALL);
  });
});
