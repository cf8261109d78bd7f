/**
 * The office file a PDF was converted from (migration 013), kept as a blob of its own. It goes
 * to whoever may read the PDF and download it (the document's print/download rule: a
 * confidential document's original stays on the server unless the secretariat allows it), and
 * each download is audited.
 */
import { documentPermissions } from '../../shared/rules/documents';
import { isSecretariat } from '../../shared/rules/meetings';
import type { OfficeOriginal } from '../../shared/office-originals';
import type { Db } from '../db/open';
import { canReadBlob, type Viewer } from '../sync/access';
import type { Classification } from '../../shared/entities';

declare module '../db/schema' {
  interface Database {
    office_originals: {
      pdf_sha256: string;
      original_sha256: string;
      file_name: string;
      size: number;
      converted_by: string | null;
      converted_at: string;
    };
  }
}

type Executor = Pick<Db, 'insertInto' | 'selectFrom'>;

export async function recordOriginal(
  trx: Executor,
  o: { pdfSha256: string; originalSha256: string; fileName: string; size: number; userId: string; at: string },
): Promise<void> {
  await trx
    .insertInto('office_originals')
    .values({ pdf_sha256: o.pdfSha256, original_sha256: o.originalSha256, file_name: o.fileName, size: o.size, converted_by: o.userId, converted_at: o.at })
    // The same PDF twice (LibreOffice wrote identical bytes): the first original stays.
    .onConflict((c) => c.column('pdf_sha256').doNothing())
    .execute();
}

/** The documents (any version) whose PDF is this one: their download rule decides. */
async function documentsUsing(db: Db, pdfSha256: string) {
  const row = ['classification', 'allow_download'] as const;
  const current = await db.selectFrom('documents').select(row).where('sha256', '=', pdfSha256).execute();
  const past = await db
    .selectFrom('document_versions')
    .innerJoin('documents', 'documents.id', 'document_versions.document_id')
    .select(['documents.classification', 'documents.allow_download'])
    .where('document_versions.sha256', '=', pdfSha256)
    .execute();
  return [...current, ...past];
}

/** The original of a PDF for this viewer; undefined when there is none or it is not his to have. */
export async function originalFor(db: Db, viewer: Viewer, pdfSha256: string): Promise<OfficeOriginal | undefined> {
  const o = await db.selectFrom('office_originals').selectAll().where('pdf_sha256', '=', pdfSha256).executeTakeFirst();
  if (!o || !(await canReadBlob(db, viewer, pdfSha256))) return undefined;
  if (!isSecretariat(viewer.role as 'member')) {
    const docs = await documentsUsing(db, pdfSha256);
    const downloadable = docs.some((d) =>
      documentPermissions({ classification: d.classification as Classification, allowDownload: d.allow_download == null ? null : d.allow_download === 1 }).download,
    );
    if (!downloadable) return undefined;
  }
  return { pdfSha256, sha256: o.original_sha256, fileName: o.file_name, size: o.size };
}

/** The original for whichever of the account's memberships may have it. */
export async function originalForAny(db: Db, viewers: readonly Viewer[], pdfSha256: string): Promise<OfficeOriginal | undefined> {
  for (const v of viewers) {
    const o = await originalFor(db, v, pdfSha256);
    if (o) return o;
  }
  return undefined;
}
