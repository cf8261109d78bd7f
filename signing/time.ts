/** Times as Decree 30/2020 and PDF want them, in Vietnam time (UTC+07:00, no daylight saving). */
import { vietnamParts } from '../shared/time/vietnam-time';

/** ISO 8601 with +07:00, e.g. 2026-03-05T09:30:00+07:00. */
export { isoVietnam } from '../shared/time/vietnam-time';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A PDF date string, e.g. D:20260305093000+07'00'. */
export function pdfDateVietnam(date: Date): string {
  const p = vietnamParts(date);
  return `D:${p.year}${pad(p.month)}${pad(p.day)}${pad(p.hour)}${pad(p.minute)}${pad(p.second)}+07'00'`;
}

/** Parses a PDF date (D:YYYYMMDDHHmmSSOHH'mm') into a Date; null when malformed. */
export function parsePdfDate(text: string): Date | null {
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz]|[+-]\d{2}'?\d{2}'?|[+-]\d{2})?/.exec(text.trim());
  if (!m) return null;
  const [, y, mo = '01', d = '01', h = '00', mi = '00', s = '00', tz] = m;
  let offset = 'Z';
  if (tz && tz !== 'Z' && tz !== 'z') {
    const t = /^([+-])(\d{2})'?(\d{2})?/.exec(tz)!;
    offset = `${t[1]}${t[2]}:${t[3] ?? '00'}`;
  }
  const date = new Date(`${y}-${mo}-${d}T${h}:${mi}:${s}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}
