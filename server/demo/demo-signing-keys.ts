/**
 * Signing keys for trying "Ký" in the demo: a test CA, clearly named as one, and a PKCS#12 key
 * for the chair and a vice-chair with their full names as the certificate's CN (so the
 * name check passes). Written as files beside the demo data; the user imports them in "Chữ ký
 * số của tôi" exactly as with a real CA's file, and trusts the test CA on that device only.
 * The CA's private key is never written: it signs the two certificates and is dropped, so no
 * one can issue more from it.
 */
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import forge from 'node-forge';
import { privateDir } from '../data-files';
import { nodeRsaSigner } from '../node-rsa-signer';

export const DEMO_CA_NAME = 'CA THỬ NGHIỆM – không có giá trị pháp lý';
export const DEMO_KEYS_DIR = 'demo-keys';
export const DEMO_CA_FILE = 'ca-thu-nghiem.pem';

export interface DemoKeyHolder {
  username: string;
  fullName: string;
}

export interface DemoSigningKeys {
  dir: string;
  caFile: string;
  /** The .p12 of each holder, by username. */
  p12Files: Record<string, string>;
  password: string;
}

// forge encodes a UTF8String value itself.
const utf8 = (value: string) => ({ value, valueTagClass: forge.asn1.Type.UTF8 as unknown as forge.asn1.Class });

const generateRsa = promisify(generateKeyPair);

interface KeyPair {
  privateKey: forge.pki.rsa.PrivateKey;
  publicKey: forge.pki.rsa.PublicKey;
  /** What signs certificates with this key (Node's RSA). */
  signer: forge.pki.rsa.PrivateKey;
}

async function newKeyPair(): Promise<KeyPair> {
  // Node's generator, off the thread (forge's pure-JS RSA generation takes seconds); the keys of
  // one seed are made side by side.
  const { privateKey } = await generateRsa('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { privateKey: key, publicKey: forge.pki.setRsaPublicKey(key.n, key.e), signer: nodeRsaSigner(privateKey) };
}

function certificate(subject: forge.pki.CertificateField[], publicKey: forge.pki.PublicKey, now: Date, years: number): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // Positive, 16 random bytes.
  cert.serialNumber = '01' + randomBytes(15).toString('hex');
  cert.validity.notBefore = new Date(now.getTime() - 24 * 3600_000);
  cert.validity.notAfter = new Date(now.getTime() + years * 365 * 24 * 3600_000);
  cert.setSubject(subject);
  return cert;
}

export async function writeDemoSigningKeys(dir: string, orgName: string, holders: DemoKeyHolder[], password: string, now: Date): Promise<DemoSigningKeys> {
  const org = `${orgName} (dữ liệu mẫu / demo)`;
  const [ca, ...leaves] = await Promise.all([newKeyPair(), ...holders.map(() => newKeyPair())]);
  const caSubject = [{ name: 'countryName', value: 'VN' }, { name: 'organizationName', ...utf8(org) }, { name: 'commonName', ...utf8(DEMO_CA_NAME) }];
  const caCert = certificate(caSubject, ca.publicKey, now, 5);
  caCert.setIssuer(caSubject);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(ca.signer, forge.md.sha256.create());

  await privateDir(dir);
  const write = async (name: string, bytes: string | Buffer) => {
    const file = path.join(dir, name);
    await writeFile(file, bytes, { mode: 0o600 });
    return file;
  };
  const caFile = await write(DEMO_CA_FILE, forge.pki.certificateToPem(caCert));
  const p12Files: Record<string, string> = {};
  for (const [i, h] of holders.entries()) {
    const leaf = leaves[i];
    const cert = certificate(
      [{ name: 'countryName', value: 'VN' }, { name: 'organizationName', ...utf8(org) }, { name: 'organizationalUnitName', ...utf8(DEMO_CA_NAME) }, { name: 'commonName', ...utf8(h.fullName) }],
      leaf.publicKey,
      now,
      2,
    );
    cert.setIssuer(caSubject);
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, nonRepudiation: true, critical: true },
      { name: 'extKeyUsage', emailProtection: true },
      { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: caCert.generateSubjectKeyIdentifier().getBytes() },
    ]);
    cert.sign(ca.signer, forge.md.sha256.create());
    const p12 = forge.pkcs12.toPkcs12Asn1(leaf.privateKey, [cert, caCert], password, { algorithm: 'aes256', friendlyName: h.fullName, generateLocalKeyId: true });
    p12Files[h.username] = await write(`${h.username}.p12`, Buffer.from(forge.asn1.toDer(p12).getBytes(), 'binary'));
  }
  await write(
    'DOC-TOI.txt',
    [
      `${DEMO_CA_NAME}`,
      'Khóa ký số thử nghiệm của dữ liệu mẫu eCabinet. Chỉ dùng để thử chức năng "Ký"; chữ ký tạo ra không có giá trị pháp lý.',
      `Trong ứng dụng: "Chờ ký" → "Chữ ký số của tôi": nhập tệp .p12 của mình (mật khẩu: ${password}) và thêm ${DEMO_CA_FILE} vào danh sách tin cậy của máy này.`,
      '',
      'Demo signing keys of the eCabinet demo data. Only for trying "Sign"; the signatures have no legal value.',
      `In the app: "Chờ ký" → "Chữ ký số của tôi": import your .p12 (password: ${password}) and add ${DEMO_CA_FILE} to this device's trusted roots.`,
      '',
      ...holders.map((h) => `${h.username}.p12  ${h.fullName}`),
      '',
    ].join('\n'),
  );
  return { dir, caFile, p12Files, password };
}

/** Who gets a demo key: the chair and the first vice-chair of the demo committee. */
export function demoKeyHolders(users: readonly { username: string; fullName: string; role: string; title: string }[]): DemoKeyHolder[] {
  const chair = users.find((u) => u.role === 'chair');
  const viceChair = users.find((u) => u.role !== 'chair' && u.title.startsWith('Phó Chủ tịch'));
  return [chair, viceChair].flatMap((u) => (u ? [{ username: u.username, fullName: u.fullName }] : []));
}
