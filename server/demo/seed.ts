/**
 * Loads the demo committee (server/demo/content.ts) into an empty database: organisation,
 * accounts, meetings placed around "today" in Vietnam time, agendas and rendered PDFs.
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '../../shared/entities';
import { addDays, vietnamDay, vietnamInstant as atVietnamTime } from '../../shared/time/vietnam-time';
import { hashPassword, type PasswordHashing } from '../auth/password';
import { registerBlob, type BlobStore } from '../blobs/store';
import type { Db } from '../db/open';
import { createDocument } from '../documents/repository';
import { ChangeRecorder } from '../sync/changelog';
import { demoContent } from './content';
import type { DemoContent, DemoDocument, DemoMeeting, DemoPdfRenderer, DemoUser } from './content-types';
import { renderOfficialPdf } from '../pdf/official-document';
import { recordAudit } from '../audit/record-audit';
import { cachedDemoRenderer } from './rendered-pdf-cache';

export interface DemoAccount {
  username: string;
  role: Role;
  fullName: string;
  title: string;
}

export interface SeedResult {
  /** False when the database already had an organisation (nothing was changed). */
  seeded: boolean;
  password: string;
  accounts: DemoAccount[];
}

export type { DemoPdfRenderer } from './content-types';

/** "HH:MM" Vietnam time on the Vietnam day `dayOffset` days from `now`, as a UTC instant. */
export function vietnamInstant(now: Date, dayOffset: number, hhmm: string): Date {
  return atVietnamTime(addDays(vietnamDay(now), dayOffset), hhmm);
}

export async function seedDemo(db: Db, blobs: BlobStore, now: Date, hashing?: PasswordHashing): Promise<SeedResult> {
  return seedDemoFrom(db, blobs, now, demoContent, cachedDemoRenderer(renderOfficialPdf), hashing);
}

