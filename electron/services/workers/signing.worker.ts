/**
 * Worker thread: PAdES signing and verification, PKCS#12 import and PKCS#11 token calls. A
 * signature over a large PDF (parsing, incremental update, hashing, CMS, timestamp) or a slow
 * token must not hold up the thread that answers the UI. One thread runs these one at a time:
 * a PKCS#11 library is initialised and finalised per process, so two calls on two threads
 * could end each other's sessions.
 */
import crypto from 'node:crypto';
import { readDocumentFileInWorker } from '../crypto/blob-file';
import type { Annotation } from '../../../shared/annotations';
import { exportWithNotes as exportPdfWithNotes } from '../annotations/export-pdf';
import { PDFDocument } from '@cantoo/pdf-lib';
import { isAppError } from '../../../shared/errors';
import type { PadesLevel } from '../../../shared/signing';
import { checkPdfLimits, defaultSignerRect, Pkcs11Module, signPdf, verifyPdf, type SignatureAppearance, type SigningKey, type SignPdfOptions } from '../../../signing/index';
import { KeyStore, type StoredKeyInfo } from '../keys/key-store';
import { settle, type TaskResult } from './task-result';

/** Which key signs: one of the key store (unlocked with its password) or one on a token. */
export type KeySpec =
  | { kind: 'stored'; keysDir: string; keyId: string; password: string }
  | { kind: 'pkcs11'; module: string; tokenLabel?: string; pin: string; certificateId?: string };

export interface SignTask {
  /** The PDF to sign (a verified cached blob). */
  file: string;
  /** The key of the encrypted cached blob (crypto/blob-file.ts); set by the signing client. */
  keyHex?: string;
  key: KeySpec;
  /** For a seal with `overDefaultSigner`, `over` is the default signer rectangle of the last page. */
  appearance: SignatureAppearance;
  overDefaultSigner?: boolean;
  options: Omit<SignPdfOptions, 'key' | 'appearance'>;
}

export interface SignTaskResult {
  bytes: Uint8Array;
  sha256: string;
  level: PadesLevel;
  warnings: string[];
  /** The input's cross-references were broken and it was rewritten before signing. */
  repaired: boolean;
}

async function withKey<T>(spec: KeySpec, use: (key: SigningKey) => Promise<T>): Promise<T> {
  if (spec.kind === 'stored') return use(await new KeyStore(spec.keysDir).unlock(spec.keyId, spec.password));
  const mod = new Pkcs11Module(spec.module);
  try {
    return await use(mod.signingKey(mod.login(spec.tokenLabel, spec.pin), spec.certificateId));
  } finally {
    mod.close();
  }
}

/** Width of the last page (where the first official's signature sits, which the seal covers). */
async function lastPageWidth(pdf: Uint8Array): Promise<number> {
  checkPdfLimits(pdf);
  const doc = await PDFDocument.load(pdf, { updateMetadata: false, ignoreEncryption: true });
  const pages = doc.getPages();
  return pages[pages.length - 1].getSize().width;
}

/** Signs at the configured level; when the timestamp authority cannot be reached, B-B with a warning. */
async function signAtLevel(bytes: Uint8Array, opts: SignPdfOptions): Promise<{ bytes: Uint8Array; level: PadesLevel; warnings: string[]; repaired: boolean }> {
  try {
    return await signPdf(bytes, opts);
  } catch (e) {
    if (!(isAppError(e) && e.code === 'timestamp_failed') || opts.level === 'B-B') throw e;
    const r = await signPdf(bytes, { ...opts, level: 'B-B', tsaUrl: undefined });
    return { ...r, warnings: [...r.warnings, 'timestamp_unavailable'] };
  }
}

export function sign(t: SignTask): Promise<TaskResult<SignTaskResult>> {
  return settle(async () => {
    const pdf = new Uint8Array(await readDocumentFileInWorker(t.file, t.keyHex));
    const appearance: SignatureAppearance =
      t.appearance.kind === 'seal' && t.overDefaultSigner ? { ...t.appearance, over: defaultSignerRect(await lastPageWidth(pdf)) } : t.appearance;
    const out = await withKey(t.key, (key) => signAtLevel(pdf, { ...t.options, key, appearance }));
    return { bytes: out.bytes, sha256: crypto.createHash('sha256').update(out.bytes).digest('hex'), level: out.level, warnings: out.warnings, repaired: out.repaired };
  });
}

/**
 * A copy of a document with the reader's notes as PDF annotations. The document may be hostile
 * like any file from elsewhere: measured against the PDF limits before pdf-lib parses it, in
 * the thread that time and heap limits may end (the verification thread).
 */
export function exportWithNotes(t: { file: string; keyHex?: string; annotations: Annotation[]; authorNames: Record<string, string> }) {
  return settle(async () => {
    const pdf = new Uint8Array(await readDocumentFileInWorker(t.file, t.keyHex));
    checkPdfLimits(pdf);
    return exportPdfWithNotes(pdf, t.annotations, { authorName: (a) => t.authorNames[a.userId] ?? '' });
  });
}

export function verify(t: { file: string; keyHex?: string; trustRoots: string[]; online: boolean }) {
  return settle(async () => verifyPdf(new Uint8Array(await readDocumentFileInWorker(t.file, t.keyHex)), { trustRoots: t.trustRoots, online: t.online }));
}

export function importPkcs12(t: { keysDir: string; bytes: Uint8Array; password: string }): Promise<TaskResult<StoredKeyInfo>> {
  return settle(() => new KeyStore(t.keysDir).importPkcs12(t.bytes, t.password));
}

export function pkcs11Tokens(t: { module: string }) {
  return settle(() => {
    const mod = new Pkcs11Module(t.module);
    try {
      return mod.tokens();
    } finally {
      mod.close();
    }
  });
}

export function pkcs11Certificates(t: { module: string; tokenLabel?: string; pin: string }) {
  return settle(() => {
    const mod = new Pkcs11Module(t.module);
    try {
      return mod.certificates(mod.login(t.tokenLabel, t.pin)).map((c) => ({ id: c.id, label: c.label, subject: c.subject, notAfter: c.notAfter }));
    } finally {
      mod.close();
    }
  });
}
