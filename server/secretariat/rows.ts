/** Database rows → the secretariat entities (shared/secretariat.ts). */
import type { Selectable } from 'kysely';
import type { DocumentVersion, MeetingChange, Minutes, Notice, Task } from '../../shared/secretariat';
import type { DocumentVersionsTable, MeetingChangesTable, MinutesTable, NoticesTable, TasksTable } from '../db/schema';

export const toDocumentVersion = (r: Selectable<DocumentVersionsTable>, meetingId: string): DocumentVersion => ({
  id: r.uid!,
  documentId: r.document_id,
  meetingId,
  version: r.version,
  sha256: r.sha256,
  size: r.size,
  fileName: r.file_name,
  createdBy: r.created_by,
  createdAt: r.created_at,
});

export const toMeetingChange = (r: Selectable<MeetingChangesTable>): MeetingChange => ({
  id: r.id,
  meetingId: r.meeting_id,
  change: r.change as MeetingChange['change'],
  subject: r.subject,
  byUserId: r.by_user_id,
  at: r.at,
});

export const toNotice = (r: Selectable<NoticesTable>): Notice => ({
  id: r.id,
  userId: r.user_id,
  meetingId: r.meeting_id,
  kind: r.kind as Notice['kind'],
  title: r.title,
  sha256: r.sha256,
  size: r.size,
  createdAt: r.created_at,
  readAt: r.read_at,
});

export const toMinutes = (r: Selectable<MinutesTable>): Minutes => ({
  id: r.id,
  meetingId: r.meeting_id,
  body: r.body,
  conclusions: r.conclusions,
  documentId: r.document_id,
  revision: r.revision,
  updatedAt: r.updated_at,
});

export const toTask = (r: Selectable<TasksTable>): Task => ({
  id: r.id,
  meetingId: r.meeting_id,
  title: r.title,
  agency: r.agency,
  assignee: r.assignee,
  deadline: r.deadline,
  expectedResult: r.expected_result,
  follower: r.follower,
  status: r.status as Task['status'],
  revision: r.revision,
  updatedAt: r.updated_at,
});
