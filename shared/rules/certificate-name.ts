/**
 * Does a signing certificate name the person who signs? Vietnamese names are compared with
 * their diacritics (Hùng and Hưng are different people) but independent of Unicode form
 * (NFC vs NFD, as CAs and keyboards differ), letter case and spacing. A CN may carry an
 * identifier after the name ("Nguyễn Văn An - 0123456789", "Nguyễn Văn An (CMND 012…)"), as
 * some Vietnamese CAs issue them; the name part must then match exactly.
 */
export function normalizePersonName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
}

export function certificateNamesPerson(commonName: string, fullName: string): boolean {
  const cn = normalizePersonName(commonName);
  const want = normalizePersonName(fullName);
  if (!want) return false;
  if (cn === want) return true;
  // The name followed by a separator and an identifier with at least one digit.
  if (!cn.startsWith(want)) return false;
  const rest = cn.slice(want.length);
  return /^\s*[-–,;:(/|]\s*.*\d/.test(rest);
}
