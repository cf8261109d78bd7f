/**
 * Private annotations and "follow the presenter" (part 2): the synced entities and
 * their mutations. Registered in shared/api.ts with one line each; the schemas live here.
 *
 * An annotation is stored OUTSIDE the PDF as a W3C Web Annotation (https://www.w3.org/TR/annotation-model/):
 * its target names the document, version and bytes (sha256); its selectors say where:
 * - FragmentSelector `page=N` (RFC 3778, PDF fragment identifiers),
 * - TextQuoteSelector {exact, prefix, suffix} for highlights (used to re-anchor on a new version),
 * - PdfGeometrySelector (ours): quad points, ink paths or a rectangle in PDF user space of the page.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, Instant, Sha256 } from './ids';

export const AnnotationKind = lazySchema(() => z.enum(['highlight', 'ink', 'note', 'textbox']));
export type AnnotationKind = z.infer<typeof AnnotationKind>;

export const AnnotationColor = lazySchema(() => z.enum(['yellow', 'green', 'blue', 'pink', 'red']));
export type AnnotationColor = z.infer<typeof AnnotationColor>;

/** Display colours (RGB 0..1 for PDF export, hex for screen). */
export const ANNOTATION_COLORS: Record<AnnotationColor, { hex: string; rgb: [number, number, number] }> = {
  yellow: { hex: '#ffd400', rgb: [1, 0.83, 0] },
  green: { hex: '#5fd35f', rgb: [0.37, 0.83, 0.37] },
  blue: { hex: '#4da3ff', rgb: [0.3, 0.64, 1] },
  pink: { hex: '#ff6fb5', rgb: [1, 0.44, 0.71] },
  red: { hex: '#e53935', rgb: [0.9, 0.22, 0.21] },
};

const Num = lazySchema(() => z.number().finite().min(-1e6).max(1e6));
/** One quadrilateral: x1 y1 x2 y2 x3 y3 x4 y4 (upper-left, upper-right, lower-left, lower-right), as PDF QuadPoints. */
export const Quad = lazySchema(() => z.array(Num).length(8));
export type Quad = z.infer<typeof Quad>;
export const PdfRect = lazySchema(() => z.tuple([Num, Num, Num, Num]));
export type PdfRect = z.infer<typeof PdfRect>;
const Point = lazySchema(() => z.tuple([Num, Num]));

export const PageSelector = lazySchema(() => z.object({
  type: z.literal('FragmentSelector'),
  conformsTo: z.literal('http://tools.ietf.org/rfc/rfc3778'),
  value: z.string().regex(/^page=[1-9]\d{0,4}$/),
}));

export const TextQuoteSelector = lazySchema(() => z.object({
  type: z.literal('TextQuoteSelector'),
  exact: z.string().min(1).max(5000),
  prefix: z.string().max(200),
  suffix: z.string().max(200),
}));
export type TextQuoteSelector = z.infer<typeof TextQuoteSelector>;

/**
 * Where the quote is on its page: [start, end) of the page's joined text
 * (shared/text/page-text.ts), and which occurrence of the quote it is there (0: the first,
 * white space ignored) so a phrase repeated on the page keeps the one the member chose.
 * Older annotations have none: they are found by their quote alone.
 */
export const TextPositionSelector = lazySchema(() => z.object({
  type: z.literal('TextPositionSelector'),
  start: z.number().int().min(0).max(10_000_000),
  end: z.number().int().min(0).max(10_000_000),
  'ecabinet:occurrence': z.number().int().min(0).max(1_000_000),
}));
export type TextPositionSelector = z.infer<typeof TextPositionSelector>;

export const PdfGeometrySelector = lazySchema(() => z.object({
  type: z.literal('PdfGeometrySelector'),
  /** Highlight: one quad per line of the selection. */
  quads: z.array(Quad).max(500).optional(),
  /** Ink: strokes, each a list of points. */
  paths: z.array(z.array(Point).min(1).max(5000)).max(200).optional(),
  /** Note (its icon) and text box: [x1, y1, x2, y2]. */
  rect: PdfRect.optional(),
}));
export type PdfGeometrySelector = z.infer<typeof PdfGeometrySelector>;

