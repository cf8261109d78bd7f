/**
 * Verifies every signature of a PDF and explains the verdict: integrity of the signed byte
 * ranges, what they cover (whole file, a revision followed by incremental updates, or an
 * anomaly), the certificate path to the configured trust roots at signing time, the
 * timestamp, revocation (embedded first, online when allowed), and DocMDP certification.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { AppError } from '../../shared/app-error';
import type { CoverageAnomaly, LaterChange, PadesLevel, RevisionUpdate, SignatureReport, VerificationReport } from '../../shared/signing';
import { checkSignerChain, validAt, type ChainResult } from '../certs/chain';
import { cnOf, summarize } from '../certs/names';
import { revocationOf, type CertRevocation } from '../certs/revocation';
import { looksLikePdf } from '../pdf/pdf-header';
import { checkPdfLimits, DEFAULT_PDF_LIMITS, type PdfLimits } from '../pdf/pdf-limits';
import { isoVietnam, parsePdfDate } from '../time';
import { checkCms, checkTimestampToken, parseCms, signatureTimestamp, signatureValue } from './cms-verify';
import { scanPdfFacts } from './fast-scan';
import { unlisted } from './raw-signatures';
import type { FoundSignature, PdfFacts } from './find-signatures';
import { allowedAfter, withFieldLock } from './later-change-rules';
import { describeUpdate, onlyWhitespace, RevisionHistory, revisionsOf, type Revision } from './revisions';
import { archiveTimestampOf, padesLevel } from './levels';

export interface VerifyOptions {
  /** Trust anchors: DER bytes, PEM text (one or several certificates) or X509Certificate. */
  trustRoots: (Uint8Array | string | X509Certificate)[];
  /** Ask OCSP responders / CRL servers named in certificates when nothing is embedded (default true). */
  online?: boolean;
  /** Validation time (default now). */
  now?: Date;
  /** What the file may ask of the parser (inflated size, objects, nesting); past it: `pdf_too_complex`. */
  limits?: PdfLimits;
  /**
   * Refuse a file any of whose streams inflates past `limits`, streams verification never decodes
   * included (default true: the app's readers and indexer would decode them). A one-off check of
   * the signatures (`ecabinet verify`, like pdfsig) may skip that when the cross-reference scan
   * reads the file; a file that needs the full parse is always measured first.
   */
  measureAllStreams?: boolean;
}

export function toCertificates(items: VerifyOptions['trustRoots']): X509Certificate[] {
  const out: X509Certificate[] = [];
  for (const item of items) {
    if (item instanceof X509Certificate) out.push(item);
    else if (typeof item === 'string' || (item instanceof Uint8Array && Buffer.from(item.subarray(0, 64)).toString('latin1').includes('-----BEGIN'))) {
      const text = typeof item === 'string' ? item : Buffer.from(item).toString('latin1');
      for (const m of text.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)) out.push(new X509Certificate(m[0]));
    } else out.push(new X509Certificate(Buffer.from(item)));
  }
  return out;
}

/** Kinds of change an update may make after a certification with permission P, for updates that cannot be parsed. */
const ALLOWED_AFTER_CERTIFICATION: Record<number, Set<string>> = {
  1: new Set(['dss', 'catalog', 'metadata']),
  2: new Set(['dss', 'catalog', 'metadata', 'signature', 'form', 'appearance', 'font', 'image', 'page', 'other']),
  3: new Set(['dss', 'catalog', 'metadata', 'signature', 'form', 'appearance', 'font', 'image', 'page', 'other', 'annotation']),
};

interface Coverage {
  anomalies: CoverageAnomaly[];
  coversWholeFile: boolean;
  revision: number | null;
  updatesAfter: RevisionUpdate[];
}

