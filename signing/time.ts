/** Times as Decree 30/2020 and PDF want them, in Vietnam time (UTC+07:00, no daylight saving). */
const OFFSET_MS = 7 * 3600_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function vnParts(date: Date) {
  const d = new Date(date.getTime() + OFFSET_MS);
  return {
    y: d.getUTCFullYear(),
    mo: pad(d.getUTCMonth() + 1),
    d: pad(d.getUTCDate()),
    h: pad(d.getUTCHours()),
    mi: pad(d.getUTCMinutes()),
    s: pad(d.getUTCSeconds()),
  };
}

/** ISO 8601 with +07:00, e.g. 2026-03-05T09:30:00+07:00. */
export function isoVietnam(date: Date): string {
  const p = vnParts(date);
  return `${p.y}-${p.mo}-${p.d}T${p.h}:${p.mi}:${p.s}+07:00`;
}

/** A PDF date string, e.g. D:20260305093000+07'00'. */
export function pdfDateVietnam(date: Date): string {
  const p = vnParts(date);
  return `D:${p.y}${p.mo}${p.d}${p.h}${p.mi}${p.s}+07'00'`;
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
