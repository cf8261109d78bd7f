/** Several organisations (committees) in one deployment: what the server and the apps share about them. */

/**
 * A request made on behalf of one of the caller's organisations (audit log, decision rules,
 * accounts, uploads) names it in this header; without it, his home organisation. Naming one he
 * does not belong to is refused (403).
 */
export const ORGANISATION_HEADER = 'x-ecabinet-org';
