import type { Kysely } from 'kysely';

/**
 * The reader: per-document print / download permissions. NULL = follow the
 * classification (confidential → not allowed); see shared/rules/documents.ts. Additive only.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('documents').addColumn('allow_print', 'integer').execute();
  await db.schema.alterTable('documents').addColumn('allow_download', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('documents').dropColumn('allow_download').execute();
  await db.schema.alterTable('documents').dropColumn('allow_print').execute();
}
