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
import type {
  AgendaItemRow,
  DocumentRow,
  DocumentViewRow,
  MeetingRow,
  OrganizationRow,
  ParticipantRow,
  UserRow,
} from '../db/schema';

export const toOrganization = (r: Pick<OrganizationRow, 'id' | 'name' | 'short_name'>): Organization => ({
  id: r.id,
  name: r.name,
  shortName: r.short_name,
});

export const toUserProfile = (r: Pick<UserRow, 'id' | 'org_id' | 'username' | 'full_name' | 'title' | 'role'>): UserProfile => ({
  id: r.id,
  orgId: r.org_id,
  username: r.username,
  fullName: r.full_name,
  title: r.title,
  role: r.role as Role,
});

export const toMeeting = (r: MeetingRow): Meeting => ({
  id: r.id,
  orgId: r.org_id,
  title: r.title,
  startsAt: r.starts_at,
  endsAt: r.ends_at,
  location: r.location,
  status: r.status as MeetingStatus,
  chairId: r.chair_id,
  updatedAt: r.updated_at,
});

export const toParticipant = (r: ParticipantRow): Participant => ({
  id: r.id,
  meetingId: r.meeting_id,
  userId: r.user_id,
  role: r.role as ParticipantRole,
});

export const toAgendaItem = (r: AgendaItemRow): AgendaItem => ({
  id: r.id,
  meetingId: r.meeting_id,
  position: r.position,
  title: r.title,
  presenterId: r.presenter_id,
  presenterLabel: r.presenter_label,
  plannedMinutes: r.planned_minutes,
  updatedAt: r.updated_at,
});

export const toDocument = (r: DocumentRow): Document => ({
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
});

export const toDocumentView = (r: DocumentViewRow): DocumentView => ({
  id: r.id,
  userId: r.user_id,
  documentId: r.document_id,
  version: r.version,
  viewedAt: r.viewed_at,
});
