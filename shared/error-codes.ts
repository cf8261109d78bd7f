/**
 * Every error that crosses a boundary (HTTP, bridge) carries one of these codes.
 * The UI translates the code (see shared/i18n); `message` is a fallback for logs and scripts.
 * A plain list (no zod) so that code which only throws errors does not load zod; the schema is
 * `ErrorCode` in errors.ts.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthenticated',
  'invalid_credentials',
  'account_locked',
  'login_throttled',
  'token_expired',
  // Revocable devices and accounts, absolute session lifetime, retention on devices
  'device_revoked',
  'account_disabled',
  'session_expired',
  'retention_removed',
  'forbidden',
  'not_found',
  'conflict',
  'cursor_expired',
  'payload_too_large',
  'not_pdf',
  'hash_mismatch',
  'range_not_satisfiable',
  'rate_limited',
  'offline',
  'server_unreachable',
  'blob_corrupt',
  // The server's blob store (its folder or S3 bucket) does not answer
  'blob_store_unavailable',
  'not_signed_in',
  // Secretariat
  'meeting_closed',
  'publish_no_chair',
  'publish_no_participants',
  'office_conversion_unavailable',
  'office_conversion_failed',
  // Digital signatures
  'signing_failed',
  'wrong_password',
  'key_not_found',
  'pin_incorrect',
  'pin_locked',
  'token_not_found',
  'timestamp_failed',
  // A PDF past the safe limits of inflated size, objects, nesting or time (a "PDF bomb")
  'pdf_too_complex',
  // Long-term signatures (B-LT, B-LTA): what they need could not be had
  'certificate_chain_incomplete',
  'revocation_unavailable',
  // A PDF whose structure (cross-references, object streams, page tree) is broken beyond a safe
  // repair, or password-protected: it cannot be signed
  'pdf_damaged',
  'pdf_encrypted',
  // Signing workflow
  'signed_upload_refused',
  // The file sent for signature had broken cross-references: signing had to rewrite it, so the
  // result is not an incremental update of that revision and the workflow cannot take it
  'signed_file_repaired',
  'not_your_turn',
  // Digital signatures, part 3
  'certificate_name_mismatch',
  'pkcs11_module_not_allowed',
  // Live meeting, votes, written opinions
  'vote_closed',
  'vote_not_eligible',
  'vote_not_present',
  'already_voted',
  'duplicate_request',
  'vote_already_open',
  'vote_no_quorum',
  'document_not_numbered',
  'opinion_deadline_passed',
  'ballot_box_unavailable',
  'opinion_attachment_confidential',
  'deputy_not_allowed',
  // The client services run in their own process; the shell restarts it if it dies.
  'services_restarted',
  'services_unavailable',
  // The client cache is encrypted with a key only this OS account's keychain can unseal.
  'cache_locked',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Codes that mean "the server cannot be reached right now": the failure says nothing about the
 * request, so the client works from its cache, shows "offline" and tries again later.
 */
export const UNREACHABLE_ERROR_CODES = ['server_unreachable', 'offline'] as const satisfies readonly (typeof ERROR_CODES)[number][];

/** Whether an error (an AppError, a bridge error value, or a bare code) means the server cannot be reached right now. */
export function isUnreachable(e: unknown): boolean {
  const code = typeof e === 'string' ? e : typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined;
  return typeof code === 'string' && (UNREACHABLE_ERROR_CODES as readonly string[]).includes(code);
}