/** The seeding itself, with content and renderer injectable (tests use a tiny fixture). */
export async function seedDemoFrom(
  db: Db,
  blobs: BlobStore,
  now: Date,
  content: DemoContent,
  render: DemoPdfRenderer,
  hashing?: PasswordHashing,
): Promise<SeedResult> {
  const others = content.otherOrganisations ?? [];
  const allUsers = [...content.users, ...others.flatMap((o) => o.users)];
  const accounts = allUsers.map((u) => ({ username: u.username, role: u.role, fullName: u.fullName, title: u.title }));
  const result = (seeded: boolean): SeedResult => ({ seeded, password: content.password, accounts });
  if (await db.selectFrom('organizations').select('id').executeTakeFirst()) return result(false);

  // Slow work (PDF rendering, password hashing) happens before the single write transaction.
  const rendered = new Map<DemoDocument, { sha256: string; size: number }>();
  for (const { organization, meetings } of [content, ...others])
    for (const meeting of meetings) {
      const issuedAt = vietnamInstant(now, meeting.dayOffset - 3, '08:00');
      for (const item of meeting.agenda)
        for (const doc of item.documents) {
          const stored = await blobs.putBytes(await render(doc, organization, { issuedAt }));
          rendered.set(doc, stored);
        }
    }
  // Every demo account has the same published password: one scrypt hash serves all.
  const demoHash = await hashPassword(content.password, hashing);
  const nowIso = now.toISOString();

  const seeded = await db.transaction().execute(async (trx) => {
    if (await trx.selectFrom('organizations').select('id').executeTakeFirst()) return false;
    // Nobody is connected yet: the change-log rows are kept, no live poke is needed.
    const rec = new ChangeRecorder(trx, nowIso);
    const userIds = new Map<string, string>();
    const userId = (key: string | null) => {
      if (key === null) return null;
      const id = userIds.get(key);
      if (!id) throw new Error(`demo content refers to unknown user key "${key}"`);
      return id;
    };
    const member = (orgId: string, key: string, role: string) =>
      trx.insertInto('organisation_members').values({ org_id: orgId, user_id: userId(key)!, role, created_at: nowIso }).execute();

    const addOrganisation = async (o: { organization: { name: string; shortName: string }; users: DemoUser[] }) => {
      const orgId = randomUUID();
      await trx.insertInto('organizations').values({ id: orgId, name: o.organization.name, short_name: o.organization.shortName, created_at: nowIso }).execute();
      for (const u of o.users) {
        const id = randomUUID();
        userIds.set(u.key, id);
        await trx
          .insertInto('users')
          .values({
            id,
            org_id: orgId,
            username: u.username.trim().toLowerCase(),
            full_name: u.fullName,
            title: u.title,
            role: u.role,
            password_hash: demoHash,
            failed_logins: 0,
            locked_until: null,
            created_at: nowIso,
            deployment_admin: u.role === 'admin' ? 1 : 0,
          })
          .execute();
        await member(orgId, u.key, u.role);
      }
      return orgId;
    };
    for (const [, stored] of rendered) await registerBlob(trx, stored.sha256, stored.size, now);

    const writeMeetings = async (orgId: string, meetings: DemoMeeting[]) => {
      const ids: string[] = [];
      for (const meeting of meetings) {
        const meetingId = randomUUID();
        ids.push(meetingId);
        await trx
          .insertInto('meetings')
          .values({
            id: meetingId,
            org_id: orgId,
            title: meeting.title,
            starts_at: vietnamInstant(now, meeting.dayOffset, meeting.startTime).toISOString(),
            ends_at: vietnamInstant(now, meeting.dayOffset, meeting.endTime).toISOString(),
            location: meeting.location,
            status: meeting.status,
            chair_id: userId(meeting.chairKey),
            updated_at: nowIso,
            published_at: meeting.status === 'draft' ? null : nowIso,
          })
          .execute();
        for (const p of meeting.participants)
          await trx.insertInto('participants').values({ id: randomUUID(), meeting_id: meetingId, user_id: userId(p.userKey)!, role: p.role }).execute();
        for (const [index, item] of meeting.agenda.entries()) {
          const itemId = randomUUID();
          await trx
            .insertInto('agenda_items')
            .values({
              id: itemId,
              meeting_id: meetingId,
              position: index + 1,
              title: item.title,
              presenter_id: userId(item.presenterKey),
              presenter_label: item.presenterLabel,
              planned_minutes: item.plannedMinutes,
              updated_at: nowIso,
            })
            .execute();
          for (const doc of item.documents) {
            const stored = rendered.get(doc)!;
            const { id: docId } = await createDocument(
              { trx, rec, now: nowIso, userId: null, action: 'demo.seed' },
              { id: randomUUID(), meetingId, agendaItemId: itemId, title: doc.title, classification: doc.classification, file: { ...stored, fileName: doc.fileName } },
            );
            // Confidential papers: readable by the meeting's participants (their reader list).
            if (doc.classification === 'confidential')
              for (const p of meeting.participants)
                await trx.insertInto('document_readers').values({ document_id: docId, user_id: userId(p.userKey)! }).onConflict((oc) => oc.doNothing()).execute();
          }
        }
      }
      return ids;
    };

    const orgId = await addOrganisation(content);
    const otherIds: string[] = [];
    for (const o of others) otherIds.push(await addOrganisation(o));
    // Each stored file belongs to the organisation whose meetings use it.
    const orgOfDoc = new Map<DemoDocument, string>();
    for (const [i, o] of [content, ...others].entries())
      for (const m of o.meetings) for (const item of m.agenda) for (const doc of item.documents) orgOfDoc.set(doc, i === 0 ? orgId : otherIds[i - 1]);
    for (const [doc, stored] of rendered) await trx.insertInto('blob_orgs').values({ sha256: stored.sha256, org_id: orgOfDoc.get(doc)! }).onConflict((oc) => oc.columns(['sha256', 'org_id']).doNothing()).execute();

    const mainMeetings = await writeMeetings(orgId, content.meetings);
    for (const [i, o] of others.entries()) {
      const id = otherIds[i];
      for (const m of o.alsoMembers) await member(id, m.userKey, m.role);
      for (const m of o.alsoInMain) await member(orgId, m.userKey, m.role);
      for (const s of o.seatsInMain)
        await trx.insertInto('participants').values({ id: randomUUID(), meeting_id: mainMeetings[s.meeting], user_id: userId(s.userKey)!, role: s.role }).execute();
      await writeMeetings(id, o.meetings);
      await recordAudit(trx, { userId: null, action: 'demo.seed', entity: 'organization', entityId: id, at: nowIso, orgId: id });
    }
    await recordAudit(trx, { userId: null, action: 'demo.seed', entity: 'organization', entityId: orgId, at: nowIso });
    return true;
  });
  return result(seeded);
}
