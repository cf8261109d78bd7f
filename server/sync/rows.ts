/** Database rows → the shared entity shapes that travel to clients. */
import type {
  AgendaItem,
  Classification,
  Document,
  DocumentView,
  Meeting,
  MeetingStatus,
  Organization,
  Participant,
  ParticipantRole,
  Role,
  UserProfile,
} from '../../shared/entities';
import { retentionPolicyOf } from '../admin/retention-policy';
import type {
  AgendaItemRow,
  DocumentRow,
  DocumentViewRow,
  MeetingRow,
  OrganizationRow,
  ParticipantRow,
  UserRow,
} from '../db/schema';

export const toOrganization = (r: Pick<OrganizationRow, 'id' | 'name' | 'short_name'> & { retention_json?: string | null }): Organization => ({
  id: r.id,
  name: r.name,
  shortName: r.short_name,
  retention: retentionPolicyOf(r.retention_json ?? null),
});

export const toUserProfile = (r: Pick<UserRow, 'id' | 'org_id' | 'username' | 'full_name' | 'title' | 'role'>): UserProfile => ({
  id: r.id,
  orgId: r.org_id,
  username: r.username,
  fullName: r.full_name,
  title: r.title,
  role: r.role as Role,
});

/** The secretariat's columns are optional here: rows built in code before an upsert may not carry them yet. */
type WithOptional<R, K extends keyof R> = Omit<R, K> & Partial<Pick<R, K>>;

export const toMeeting = (
  r: WithOptional<MeetingRow, 'kind' | 'online_link' | 'host_agency' | 'quorum_numerator' | 'quorum_denominator' | 'published_at' | 'revision'>,
): Meeting => ({
  id: r.id,
  orgId: r.org_id,
  title: r.title,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  location: r.location,
  status: r.status as MeetingStatus,
  chairId: r.chair_id,
  updatedAt: r.updated_at,
  kind: (r.kind ?? 'regular') as Meeting['kind'],
  onlineLink: r.online_link ?? '',
  hostAgency: r.host_agency ?? '',
  quorumNumerator: r.quorum_numerator ?? 2,
  quorumDenominator: r.quorum_denominator ?? 3,
  publishedAt: r.published_at ?? null,
  revision: r.revision ?? 1,
});

export const toParticipant = (
  r: WithOptional<ParticipantRow, 'attendance' | 'delegate_name' | 'delegate_user_id' | 'checked_in_at' | 'checked_in_by' | 'revision'>,
): Participant => ({
  id: r.id,
  meetingId: r.meeting_id,
  userId: r.user_id,
  role: r.role as ParticipantRole,
  attendance: (r.attendance ?? 'unknown') as Participant['attendance'],
  delegateName: r.delegate_name ?? '',
  delegateUserId: r.delegate_user_id ?? null,
  checkedInAt: r.checked_in_at ?? null,
  checkedInBy: r.checked_in_by ?? null,
  revision: r.revision ?? 1,
});

export const toAgendaItem = (r: WithOptional<AgendaItemRow, 'presenter_agency' | 'revision'>): AgendaItem => ({
  id: r.id,
  meetingId: r.meeting_id,
  position: r.position,
  title: r.title,
  presenterId: r.presenter_id,
  presenterLabel: r.presenter_label,
  plannedMinutes: r.planned_minutes,
  updatedAt: r.updated_at,
  presenterAgency: r.presenter_agency ?? '',
  revision: r.revision ?? 1,
});

export const toDocument = (
  r: Omit<DocumentRow, 'allow_print' | 'allow_download' | 'revision'> & { allow_print?: number | null; allow_download?: number | null; revision?: number },
  /** Confidential documents: who may read it; send it only to someone allowed to read it. */
  readerIds: string[] = [],
): Document => ({
  id: r.id,
  meetingId: r.meeting_id,
  agendaItemId: r.agenda_item_id,
  title: r.title,
  fileName: r.file_name,
  sha256: r.sha256,
  size: r.size,
  mime: 'application/pdf',
  version: r.version,
  classification: r.classification as Classification,
  updatedAt: r.updated_at,
  allowPrint: r.allow_print == null ? null : r.allow_print === 1,
  allowDownload: r.allow_download == null ? null : r.allow_download === 1,
  readerIds: r.classification === 'confidential' ? readerIds : [],
  revision: r.revision ?? 1,
});

export const toDocumentView = (r: DocumentViewRow): DocumentView => ({
  id: r.id,
  userId: r.user_id,
  documentId: r.document_id,
  version: r.version,
  viewedAt: r.viewed_at,
});
