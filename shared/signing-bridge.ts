/**
 * Bridge methods of digital signatures: the "to sign" list, signing with a key
 * from the key store or a PKCS#11 token, returning with a comment, the verdict panel, key and
 * trust-root management. Spread into BridgeMethods (shared/bridge.ts). Must not import
 * shared/bridge.ts (it imports this file).
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { Id, Instant, Sha256 } from './ids';
import { PadesLevel, VerificationReport } from './signing';
import { CertificateNameCheck, MAX_SEAL_PNG_BYTES, SignatureRequest, SignatureStepRole } from './signing-workflow';

const Ok = lazySchema(() => z.object({ ok: z.literal(true) }));

/** A request as the desktop shows it: names resolved, and what this user may do with it. */
export const SignatureRequestView = lazySchema(() => SignatureRequest.extend({
  meetingTitle: z.string().nullable(),
  /** The meeting's organisation (null: not in this cache): the user's role there decides what he may do with it. */
  orgId: Id.nullable().default(null),
  signerNames: z.array(z.string()),
  /** It is this user's turn to sign (and he has not signed it here yet). */
  myTurn: z.boolean(),
  /** Signed on this device; the signed file waits for the server (offline). */
  pendingUpload: z.boolean(),
  /** Why the server refused this user's last signature of it, if it did. */
  refusal: z.object({ code: z.string(), message: z.string() }).nullable(),
}));
export type SignatureRequestView = z.infer<typeof SignatureRequestView>;

export const KeyInfo = lazySchema(() => z.object({
  id: z.string(),
  label: z.string(),
  subject: z.string(),
  issuer: z.string(),
  notAfter: Instant,
  expired: z.boolean(),
  keyType: z.enum(['rsa', 'ec']),
  fingerprint: z.string(),
  importedAt: Instant,
}));
export type KeyInfo = z.infer<typeof KeyInfo>;

export const TrustRootInfo = lazySchema(() => z.object({
  fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
  subject: z.string(),
  notAfter: Instant,
}));
export type TrustRootInfo = z.infer<typeof TrustRootInfo>;

/** A PKCS#11 library (the token driver): an absolute path to a shared library. */
export const Pkcs11ModulePath = lazySchema(() => z
  .string()
  .max(500)
  .regex(/^(\/|[A-Za-z]:\\).+\.(so(\.\d+)*|dll|dylib)$/, 'an absolute path to a PKCS#11 library (.so, .dll, .dylib)'));

export const SigningKeyChoice = lazySchema(() => z.discriminatedUnion('kind', [
  /** A PKCS#12 key imported in the app's key store; its password is asked at each signing. */
  z.object({ kind: z.literal('stored'), keyId: z.string().regex(/^[0-9a-f-]{36}$/), password: z.string().min(1).max(1024) }),
  /** A USB token: the module, the token label, optionally the certificate id, the PIN. */
  z.object({
    kind: z.literal('pkcs11'),
    module: Pkcs11ModulePath,
    tokenLabel: z.string().min(1).max(64),
    certificateId: z.string().max(200).optional(),
    pin: z.string().min(1).max(64),
  }),
]));
export type SigningKeyChoice = z.infer<typeof SigningKeyChoice>;

/**
 * Signing settings of this device (kept in its data folder): the timestamp authority (B-T),
 * whether to embed revocation data (B-LT when it can be had), and the PKCS#11 libraries the
 * user confirmed as token drivers (besides the known ones).
 */
