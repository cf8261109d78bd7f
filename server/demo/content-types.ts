/**
 * Shape of the demo committee (server/demo/content.ts) that `--seed demo` loads. Times are
 * given relative to the seeding day so the demo always has a past, a today and an upcoming
 * meeting.
 */
import type { ParticipantRole, Role } from '../../shared/entities';
import type { OfficialDocument } from '../pdf/official-document';

export interface DemoUser {
  /** Stable key used by the rest of the content to refer to this user. */
  key: string;
  username: string;
  fullName: string;
  title: string;
  role: Role;
}

/** One paper of the demo committee, rendered as an official document. */
export type DemoDocument = OfficialDocument;

/** Renders one demo paper as PDF (the official-document renderer, or a cache in front of it). */
export type DemoPdfRenderer = (doc: DemoDocument, org: { name: string }, opts?: { issuedAt?: Date }) => Promise<Uint8Array>;

export interface DemoAgendaItem {
  title: string;
  presenterKey: string | null;
  presenterLabel: string;
  plannedMinutes: number;
  documents: DemoDocument[];
}

export interface DemoMeeting {
  title: string;
  /** Days from the seeding day (Vietnam calendar): -14 past, 0 today, +7 upcoming. */
  dayOffset: number;
  /** Local Vietnam time "HH:MM" of start and end. */
  startTime: string;
  endTime: string;
  location: string;
  status: 'draft' | 'published' | 'in_progress' | 'closed';
  chairKey: string;
  participants: { userKey: string; role: ParticipantRole }[];
  agenda: DemoAgendaItem[];
}

export interface DemoContent {
  organization: { name: string; shortName: string };
  /** Every demo account has this password (printed at seeding and in the README). */
  password: string;
  users: DemoUser[];
  meetings: DemoMeeting[];
}