export const AnnotationSelector = lazySchema(() => z.discriminatedUnion('type', [PageSelector, TextQuoteSelector, TextPositionSelector, PdfGeometrySelector]));

export const WebAnnotation = lazySchema(() => z.object({
  '@context': z.literal('http://www.w3.org/ns/anno.jsonld'),
  id: z.string().regex(/^urn:uuid:[0-9a-f-]{36}$/),
  type: z.literal('Annotation'),
  motivation: z.enum(['highlighting', 'commenting', 'describing']),
  created: Instant,
  modified: Instant,
  /** The note's text (note, text box, or a comment on a highlight); empty for none. */
  body: z.array(
    z.object({ type: z.literal('TextualBody'), value: z.string().max(20_000), format: z.literal('text/plain'), purpose: z.literal('commenting') }),
  ).max(1),
  target: z.object({
    type: z.literal('SpecificResource'),
    source: z.string().regex(/^urn:ecabinet:document:[0-9a-f-]{36}$/),
    /** Which bytes the selectors refer to. */
    'ecabinet:version': z.number().int().min(1),
    'ecabinet:sha256': Sha256,
    /** `kind-<kind> color-<colour>`: how the annotation is drawn. */
    styleClass: z.string().regex(/^kind-(highlight|ink|note|textbox) color-(yellow|green|blue|pink|red)$/),
    selector: z.array(AnnotationSelector).min(2).max(4),
  }),
}));
export type WebAnnotation = z.infer<typeof WebAnnotation>;

/**
 * The synced row. `userId` is the author. A private annotation travels only in its author's
 * scope `user:<id>`; a shared copy (`sharedFromId` set) in `meeting:<id>`. Deletions are kept
 * as tombstones (`deleted`) so that "last writer wins" also works for deletes across devices.
 */
export const Annotation = lazySchema(() => z.object({
  id: Id,
  userId: Id,
  documentId: Id,
  meetingId: Id,
  annotation: WebAnnotation,
  /** Private annotation: the author shares a copy with the meeting. */
  shared: z.boolean(),
  /** Shared copy: the private annotation it copies (null for private ones). */
  sharedFromId: Id.nullable(),
  deleted: z.boolean(),
  revision: z.number().int().min(1),
  /** When the author last changed it (his device's clock): last writer wins. */
  updatedAt: Instant,
}));
export type Annotation = z.infer<typeof Annotation>;

/**
 * What the chair or the presenter shows on screen in a meeting: one row per meeting (id =
 * meeting id), in the meeting's scope. `documentId` null: nothing is presented.
 */
export const Presentation = lazySchema(() => z.object({
  id: Id,
  meetingId: Id,
  documentId: Id.nullable(),
  page: z.number().int().min(1),
  presenterId: Id.nullable(),
  updatedAt: Instant,
}));
export type Presentation = z.infer<typeof Presentation>;


// ---- helpers on the W3C form (pure) -------------------------------------------------------

export const documentUrn = (documentId: string) => `urn:ecabinet:document:${documentId}`;

export function pageOf(a: WebAnnotation): number {
  const s = a.target.selector.find((x) => x.type === 'FragmentSelector');
  return s ? Number(s.value.slice('page='.length)) : 1;
}

export function quoteOf(a: WebAnnotation): TextQuoteSelector | null {
  return (a.target.selector.find((x) => x.type === 'TextQuoteSelector') as TextQuoteSelector | undefined) ?? null;
}

export function positionOf(a: WebAnnotation): TextPositionSelector | null {
  return (a.target.selector.find((x) => x.type === 'TextPositionSelector') as TextPositionSelector | undefined) ?? null;
}

