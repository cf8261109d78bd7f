/**
 * Which PKCS#11 libraries the app loads. Loading a library runs its code in the app's process,
 * so a path typed (or injected) into the token dialog must not load arbitrary code: only the
 * drivers of the token vendors known here, by file name, or a library the user explicitly
 * confirmed on this device (kept in the device settings).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { DeviceSettingsFile } from './device-settings';

/** File names of token drivers in use in Vietnam (CA vendors' and common generic ones). */
export const KNOWN_PKCS11_MODULES = new Set(
  [
    // VNPT-CA, Viettel-CA, BKAV-CA, FPT-CA, CA2/Nacencomm, Ban Cơ yếu Chính phủ (gov CA)
    'vnpt-ca_csp11.dll', 'vnpt-ca_v34.dll', 'libvnpt-ca_p11.so', 'viettel-ca_v6.dll', 'viettel-ca.dll', 'libviettel-ca_p11.so',
    'bkavca.dll', 'bkavcav2.dll', 'libbkavca.so', 'fpt-ca.dll', 'fptca_p11.dll', 'ca2_pkcs11.dll', 'nacencomm_pkcs11.dll',
    'gca01_pkcs11.dll', 'libgcapkcs11.so',
    // Generic smart-card / token middleware
    'etpkcs11.dll', 'libetpkcs11.so', 'eps2003csp11.dll', 'libcastle.so.1.0.0', 'opensc-pkcs11.so', 'opensc-pkcs11.dll', 'libykcs11.so', 'libykcs11.dylib',
  ].map((n) => n.toLowerCase()),
);

export function isKnownModule(modulePath: string): boolean {
  // Windows paths are named with backslashes (path.win32 also splits on '/').
  const base = /^[A-Za-z]:\\/.test(modulePath) ? path.win32.basename(modulePath) : path.basename(modulePath);
  return KNOWN_PKCS11_MODULES.has(base.toLowerCase());
}

export class Pkcs11AllowList {
  constructor(private readonly settings: DeviceSettingsFile) {}

  status(modulePath: string): { allowed: boolean; known: boolean } {
    const known = isKnownModule(modulePath);
    return { known, allowed: known || this.settings.get().confirmedModules.includes(path.normalize(modulePath)) };
  }

  /** Throws pkcs11_module_not_allowed unless the library is known or was confirmed. */
  require(modulePath: string): void {
    if (!this.status(modulePath).allowed)
      throw new AppError('pkcs11_module_not_allowed', 'this PKCS#11 library is neither a known token driver nor confirmed by the user', { module: modulePath });
  }

  async confirm(modulePath: string): Promise<string[]> {
    if (!existsSync(modulePath)) throw new AppError('not_found', 'no such PKCS#11 library', { module: modulePath });
    const s = this.settings.get();
    const p = path.normalize(modulePath);
    const confirmedModules = s.confirmedModules.includes(p) ? s.confirmedModules : [...s.confirmedModules, p];
    return (await this.settings.save({ confirmedModules })).confirmedModules;
  }
}
