import type { Messages } from './vi';

/** English: the second language. */
export const en: Messages = {
  errors: {
    bad_request: 'The request is not valid.',
    validation_failed: 'The data is not valid.',
    unauthenticated: 'Your session has expired. Please sign in again.',
    invalid_credentials: 'Wrong username or password.',
    account_locked: 'The account is locked after repeated failed sign-ins. Try again in {{minutes}} minutes.',
    token_expired: 'Your session has expired.',
    forbidden: 'You are not allowed to do this.',
    not_found: 'Not found.',
    conflict: 'Someone else changed this in the meantime.',
    cursor_expired: 'Sync data was too old; reloading everything.',
    payload_too_large: 'The file is too large.',
    not_pdf: 'Only PDF files are accepted.',
    hash_mismatch: 'The file was damaged in transfer (hash mismatch).',
    range_not_satisfiable: 'The requested range is not valid.',
    rate_limited: 'Too many requests. Please try again later.',
    offline: 'Offline: the server cannot be reached.',
    server_unreachable: 'The server cannot be reached.',
    blob_corrupt: 'A cached file was damaged; downloading it again.',
    not_signed_in: 'You are not signed in.',
    internal: 'Something went wrong. Please try again.',
  },
};
