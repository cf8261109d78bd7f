/**
 * Row types of the server database, as Kysely sees them. Column names are snake_case;
 * instants are ISO 8601 UTC strings (portable between SQLite and PostgreSQL).
 */
import type { Generated, Insertable, Selectable } from 'kysely';

export interface OrganizationsTable {
  id: string;
  name: string;
  short_name: string;
  created_at: string;
  // 010_devices: the retention policy as JSON; null follows the defaults.
  retention_json: Generated<string | null>;
}

export interface UsersTable {
  id: string;
  org_id: string;
  username: string;
  full_name: string;
  title: string;
  role: string;
  password_hash: string;
  failed_logins: number;
  locked_until: string | null;
  created_at: string;
  // 010_devices
  disabled_at: Generated<string | null>;
  /** 017_organisations: administers the deployment (creates organisations, sees every account); 0 or 1. */
  deployment_admin: Generated<number>;
}

/** 017_organisations: a user's membership of an organisation, with his role in it. */
export interface OrganisationMembersTable {
  org_id: string;
  user_id: string;
  role: string;
  created_at: string;
}

/** 017_organisations: an organisation that may reach a stored file by its hash alone. */
export interface BlobOrgsTable {
  sha256: string;
  org_id: string;
}

/** One signed-in device. Tokens belong to a session; revoking it kills all its tokens. */
export interface SessionsTable {
  id: string;
  user_id: string;
  device_name: string;
  created_at: string;
  last_used_at: string;
  revoked_at: string | null;
  // 010_devices
  platform: Generated<string>;
  last_address: Generated<string>;
  /** Absolute end of the session, whatever the refreshes; null (older sessions): created_at + lifetime. */
  expires_at: Generated<string | null>;
  /** 'logout' | 'reuse' | 'admin' | 'disabled': the last two tell the device to wipe. */
  revoked_reason: Generated<string | null>;
}

/** Access and refresh tokens, stored only as SHA-256 of the token. */
export interface AuthTokensTable {
  token_hash: string;
  session_id: string;
  kind: 'access' | 'refresh';
  expires_at: string;
  /** Set when a refresh token has been rotated; presenting it again means theft. */
  used_at: string | null;
}

export interface MeetingsTable {
  id: string;
  org_id: string;
  title: string;
  starts_at: string;
  ends_at: string;
  location: string;
  status: string;
  chair_id: string | null;
  updated_at: string;
  // 002_secretariat
  kind: Generated<string>;
  online_link: Generated<string>;
  host_agency: Generated<string>;
  quorum_numerator: Generated<number>;
  quorum_denominator: Generated<number>;
  published_at: Generated<string | null>;
  revision: Generated<number>;
}

export interface ParticipantsTable {
  id: string;
  meeting_id: string;
  user_id: string;
  role: string;
  // 002_secretariat
  attendance: Generated<string>;
  delegate_name: Generated<string>;
  delegate_user_id: Generated<string | null>;
  checked_in_at: Generated<string | null>;
  checked_in_by: Generated<string | null>;
  revision: Generated<number>;
}

export interface AgendaItemsTable {
  id: string;
  meeting_id: string;
  position: number;
  title: string;
  presenter_id: string | null;
  presenter_label: string;
  planned_minutes: number;
  updated_at: string;
  // 002_secretariat
  presenter_agency: Generated<string>;
  revision: Generated<number>;
}

export interface DocumentsTable {
  id: string;
  meeting_id: string;
  agenda_item_id: string | null;
  title: string;
  file_name: string;
  sha256: string;
  size: number;
  version: number;
  classification: string;
  updated_at: string;
  /** 002_secretariat: optimistic-concurrency counter. */
  revision: Generated<number>;
  /** 1 / 0, or NULL = follow the classification (migration 003). */
  allow_print: Generated<number | null>;
  allow_download: Generated<number | null>;
}

export interface DocumentVersionsTable {
  id: Generated<number>;
  document_id: string;
  version: number;
  sha256: string;
  size: number;
  file_name: string;
  created_by: string | null;
  created_at: string;
  /** UUID under which the version travels to clients (002_secretariat). */
  uid: Generated<string | null>;
}

export interface DocumentViewsTable {
  id: string;
  user_id: string;
  document_id: string;
  version: number;
  viewed_at: string;
}

export interface BlobsTable {
  sha256: string;
  size: number;
  created_at: string;
}

export interface ChangeLogTable {
  seq: Generated<number>;
  entity: string;
  entity_id: string;
  op: 'upsert' | 'delete';
  scope: string;
  created_at: string;
}

export interface AppliedMutationsTable {
  id: string;
  user_id: string;
  kind: string;
  result_json: string;
  created_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  user_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  before_json: string | null;
  after_json: string | null;
  at: string;
  /** 011_audit_chain: the previous entry's hash (64 zeros for the first) and this entry's. */
  prev_hash: string | null;
  hash: string | null;
  /** 017_organisations: the organisation the entry belongs to (outside the chained content); null: the deployment. */
  org_id: Generated<string | null>;
}

