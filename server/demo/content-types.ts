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

/**
 * Another organisation of the same deployment (a district People's Committee beside the city's):
 * its own accounts and meetings, and people who belong to both.
 */
export interface DemoOrganisation {
  organization: { name: string; shortName: string };
  /** Accounts whose home is this organisation. */
  users: DemoUser[];
  /** Accounts of any organisation of the demo that also belong to this one, with their role here. */
  alsoMembers: { userKey: string; role: Role }[];
  /** This organisation's accounts that also belong to the main one, with their role there. */
  alsoInMain: { userKey: string; role: Role }[];
  /** Seats of this organisation's accounts in meetings of the main one (by index in its `meetings`). */
  seatsInMain: { meeting: number; userKey: string; role: ParticipantRole }[];
  meetings: DemoMeeting[];
}

export interface DemoContent {
  organization: { name: string; shortName: string };
  /** The deployment's other organisations (optional: a one-committee demo has none). */
  otherOrganisations?: DemoOrganisation[];
  /** Every demo account has this password (printed at seeding and in the README). */
  password: string;
  users: DemoUser[];
  meetings: DemoMeeting[];
}
