import { createPrivateKey, sign as cryptoSign, X509Certificate, type KeyObject } from 'node:crypto';
import { AppError } from '../../shared/app-error';
import type { SigningKey } from './signing-key';

/** A signing key held in memory (decrypted from a PKCS#12 file or the app's key store). */
export function softwareKey(privateKey: KeyObject | string | Uint8Array, certificate: Uint8Array, chain: Uint8Array[] = []): SigningKey {
  const key =
    typeof privateKey === 'string'
      ? createPrivateKey(privateKey)
      : privateKey instanceof Uint8Array
        ? createPrivateKey({ key: Buffer.from(privateKey), format: 'der', type: 'pkcs8' })
        : privateKey;
  const type = key.asymmetricKeyType;
  if (type !== 'rsa' && type !== 'ec') {
    throw new AppError('signing_failed', `Unsupported key type ${String(type)} (RSA and ECDSA keys are supported)`);
  }
  const cert = new X509Certificate(Buffer.from(certificate));
  if (!cert.checkPrivateKey(key)) {
    throw new AppError('key_not_found', 'The private key does not belong to the certificate');
  }
  return {
    certificate,
    chain,
    keyType: type,
    async sign(data) {
      return new Uint8Array(cryptoSign('sha256', data, type === 'ec' ? { key, dsaEncoding: 'der' } : key));
    },
  };
}