function checkCoverage(bytes: Uint8Array, sig: FoundSignature, revisions: Revision[], facts: PdfFacts, maxStructureBytes: number): Coverage {
  const anomalies: CoverageAnomaly[] = [];
  const br = sig.byteRange;
  const len = bytes.length;
  if (!br || br.length < 4 || br.length % 2 !== 0 || br.some((n) => !Number.isInteger(n) || n < 0)) {
    return { anomalies: ['byte_range_malformed'], coversWholeFile: false, revision: null, updatesAfter: [] };
  }
  if (br.length > 4) anomalies.push('gap_not_contents');
  const [a, b, c, d] = br;
  if (a !== 0) anomalies.push('range_not_from_start');
  if (a + b > c || c + d > len) return { anomalies: [...anomalies, 'byte_range_malformed'], coversWholeFile: false, revision: null, updatesAfter: [] };
  // The one gap must be exactly the /Contents hex string, nothing else left unsigned.
  const gap = Buffer.from(bytes.buffer, bytes.byteOffset + a + b, c - (a + b)).toString('latin1');
  if (!/^<[0-9A-Fa-f\s]*>$/.test(gap)) anomalies.push('gap_not_contents');
  else if (sig.contents) {
    const hex = gap.slice(1, -1).replace(/\s/g, '');
    if (!Buffer.from(hex, 'hex').equals(Buffer.from(sig.contents))) anomalies.push('gap_not_contents');
  }
  const end = c + d;
  const coversWholeFile = onlyWhitespace(bytes, end);
  const index = revisions.findIndex((r) => r.eof + 5 <= end && end <= r.end + 2 && onlyWhitespace(bytes.subarray(0, Math.max(end, r.end)), Math.min(end, r.end)));
  const revision = index >= 0 ? index + 1 : null;
  const updatesAfter: RevisionUpdate[] = [];
  if (!coversWholeFile) {
    if (index < 0) anomalies.push('content_not_reached');
    else {
      let prev = Math.max(end, revisions[index].end);
      for (let i = index + 1; i < revisions.length; i++) {
        const u = describeUpdate(bytes, prev, revisions[i].end, facts.contentObjects, maxStructureBytes);
        updatesAfter.push({ revision: i + 1, start: u.start, end: u.end, changes: u.changes, objects: u.objects });
        if (!u.wellFormed) anomalies.push('content_not_reached');
        prev = revisions[i].end;
      }
      if (!onlyWhitespace(bytes, prev)) anomalies.push('content_not_reached');
    }
  }
  return { anomalies: [...new Set(anomalies)], coversWholeFile, revision, updatesAfter };
}

/**
 * What the updates after the signed revision changed, each judged against the permission
 * `level` (the DocMDP of this signature or of the document's certification; null: approval).
 */
async function laterChangesOf(coverage: Coverage, history: RevisionHistory, level: number | null): Promise<LaterChange[]> {
  const out: LaterChange[] = [];
  for (const u of coverage.updatesAfter) {
    const changes = await history.changes(u.revision);
    if (!changes) {
      // Unparsable: judged by the kinds of objects it defines, as far as a certification goes.
      const coarse = level === null ? null : (ALLOWED_AFTER_CERTIFICATION[level] ?? ALLOWED_AFTER_CERTIFICATION[2]);
      out.push({ revision: u.revision, kind: 'unreadable', allowed: coarse ? u.changes.every((k) => coarse.has(k)) : false, fields: [], pages: [] });
      continue;
    }
    for (const c of changes) out.push({ revision: u.revision, ...c, allowed: allowedAfter(c.kind, level) });
  }
  return out;
}

function rangesDigest(bytes: Uint8Array, br: number[] | null): (algorithm: string) => Buffer {
  const cache = new Map<string, Buffer>();
  return (algorithm) => {
    let d = cache.get(algorithm);
    if (!d) {
      const h = createHash(algorithm);
      for (let i = 0; br && i + 1 < br.length; i += 2) {
        const from = Math.min(Math.max(0, br[i]), bytes.length);
        h.update(bytes.subarray(from, Math.min(bytes.length, from + Math.max(0, br[i + 1]))));
      }
      d = h.digest();
      cache.set(algorithm, d);
    }
    return d;
  };
}

/** The signed bytes themselves, for signatures over the content rather than its digest. */
function rangesContent(bytes: Uint8Array, br: number[] | null): () => Uint8Array {
  return () => {
    const parts: Uint8Array[] = [];
    for (let i = 0; br && i + 1 < br.length; i += 2) {
      const from = Math.min(Math.max(0, br[i]), bytes.length);
      parts.push(bytes.subarray(from, Math.min(bytes.length, from + Math.max(0, br[i + 1]))));
    }
    return Buffer.concat(parts);
  };
}

