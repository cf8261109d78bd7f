/**
 * Keys on PKCS#11 tokens (the USB tokens Vietnamese CAs issue) through pkcs11js: list tokens
 * and their certificates, log in with the PIN, sign on the token (the private key never leaves
 * it). Wrong PIN and locked tokens become clear, translated errors.
 */
import { createHash } from 'node:crypto';
import * as pkcs11js from 'pkcs11js';
import { AppError } from '../../shared/errors';
import { commonName, x509 } from '../certs/names';
import { ecdsaRawToDer, type SigningKey } from './signing-key';

export interface TokenInfo { slot: number; label: string; manufacturer: string; serialNumber: string }
export interface TokenCertificate { id: string; label: string; subject: string; commonName: string | null; notAfter: string; der: Uint8Array }

/** Maps PKCS#11 return values to our error codes. */
export function pkcs11Error(e: unknown): AppError {
  const code = (e as { code?: number }).code;
  const method = (e as { method?: string }).method ?? '';
  if (code === pkcs11js.CKR_PIN_INCORRECT || code === pkcs11js.CKR_PIN_INVALID || code === pkcs11js.CKR_PIN_LEN_RANGE) {
    return new AppError('pin_incorrect', 'Wrong PIN for the token');
  }
  if (code === pkcs11js.CKR_PIN_LOCKED) return new AppError('pin_locked', 'The token is locked (too many wrong PINs)');
  if (code === pkcs11js.CKR_TOKEN_NOT_PRESENT || code === pkcs11js.CKR_DEVICE_REMOVED || code === pkcs11js.CKR_SLOT_ID_INVALID) {
    return new AppError('token_not_found', 'The token is not present');
  }
  return new AppError('signing_failed', `Token error ${method} ${(e as Error).message ?? String(e)}`.trim());
}

const trim = (s: string) => s.replace(/\0/g, '').trim();

/** One loaded PKCS#11 module. Call close() when done (logs out, finalizes). */
export class Pkcs11Module {
  private readonly lib = new pkcs11js.PKCS11();
  private sessions: Buffer[] = [];

  constructor(modulePath: string) {
    try {
      this.lib.load(modulePath);
    } catch (e) {
      throw new AppError('token_not_found', `Cannot load PKCS#11 module ${modulePath}: ${(e as Error).message}`);
    }
    try {
      this.lib.C_Initialize();
    } catch (e) {
      if ((e as { code?: number }).code !== pkcs11js.CKR_CRYPTOKI_ALREADY_INITIALIZED) throw pkcs11Error(e);
    }
  }

  tokens(): TokenInfo[] {
    return this.lib.C_GetSlotList(true).map((slot) => {
      const info = this.lib.C_GetTokenInfo(slot);
      return { slot: slot.readUInt32LE(0), label: trim(info.label), manufacturer: trim(info.manufacturerID), serialNumber: trim(info.serialNumber) };
    });
  }

  private slotOf(tokenLabel?: string): Buffer {
    const slots = this.lib.C_GetSlotList(true);
    const slot = slots.find((s) => !tokenLabel || trim(this.lib.C_GetTokenInfo(s).label) === tokenLabel);
    if (!slot) throw new AppError('token_not_found', tokenLabel ? `No token labelled "${tokenLabel}"` : 'No token present');
    return slot;
  }

  private find(session: Buffer, template: pkcs11js.Template): Buffer[] {
    this.lib.C_FindObjectsInit(session, template);
    try {
      return this.lib.C_FindObjects(session, 100);
    } finally {
      this.lib.C_FindObjectsFinal(session);
    }
  }

  /** Opens a session and logs in; returns the session handle. */
  login(tokenLabel: string | undefined, pin: string): Buffer {
    const session = this.lib.C_OpenSession(this.slotOf(tokenLabel), pkcs11js.CKF_SERIAL_SESSION);
    this.sessions.push(session);
    try {
      this.lib.C_Login(session, pkcs11js.CKU_USER, pin);
    } catch (e) {
      if ((e as { code?: number }).code !== pkcs11js.CKR_USER_ALREADY_LOGGED_IN) throw pkcs11Error(e);
    }
    return session;
  }

  certificates(session: Buffer): (TokenCertificate & { handle: Buffer })[] {
    return this.find(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE }]).map((handle) => {
      const [value, id, label] = this.lib.C_GetAttributeValue(session, handle, [{ type: pkcs11js.CKA_VALUE }, { type: pkcs11js.CKA_ID }, { type: pkcs11js.CKA_LABEL }]);
      const der = new Uint8Array(value.value as Buffer);
      const cert = x509(der);
      return { handle, der, id: (id.value as Buffer).toString('hex'), label: (label.value as Buffer)?.toString('utf8') ?? '', subject: cert.subject, commonName: commonName(der), notAfter: new Date(cert.validTo).toISOString() };
    });
  }

  /**
   * A SigningKey for the certificate with CKA_ID `certId` (or the only/first signing one) on the
   * token; the private key is the one with the same CKA_ID.
   */
  signingKey(session: Buffer, certId?: string): SigningKey {
    const certs = this.certificates(session);
    const withKeys = certs.filter((c) => this.find(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, { type: pkcs11js.CKA_ID, value: Buffer.from(c.id, 'hex') }]).length > 0);
    const cert = certId ? withKeys.find((c) => c.id === certId) : withKeys[0];
    if (!cert) throw new AppError('token_not_found', 'No certificate with a private key on the token');
    const [keyHandle] = this.find(session, [{ type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_PRIVATE_KEY }, { type: pkcs11js.CKA_ID, value: Buffer.from(cert.id, 'hex') }]);
    const keyType = x509(cert.der).publicKey.asymmetricKeyType === 'ec' ? 'ec' : 'rsa';
    const others = certs.filter((c) => c.id !== cert.id).map((c) => c.der);
    const lib = this.lib;
    return {
      certificate: cert.der,
      chain: others,
      keyType,
      async sign(data) {
        try {
          if (keyType === 'rsa') {
            lib.C_SignInit(session, { mechanism: pkcs11js.CKM_SHA256_RSA_PKCS }, keyHandle);
            return new Uint8Array(lib.C_Sign(session, Buffer.from(data), Buffer.alloc(1024)));
          }
          // Tokens do ECDSA over a digest and return r||s; CMS wants a DER ECDSA-Sig-Value.
          lib.C_SignInit(session, { mechanism: pkcs11js.CKM_ECDSA }, keyHandle);
          const raw = lib.C_Sign(session, createHash('sha256').update(data).digest(), Buffer.alloc(256));
          return ecdsaRawToDer(new Uint8Array(raw));
        } catch (e) {
          throw pkcs11Error(e);
        }
      },
    };
  }

  close(): void {
    for (const s of this.sessions) {
      try {
        this.lib.C_Logout(s);
      } catch {
        /* not logged in */
      }
      try {
        this.lib.C_CloseSession(s);
      } catch {
        /* already closed */
      }
    }
    this.sessions = [];
    try {
      this.lib.C_Finalize();
    } catch {
      /* already finalized */
    }
  }
}
