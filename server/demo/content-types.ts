/**
 * Shape of the demo committee (server/demo/content.ts) that `--seed demo` loads. Times are
 * given relative to the seeding day so the demo always has a past, a today and an upcoming
 * meeting.
 */
import type { Classification, ParticipantRole, Role } from '../../shared/entities';

export interface DemoUser {
  /** Stable key used by the rest of the content to refer to this user. */
  key: string;
  username: string;
  fullName: string;
  title: string;
  role: Role;
}

export interface DemoDocument {
  title: string;
  fileName: string;
  classification: Classification;
  /** Document number and kind shown in the heading, e.g. "Số: 125/TTr-STC". */
  number: string;
  /** Issuing body, upper case in the heading, e.g. "SỞ TÀI CHÍNH". */
  issuer: string;
  /** Paragraphs of body text (Vietnamese, NFC). */
  paragraphs: string[];
  /**
   * Superior body printed above the issuer (Decree 30/2020), e.g. "BỘ CÔNG AN". When absent,
   * departments ("SỞ …", "VĂN PHÒNG …") get "UBND <city>" and councils/committees get none.
   */
  parentIssuer?: string;
  /** Signature block at the end, e.g. { authority: "KT. GIÁM ĐỐC", position: "PHÓ GIÁM ĐỐC", name: "…" }. */
  signer?: { authority?: string; position: string; name: string };
  /** "Nơi nhận" list printed bottom left. */
  recipients?: string[];
}

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