function aggregateRevocation(results: CertRevocation[]): { status: SignatureReport['revocation']['status']; source: SignatureReport['revocation']['source']; revokedAt: Date | null } {
  const revoked = results.find((r) => r.status === 'revoked') as Extract<CertRevocation, { status: 'revoked' }> | undefined;
  if (revoked) return { status: 'revoked', source: revoked.source, revokedAt: revoked.revokedAt };
  if (results.some((r) => r.status === 'unknown')) return { status: 'unknown', source: 'none', revokedAt: null };
  const good = results.filter((r) => r.status === 'good') as Extract<CertRevocation, { status: 'good' }>[];
  if (good.length) return { status: 'good', source: good.some((g) => g.source === 'online') ? 'online' : 'embedded', revokedAt: null };
  return { status: 'not_applicable', source: 'none', revokedAt: null };
}

interface DocumentContext {
  facts: PdfFacts;
  revisions: Revision[];
  history: RevisionHistory;
  /** DocMDP permission of the document's certification signature and the revision it signed. */
  certification: { level: number; end: number } | null;
}

async function verifyOne(bytes: Uint8Array, sig: FoundSignature, ctx: DocumentContext, roots: X509Certificate[], options: VerifyOptions, laterDocTimestamps: FoundSignature[]): Promise<SignatureReport> {
  const { facts, revisions } = ctx;
  const now = options.now ?? new Date();
  const coverage = checkCoverage(bytes, sig, revisions, facts, (options.limits ?? DEFAULT_PDF_LIMITS).maxStructureBytes);
  const end = sig.byteRange && sig.byteRange.length >= 4 ? sig.byteRange[2] + sig.byteRange[3] : 0;
  // A certification governs every change after it, also those after later approval signatures.
  const certified = sig.docMdp ?? (ctx.certification && ctx.certification.end <= end ? ctx.certification.level : null);
  // A field lock's P (PDF 2.0) narrows what may change after this signature, like DocMDP.
  const lockP = sig.fieldLock?.p ?? null;
  const level = lockP === null ? certified : Math.min(certified ?? 3, lockP);
  // Fields the signature locked (FieldMDP) may not change after it, whatever else is allowed.
  const laterChanges = withFieldLock(await laterChangesOf(coverage, ctx.history, level), sig.fieldLock);
  // An unreadable update after an approval signature leaves the verdict open; anything else disallowed is a breach.
  const unknownOnly = (c: LaterChange) => c.kind === 'unreadable' && level === null;
  if (laterChanges.some((c) => !c.allowed && !unknownOnly(c))) coverage.anomalies.push(sig.docMdp !== null ? 'changed_after_certification' : 'changed_after_signing');
  const digestOf = rangesDigest(bytes, sig.byteRange);
  const reasons: string[] = [];
  const isDocTimestamp = sig.subFilter === 'ETSI.RFC3161' || sig.type === 'DocTimeStamp';
  const report: SignatureReport = {
    field: sig.field,
    signer: sig.name,
    signedAt: null,
    signedAtSource: 'unknown',
    subFilter: sig.subFilter,
    level: null,
    coversWholeFile: coverage.coversWholeFile,
    revision: coverage.revision,
    updatesAfter: coverage.updatesAfter,
    anomalies: coverage.anomalies,
    integrity: 'unreadable',
    chain: 'untrusted',
    certificates: [],
    revocation: { status: 'unknown', source: 'none' },
    timestamp: { status: 'absent', time: null, authority: null },
    certification: sig.docMdp !== null ? Math.min(3, Math.max(1, sig.docMdp)) : null,
    verdict: 'invalid',
    reasons,
    laterChanges,
  };
  const cms = sig.contents ? parseCms(sig.contents) : null;
  if (!cms) {
    reasons.push('signing.reason.unreadable');
    for (const a of coverage.anomalies) reasons.push(`signing.anomaly.${a}`);
    return report;
  }
  const pool = [...cms.certificates, ...facts.dss.certs.map((c) => new X509Certificate(Buffer.from(c)))];
  let signer = cms.signer;
  let claimed: Date | null = sig.m ? parsePdfDate(sig.m) : null;
  let tsTime: Date | null = null;
  let cmsProblem: string | null = null;
  let timestampPath: X509Certificate[] | null = null;

  if (isDocTimestamp) {
    const t = checkTimestampToken(sig.contents!, digestOf);
    report.integrity = t.ok ? 'ok' : 'failed';
    signer = t.tsa;
    tsTime = t.ok ? t.time : null;
    claimed = t.time;
  } else {
    const check = checkCms(cms, digestOf, rangesContent(bytes, sig.byteRange));
    // A forbidden algorithm pairing is said as such, not as changed content.
    if (check.ok || (check.problem === 'algorithm_mismatch' && check.digestOk && check.signatureOk)) report.integrity = 'ok';
    else report.integrity = check.problem === 'algorithm_unsupported' ? 'unreadable' : 'failed';
    if (check.problem) cmsProblem = `signing.reason.${check.problem}`;
    claimed = claimed ?? check.signingTime;
    const token = signatureTimestamp(cms);
    if (token) {
      const sigValue = signatureValue(cms);
      const t = checkTimestampToken(token, (alg) => createHash(alg).update(sigValue).digest());
      report.timestamp.time = t.time ? isoVietnam(t.time) : null;
      report.timestamp.authority = t.tsa ? cnOf(t.tsa.subject) : null;
      if (!t.ok || !t.tsa || !t.time) report.timestamp.status = 'invalid';
      else {
        const tsaChain = await checkSignerChain(t.tsa, [...t.certificates, ...pool], roots, t.time, 'timestamp');
        report.timestamp.status = tsaChain.status === 'trusted' ? 'valid' : 'untrusted';
        timestampPath = tsaChain.path;
        if (tsaChain.status === 'trusted') tsTime = t.time;
      }
    }
  }
  if (signer) report.signer = cnOf(signer.subject) ?? report.signer;
  const signingTime = tsTime ?? claimed ?? now;
  report.signedAt = tsTime || claimed ? isoVietnam(signingTime) : null;
  report.signedAtSource = tsTime ? 'timestamp' : claimed ? 'claimed' : 'unknown';

  if (sig.subFilter?.startsWith('adbe.')) report.level = 'PKCS7' as PadesLevel;

  let chain: ChainResult | null = null;
  if (signer) {
    chain = await checkSignerChain(signer, pool, roots, signingTime, isDocTimestamp ? 'timestamp' : 'document');
    report.chain = chain.status;
    report.certificates = chain.path.map(summarize);
    // Revocation of every certificate below the trust anchor.
    const results: CertRevocation[] = [];
    const embedded = { ocsps: facts.dss.ocsps, crls: [...facts.dss.crls, ...cms.crls] };
    for (let i = 0; i + 1 < chain.path.length; i++) {
      results.push(await revocationOf(chain.path[i], chain.path[i + 1], embedded, options.online ?? true, { at: signingTime, now }));
    }
    for (const why of new Set(results.flatMap((r) => (r.status === 'unknown' ? (r.rejected ?? []) : [])))) reasons.push(`signing.reason.revocation_${why}`);
    const rev = aggregateRevocation(results);
    report.revocation = { status: rev.status, source: rev.source };
    if (rev.status === 'revoked' && rev.revokedAt) {
      if (tsTime && rev.revokedAt > tsTime) reasons.push('signing.reason.revoked_after_signing');
      else if (!tsTime && claimed && rev.revokedAt > claimed) {
        report.chain = 'revoked';
        reasons.push('signing.reason.revoked_no_proof');
      } else {
        report.chain = 'revoked';
        reasons.push('signing.reason.revoked');
      }
    }
  } else reasons.push('signing.reason.no_signer_certificate');

  // Level from what the file carries (levels.ts).
  if (sig.subFilter === 'ETSI.CAdES.detached') {
    const archive = archiveTimestampOf(bytes, laterDocTimestamps);
    const embedded = { ocsps: facts.dss.ocsps, crls: [...facts.dss.crls, ...cms.crls] };
    const hasDss = facts.dss.certs.length + facts.dss.ocsps.length + facts.dss.crls.length > 0;
    report.level = padesLevel({ timestamp: report.timestamp.status, hasDss, signerPath: chain?.path ?? [], timestampPath, embedded, archive, times: { at: signingTime, now } });
    if (report.level === 'B-LTA' && archive) report.archiveTimestamp = { time: isoVietnam(archive.time), authority: archive.authority };
  }

  // Verdict: anything wrong with the bytes or the certificate's purpose is invalid; what cannot
  // be decided (trust, revocation, time proof) is indeterminate.
  let verdict: SignatureReport['verdict'] = 'valid';
  const invalid = (key: string) => {
    reasons.push(key);
    verdict = 'invalid';
  };
  const indeterminate = (key: string) => {
    reasons.push(key);
    if (verdict === 'valid') verdict = 'indeterminate';
  };
  if (cmsProblem) invalid(cmsProblem);
  if (report.integrity !== 'ok' && !cmsProblem) invalid('signing.reason.integrity_failed');
  for (const a of coverage.anomalies) invalid(`signing.anomaly.${a}`);
  if (report.timestamp.status === 'invalid') invalid('signing.reason.timestamp_invalid');
  if (report.timestamp.status === 'untrusted') indeterminate('signing.reason.timestamp_untrusted');
  if (!signer) verdict = 'invalid';
  switch (report.chain) {
    case 'broken':
      invalid(chain?.reason ?? 'signing.reason.chain_broken');
      break;
    case 'wrong_key_usage':
      invalid(chain?.reason ?? 'signing.reason.wrong_key_usage');
      break;
    case 'expired':
      invalid('signing.reason.expired_at_signing');
      break;
    case 'revoked':
      if (reasons.includes('signing.reason.revoked_no_proof')) verdict = verdict === 'invalid' ? verdict : 'indeterminate';
      else verdict = 'invalid';
      break;
    case 'untrusted':
      indeterminate('signing.reason.untrusted');
      break;
    case 'trusted':
      if (signer && !validAt(signer, now) && !tsTime && report.revocation.status !== 'good') indeterminate('signing.reason.expired_no_timestamp');
      if (report.revocation.status === 'unknown') indeterminate('signing.reason.revocation_unknown');
      break;
  }
  if (laterChanges.some(unknownOnly)) indeterminate('signing.reason.later_changes_unknown');
  if (!coverage.coversWholeFile && coverage.anomalies.length === 0) reasons.push('signing.reason.updated_after');
  if (verdict === 'valid') reasons.unshift('signing.reason.valid');
  report.verdict = verdict;
  return report;
}

