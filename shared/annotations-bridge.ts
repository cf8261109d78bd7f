/**
 * Bridge methods of private annotations and "follow the presenter" (part 2). Spread
 * into BridgeMethods (shared/bridge.ts). Must not import shared/bridge.ts (it imports this file).
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Annotation, AnnotationColor, AnnotationKind, PdfRect, Presentation, Quad } from './annotations';
import { Id } from './ids';

/** An annotation as the reader shows it: the row plus its author's name. */
export const AnnotationView = lazySchema(() => Annotation.extend({ authorName: z.string() }));
export type AnnotationView = z.infer<typeof AnnotationView>;

export const DocumentAnnotations = lazySchema(() => z.object({
  documentId: Id,
  /** The document's current version: what `mine` and `shared` are drawn on. */
  version: z.number().int().min(1),
  /** The caller's annotations on the current version. */
  mine: z.array(AnnotationView),
  /** Copies other participants shared with the meeting (current version). */
  shared: z.array(AnnotationView),
  /** The caller's annotations left on an older version: their text was not found in the new one. */
  notCarried: z.array(AnnotationView),
}));
export type DocumentAnnotations = z.infer<typeof DocumentAnnotations>;

const Point = lazySchema(() => z.tuple([z.number().finite(), z.number().finite()]));
export const AnnotationGeometryInput = lazySchema(() => z.object({
  quads: z.array(Quad).min(1).max(500).optional(),
  paths: z.array(z.array(Point).min(1).max(5000)).min(1).max(200).optional(),
  rect: PdfRect.optional(),
}));

export const QuoteAnchorInput = lazySchema(() => z
  .object({
    prefix: z.string().max(200),
    suffix: z.string().max(200),
    start: z.number().int().min(0).max(10_000_000),
    end: z.number().int().min(0).max(10_000_000),
    occurrence: z.number().int().min(0).max(1_000_000),
  })
  .refine((v) => v.end > v.start, { message: 'end must be after start', path: ['end'] }));
export type QuoteAnchorInput = z.infer<typeof QuoteAnchorInput>;

export const CreateAnnotationInput = lazySchema(() => z
  .object({
    documentId: Id,
    kind: AnnotationKind,
    color: AnnotationColor,
    page: z.number().int().min(1).max(99_999),
    text: z.string().max(20_000).optional(),
    /** Highlight: the selected text. */
    exact: z.string().trim().min(1).max(5000).optional(),
    /**
     * Highlight: where the selection is in the page's joined text (shared/annotations-anchoring.ts
     * `quoteAt`), so that a phrase repeated on the page keeps the occurrence the member chose.
     * Without it (older clients) the first occurrence of `exact` is taken.
     */
    anchor: QuoteAnchorInput.optional(),
    geometry: AnnotationGeometryInput,
  })
  .superRefine((v, ctx) => {
    const need = v.kind === 'highlight' ? 'quads' : v.kind === 'ink' ? 'paths' : 'rect';
    if (!v.geometry[need]) ctx.addIssue({ code: 'custom', path: ['geometry', need], message: `a ${v.kind} needs ${need}` });
    if (v.kind === 'highlight' && !v.exact) ctx.addIssue({ code: 'custom', path: ['exact'], message: 'a highlight needs its text' });
  }));
export type CreateAnnotationInput = z.infer<typeof CreateAnnotationInput>;

export const PresentationView = lazySchema(() => z.object({
  presentation: Presentation.nullable(),
  /** May the caller drive the shared screen of this meeting (chair, presenter, secretariat)? */
  canPresent: z.boolean(),
  presenterName: z.string().nullable(),
}));
export type PresentationView = z.infer<typeof PresentationView>;

const Ok = lazySchema(() => z.object({ ok: z.literal(true) }));

export const AnnotationBridgeMethods = {
  'annotations.list': { input: lazySchema(() => z.object({ documentId: Id })), output: DocumentAnnotations },
  'annotations.create': { input: CreateAnnotationInput, output: AnnotationView },
  /**
   * Changes the text or colour, shares / unshares with the meeting, or moves / resizes a note
   * or a text box (`rect`, PDF user space of its page).
   */
  'annotations.update': {
    input: lazySchema(() => z.object({ id: Id, text: z.string().max(20_000).optional(), color: AnnotationColor.optional(), shared: z.boolean().optional(), rect: PdfRect.optional() })),
    output: AnnotationView,
  },
  'annotations.delete': { input: lazySchema(() => z.object({ id: Id })), output: Ok },
  /**
   * "A copy with my notes": the current version with the caller's annotations written as
   * standard PDF annotations; with `includeShared`, also those others shared with the meeting
   * (marked with their authors' names). Refused when the document forbids download.
   */
  'annotations.export': {
    input: lazySchema(() => z.object({ documentId: Id, includeShared: z.boolean().optional() })),
    output: lazySchema(() => z.object({ fileName: z.string(), base64: z.string(), count: z.number().int() })),
  },
  'presentation.get': { input: lazySchema(() => z.object({ meetingId: Id })), output: PresentationView },
  'presentation.set': { input: lazySchema(() => z.object({ meetingId: Id, documentId: Id.nullable(), page: z.number().int().min(1).max(100_000) })), output: Ok },
} as const;
