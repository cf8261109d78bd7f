/**
 * How long a document stays on members' devices, per classification: the organisation's policy
 * (stored on the server, sent to clients with the organisation row) and the pure rule that turns
 * it into "leaves this device on …". The client enforces it; the server keeps every document.
 */
import { z } from 'zod';
import { lazySchema } from '../lazy-schema';

export const RetentionRule = lazySchema(() => z.object({
  /** Days after the meeting closes until cached copies are removed; null: kept. */
  daysAfterClose: z.number().int().min(0).max(3650).nullable(),
  /** Whether a removed document may be downloaded again (online) to read it. */
  redownload: z.boolean(),
}));
export type RetentionRule = z.infer<typeof RetentionRule>;

/** Keys are the document classifications (shared/entities.ts `Classification`). */
export const RetentionPolicy = lazySchema(() => z.object({
  public: RetentionRule,
  internal: RetentionRule,
  confidential: RetentionRule,
}));
export type RetentionPolicy = z.infer<typeof RetentionPolicy>;

/** Until an organisation sets its own: confidential papers leave devices 30 days after the meeting. */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = {
  public: { daysAfterClose: null, redownload: true },
  internal: { daysAfterClose: null, redownload: true },
  confidential: { daysAfterClose: 30, redownload: true },
};

export const DocumentRetention = lazySchema(() => z.object({
  /** When cached copies leave the device; null: never. Provisional until the meeting closes. */
  removeAt: z.string().nullable(),
  /** The date has passed: the device must not keep the file or its text. */
  removed: z.boolean(),
  /** May be downloaded again to read it (when online). */
  redownload: z.boolean(),
}));
export type DocumentRetention = z.infer<typeof DocumentRetention>;

const DAY_MS = 24 * 3600 * 1000;

/**
 * The retention of one document of one meeting. The meeting "closes" at its scheduled end; a
 * meeting not closed yet is never removed (its date is shown as what the rule will give).
 */
export function documentRetention(
  policy: RetentionPolicy,
  doc: { classification: keyof RetentionPolicy },
  meeting: { status: string; endsAt: string },
  now: Date,
): DocumentRetention {
  const rule = policy[doc.classification];
  if (rule.daysAfterClose === null) return { removeAt: null, removed: false, redownload: rule.redownload };
  const removeAt = new Date(Date.parse(meeting.endsAt) + rule.daysAfterClose * DAY_MS).toISOString();
  const removed = meeting.status === 'closed' && Date.parse(removeAt) <= now.getTime();
  return { removeAt, removed, redownload: rule.redownload };
}
