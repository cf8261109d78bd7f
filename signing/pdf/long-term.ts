/**
 * Long-term signatures: B-LT adds the /DSS for a new signature; B-LTA then adds a document
 * (archive) timestamp over it, and the validation data of that timestamp's own authority.
 * `extendPdf` does the same for a file already signed: validation data for every signature
 * and document timestamp in it (refreshed where the services still answer), then a new
 * archive timestamp, so an archive can be re-timestamped before its last authority expires.
 */
import type { SigningKey } from '../keys/signing-key';
import type { TimestampClientOptions } from '../cms/timestamp';
import { resolveChain } from '../certs/issuers';
import { x509 } from '../certs/names';
import { addDss, chainIncomplete, collectValidationData, readSignedFacts, subjectsOf, validationDataFor, type ValidationData, type ValidationSources } from './dss';
import { addDocumentTimestamp } from './doc-timestamp';

export interface LongTermOptions extends ValidationSources {
  /** Timestamp authority of the archive timestamp (B-LTA, extend). */
  tsaUrl?: string;
  timestamp?: TimestampClientOptions;
}

const isEmpty = (d: ValidationData) => d.certs.length + d.ocsps.length + d.crls.length === 0;

/** A document timestamp, then the validation data of the authority that made it. */
export async function addArchiveTimestamp(bytes: Uint8Array, tsaUrl: string, options: LongTermOptions): Promise<{ bytes: Uint8Array; field: string }> {
  const stamped = await addDocumentTimestamp(bytes, tsaUrl, options.timestamp);
  const facts = await readSignedFacts(stamped.bytes);
  const sig = facts.signatures.find((s) => s.field === stamped.field);
  const data = await validationDataFor(sig ? subjectsOf(sig) : [], facts.dss, options);
  return { bytes: isEmpty(data) ? stamped.bytes : await addDss(stamped.bytes, data), field: stamped.field };
}

/** B-LT (and B-LTA) for the signature `field` just made with `key`. */
export async function makeLongTerm(signed: Uint8Array, level: 'B-LT' | 'B-LTA', key: SigningKey, field: string, options: LongTermOptions): Promise<{ bytes: Uint8Array; warnings: string[] }> {
  const data = await collectValidationData(key, signed, { ...options, field });
  let bytes = isEmpty(data) ? signed : await addDss(signed, data);
  if (level === 'B-LTA') bytes = (await addArchiveTimestamp(bytes, options.tsaUrl!, options)).bytes;
  return { bytes, warnings: data.warnings };
}

/** Validation data for everything signed in `input`, then a new archive timestamp. */
export async function extendPdf(input: Uint8Array, options: LongTermOptions & { tsaUrl: string }): Promise<{ bytes: Uint8Array; field: string; signatures: number }> {
  const facts = await readSignedFacts(input);
  const subjects = facts.signatures.flatMap(subjectsOf);
  const data = await validationDataFor(subjects, facts.dss, options);
  const withDss = isEmpty(data) ? input : await addDss(input, data);
  const stamped = await addArchiveTimestamp(withDss, options.tsaUrl, options);
  return { ...stamped, signatures: facts.signatures.length };
}

/** `key` with its issuing chain completed (from its own certificates, candidates, AIA); an error when it cannot be. */
export async function withCompleteChain(key: SigningKey, sources: ValidationSources): Promise<SigningKey> {
  const leaf = x509(key.certificate);
  const pool = [...key.chain, ...(sources.candidates ?? []), ...(sources.extra?.certs ?? [])].flatMap((d) => {
    try {
      return [x509(d)];
    } catch {
      return [];
    }
  });
  const chain = await resolveChain(leaf, pool, { fetch: sources.fetch, timeoutMs: sources.timeoutMs });
  if (!chain.complete) throw chainIncomplete(chain.missingIssuerOf ?? leaf, 'signer');
  return {
    certificate: key.certificate,
    chain: chain.path.slice(1).map((c) => new Uint8Array(c.raw)),
    keyType: key.keyType,
    sign: (data) => key.sign(data),
  };
}
