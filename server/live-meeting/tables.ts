/**
 * Row types of migrations 004 (live meeting, votes, written opinions) and 009 (sealed ballots), merged into the
 * server's Database interface by declaration merging so the shared schema file stays small.
 */
import type { Generated } from 'kysely';

export interface LiveMeetingsTable {
  meeting_id: string;
  current_item_id: string | null;
  speaker_seconds: Generated<number>;
  revision: Generated<number>;
  updated_at: string;
}

export interface SpeakerRequestsTable {
  id: string;
  meeting_id: string;
  agenda_item_id: string | null;
  user_id: string;
  /** waiting | speaking | done | withdrawn | removed */
  status: string;
  position: number;
  requested_at: string;
  started_at: string | null;
  duration_seconds: number;
}

export interface VotesTable {
  id: string;
  meeting_id: string;
  agenda_item_id: string | null;
  question: string;
  options_json: string;
  kind: string;
  allow_change: number;
  live_count: number;
  status: string;
  opened_by: string;
  opened_at: string;
  closes_at: string | null;
  closed_at: string | null;
  closed_by: string | null;
  result_json: string | null;
  document_id: string | null;
  /** Opened without quorum by the chair: his reason (migration 012). */
  quorum_override_reason?: string | null;
}

export interface OpenBallotsTable {
  vote_id: string;
  member_id: string;
  cast_by: string;
  option_id: string;
  cast_at: string;
}

/** Secret votes: who voted. Deliberately no option and no time. */
export interface VoteTurnoutTable {
  vote_id: string;
  member_id: string;
  cast_by: string;
}

/** Secret votes, once closed: the counted ballots, written at the close in receipt order. No user, no time. */
export interface SecretBallotsTable {
  vote_id: string;
  receipt: string;
  option_id: string;
}

/** Secret votes while open: the vote's ballot key, wrapped by the ballot sealing key (migration 009). */
export interface BallotKeysTable {
  vote_id: string;
  wrapped: Uint8Array;
}

/** Secret votes while open: one AES-GCM seal per ballot, under slot = HMAC(ballot key, receipt). */
export interface SealedBallotsTable {
  vote_id: string;
  slot: Uint8Array;
  sealed: Uint8Array;
}

export interface VoteRequestsTable {
  request_id: string;
  vote_id: string;
}

export interface OpinionRequestsTable {
  id: string;
  org_id: string;
  meeting_id: string | null;
  title: string;
  question: string;
  document_ids_json: string;
  instructed_by: string | null;
  sent_by: string;
  sent_at: string;
  deadline: string;
  silence_as_consent: number;
  /** open | final */
  status: string;
  summary_json: string | null;
  summary_sha256: string | null;
  summary_size: number | null;
  revision: Generated<number>;
  updated_at: string;
}

export interface OpinionRecipientsTable {
  request_id: string;
  user_id: string;
  reminded_at: string | null;
}

export interface OpinionAnswersTable {
  id: string;
  request_id: string;
  user_id: string;
  answer: string;
  comment: string;
  answered_at: string;
}

declare module '../db/schema' {
  interface Database {
    live_meetings: LiveMeetingsTable;
    speaker_requests: SpeakerRequestsTable;
    votes: VotesTable;
    open_ballots: OpenBallotsTable;
    vote_turnout: VoteTurnoutTable;
    secret_ballots: SecretBallotsTable;
    ballot_keys: BallotKeysTable;
    sealed_ballots: SealedBallotsTable;
    vote_requests: VoteRequestsTable;
    opinion_requests: OpinionRequestsTable;
    opinion_recipients: OpinionRecipientsTable;
    opinion_answers: OpinionAnswersTable;
  }
}
