/**
 * Bridge handlers of digital signatures, registered in the services facade
 * with one spread: the "to sign" list, signing (key store or PKCS#11 token) with the Decree 30
 * appearance, returning with a comment, sending for signature, the verdict panel, keys and
 * trust roots. Signing works offline: the signed file and the mutation are queued (upload
 * queue + outbox) and go to the server on reconnect, where they are checked.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import type { Mutation } from '../../../shared/api';
import type { BridgeHandlers } from '../../../shared/bridge';
import { Organization, UserProfile, type Role } from '../../../shared/entities';
import { AppError } from '../../../shared/errors';
import { roleInOrganisation } from '../../../shared/organisations';
import { isSecretariat } from '../../../shared/rules/meetings';
import type { SignatureRequestView, SigningBridgeMethods, SigningKeyChoice } from '../../../shared/signing-bridge';
import { currentStep, signerSees, type SignatureRequest } from '../../../shared/signing-workflow';
import type { SignatureAppearance } from '../../../signing/index';
import type { ApiClient } from '../api/api-client';
import type { BlobCache } from '../blobs/blob-cache';
import { readDocumentFile } from '../crypto/blob-file';
import type { CacheDb } from '../cache/open-cache';
import type { OutboxStore } from '../cache/outbox-store';
import type { SyncedStore } from '../cache/synced-store';
import { KeyStore } from '../keys/key-store';
import type { UploadQueue } from '../secretariat/uploads';
import type { SyncEngine } from '../sync/sync-engine';
import type { SyncStatusHolder } from '../sync/sync-status';
import { signingWorker, type KeySpec } from '../workers/signing-client';
import { SigningRows } from './cache-rows';
import { DeviceSettingsFile } from './device-settings';
import { Pkcs11AllowList } from './pkcs11-allow-list';
import { TrustRoots } from './trust-roots';

export interface SigningDeps {
  db: CacheDb;
  dataDir: string;
  synced: SyncedStore;
  outbox: OutboxStore;
  blobs: BlobCache;
  status: SyncStatusHolder;
  uploads: UploadQueue;
  session: () => { api: ApiClient; engine: SyncEngine; userId: string; role: Role };
  documentUrl: (sha256: string) => string;
  dataChanged: (entities: string[], meetingIds: string[]) => void;
  now: () => Date;
}

type Handlers = Pick<BridgeHandlers, keyof typeof SigningBridgeMethods>;

/** Signature rectangles for the 2nd, 3rd… official on the last page (the 1st takes the default, bottom right). */
const extraSignerRect = (k: number) => ({ x: 57, y: 70 + 150 * (k - 1), width: 230, height: 140 });

