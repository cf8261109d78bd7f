/**
 * A secretary away for longer than the change log is kept: while his app is offline he adds an
 * agenda item, the committee goes on without him and the housekeeping job compacts the log past
 * his position. Back online, the server answers his old cursor with 410; the app rebuilds from a
 * snapshot, his offline item reaches the server (nothing typed offline is lost), he sees what
 * others did, and every kind of synced data is announced to the screens so that each re-reads.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYNC_ENTITY_NAMES } from '../../shared/sync/entity-registry';
import { demoContent } from '../../server/demo/content';
import { startServer, type RunningServer } from '../../server/index';
import { housekeepingPolicy } from '../../server/housekeeping/policy';
import { runHousekeeping } from '../../server/housekeeping/run';
import type { ClientServices } from '../../electron/services/index';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { callBridge, signedInClient } from './helpers/bridge';
import { httpLogin, httpPush } from './helpers/server-api';
import { removeTempDirs, tempDir } from './helpers/temp';

describe('a client behind the compaction horizon', () => {
  const serverDir = tempDir('ecab-server-');
  let server: RunningServer;
  let sec: ClientServices;

  const serve = (port: number) => startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: serverDir, port, seed: 'demo', logger: false });

  beforeAll(async () => {
    server = await serve(0);
    sec = await signedInClient({ serverUrl: server.url, dataDir: tempDir(), username: 'thuky' });
  });
  afterAll(async () => {
    await sec?.close();
    await server?.close();
    removeTempDirs();
  });

  it('gets 410, re-snapshots, keeps what was typed offline and announces every entity kind', async () => {
    const port = server.port;
    const meetingId = (await callBridge(sec, 'meetings.list')).find((m) => m.status === 'published')!.id;
    await server.close();

    // Offline: an agenda item typed into the app.
    const offlineItem = { id: randomUUID(), title: 'Mục thêm khi mất mạng' };
    await callBridge(sec, 'secretariat.submit', {
      mutations: [{ id: randomUUID(), kind: 'agendaItem.upsert', args: { id: offlineItem.id, meetingId, position: 90, title: offlineItem.title, presenterId: null, presenterLabel: '', plannedMinutes: 10 } }],
    });
    const titles = async () => (await callBridge(sec, 'meetings.get', { id: meetingId })).agenda.map((a) => a.item.title);
    expect(await titles()).toContain(offlineItem.title);

    // Meanwhile, on a server the app cannot reach: the chair's colleague edits, a month passes, housekeeping runs.
    const elsewhere = await serve(0);
    const other = await httpLogin(elsewhere.url, 'thuky', demoContent.password);
    const othersItem = 'Mục do người khác thêm';
    await httpPush(elsewhere.url, other.accessToken, [
      { id: randomUUID(), kind: 'agendaItem.upsert', args: { id: randomUUID(), meetingId, position: 91, title: othersItem, presenterId: null, presenterLabel: '', plannedMinutes: 5 } },
    ]);
    const ran = await runHousekeeping(elsewhere.db, { now: new Date(Date.now() + 31 * 24 * 3600 * 1000), policy: housekeepingPolicy() });
    expect(ran.ran && ran.droppedChanges).toBeGreaterThan(0);
    await elsewhere.close();

    // Back online on the address the app knows.
    const announced = new Promise<string[]>((resolve) => {
      const off = sec.on('data.changed', (p) => {
        if (SYNC_ENTITY_NAMES.every((e) => p.entities.includes(e))) {
          off();
          resolve(p.entities);
        }
      });
    });
    server = await serve(port);
    expect(await callBridge(sec, 'sync.now')).toMatchObject({ state: 'online', lastError: null, pendingMutations: 0 });
    expect(await announced).toEqual(expect.arrayContaining([...SYNC_ENTITY_NAMES]));
    expect(await titles()).toEqual(expect.arrayContaining([offlineItem.title, othersItem]));
    // The offline item is on the server, once.
    const rows = await server.db.selectFrom('agenda_items').select('id').where('title', '=', offlineItem.title).execute();
    expect(rows.map((r) => r.id)).toEqual([offlineItem.id]);
  });
});
