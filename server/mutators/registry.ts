/**
 * Every mutation kind the server applies (who may send it is the kind's `access` in
 * shared/mutators/, checked before anything else), the shared steps it opts into
 * (closed-meeting guard and "what changed": `meeting`/`change`; stale-revision check:
 * `current`) and its handler. The mapped type makes a kind without an entry a type error.
 */
import { currentAgendaItem, deleteAgendaItem, describeAgendaItemDelete, describeAgendaItemUpsert, upsertAgendaItem } from './agenda-item';
import { deleteAnnotation, upsertAnnotation } from './annotation';
import { currentDocument, deleteDocument, describeDocumentDelete, describeDocumentUpsert, markViewed, upsertDocument } from './document';
import { meetingOfRow } from './guards';
import { closeMeeting, publishMeeting, startMeeting } from './meeting-lifecycle';
import { currentMeeting, describeMeetingUpsert, upsertMeeting } from './meeting-upsert';
import { currentMinutes, exportMinutesPdf, saveMinutes } from './minutes';
import { markNoticeRead } from './notice';
import { answerOpinion, sendOpinionRequest } from './opinion';
import { updateOrgSigningSettings } from './org-signing-settings';
import { currentParticipant, deleteParticipant, describeParticipantDelete, describeParticipantUpsert, setAttendance, upsertParticipant } from './participant';
import { setPresentation } from './presentation';
import { cancelRequest, checkSignedUpload, createRequest, resendRequest, returnStep, signStep } from './signature-request';
import { currentTask, deleteTask, upsertTask } from './task';
import type { MutationKind, ServerMutator } from './types';
import { orgOfDocument, orgOfMeeting, orgOfRequest, orgOfRow } from '../organisations/org-of';

/** The meeting named in the arguments. */
const argMeeting = async (_ctx: unknown, a: { meetingId: string }) => a.meetingId;

export const SERVER_MUTATORS: { [K in MutationKind]: ServerMutator<K> } = {
  // ---- a meeting and its preparation ------------------------------------------------------
  'meeting.upsert': {
    meeting: async (_ctx, a) => a.id,
    current: (ctx, a) => currentMeeting(ctx, a.id),
    change: describeMeetingUpsert,
    apply: upsertMeeting,
  },
  'meeting.publish': { meeting: argMeeting, current: (ctx, a) => currentMeeting(ctx, a.meetingId), apply: publishMeeting },
  // The chair of this meeting may start it too: checked by the handler.
  'meeting.start': { meeting: argMeeting, current: (ctx, a) => currentMeeting(ctx, a.meetingId), apply: startMeeting },
  'meeting.close': { meeting: argMeeting, current: (ctx, a) => currentMeeting(ctx, a.meetingId), apply: closeMeeting },
  'agendaItem.upsert': {
    meeting: argMeeting,
    current: (ctx, a) => currentAgendaItem(ctx, a.id),
    change: describeAgendaItemUpsert,
    apply: upsertAgendaItem,
  },
  'agendaItem.delete': {
    meeting: (ctx, a) => meetingOfRow(ctx, 'agenda_items', a.id),
    // A delete decided on an older revision is as stale as a save: the caller sees the row now.
    current: (ctx, a) => currentAgendaItem(ctx, a.id),
    change: describeAgendaItemDelete,
    apply: deleteAgendaItem,
  },
  'participant.upsert': {
    meeting: argMeeting,
    current: (ctx, a) => currentParticipant(ctx, a.id),
    change: describeParticipantUpsert,
    apply: upsertParticipant,
  },
  'participant.delete': {
    meeting: (ctx, a) => meetingOfRow(ctx, 'participants', a.id),
    current: (ctx, a) => currentParticipant(ctx, a.id),
    change: describeParticipantDelete,
    apply: deleteParticipant,
  },
  // A member on his own row only (check-in, his deputy): checked by the handler.
  'participant.setAttendance': { meeting: (ctx, a) => meetingOfRow(ctx, 'participants', a.participantId), apply: setAttendance },
  'document.upsert': {
    meeting: argMeeting,
    current: (ctx, a) => currentDocument(ctx, a.id),
    change: describeDocumentUpsert,
    apply: upsertDocument,
  },
  'document.delete': {
    meeting: (ctx, a) => meetingOfRow(ctx, 'documents', a.id),
    current: (ctx, a) => currentDocument(ctx, a.id),
    change: describeDocumentDelete,
    apply: deleteDocument,
  },
  // Anyone who may read the document: checked by the handler.
  'document.markViewed': { org: (db, a) => orgOfDocument(db, a.documentId), apply: markViewed },

  // ---- minutes, tasks, notices ---------------------------------------------------------------
  'minutes.save': { meeting: argMeeting, current: (ctx, a) => currentMinutes(ctx, a.meetingId), apply: saveMinutes },
  'minutes.exportPdf': { meeting: argMeeting, apply: exportMinutesPdf },
  'task.upsert': { meeting: argMeeting, current: (ctx, a) => currentTask(ctx, a.id), apply: upsertTask },
  'task.delete': { meeting: (ctx, a) => meetingOfRow(ctx, 'tasks', a.id), current: (ctx, a) => currentTask(ctx, a.id), apply: deleteTask },
  // Its addressee only: checked by the handler.
  'notice.markRead': { org: (db, a) => orgOfRow(db, 'notices', a.id), apply: markNoticeRead },

  // ---- reading together ----------------------------------------------------------------------
  // The author only: checked by the handler.
  'annotation.upsert': { org: (db, a) => orgOfDocument(db, a.documentId), apply: upsertAnnotation },
  'annotation.delete': { org: (db, a) => orgOfRow(db, 'annotations', a.id), apply: deleteAnnotation },
  // The chair, a presenter or the secretariat: checked by the handler.
  'presentation.set': { org: (db, a) => orgOfMeeting(db, a.meetingId), apply: setPresentation },

  // ---- signing workflow ----------------------------------------------------------------------
  'signatureRequest.create': { org: (db, a) => orgOfDocument(db, a.documentId), apply: createRequest },
  // The signer whose turn it is: checked by the handler. The file is checked before the transaction.
  'signatureRequest.sign': { org: (db, a) => orgOfRequest(db, 'signature_requests', a.requestId), prepare: checkSignedUpload, apply: signStep },
  'signatureRequest.return': { org: (db, a) => orgOfRequest(db, 'signature_requests', a.requestId), apply: returnStep },
  'signatureRequest.cancel': { org: (db, a) => orgOfRequest(db, 'signature_requests', a.requestId), apply: cancelRequest },
  'signatureRequest.resend': { org: (db, a) => orgOfRequest(db, 'signature_requests', a.requestId), apply: resendRequest },
  'orgSigningSettings.update': { apply: updateOrgSigningSettings },

  // ---- written opinions ----------------------------------------------------------------------
  'opinionRequest.send': { org: async (db, a) => (a.meetingId ? orgOfMeeting(db, a.meetingId) : (a.orgId ?? null)), apply: sendOpinionRequest },
  // A recipient of the request: checked by the handler.
  'opinion.answer': { org: (db, a) => orgOfRequest(db, 'opinion_requests', a.requestId), apply: answerOpinion },
};
