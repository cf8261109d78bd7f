/** A SoftHSM2 token in a temp dir (its own SOFTHSM2_CONF), holding a test signer's key and certificate. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { tool } from '../helpers/tool';

export const SOFTHSM_MODULE = ['/usr/lib/softhsm/libsofthsm2.so', '/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so', '/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so'].find((p) => existsSync(p)) ?? '';
export const TOKEN_LABEL = 'eCabinet Token';
export const USER_PIN = '246810';

/** Sets SOFTHSM2_CONF for this process (before the module is loaded) and imports key + cert under CKA_ID 01. */
export async function createSoftHsmToken(dir: string, keyFile: string, certFile: string): Promise<{ conf: string }> {
  const tokens = path.join(dir, 'tokens');
  mkdirSync(tokens, { recursive: true });
  const conf = path.join(dir, 'softhsm2.conf');
  writeFileSync(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\n`);
  process.env.SOFTHSM2_CONF = conf;
  const env = { SOFTHSM2_CONF: conf };
  await tool('softhsm2-util', ['--init-token', '--free', '--label', TOKEN_LABEL, '--so-pin', '13579', '--pin', USER_PIN], { env });
  const pk8 = path.join(dir, 'key.pk8');
  await tool('openssl', ['pkcs8', '-topk8', '-nocrypt', '-in', keyFile, '-out', pk8]);
  await tool('softhsm2-util', ['--import', pk8, '--token', TOKEN_LABEL, '--label', 'signer', '--id', '01', '--pin', USER_PIN], { env });
  const der = path.join(dir, 'cert.der');
  await tool('openssl', ['x509', '-in', certFile, '-outform', 'DER', '-out', der]);
  await tool('pkcs11-tool', ['--module', SOFTHSM_MODULE, '--token-label', TOKEN_LABEL, '--login', '--pin', USER_PIN, '--write-object', der, '--type', 'cert', '--id', '01', '--label', 'signer'], { env });
  return { conf };
}
