/**
 * "Thay đổi so với phiên bản trước": what changed between two versions of a document, as the
 * desktop services compute it from the text layers of both PDFs (electron/services/versions/)
 * and the reader shows it (renderer/src/versions/). Pure contracts: zod only.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id } from './ids';

export const VersionChangeKind = lazySchema(() => z.enum(['changed', 'added', 'removed']));
export type VersionChangeKind = z.infer<typeof VersionChangeKind>;

const PageNo = lazySchema(() => z.number().int().min(1));

/**
 * A stretch of one page of the new version, as offsets in that page's joined text (the text
 * shared/text/page-text.ts joins, the same the reader's find and the search index use). A
 * removal has `start === end`: the place where the removed text was.
 */
export const PageSpan = lazySchema(() => z.object({ page: PageNo, start: z.number().int().min(0), end: z.number().int().min(0) }));
export type PageSpan = z.infer<typeof PageSpan>;

/** One piece of a change's inline view: kept, removed (old version only) or added (new version only). */
export const ChangePart = lazySchema(() => z.object({ op: z.enum(['same', 'removed', 'added']), text: z.string() }));
export type ChangePart = z.infer<typeof ChangePart>;

export const PageRange = lazySchema(() => z.object({ from: PageNo, to: PageNo }));
export type PageRange = z.infer<typeof PageRange>;

export const VersionChange = lazySchema(() => z.object({
  /** 1-based, in reading order of the new version. */
  index: z.number().int().min(1),
  kind: VersionChangeKind,
  /** Pages of the previous version the old wording was on (null: added). */
  oldPages: PageRange.nullable(),
  /** Pages of the new version the new wording is on, or where the removed text was. */
  newPages: PageRange,
  /** The wording as the documents print it (not folded), shortened when long. */
  oldText: z.string(),
  newText: z.string(),
  /** Old and new wording interleaved, word by word. */
  parts: z.array(ChangePart),
  /** Where it is in the new version (margin marks, jump). */
  spans: z.array(PageSpan).min(1),
}));
export type VersionChange = z.infer<typeof VersionChange>;

/**
 * Why a comparison is not there yet or cannot be made:
 * - `downloading`: the previous version's file is being fetched;
 * - `reading`: a version's text is being read (search indexer);
 * - `offline`: the previous version is not on this device and the server cannot be reached;
 * - `unreadable`: a version's text could not be read (a scan without a text layer, a damaged file);
 * - `no_previous`: the document has only one version.
 */
export const VersionDiffWait = lazySchema(() => z.enum(['downloading', 'reading', 'offline', 'unreadable', 'no_previous']));
export type VersionDiffWait = z.infer<typeof VersionDiffWait>;

export const VersionDiff = lazySchema(() => z.object({
  documentId: Id,
  title: z.string(),
  fromVersion: z.number().int().min(1),
  toVersion: z.number().int().min(1),
  status: z.enum(['ready', 'pending', 'unavailable']),
  reason: VersionDiffWait.nullable(),
  oldPageCount: z.number().int().min(0),
  newPageCount: z.number().int().min(0),
  changes: z.array(VersionChange),
  /** More changes than are listed (two very different files). */
  truncated: z.boolean(),
}));
export type VersionDiff = z.infer<typeof VersionDiff>;

/** At most this many changes are listed. */
export const MAX_LISTED_CHANGES = 500;
