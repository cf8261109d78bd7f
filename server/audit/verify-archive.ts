/**
 * Checks a meeting archive: the CAdES signature of manifest.json (manifest.json.p7s), then every
 * file against the manifest's SHA-256 and size, and that no file was added or removed. Reads
 * the zip through its central directory, one file at a time.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { unzipSync, type UnzipFileInfo } from 'fflate';
import { checkCms, parseCms } from '../../signing/verify/cms-verify';
import { fingerprintOf } from '../secretariat/archive-key';
import { MANIFEST, MANIFEST_SIGNATURE, type ArchiveManifest } from '../secretariat/archive';

export type ArchiveProblem =
  | { code: 'not_zip' | 'no_manifest' | 'bad_signature' | 'untrusted_signer' }
  | { code: 'file_changed' | 'file_missing' | 'file_extra'; path: string };

export interface ArchiveReport {
  ok: boolean;
  problems: ArchiveProblem[];
  manifest: ArchiveManifest | null;
  signer: { subject: string; fingerprint: string; selfSigned: boolean } | null;
  filesChecked: number;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function entryNames(zip: Uint8Array): string[] {
  const names: string[] = [];
  unzipSync(zip, {
    filter: (f: UnzipFileInfo) => {
      names.push(f.name);
      return false;
    },
  });
  return names;
}

const readEntry = (zip: Uint8Array, name: string): Uint8Array | undefined => unzipSync(zip, { filter: (f) => f.name === name })[name];

/** `trusted`: certificates (DER or PEM) the signer must be, or be issued by; empty = report the signer only. */
export async function verifyArchive(file: string, trusted: Uint8Array[] = []): Promise<ArchiveReport> {
  const report: ArchiveReport = { ok: false, problems: [], manifest: null, signer: null, filesChecked: 0 };
  let zip: Uint8Array;
  let names: string[];
  try {
    zip = await readFile(file);
    names = entryNames(zip);
  } catch {
    report.problems.push({ code: 'not_zip' });
    return report;
  }
  const manifestBytes = names.includes(MANIFEST) ? readEntry(zip, MANIFEST) : undefined;
  const signatureBytes = names.includes(MANIFEST_SIGNATURE) ? readEntry(zip, MANIFEST_SIGNATURE) : undefined;
  if (!manifestBytes || !signatureBytes) {
    report.problems.push({ code: 'no_manifest' });
    return report;
  }
  const cms = parseCms(signatureBytes);
  const check = cms ? checkCms(cms, (algorithm) => createHash(algorithm).update(manifestBytes).digest()) : null;
  if (!cms?.signer || !check?.ok) {
    report.problems.push({ code: 'bad_signature' });
    return report;
  }
  const signer = cms.signer;
  report.signer = {
    subject: signer.subject.replace(/\n/g, ', '),
    fingerprint: fingerprintOf(new Uint8Array(signer.raw)),
    selfSigned: signer.subject === signer.issuer && signer.verify(signer.publicKey),
  };
  if (trusted.length > 0) {
    const anchors = trusted.map((t) => new X509Certificate(Buffer.from(t)));
    const ok = anchors.some((a) => a.raw.equals(signer.raw) || (signer.checkIssued(a) && signer.verify(a.publicKey)));
    if (!ok) report.problems.push({ code: 'untrusted_signer' });
  }
  let manifest: ArchiveManifest;
  try {
    manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8')) as ArchiveManifest;
  } catch {
    report.problems.push({ code: 'no_manifest' });
    return report;
  }
  report.manifest = manifest;
  const listed = new Set(manifest.files.map((f) => f.path));
  for (const f of manifest.files) {
    const bytes = names.includes(f.path) ? readEntry(zip, f.path) : undefined;
    if (!bytes) report.problems.push({ code: 'file_missing', path: f.path });
    else if (bytes.byteLength !== f.size || sha256(bytes) !== f.sha256) report.problems.push({ code: 'file_changed', path: f.path });
    else report.filesChecked += 1;
  }
  for (const n of names) if (!listed.has(n) && n !== MANIFEST && n !== MANIFEST_SIGNATURE) report.problems.push({ code: 'file_extra', path: n });
  report.ok = report.problems.length === 0;
  return report;
}