export function geometryOf(a: WebAnnotation): PdfGeometrySelector {
  return (a.target.selector.find((x) => x.type === 'PdfGeometrySelector') as PdfGeometrySelector | undefined) ?? { type: 'PdfGeometrySelector' };
}

export function styleOf(a: WebAnnotation): { kind: AnnotationKind; color: AnnotationColor } {
  const m = /^kind-(\w+) color-(\w+)$/.exec(a.target.styleClass)!;
  return { kind: m[1] as AnnotationKind, color: m[2] as AnnotationColor };
}

export function textOf(a: WebAnnotation): string {
  return a.body[0]?.value ?? '';
}

export interface AnnotationDraft {
  id: string;
  documentId: string;
  version: number;
  sha256: string;
  kind: AnnotationKind;
  color: AnnotationColor;
  page: number;
  text?: string;
  quote?: { exact: string; prefix: string; suffix: string } | null;
  /** Where the quote is on the page (with `quote` only). */
  position?: { start: number; end: number; occurrence: number } | null;
  geometry: Omit<PdfGeometrySelector, 'type'>;
  created: string;
  modified: string;
}

/** Builds the W3C form from plain fields. */
export function toWebAnnotation(d: AnnotationDraft): WebAnnotation {
  const selector: z.infer<typeof AnnotationSelector>[] = [
    { type: 'FragmentSelector', conformsTo: 'http://tools.ietf.org/rfc/rfc3778', value: `page=${d.page}` },
  ];
  if (d.quote) selector.push({ type: 'TextQuoteSelector', ...d.quote });
  if (d.quote && d.position) selector.push({ type: 'TextPositionSelector', start: d.position.start, end: d.position.end, 'ecabinet:occurrence': d.position.occurrence });
  selector.push({ type: 'PdfGeometrySelector', ...d.geometry });
  return {
    '@context': 'http://www.w3.org/ns/anno.jsonld',
    id: `urn:uuid:${d.id}`,
    type: 'Annotation',
    motivation: d.kind === 'highlight' ? 'highlighting' : d.kind === 'ink' ? 'describing' : 'commenting',
    created: d.created,
    modified: d.modified,
    body: d.text ? [{ type: 'TextualBody', value: d.text, format: 'text/plain', purpose: 'commenting' }] : [],
    target: {
      type: 'SpecificResource',
      source: documentUrn(d.documentId),
      'ecabinet:version': d.version,
      'ecabinet:sha256': d.sha256,
      styleClass: `kind-${d.kind} color-${d.color}`,
      selector,
    },
  };
}

/** Where a carried highlight's quote now is: its context and position in the new version's page. */
export interface QuoteAnchor {
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  occurrence: number;
}

/**
 * The same annotation moved to another page / version / geometry (carry-forward). With `quote`,
 * the quote's context and position become those of the new version (the member's text stays).
 */
export function retarget(
  a: WebAnnotation,
  to: { version: number; sha256: string; page: number; geometry?: Omit<PdfGeometrySelector, 'type'>; quote?: QuoteAnchor },
  modified: string,
): WebAnnotation {
  const selector: z.infer<typeof AnnotationSelector>[] = [];
  for (const s of a.target.selector) {
    if (s.type === 'FragmentSelector') selector.push({ ...s, value: `page=${to.page}` });
    else if (s.type === 'PdfGeometrySelector') selector.push(to.geometry ? { type: 'PdfGeometrySelector', ...to.geometry } : s);
    else if (s.type === 'TextPositionSelector') {
      if (!to.quote) selector.push(s);
    } else if (to.quote) {
      selector.push({ ...s, prefix: to.quote.prefix, suffix: to.quote.suffix });
      selector.push({ type: 'TextPositionSelector', start: to.quote.start, end: to.quote.end, 'ecabinet:occurrence': to.quote.occurrence });
    } else selector.push(s);
  }
  return { ...a, modified, target: { ...a.target, 'ecabinet:version': to.version, 'ecabinet:sha256': to.sha256, selector } };
}
