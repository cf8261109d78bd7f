/**
 * Vietnamese administrative documents (Decree 30/2020 layout: national heading, embedded
 * Liberation Serif, numbered pages). The renderer was written for the demo seed; the
 * secretariat's generated papers (invitation, minutes) use the same one.
 */
import type { DemoDocument } from '../demo/content-types';
import { renderDemoPdf, vietnameseDate, type RenderDemoPdfOptions } from '../demo/pdf';

export type OfficialDocument = DemoDocument;
export type OfficialPdfOptions = RenderDemoPdfOptions;
export { vietnameseDate };

export function renderOfficialPdf(doc: OfficialDocument, org: { name: string }, opts: OfficialPdfOptions = {}): Promise<Uint8Array> {
  return renderDemoPdf(doc, org, opts);
}

/** "08:30" in Vietnam time (UTC+7, no daylight saving). */
export function vietnamTime(iso: string): string {
  return new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(11, 16);
}

/** "dd/mm/yyyy" in Vietnam time. */
export function vietnamDate(iso: string): string {
  const d = new Date(Date.parse(iso) + 7 * 3600_000).toISOString();
  return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
}

const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'];
export function vietnamWeekday(iso: string): string {
  return WEEKDAYS[new Date(Date.parse(iso) + 7 * 3600_000).getUTCDay()];
}

export const MEETING_KIND_VI = { regular: 'phiên họp thường kỳ', extraordinary: 'phiên họp bất thường', thematic: 'phiên họp chuyên đề' } as const;
