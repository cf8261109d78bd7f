/**
 * Vietnamese administrative documents (Decree 30/2020 layout: national heading, embedded
 * Liberation Serif, numbered pages). The renderer was written for the demo seed; the
 * secretariat's generated papers (invitation, minutes) use the same one.
 */
import type { DemoDocument } from '../demo/content-types';
import { renderDemoPdf, vietnameseDate, type RenderDemoPdfOptions } from '../demo/pdf';
import { vietnamParts } from '../../shared/time/vietnam-time';

export type OfficialDocument = DemoDocument;
export type OfficialPdfOptions = RenderDemoPdfOptions;
export { vietnameseDate };

export function renderOfficialPdf(doc: OfficialDocument, org: { name: string }, opts: OfficialPdfOptions = {}): Promise<Uint8Array> {
  return renderDemoPdf(doc, org, opts);
}

/** "08:30" and "dd/mm/yyyy" in Vietnam time. */
export { vietnamDate, vietnamTime } from '../../shared/time/vietnam-time';

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
export function vietnamWeekday(iso: string): string {
  return WEEKDAYS[vietnamParts(iso).weekday];
}

export const MEETING_KIND_VI = { regular: 'phiên họp thường kỳ', extraordinary: 'phiên họp bất thường', thematic: 'phiên họp chuyên đề' } as const;
