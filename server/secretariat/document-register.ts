/**
 * The register of outgoing documents (sổ văn bản đi, migration 012): the next number of a type
 * in the year of issuance, given inside the transaction that issues the paper, audited, never
 * reused. A paper issued again (an invitation re-rendered, minutes exported again) keeps the
 * number it was given.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../shared/errors';
import { issuerCode, type OutgoingDocumentType, type RegisteredNumber } from '../../shared/document-register';
import { vietnamParts } from '../../shared/time/vietnam-time';
import { recordAudit } from '../audit/record-audit';
import type { Db } from '../db/open';

declare module '../db/schema' {
  interface Database {
    document_register: {
      id: string;
      org_id: string;
      doc_type: string;
      year: number;
      number: number;
      issuer_code: string;
      subject_kind: string;
      subject_id: string;
      issued_at: string;
      issued_by: string | null;
    };
  }
}

/** What a number is given to: the meeting (invitation), its minutes, a vote (its result), a written opinion request (its summary). */
export interface RegisterSubject {
  kind: 'meeting' | 'minutes' | 'vote' | 'opinionRequest';
  id: string;
}

const toNumber = (r: { doc_type: string; year: number; number: number; issuer_code: string }): RegisteredNumber => ({
  type: r.doc_type as OutgoingDocumentType,
  year: r.year,
  number: r.number,
  issuerCode: r.issuer_code,
});

/** The number already given to this paper, if any. */
export async function registeredNumber(db: Db, type: OutgoingDocumentType, subject: RegisterSubject): Promise<RegisteredNumber | null> {
  const r = await db
    .selectFrom('document_register')
    .select(['doc_type', 'year', 'number', 'issuer_code'])
    .where('doc_type', '=', type)
    .where('subject_kind', '=', subject.kind)
    .where('subject_id', '=', subject.id)
    .executeTakeFirst();
  return r ? toNumber(r) : null;
}

/**
 * Gives the paper the next number of its type in the year of `now` (Vietnam time), or returns the
 * one it has. Call it inside the issuing transaction: the read of the highest number and the
 * insert then cannot interleave with another writer, and the unique index is the last guard.
 */
export async function assignNumber(trx: Db, input: { orgId: string; type: OutgoingDocumentType; subject: RegisterSubject; now: string; userId: string | null }): Promise<RegisteredNumber> {
  const existing = await registeredNumber(trx, input.type, input.subject);
  if (existing) return existing;
  const org = await trx.selectFrom('organizations').select('name').where('id', '=', input.orgId).executeTakeFirstOrThrow();
  const year = vietnamParts(input.now).year;
  const top = await trx
    .selectFrom('document_register')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('org_id', '=', input.orgId)
    .where('doc_type', '=', input.type)
    .where('year', '=', year)
    .executeTakeFirst();
  const row = {
    id: randomUUID(),
    org_id: input.orgId,
    doc_type: input.type,
    year,
    number: Number(top?.n ?? 0) + 1,
    issuer_code: issuerCode(org.name),
    subject_kind: input.subject.kind,
    subject_id: input.subject.id,
    issued_at: input.now,
    issued_by: input.userId,
  };
  await trx.insertInto('document_register').values(row).execute();
  const given = toNumber(row);
  await recordAudit(trx, {
    userId: input.userId,
    action: 'documentRegister.assign',
    entity: input.subject.kind,
    entityId: input.subject.id,
    after: { type: given.type, year: given.year, number: given.number, symbol: `${given.number}/${given.type}-${given.issuerCode}` },
    at: input.now,
  });
  return given;
}

/**
 * A paper goes out for signature only once it has its number: the minutes of a meeting must have
 * been issued ("Cấp số") first, so no signed minutes ever read "Dự thảo" or a blank number.
 */
export async function assertNumberedForSignature(db: Db, documentId: string): Promise<void> {
  const minutes = await db.selectFrom('minutes').select('id').where('document_id', '=', documentId).executeTakeFirst();
  if (minutes && !(await registeredNumber(db, 'BB', { kind: 'minutes', id: minutes.id })))
    throw new AppError('document_not_numbered', 'issue the minutes (give them their number) before sending them for signature', { documentId });
}
