/**
 * The access-control matrix's world: the demo committee (server/demo/content.ts) on a real
 * server, one account per role, and one row of every synced entity made the way users make
 * them (over HTTP), so the matrix has something to refuse for each entity and mutation kind.
 */
import { randomUUID } from 'node:crypto';
import type { MutationInput as Mutation, MutationResult } from '../../shared/api';
import type { Role } from '../../shared/entities';
import { demoContent } from '../../server/demo/content';
import { addUser, call, login, makePdf, pushOk, sha256Hex, startTestServer, uploadPdf, type TestServer } from '../server/helpers';
import { createOrganisation } from '../../server/organisations/organisations';

/**
 * The roles of the matrix; `outsider` is a member of other meetings, not of the target one. The
 * `other…` roles belong to a second organisation side by side with the demo committee: its
 * secretary (staff, so only the organisation's wall refuses him) and a member of its meeting.
 */
export const ROLES = ['admin', 'secretary', 'chair', 'member', 'guest', 'outsider', 'otherSecretary', 'otherMember', 'signedOut'] as const;
export const OTHER_ORG_ROLES = ['otherSecretary', 'otherMember'] as const;
export type RoleName = (typeof ROLES)[number];
export type SignedInRole = Exclude<RoleName, 'signedOut'>;
export const SIGNED_IN_ROLES = ROLES.filter((r): r is SignedInRole => r !== 'signedOut');

/** Demo accounts playing each role. The outsider takes part in the closed and today's meetings, not next week's. */
const ACCOUNTS: Record<SignedInRole, string> = {
  admin: 'admin',
  secretary: 'thuky',
  chair: 'chutich',
  member: 'pct.nguyen',
  guest: 'khach',
  outsider: 'pct.pham',
  otherSecretary: 'thuky.stc',
  otherMember: 'uyvien.stc',
};
/** The second organisation and its people (home organisation: it). */
export const OTHER_ORG = { name: 'Sở Tài chính', shortName: 'STC' };
const OTHER_PEOPLE: Record<(typeof OTHER_ORG_ROLES)[number], { fullName: string; role: Role }> = {
  otherSecretary: { fullName: 'Văn Thư Sở', role: 'secretary' },
  otherMember: { fullName: 'Ủy Viên Sở', role: 'member' },
};

export interface Account {
  id: string;
  role: Role;
  token: string;
  refreshToken: string;
}

export interface AclWorld {
  s: TestServer;
  orgId: string;
  /** The second organisation, its published meeting (with the other member) and that meeting's paper. */
  otherOrgId: string;
  otherMeeting: string;
  otherDoc: { id: string; sha256: string };
  users: Record<SignedInRole, Account>;
  /** Demo meetings: closed (two weeks ago), in progress (today), published (next week, with the guest). */
  closed: string;
  today: string;
  target: string;
  /** A draft with the member and the guest as participants: nobody but the secretariat may see it. */
  draft: string;
  /** Published later with the member and the chair only: their invitations (notices). */
  invited: string;
  /** Target meeting rows. */
  publicDoc: { id: string; sha256: string; version: number };
  /** Confidential, readers: the member alone (the guest and the chair take part but may not read it). */
  restrictedDoc: { id: string; sha256: string };
  draftDoc: { id: string; sha256: string };
  targetItem: string;
  memberParticipant: string;
  memberNotice: string;
  memberAnnotation: string;
  signatureRequest: { id: string; stepId: string };
  opinionRequest: string;
}

export const pushOne = async (w: AclWorld, token: string | undefined, m: Mutation) =>
  call<{ results: MutationResult[] }>(w.s.url, 'POST', '/api/sync/push', { token, body: { mutations: [m] } });

export function annotationOf(id: string, documentId: string, sha256: string, version: number, text: string) {
  const now = new Date().toISOString();
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld' as const,
    id: `urn:uuid:${id}`,
    type: 'Annotation' as const,
    motivation: 'commenting' as const,
    created: now,
    modified: now,
    body: [{ type: 'TextualBody' as const, value: text, format: 'text/plain' as const, purpose: 'commenting' as const }],
    target: {
      type: 'SpecificResource' as const,
      source: `urn:ecabinet:document:${documentId}`,
      'ecabinet:version': version,
      'ecabinet:sha256': sha256,
      styleClass: 'kind-note color-yellow',
      selector: [
        { type: 'FragmentSelector' as const, conformsTo: 'http://tools.ietf.org/rfc/rfc3778' as const, value: 'page=1' },
        { type: 'TextQuoteSelector' as const, exact: 'Tờ trình', prefix: '', suffix: '' },
      ],
    },
  };
}

const m = (kind: Mutation['kind'], args: unknown): Mutation => ({ id: randomUUID(), kind, args }) as Mutation;

/** The server's clock runs this far ahead of the real one: lets a test outlive an access token without waiting. */
let clockAheadMs = 0;
export const moveServerClock = (ms: number) => void (clockAheadMs += ms);