export const DeviceSigningSettings = lazySchema(() => z.object({
  tsaUrl: z.string().url().max(500).refine((u) => /^https?:\/\//i.test(u), 'an http(s) URL').nullable(),
  embedRevocation: z.boolean(),
}));
export type DeviceSigningSettings = z.infer<typeof DeviceSigningSettings>;

export const SigningSettingsView = lazySchema(() => DeviceSigningSettings.extend({
  /** The level a signature made now aims at. */
  level: z.enum(['B-B', 'B-T', 'B-LT']),
  confirmedModules: z.array(z.string()),
  /** The organisation's settings (synced): whether a seal is set, the certificate-name policy. */
  organisation: z.object({ hasSeal: z.boolean(), sealSha256: Sha256.nullable(), nameCheck: CertificateNameCheck }),
}));
export type SigningSettingsView = z.infer<typeof SigningSettingsView>;

export const SignResult = lazySchema(() => z.object({
  /** applied: the server accepted it; queued: offline, it goes on reconnect; rejected: see error. */
  status: z.enum(['applied', 'queued', 'rejected']),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  /** For a signature: the PAdES level reached, and warnings (e.g. "timestamp_unavailable": signed B-B). */
  level: PadesLevel.optional(),
  warnings: z.array(z.string()).optional(),
}));
export type SignResult = z.infer<typeof SignResult>;

export const SigningBridgeMethods = {
  /** Every request this user may see (secretariat: all; a signer: from his turn on), newest first. */
  'signing.requests': { input: lazySchema(() => z.object({}).strict()), output: lazySchema(() => z.array(SignatureRequestView)) },
  /** The request and the revision to read (downloaded and verified if needed). */
  'signing.open': { input: lazySchema(() => z.object({ id: Id })), output: lazySchema(() => z.object({ request: SignatureRequestView, url: z.string(), sha256: Sha256 })) },
  /** Secretariat: sends a document to its signers (ordered; signers first, then the clerk). */
  'signing.create': {
    input: lazySchema(() => z.object({
      documentId: Id,
      note: z.string().max(2000).optional(),
      steps: z.array(z.object({ userId: Id, role: SignatureStepRole })).min(1).max(20),
      /** "Chứng thực văn bản ban hành": the first signature certifies the document (DocMDP P=2). */
      certify: z.boolean().optional(),
    })),
    output: lazySchema(() => z.object({ id: Id, status: z.enum(['applied', 'queued', 'rejected']), error: z.object({ code: z.string(), message: z.string() }).optional() })),
  },
  /** Signs the revision received (Decree 30 appearance) and submits it; works offline (queued). */
  'signing.sign': {
    input: lazySchema(() => z.object({
      requestId: Id,
      key: SigningKeyChoice,
      /** Title line(s) above the signature, e.g. "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH". */
      title: z.string().max(300).optional(),
      /**
       * The clerk's signature: "seal" (the organisation's red seal over the official's signature,
       * the default when a seal is set) or "attachment" (top right of the first page, no image).
       */
      clerkLayout: z.enum(['seal', 'attachment']).optional(),
      /** "Số và ký hiệu", e.g. "12/QĐ-UBND", shown by the attachment layout (default: the title). */
      documentNumber: z.string().trim().min(1).max(120).optional(),
    })),
    output: SignResult,
  },
  /** Secretariat: withdraws a request (in progress or returned). */
  'signing.cancel': { input: lazySchema(() => z.object({ requestId: Id })), output: SignResult },
  /** Secretariat: sends a returned request again to who returned it. */
  'signing.resend': { input: lazySchema(() => z.object({ requestId: Id, note: z.string().max(2000).optional() })), output: SignResult },
  /** This device's signing settings and the organisation's. */
  'signing.settings': { input: lazySchema(() => z.object({}).strict()), output: SigningSettingsView },
  'signing.saveSettings': { input: DeviceSigningSettings, output: SigningSettingsView },
  /** Secretariat/admin: the organisation's seal (transparent PNG, base64; null removes it) and name policy. */
  'signing.saveOrgSettings': {
    input: lazySchema(() => z.object({ sealPngBase64: z.string().max(Math.ceil((MAX_SEAL_PNG_BYTES * 4) / 3) + 4).nullable().optional(), nameCheck: CertificateNameCheck.optional() })),
    output: SignResult,
  },
  'signing.return': { input: lazySchema(() => z.object({ requestId: Id, comment: z.string().trim().min(1).max(2000) })), output: SignResult },
  /** The verdict of every signature of a document's current version (or a request's revision). */
  'signing.verify': { input: lazySchema(() => z.object({ documentId: Id.optional(), requestId: Id.optional() })), output: VerificationReport },
  /** Documents of a meeting whose cached file carries a digital signature (the "Chữ ký số" badge). */
  'signing.signedDocuments': { input: lazySchema(() => z.object({ meetingId: Id })), output: lazySchema(() => z.array(Id)) },

  'keys.list': { input: lazySchema(() => z.object({}).strict()), output: lazySchema(() => z.array(KeyInfo)) },
  /** Imports a .p12/.pfx (bytes from the file picker); the password opens it and protects it at rest. */
  'keys.importP12': { input: lazySchema(() => z.object({ base64: z.string().min(1).max(200_000), password: z.string().min(1).max(1024) })), output: KeyInfo },
  'keys.remove': { input: lazySchema(() => z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/) })), output: Ok },
  /** The user confirms (after a warning) that this library is his token's driver; it is then allowed. */
  'keys.pkcs11ConfirmModule': { input: lazySchema(() => z.object({ module: Pkcs11ModulePath })), output: lazySchema(() => z.object({ confirmedModules: z.array(z.string()) })) },
  /** Whether a module may be loaded without asking: a known driver file name or one confirmed here. */
  'keys.pkcs11ModuleStatus': { input: lazySchema(() => z.object({ module: Pkcs11ModulePath })), output: lazySchema(() => z.object({ allowed: z.boolean(), known: z.boolean() })) },
  /** Tokens present for a PKCS#11 module. */
  'keys.pkcs11Tokens': {
    input: lazySchema(() => z.object({ module: Pkcs11ModulePath })),
    output: lazySchema(() => z.array(z.object({ slot: z.number().int(), label: z.string(), manufacturer: z.string(), serialNumber: z.string() }))),
  },
  /** Certificates on a token (after the PIN). */
  'keys.pkcs11Certificates': {
    input: lazySchema(() => z.object({ module: Pkcs11ModulePath, tokenLabel: z.string().min(1).max(64), pin: z.string().min(1).max(64) })),
    output: lazySchema(() => z.array(z.object({ id: z.string(), label: z.string(), subject: z.string(), notAfter: Instant, expired: z.boolean() }))),
  },

  /** Trust roots for verification (Vietnamese government / public CA roots are configured here). */
  'trust.list': { input: lazySchema(() => z.object({}).strict()), output: lazySchema(() => z.array(TrustRootInfo)) },
  'trust.add': { input: lazySchema(() => z.object({ pem: z.string().min(1).max(100_000) })), output: lazySchema(() => z.array(TrustRootInfo)) },
  'trust.remove': { input: lazySchema(() => z.object({ fingerprint: z.string().regex(/^[0-9a-f]{64}$/) })), output: Ok },
} as const;