export function signingHandlers(d: SigningDeps): Handlers {
  const rows = new SigningRows(d.db);
  const keysDir = path.join(d.dataDir, 'keys');
  const keys = new KeyStore(keysDir);
  // Signing, verification, key import and token calls run in a worker thread (see workers/signing.worker.ts).
  const worker = signingWorker();
  const trust = new TrustRoots(path.join(d.dataDir, 'trust-roots'));
  const device = new DeviceSettingsFile(path.join(d.dataDir, 'signing-settings.json'));
  const modules = new Pkcs11AllowList(device);

  const settingsView = () => {
    const s = device.get();
    const org = rows.orgSettings();
    return {
      tsaUrl: s.tsaUrl,
      embedRevocation: s.embedRevocation,
      level: device.levelOptions().level,
      confirmedModules: s.confirmedModules,
      organisation: { hasSeal: !!org?.sealSha256, sealSha256: org?.sealSha256 ?? null, nameCheck: org?.nameCheck ?? ('warn' as const) },
    };
  };
  /** A PKCS#11 library is loaded (in the worker) only when it is allowed: a known driver or confirmed by the user. */
  const allowedModule = (module: string) => {
    modules.require(module);
    return module;
  };

  const user = (id: string): UserProfile | null => {
    const r = d.db.prepare('SELECT data FROM users WHERE id = ?').get(id) as { data: string } | undefined;
    return r ? UserProfile.parse(JSON.parse(r.data)) : null;
  };
  const organization = (): Organization | null => {
    const r = d.db.prepare('SELECT data FROM organization LIMIT 1').get() as { data: string } | undefined;
    return r ? Organization.parse(JSON.parse(r.data)) : null;
  };
  const refusalOf = (mutationId: string) =>
    (d.db.prepare('SELECT error_code AS code, error_message AS message FROM rejected_mutations WHERE mutation_id = ?').get(mutationId) as
      | { code: string; message: string }
      | undefined) ?? null;
  const queued = (mutationId: string) => d.db.prepare('SELECT 1 FROM outbox WHERE mutation_id = ?').get(mutationId) !== undefined;

  function view(r: SignatureRequest, me: string): SignatureRequestView {
    const step = currentStep(r);
    const mine = step && step.userId === me ? step : null;
    const local = mine ? rows.local(r.id, mine.id) : null;
    const pendingUpload = local !== null && queued(local.mutationId);
    const refusal = local && !pendingUpload ? refusalOf(local.mutationId) : null;
    return {
      ...r,
      meetingTitle: d.synced.getMeeting(r.meetingId)?.title ?? null,
      orgId: d.synced.getMeeting(r.meetingId)?.orgId ?? null,
      signerNames: r.steps.map((s) => user(s.userId)?.fullName ?? ''),
      myTurn: mine !== null && (local === null || refusal !== null),
      pendingUpload,
      refusal,
    };
  }

  /** Whether he is the secretariat of the request's meeting's organisation (his role there, not at home). */
  function secretariatFor(r: Pick<SignatureRequest, 'meetingId'>, me: string, role: Role): boolean {
    const orgId = d.synced.getMeeting(r.meetingId)?.orgId;
    const profile = d.synced.getUser(me);
    const roleThere = orgId && profile ? roleInOrganisation(profile, orgId) : role;
    return roleThere !== null && isSecretariat(roleThere);
  }

  function requireRequest(id: string, me: string, role: Role): SignatureRequest {
    const r = rows.get(id);
    if (!r || !(secretariatFor(r, me, role) || signerSees(r, me))) throw new AppError('not_found', 'signature request not found', { entity: 'signatureRequest', id });
    return r;
  }

  /**
   * The revision this user reads: what he signed here while the synced request still waits on his
   * step (queued offline, or accepted by the server but not pulled back yet: not refused; a
   * refused mutation leaves the outbox), else the server's current one. Counting it only while
   * queued showed the unsigned file, and its verdict, between the push's answer and the next pull.
   */
  async function revisionFile(r: SignatureRequest, me: string): Promise<{ sha256: string; file: string }> {
    const step = currentStep(r);
    const local = step && step.userId === me ? rows.local(r.id, step.id) : null;
    if (local && !refusalOf(local.mutationId)) {
      const file = await d.blobs.verifiedPath(local.sha256);
      if (file) return { sha256: local.sha256, file };
    }
    const { engine } = d.session();
    return { sha256: r.currentSha256, file: await d.blobs.ensure(r.currentSha256, r.currentSize, engine.fetchBlob) };
  }

  /** Queues a mutation and tries to push it now; the answer the server gave, or "queued". */
  async function submit(m: Mutation): Promise<{ status: 'applied' | 'queued' | 'rejected'; error?: { code: string; message: string } }> {
    const { engine } = d.session();
    engine.enqueue(m);
    await engine.syncNow();
    const refused = refusalOf(m.id);
    if (refused) return { status: 'rejected', error: refused };
    return { status: queued(m.id) ? 'queued' : 'applied' };
  }

  const keySpec = (choice: SigningKeyChoice): KeySpec =>
    choice.kind === 'stored'
      ? { kind: 'stored', keysDir, keyId: choice.keyId, password: choice.password }
      : { kind: 'pkcs11', module: allowedModule(choice.module), tokenLabel: choice.tokenLabel, pin: choice.pin, certificateId: choice.certificateId };

  const keyInfo = (k: Awaited<ReturnType<KeyStore['list']>>[number]) => ({ ...k, expired: Date.parse(k.notAfter) < d.now().getTime() });

  return {
    'signing.requests': async () => {
      const { userId, role } = d.session();
      return rows
        .all()
        .filter((r) => secretariatFor(r, userId, role) || signerSees(r, userId))
        .map((r) => view(r, userId));
    },

    'signing.open': async ({ id }) => {
      const { userId, role } = d.session();
      const r = requireRequest(id, userId, role);
      const { sha256 } = await revisionFile(r, userId);
      return { request: view(r, userId), url: d.documentUrl(sha256), sha256 };
    },

    'signing.create': async ({ documentId, note, steps, certify }) => {
      const { role, userId } = d.session();
      const doc = d.synced.getDocument(documentId);
      if (!doc) throw new AppError('not_found', 'document not found', { entity: 'document', id: documentId });
      // The secretariat of the document's meeting's organisation (his role there, not at home).
      if (!secretariatFor(doc, userId, role)) throw new AppError('forbidden', 'only the secretariat sends documents for signature');
      const id = crypto.randomUUID();
      const m: Mutation = {
        id: crypto.randomUUID(),
        kind: 'signatureRequest.create',
        args: { id, documentId, note: note ?? '', steps: steps.map((s) => ({ id: crypto.randomUUID(), ...s })), ...(certify ? { certify: true } : {}) },
      };
      return { id, ...(await submit(m)) };
    },

    'signing.sign': async ({ requestId, key: choice, title, clerkLayout, documentNumber }) => {
      const s = d.session();
      const r = requireRequest(requestId, s.userId, s.role);
      const step = currentStep(r);
      if (!step || step.userId !== s.userId) throw new AppError('not_your_turn', 'this request is not waiting for your signature');
      const earlier = rows.local(r.id, step.id);
      if (earlier && queued(earlier.mutationId)) throw new AppError('not_your_turn', 'already signed on this device; waiting to be sent');
      const file = await d.blobs.ensure(r.currentSha256, r.currentSize, s.engine.fetchBlob);

      const me = user(s.userId);
      const signersBefore = r.steps.filter((x) => x.role === 'signer' && x.position < step.position).length;
      let appearance: SignatureAppearance;
      let overDefaultSigner = false;
      if (step.role === 'clerk') {
        // Decree 30: the organisation's seal over the official's signature on the document itself;
        // on attachments, the clerk's text-only signature top right of the first page.
        const org = rows.orgSettings();
        const layout = clerkLayout ?? (org?.sealSha256 ? 'seal' : 'attachment');
        if (layout === 'seal') {
          if (!org?.sealSha256) throw new AppError('validation_failed', "the organisation's seal has not been set by the secretariat", { field: 'clerkLayout' });
          const image = new Uint8Array(await readDocumentFile(await d.blobs.ensure(org.sealSha256, org.sealSize ?? 0, s.engine.fetchBlob)));
          // The seal covers the first official's signature: where it is depends on the last page's width, read in the worker.
          appearance = { kind: 'seal', image, organisation: organization()?.name ?? '' };
          overDefaultSigner = true;
        } else appearance = { kind: 'clerk', organisation: organization()?.name, documentNumber: documentNumber ?? r.documentTitle.slice(0, 120) };
      } else {
        appearance = { kind: 'signer', title: title ?? me?.title ?? undefined, name: me?.fullName, ...(signersBefore > 0 ? { rect: extraSignerRect(signersBefore) } : {}) };
      }
      // "Chứng thực văn bản ban hành": DocMDP may only be set by the first signature (PDF spec).
      const certify = r.certify && step.position === 0 ? (2 as const) : undefined;
      const made = await worker.sign({
        file,
        key: keySpec(choice),
        appearance,
        overDefaultSigner,
        options: {
          signerName: step.role === 'clerk' ? undefined : me?.fullName,
          reason: step.role === 'clerk' ? 'Văn thư ký số' : 'Ký duyệt',
          certify,
          ...device.levelOptions(),
          // A token often holds only the signer's certificate: its issuers may be in the trust store.
          chainCandidates: trust.pems().map((pem) => new Uint8Array(new crypto.X509Certificate(pem).raw)),
        },
      });
      // A rewritten file is not an incremental update of the revision sent: the server would refuse
      // it, so it is neither kept nor queued, and the signer is told why and what to do.
      if (made.repaired) throw new AppError('signed_file_repaired', 'the file sent for signature had to be repaired before signing', { requestId: r.id });
      const { bytes: signed, sha256 } = made;
      // Kept locally first (readable offline), then queued for the server: file, then mutation.
      await d.blobs.storeLocal(sha256, signed);
      await d.uploads.queueBytes(s.api, signed, r.fileName, sha256);
      const m: Mutation = { id: crypto.randomUUID(), kind: 'signatureRequest.sign', args: { requestId: r.id, stepId: step.id, sha256 } };
      rows.recordLocal({ requestId: r.id, stepId: step.id, mutationId: m.id, sha256, size: signed.length }, d.now().toISOString());
      d.dataChanged(['signatureRequest'], [r.meetingId]);
      const result = await submit(m);
      d.dataChanged(['signatureRequest'], [r.meetingId]);
      return { ...result, level: made.level, warnings: made.warnings };
    },

    'signing.cancel': async ({ requestId }) => {
      const s = d.session();
      const r = requireRequest(requestId, s.userId, s.role);
      if (!secretariatFor(r, s.userId, s.role)) throw new AppError('forbidden', 'only the secretariat withdraws a signature request');
      const result = await submit({ id: crypto.randomUUID(), kind: 'signatureRequest.cancel', args: { requestId: r.id } });
      d.dataChanged(['signatureRequest'], [r.meetingId]);
      return result;
    },

    'signing.resend': async ({ requestId, note }) => {
      const s = d.session();
      const r = requireRequest(requestId, s.userId, s.role);
      if (!secretariatFor(r, s.userId, s.role)) throw new AppError('forbidden', 'only the secretariat resends a signature request');
      const result = await submit({ id: crypto.randomUUID(), kind: 'signatureRequest.resend', args: { requestId: r.id, ...(note !== undefined ? { note } : {}) } });
      d.dataChanged(['signatureRequest'], [r.meetingId]);
      return result;
    },

    'signing.settings': async () => settingsView(),
    'signing.saveSettings': async ({ tsaUrl, embedRevocation }) => {
      await device.save({ tsaUrl, embedRevocation });
      return settingsView();
    },
    'signing.saveOrgSettings': async ({ sealPngBase64, nameCheck }) => {
      const s = d.session();
      if (!isSecretariat(s.role)) throw new AppError('forbidden', "only the secretariat sets the organisation's seal");
      const result = await submit({
        id: crypto.randomUUID(),
        kind: 'orgSigningSettings.update',
        args: { ...(sealPngBase64 !== undefined ? { sealPngBase64 } : {}), ...(nameCheck ? { nameCheck } : {}) },
      });
      d.dataChanged(['orgSigningSettings'], []);
      return result;
    },

    'signing.return': async ({ requestId, comment }) => {
      const s = d.session();
      const r = requireRequest(requestId, s.userId, s.role);
      const step = currentStep(r);
      if (!step || step.userId !== s.userId) throw new AppError('not_your_turn', 'this request is not waiting for your signature');
      const result = await submit({ id: crypto.randomUUID(), kind: 'signatureRequest.return', args: { requestId: r.id, stepId: step.id, comment } });
      d.dataChanged(['signatureRequest'], [r.meetingId]);
      return result;
    },

    'signing.verify': async ({ documentId, requestId }) => {
      const s = d.session();
      let file: string;
      if (requestId) file = (await revisionFile(requireRequest(requestId, s.userId, s.role), s.userId)).file;
      else if (documentId) {
        const doc = d.synced.getDocument(documentId);
        if (!doc) throw new AppError('not_found', 'document not found', { entity: 'document', id: documentId });
        file = await d.blobs.ensure(doc.sha256, doc.size, s.engine.fetchBlob);
      } else throw new AppError('validation_failed', 'name a document or a signature request', { field: 'documentId' });
      return worker.verify(file, trust.pems(), d.status.get().state !== 'offline');
    },

    'signing.signedDocuments': async ({ meetingId }) => {
      d.session();
      const out: string[] = [];
      for (const doc of d.synced.documentsOfMeetings([meetingId])) {
        if (!d.blobs.isCached(doc.sha256)) continue;
        // A signature dictionary's /ByteRange: cheap, and enough for a badge (the panel verifies).
        const bytes = await readDocumentFile(d.blobs.finalPath(doc.sha256));
        if (bytes.includes('/ByteRange')) out.push(doc.id);
      }
      return out;
    },

    'keys.list': async () => (await keys.list()).map(keyInfo),
    'keys.importP12': async ({ base64, password }) => keyInfo(await worker.importPkcs12(keysDir, new Uint8Array(Buffer.from(base64, 'base64')), password)),
    'keys.remove': async ({ id }) => {
      await keys.remove(id);
      return { ok: true as const };
    },
    'keys.pkcs11ConfirmModule': async ({ module }) => ({ confirmedModules: await modules.confirm(module) }),
    'keys.pkcs11ModuleStatus': async ({ module }) => modules.status(module),
    'keys.pkcs11Tokens': async ({ module }) => worker.pkcs11Tokens(allowedModule(module)),
    'keys.pkcs11Certificates': async ({ module, tokenLabel, pin }) =>
      (await worker.pkcs11Certificates(allowedModule(module), tokenLabel, pin)).map((c) => ({ ...c, expired: Date.parse(c.notAfter) < d.now().getTime() })),

    'trust.list': async () => trust.list(),
    'trust.add': async ({ pem }) => trust.add(pem),
    'trust.remove': async ({ fingerprint }) => {
      trust.remove(fingerprint);
      return { ok: true as const };
    },
  };
}