/** Starts the demo server and logs every role in (nothing else yet: sockets may watch what follows). */
export async function startAclServer(): Promise<Pick<AclWorld, 's' | 'orgId' | 'otherOrgId' | 'users' | 'closed' | 'today' | 'target'>> {
  const s = await startTestServer({ seed: 'demo', now: () => new Date(Date.now() + clockAheadMs) });
  const otherOrgId = (await createOrganisation(s.db, OTHER_ORG)).id;
  for (const [role, p] of Object.entries(OTHER_PEOPLE))
    await addUser(s.dataDir, { username: ACCOUNTS[role as SignedInRole], fullName: p.fullName, role: p.role, password: demoContent.password, org: OTHER_ORG.shortName });
  const users = {} as Record<SignedInRole, Account>;
  for (const role of SIGNED_IN_ROLES) {
    const t = await login(s.url, ACCOUNTS[role], demoContent.password);
    users[role] = { id: t.user.id, role: t.user.role, token: t.accessToken, refreshToken: t.refreshToken };
  }
  const meetings = await s.db.selectFrom('meetings').select(['id', 'status', 'org_id']).execute();
  const byStatus = (st: string) => meetings.find((x) => x.status === st)!.id;
  return { s, orgId: meetings[0].org_id, otherOrgId, users, closed: byStatus('closed'), today: byStatus('in_progress'), target: byStatus('published') };
}

