/** Contracts of the reader's bridge methods: search across cached documents, reading positions. */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, Instant } from './ids';
import { Classification } from './entities';

export const SearchQuery = lazySchema(() => z.object({
  query: z.string().trim().min(1).max(200),
  /** Most page hits returned (default 200). */
  limit: z.number().int().min(1).max(1000).optional(),
}));

export const SnippetPart = lazySchema(() => z.object({ text: z.string(), hit: z.boolean() }));

export const SearchPageHit = lazySchema(() => z.object({
  page: z.number().int().min(1),
  /** Occurrences of the query on this page. */
  hits: z.number().int().min(1),
  snippet: z.array(SnippetPart),
}));
export type SearchPageHit = z.infer<typeof SearchPageHit>;

export const SearchDocumentGroup = lazySchema(() => z.object({
  documentId: Id,
  title: z.string(),
  classification: Classification,
  version: z.number().int(),
  pages: z.array(SearchPageHit),
}));
export type SearchDocumentGroup = z.infer<typeof SearchDocumentGroup>;

export const SearchMeetingGroup = lazySchema(() => z.object({
  meetingId: Id,
  title: z.string(),
  startsAt: Instant,
  documents: z.array(SearchDocumentGroup),
}));
export type SearchMeetingGroup = z.infer<typeof SearchMeetingGroup>;

export const SearchResults = lazySchema(() => z.object({
  query: z.string(),
  groups: z.array(SearchMeetingGroup),
  /** Pages that matched (capped by `limit`). */
  pageCount: z.number().int().min(0),
  truncated: z.boolean(),
  /** Cached documents whose text is not indexed yet (search may miss them for now). */
  pendingDocuments: z.number().int().min(0),
}));
export type SearchResults = z.infer<typeof SearchResults>;

export const ZoomSetting = lazySchema(() => z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('auto') }),
  z.object({ mode: z.literal('fitWidth') }),
  z.object({ mode: z.literal('fitPage') }),
  z.object({ mode: z.literal('manual'), scale: z.number().min(0.1).max(10) }),
]));
export type ZoomSetting = z.infer<typeof ZoomSetting>;

/** Where a reader was in a document: restored when he opens it again. */
export const ReadingPosition = lazySchema(() => z.object({
  page: z.number().int().min(1),
  /** How far down the page the top of the view was, 0..1 (survives zoom changes). */
  offset: z.number().min(0).max(1),
  zoom: ZoomSetting,
  rotation: z.union([z.literal(0), z.literal(90), z.literal(180), z.literal(270)]),
}));
export type ReadingPosition = z.infer<typeof ReadingPosition>;

export const ReaderBridgeMethods = {
  'search.query': { input: SearchQuery, output: SearchResults },
  /**
   * The indexed text of each page of a cached document (empty until it is indexed): the reader's
   * find falls back to it on pages without a text layer, whose text the server recognised (OCR).
   */
  'search.documentText': { input: lazySchema(() => z.object({ documentId: Id })), output: lazySchema(() => z.object({ pages: z.array(z.string()) })) },
  'reader.getPosition': { input: lazySchema(() => z.object({ documentId: Id })), output: ReadingPosition.nullable() },
  'reader.savePosition': {
    input: lazySchema(() => z.object({ documentId: Id, position: ReadingPosition })),
    output: lazySchema(() => z.object({ ok: z.literal(true) })),
  },
} as const;
