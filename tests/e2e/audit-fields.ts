/**
 * The fields an audit log holds (every organisation's entries, as the secretariat reads them) and
 * those without a name in Vietnamese or in English (shared/i18n/audit.ts, audit.field.*): such a
 * field would show the secretariat its code ("expectedResult") instead of a name.
 */
import type { Db } from '../../server/db/open';
import { auditEntries } from '../../server/secretariat/audit';
import { namedParts } from '../../shared/audit';
import { translate } from '../../shared/i18n';

export async function auditFieldNames(db: Db): Promise<{ fields: string[]; unnamed: string[] }> {
  const orgs = await db.selectFrom('organizations').select('id').execute();
  const fields = new Set<string>();
  for (const { id } of orgs) for (const e of await auditEntries(db, id, { limit: 5000 })) for (const c of e.changes) fields.add(c.field);
  // Each named part of a field ("steps.1.userId": steps, userId).
  const parts = new Set([...fields].flatMap(namedParts));
  const unnamed = [...parts].filter((f) => (['vi', 'en'] as const).some((locale) => translate(locale, `audit.field.${f}`) === `audit.field.${f}`));
  return { fields: [...fields], unnamed };
}
