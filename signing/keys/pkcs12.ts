/**
 * Reads a PKCS#12 (.p12/.pfx) file: with Node's crypto when it can (pkcs12-native.ts), else with
 * node-forge (pkcs12-forge.ts, which also words the errors). `openPkcs12Key` loads node-forge
 * only when needed (the command line); the synchronous `readPkcs12` / `pkcs12Key` load it with
 * this module.
 */
import { readPkcs12WithForge } from './pkcs12-forge';
import { pkcs12Contents, readPkcs12Natively } from './pkcs12-native';
import { softwareKey } from './software-key';
import type { SigningKey } from './signing-key';

export { openPkcs12, openPkcs12Key, type Pkcs12Contents } from './pkcs12-native';

export function readPkcs12(bytes: Uint8Array, password: string) {
  return pkcs12Contents(readPkcs12Natively(bytes, password) ?? readPkcs12WithForge(bytes, password));
}

/** A SigningKey from a PKCS#12 file. */
export function pkcs12Key(bytes: Uint8Array, password: string): SigningKey {
  const p = readPkcs12(bytes, password);
  return softwareKey(p.privateKey, p.certificate, p.chain);
}