/** Makes one row of every entity, as the secretariat and the members would. */
export async function buildAclWorld(base: Awaited<ReturnType<typeof startAclServer>>): Promise<AclWorld> {
  const { s, users, target } = base;
  const sec = users.secretary.token;
  const db = s.db;

  const publicRow = await db
    .selectFrom('documents')
    .select(['id', 'sha256', 'version'])
    .where('meeting_id', '=', target)
    .where('classification', '=', 'public')
    .orderBy('id')
    .executeTakeFirstOrThrow();
  const targetItem = (await db.selectFrom('agenda_items').select('id').where('meeting_id', '=', target).orderBy('position').executeTakeFirstOrThrow()).id;

  // A confidential paper only the member may read, and a draft meeting's paper.
  const restrictedPdf = await makePdf('Mat: phuong an boi thuong');
  const draftPdf = await makePdf('Du thao chua cong bo');
  for (const b of [restrictedPdf, draftPdf]) if ((await uploadPdf(s.url, sec, b)).status !== 201) throw new Error('upload failed');
  const restrictedDoc = { id: randomUUID(), sha256: sha256Hex(restrictedPdf) };
  const draftDoc = { id: randomUUID(), sha256: sha256Hex(draftPdf) };
  const draft = randomUUID();
  const invited = randomUUID();
  const meetingArgs = (id: string, title: string) => ({
    id,
    title,
    startsAt: new Date(Date.now() + 20 * 86_400_000).toISOString(),
    endsAt: new Date(Date.now() + 20 * 86_400_000 + 3 * 3_600_000).toISOString(),
    location: 'Phòng họp số 3',
    status: 'draft',
    chairId: users.chair.id,
  });
  await pushOk(
    s.url,
    sec,
    m('meeting.upsert', meetingArgs(draft, 'Phiên họp dự thảo (chưa công bố)')),
    m('participant.upsert', { id: randomUUID(), meetingId: draft, userId: users.member.id, role: 'member' }),
    m('participant.upsert', { id: randomUUID(), meetingId: draft, userId: users.guest.id, role: 'guest' }),
    m('agendaItem.upsert', { id: randomUUID(), meetingId: draft, position: 1, title: 'Nội dung nháp', presenterId: null, presenterLabel: '', plannedMinutes: 10 }),
    m('document.upsert', { ...draftDoc, meetingId: draft, agendaItemId: null, title: 'Dự thảo', fileName: 'du-thao.pdf', classification: 'internal' }),
    m('meeting.upsert', meetingArgs(invited, 'Phiên họp giao ban')),
    m('participant.upsert', { id: randomUUID(), meetingId: invited, userId: users.member.id, role: 'member' }),
    m('participant.upsert', { id: randomUUID(), meetingId: invited, userId: users.chair.id, role: 'chair' }),
    m('meeting.publish', { meetingId: invited }),
    // Published meeting edits: a "what changed" row, a confidential paper, draft minutes, a task.
    m('agendaItem.upsert', { id: randomUUID(), meetingId: target, position: 9, title: 'Nội dung bổ sung', presenterId: null, presenterLabel: 'Văn phòng', plannedMinutes: 15 }),
    m('document.upsert', {
      ...restrictedDoc,
      meetingId: target,
      agendaItemId: targetItem,
      title: 'Phương án bồi thường (Mật)',
      fileName: 'phuong-an-mat.pdf',
      classification: 'confidential',
      readerIds: [users.member.id],
    }),
    m('minutes.save', { id: randomUUID(), meetingId: target, body: 'Dự thảo biên bản: chưa ban hành', conclusions: 'Dự thảo kết luận' }),
    m('task.upsert', {
      id: randomUUID(),
      meetingId: target,
      title: 'Hoàn thiện phương án',
      agency: 'Sở Xây dựng',
      assignee: 'Giám đốc',
      deadline: '2026-12-31',
      expectedResult: 'Tờ trình',
      follower: 'Văn phòng',
      status: 'open',
    }),
    m('orgSigningSettings.update', { nameCheck: 'warn' }),
  );
  const signatureRequestId = randomUUID();
  const stepId = randomUUID();
  const opinionRequest = randomUUID();
  await pushOk(
    s.url,
    sec,
    m('signatureRequest.create', { id: signatureRequestId, documentId: publicRow.id, steps: [{ id: stepId, userId: users.chair.id, role: 'signer' }] }),
    m('opinionRequest.send', {
      id: opinionRequest,
      meetingId: target,
      title: 'Xin ý kiến về phương án',
      question: 'Đồng ý phương án?',
      attachments: [{ documentId: publicRow.id }],
      instructedBy: users.chair.id,
      recipientIds: [users.member.id],
    }),
  );
  // A written opinion naming the confidential paper, asked of members who may not read it.
  await pushOne({ s } as AclWorld, sec, m('opinionRequest.send', {
    id: randomUUID(),
    meetingId: target,
    title: 'Xin ý kiến (kèm tài liệu Mật)',
    question: 'Ý kiến về phương án?',
    attachments: [{ documentId: restrictedDoc.id }],
    instructedBy: users.chair.id,
    recipientIds: [users.chair.id, users.outsider.id],
  }));

  // The member's own rows: a view, a private and a shared note; the chair presents.
  const memberAnnotation = randomUUID();
  const sharedAnnotation = randomUUID();
  await pushOk(
    s.url,
    users.member.token,
    m('document.markViewed', { documentId: publicRow.id, version: publicRow.version }),
    m('annotation.upsert', {
      id: memberAnnotation,
      documentId: publicRow.id,
      annotation: annotationOf(memberAnnotation, publicRow.id, publicRow.sha256, publicRow.version, 'Ghi chú riêng'),
      shared: false,
      updatedAt: new Date().toISOString(),
    }),
    m('annotation.upsert', {
      id: sharedAnnotation,
      documentId: publicRow.id,
      annotation: annotationOf(sharedAnnotation, publicRow.id, publicRow.sha256, publicRow.version, 'Ghi chú chia sẻ'),
      shared: true,
      updatedAt: new Date().toISOString(),
    }),
  );
  await pushOk(s.url, users.chair.token, m('presentation.set', { meetingId: target, documentId: publicRow.id, page: 1 }));

  // The second organisation prepares and publishes its own meeting with its own paper.
  const otherPdf = await makePdf('So Tai chinh: du toan noi bo');
  if ((await uploadPdf(s.url, users.otherSecretary.token, otherPdf)).status !== 201) throw new Error('upload failed');
  const otherDoc = { id: randomUUID(), sha256: sha256Hex(otherPdf) };
  const otherMeeting = randomUUID();
  await pushOk(
    s.url,
    users.otherSecretary.token,
    m('meeting.upsert', { ...meetingArgs(otherMeeting, 'Giao ban Sở Tài chính'), chairId: users.otherMember.id, orgId: base.otherOrgId }),
    m('participant.upsert', { id: randomUUID(), meetingId: otherMeeting, userId: users.otherMember.id, role: 'chair' }),
    m('agendaItem.upsert', { id: randomUUID(), meetingId: otherMeeting, position: 1, title: 'Dự toán nội bộ', presenterId: null, presenterLabel: '', plannedMinutes: 10 }),
    m('document.upsert', { ...otherDoc, meetingId: otherMeeting, agendaItemId: null, title: 'Dự toán', fileName: 'du-toan.pdf', classification: 'internal' }),
    m('meeting.publish', { meetingId: otherMeeting }),
    m('orgSigningSettings.update', { nameCheck: 'warn' }),
  );

  const memberParticipant = (await db.selectFrom('participants').select('id').where('meeting_id', '=', target).where('user_id', '=', users.member.id).executeTakeFirstOrThrow()).id;
  const memberNotice = (await db.selectFrom('notices').select('id').where('user_id', '=', users.member.id).orderBy('id').executeTakeFirstOrThrow()).id;
  return {
    ...base,
    draft,
    invited,
    publicDoc: publicRow,
    restrictedDoc,
    draftDoc,
    targetItem,
    memberParticipant,
    memberNotice,
    memberAnnotation,
    signatureRequest: { id: signatureRequestId, stepId },
    opinionRequest,
    otherMeeting,
    otherDoc,
  };
}

export const health = async (w: { s: TestServer }) => (await call<{ seq: number }>(w.s.url, 'GET', '/api/health')).body.seq;