/** 002_secretariat: who may read a confidential document (besides the secretariat). */
export interface DocumentReadersTable {
  document_id: string;
  user_id: string;
}

export interface NoticesTable {
  id: string;
  user_id: string;
  meeting_id: string;
  kind: string;
  title: string;
  sha256: string | null;
  size: number | null;
  created_at: string;
  read_at: string | null;
}

export interface MeetingChangesTable {
  id: string;
  meeting_id: string;
  change: string;
  subject: string;
  by_user_id: string | null;
  at: string;
}

export interface MinutesTable {
  id: string;
  meeting_id: string;
  body: string;
  conclusions: string;
  document_id: string | null;
  revision: Generated<number>;
  updated_at: string;
}

export interface TasksTable {
  id: string;
  meeting_id: string;
  title: string;
  agency: string;
  assignee: string;
  deadline: string;
  expected_result: string;
  follower: string;
  status: string;
  revision: Generated<number>;
  updated_at: string;
}

/** 006_annotations: private annotations (W3C JSON), tombstones, shared copies. */
export interface AnnotationsTable {
  id: string;
  user_id: string;
  document_id: string;
  meeting_id: string;
  shared_from_id: string | null;
  data_json: string;
  shared: number;
  deleted: number;
  revision: number;
  updated_at: string;
}

/** 006_annotations: what the chair / presenter shows in a meeting. */
export interface PresentationsTable {
  meeting_id: string;
  document_id: string | null;
  page: number;
  presenter_id: string | null;
  updated_at: string;
}

/** Small key/value facts about the server itself, e.g. how far the change log was compacted. */
export interface ServerMetaTable {
  key: string;
  value: string;
}

/** 013_login_throttle: failed sign-ins per hashed (account, client network); times in epoch ms. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  blocked_until: number;
  last_failure_at: number;
}

/** 005_signing_workflow: one request to sign a document (trình ký). */
export interface SignatureRequestsTable {
  id: string;
  org_id: string;
  meeting_id: string;
  document_id: string;
  document_title: string;
  file_name: string;
  base_version: number;
  base_sha256: string;
  current_sha256: string;
  current_size: number;
  status: string;
  note: string;
  created_by: string;
  created_at: string;
  issued_version: number | null;
  revision: number;
  updated_at: string;
  /** 007_signing_settings: 1 when the first signature certifies the document (DocMDP P=2). */
  certify: Generated<number>;
}

/** 005_signing_workflow: the ordered signers of a request. */
export interface SignatureStepsTable {
  id: string;
  request_id: string;
  position: number;
  user_id: string;
  role: string;
  status: string;
  acted_at: string | null;
  sha256: string | null;
  comment: string;
  /** 007_signing_settings: the signing certificate's CN, and whether it matched the signer's name. */
  certificate_name: string | null;
  name_check: string | null;
}

/** 007_signing_settings: the organisation's seal image and certificate-name policy. */
export interface OrgSigningSettingsTable {
  org_id: string;
  seal_sha256: string | null;
  seal_size: number | null;
  name_check: string;
  revision: number;
  updated_by: string | null;
  updated_at: string;
}

export interface Database {
  organizations: OrganizationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  auth_tokens: AuthTokensTable;
  meetings: MeetingsTable;
  participants: ParticipantsTable;
  agenda_items: AgendaItemsTable;
  documents: DocumentsTable;
  document_versions: DocumentVersionsTable;
  document_views: DocumentViewsTable;
  blobs: BlobsTable;
  change_log: ChangeLogTable;
  applied_mutations: AppliedMutationsTable;
  audit_log: AuditLogTable;
  server_meta: ServerMetaTable;
  // 002_secretariat
  document_readers: DocumentReadersTable;
  notices: NoticesTable;
  meeting_changes: MeetingChangesTable;
  minutes: MinutesTable;
  tasks: TasksTable;
  // 006_annotations
  annotations: AnnotationsTable;
  presentations: PresentationsTable;
  // 005_signing_workflow
  signature_requests: SignatureRequestsTable;
  signature_steps: SignatureStepsTable;
  org_signing_settings: OrgSigningSettingsTable;
  // 013_login_throttle
  login_throttle: LoginThrottleTable;
  // 017_organisations
  organisation_members: OrganisationMembersTable;
  blob_orgs: BlobOrgsTable;
}

export type UserRow = Selectable<UsersTable>;
export type MeetingRow = Selectable<MeetingsTable>;
export type ParticipantRow = Selectable<ParticipantsTable>;
export type AgendaItemRow = Selectable<AgendaItemsTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type DocumentViewRow = Selectable<DocumentViewsTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type NewUser = Insertable<UsersTable>;