/**
 * What verification reads of the file: through the cross-reference sections when they are sound
 * (bounded work, no full parse), else by parsing the whole file with pdf-lib, loaded only then.
 */
async function pdfFacts(bytes: Uint8Array, limits: PdfLimits, measureAllStreams: boolean): Promise<PdfFacts> {
  // Before the full parser runs: a bomb is refused after bounded work.
  if (measureAllStreams) checkPdfLimits(bytes, limits);
  const scanned = scanPdfFacts(bytes, limits);
  // A signature the form no longer lists (a later update took its field out): the full parse
  // finds its field through the pages' widgets.
  if (scanned && unlisted(bytes, scanned.signatures).length === 0) return scanned;
  if (!measureAllStreams) checkPdfLimits(bytes, limits);
  const { readPdfFacts } = await import('./find-signatures');
  return readPdfFacts(bytes, limits.maxStructureBytes);
}

export async function verifyPdf(bytes: Uint8Array, options: VerifyOptions): Promise<VerificationReport> {
  if (!looksLikePdf(bytes)) throw new AppError('not_pdf', 'The file is not a PDF');
  const limits = options.limits ?? DEFAULT_PDF_LIMITS;
  const facts = await pdfFacts(bytes, limits, options.measureAllStreams ?? true);
  const revisions = revisionsOf(bytes);
  if (revisions.length === 0 && facts.signatures.length === 0 && !facts.readable) throw new AppError('not_pdf', 'The PDF cannot be read');
  const roots = toCertificates(options.trustRoots);
  const endOf = (s: FoundSignature) => (s.byteRange && s.byteRange.length >= 4 ? s.byteRange[2] + s.byteRange[3] : 0);
  const docTimestamps = facts.signatures.filter((s) => s.subFilter === 'ETSI.RFC3161');
  const signatures: SignatureReport[] = [];
  const certifying = facts.signatures.find((s) => s.docMdp !== null);
  const ctx: DocumentContext = {
    facts,
    revisions,
    history: new RevisionHistory(bytes, revisions, facts.doc),
    certification: certifying ? { level: Math.min(3, Math.max(1, certifying.docMdp!)), end: endOf(certifying) } : null,
  };
  for (const sig of facts.signatures) {
    signatures.push(await verifyOne(bytes, sig, ctx, roots, options, docTimestamps.filter((t) => endOf(t) > endOf(sig))));
  }
  signatures.sort((x, y) => (x.revision ?? 1e9) - (y.revision ?? 1e9));
  return { revisions: revisions.length, signatures };
}
