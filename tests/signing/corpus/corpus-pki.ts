/**
 * The certificates of the signature corpus, made with the real `openssl` at test time (no key
 * is ever committed): a root, an intermediate CA sharing its serial with the leaf it issued,
 * EdDSA / RSA / ECDSA signers, a CA whose pathLenConstraint is exceeded, a CA whose name
 * constraints the signer breaks, OCSP responders authorised and not, and CRLs with chosen dates.
 */
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { tool } from '../../helpers/tool';

export interface CorpusCert {
  name: string;
  keyFile: string;
  certFile: string;
  keyPem: string;
  certPem: string;
  der: Uint8Array;
  x509: X509Certificate;
}

export interface CorpusPki {
  dir: string;
  root: CorpusCert;
  otherRoot: CorpusCert;
  /** Intermediate CA whose serial is also the serial of `sameSerialLeaf`. */
  inter: CorpusCert;
  sameSerialLeaf: CorpusCert;
  rsa: CorpusCert;
  ec: CorpusCert;
  ed25519: CorpusCert;
  ed448: CorpusCert;
  /** root → pathLen0 (pathlen:0) → pathLen0Sub (CA) → deepLeaf: one intermediate too many. */
  pathLen0: CorpusCert;
  pathLen0Sub: CorpusCert;
  deepLeaf: CorpusCert;
  /** CA permitted only names under C=VN, O=So Noi Vu; ncInside obeys, ncOutside does not. */
  ncCa: CorpusCert;
  ncInside: CorpusCert;
  ncOutside: CorpusCert;
  /** Issued by `rsa`, a signer that is no CA. */
  underLeaf: CorpusCert;
  /** Leaf of the root that names the OCSP responder, for revocation cases. */
  revocable: CorpusCert;
  ocspDelegate: CorpusCert;
  /** Issued by the root but without id-kp-OCSPSigning. */
  ocspRogue: CorpusCert;
  /** OCSP-signing certificate of another CA. */
  ocspForeign: CorpusCert;
  nssDir: string;
  /** DER CRL of the root with the given lastUpdate/nextUpdate (openssl YYYYMMDDHHMMSSZ). */
  rootCrl(lastUpdate: string, nextUpdate: string): Promise<Uint8Array>;
  /** DER OCSP response about `cert` (issued by the root), signed by `responder`. */
  ocspResponse(cert: CorpusCert, responder: CorpusCert): Promise<Uint8Array>;
  close(): void;
}

const EXTENSIONS = `
[ ca ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ca_pathlen0 ]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ ca_nc ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
nameConstraints = critical,permitted;dirName:nc_dir
[ nc_dir ]
C = VN
O = So Noi Vu
[ signer ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ revocable ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityInfoAccess = OCSP;URI:http://127.0.0.1:9/ocsp
crlDistributionPoints = URI:http://127.0.0.1:9/crl
[ ocsp ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,OCSPSigning
subjectKeyIdentifier = hash
`;

const CA_CONF = (dir: string) => `
[ ca ]
default_ca = root
[ root ]
database = ${dir}/index.txt
new_certs_dir = ${dir}
serial = ${dir}/serial
crlnumber = ${dir}/crlnumber
default_md = sha256
policy = any
[ any ]
commonName = supplied
`;

const KEY_ARGS: Record<string, string[]> = {
  rsa: ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'],
  ec: ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256'],
  ed25519: ['-algorithm', 'ED25519'],
  ed448: ['-algorithm', 'ED448'],
};

export async function createCorpusPki(): Promise<CorpusPki> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecabinet-corpus-'));
  const run = (args: string[]) => tool('openssl', args, { cwd: dir });
  const extFile = path.join(dir, 'ext.cnf');
  writeFileSync(extFile, EXTENSIONS);
  const index: string[] = [];

  const load = (name: string): CorpusCert => {
    const certFile = path.join(dir, `${name}.pem`);
    const certPem = readFileSync(certFile, 'utf8');
    const x509 = new X509Certificate(certPem);
    return { name, keyFile: path.join(dir, `${name}.key`), certFile, keyPem: readFileSync(path.join(dir, `${name}.key`), 'utf8'), certPem, der: new Uint8Array(x509.raw), x509 };
  };
  const selfSigned = async (name: string, subject: string): Promise<CorpusCert> => {
    await run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '3650', '-subj', subject, '-config', extFile, '-extensions', 'ca', '-utf8']);
    return load(name);
  };
  let nextSerial = 0x1000 + Math.floor(Math.random() * 0x10000);
  const issue = async (name: string, issuer: CorpusCert, subject: string, ext: string, opts: { key?: string; serial?: number } = {}): Promise<CorpusCert> => {
    await run(['genpkey', ...KEY_ARGS[opts.key ?? 'rsa'], '-out', `${name}.key`]);
    await run(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-utf8', '-out', `${name}.csr`]);
    const serial = opts.serial ?? nextSerial++;
    await run(['x509', '-req', '-in', `${name}.csr`, '-CA', issuer.certFile, '-CAkey', issuer.keyFile, '-set_serial', String(serial), '-days', '365', '-sha256', '-extfile', extFile, '-extensions', ext, '-out', `${name}.pem`]);
    const cert = load(name);
    if (issuer.name === 'root') {
      const expiry = cert.x509.validTo ? new Date(cert.x509.validTo).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z' : '';
      index.push(['V', expiry, '', cert.x509.serialNumber, 'unknown', subject].join('\t'));
    }
    return cert;
  };

  const root = await selfSigned('root', '/C=VN/O=eCabinet Corpus/CN=Corpus Root CA');
  const otherRoot = await selfSigned('other-root', '/C=VN/O=Elsewhere/CN=Other Root CA');
  const shared = 0x7e57;
  const inter = await issue('inter', root, '/C=VN/O=eCabinet Corpus/CN=Corpus Issuing CA', 'ca', { serial: shared });
  const pathLen0 = await issue('pathlen0', root, '/C=VN/O=eCabinet Corpus/CN=Corpus CA pathlen 0', 'ca_pathlen0');
  const pathLen0Sub = await issue('pathlen0-sub', pathLen0, '/C=VN/O=eCabinet Corpus/CN=Corpus CA below pathlen 0', 'ca');
  const ncCa = await issue('nc-ca', root, '/C=VN/O=So Noi Vu/CN=Corpus CA So Noi Vu', 'ca_nc');
  const pki: CorpusPki = {
    dir,
    root,
    otherRoot,
    inter,
    sameSerialLeaf: await issue('same-serial', inter, '/C=VN/O=UBND Thanh pho/CN=Nguyễn Văn Cùng Số', 'signer', { serial: shared }),
    rsa: await issue('rsa', root, '/C=VN/O=UBND Thanh pho/CN=Trần Văn RSA', 'signer'),
    ec: await issue('ec', root, '/C=VN/O=UBND Thanh pho/CN=Lê Thị ECDSA', 'signer', { key: 'ec' }),
    ed25519: await issue('ed25519', root, '/C=VN/O=UBND Thanh pho/CN=Phạm Ed25519', 'signer', { key: 'ed25519' }),
    ed448: await issue('ed448', root, '/C=VN/O=UBND Thanh pho/CN=Võ Ed448', 'signer', { key: 'ed448' }),
    pathLen0,
    pathLen0Sub,
    deepLeaf: await issue('deep', pathLen0Sub, '/C=VN/O=eCabinet Corpus/CN=Đặng Quá Sâu', 'signer'),
    ncCa,
    ncInside: await issue('nc-inside', ncCa, '/C=VN/O=So Noi Vu/CN=Bùi Trong Phạm Vi', 'signer'),
    ncOutside: await issue('nc-outside', ncCa, '/C=VN/O=So Tai Chinh/CN=Hồ Ngoài Phạm Vi', 'signer'),
    underLeaf: null as unknown as CorpusCert,
    revocable: await issue('revocable', root, '/C=VN/O=UBND Thanh pho/CN=Ngô Có OCSP', 'revocable'),
    ocspDelegate: await issue('ocsp-delegate', root, '/C=VN/O=eCabinet Corpus/CN=Corpus OCSP', 'ocsp'),
    ocspRogue: await issue('ocsp-rogue', root, '/C=VN/O=UBND Thanh pho/CN=Người Giả OCSP', 'signer'),
    ocspForeign: await issue('ocsp-foreign', otherRoot, '/C=VN/O=Elsewhere/CN=Other OCSP', 'ocsp'),
    nssDir: path.join(dir, 'nss'),
    async rootCrl(lastUpdate, nextUpdate) {
      const out = `crl-${lastUpdate}-${nextUpdate}.pem`;
      await run(['ca', '-gencrl', '-config', path.join(dir, 'ca.cnf'), '-cert', root.certFile, '-keyfile', root.keyFile, '-crl_lastupdate', lastUpdate, '-crl_nextupdate', nextUpdate, '-out', out]);
      return new Uint8Array(await run(['crl', '-in', out, '-outform', 'DER']));
    },
    async ocspResponse(cert, responder) {
      const id = `${cert.name}-${responder.name}-${Math.random().toString(36).slice(2)}`;
      await run(['ocsp', '-issuer', root.certFile, '-cert', cert.certFile, '-no_nonce', '-reqout', `req-${id}.der`]);
      await run(['ocsp', '-index', path.join(dir, 'index.txt'), '-CA', root.certFile, '-rsigner', responder.certFile, '-rkey', responder.keyFile, '-reqin', `req-${id}.der`, '-respout', `resp-${id}.der`, '-ndays', '1']);
      return new Uint8Array(readFileSync(path.join(dir, `resp-${id}.der`)));
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
  pki.underLeaf = await issue('under-leaf', pki.rsa, '/C=VN/O=UBND Thanh pho/CN=Cấp Bởi Người Ký', 'signer');
  writeFileSync(path.join(dir, 'index.txt'), index.map((l) => `${l}\n`).join(''));
  writeFileSync(path.join(dir, 'crlnumber'), '01\n');
  writeFileSync(path.join(dir, 'serial'), '01\n');
  writeFileSync(path.join(dir, 'ca.cnf'), CA_CONF(dir));

  // NSS database trusting the corpus root, for pdfsig.
  mkdirSync(pki.nssDir);
  await tool('certutil', ['-N', '-d', `sql:${pki.nssDir}`, '--empty-password']);
  await tool('certutil', ['-A', '-d', `sql:${pki.nssDir}`, '-n', 'Corpus Root CA', '-t', 'CT,C,C', '-i', root.certFile]);
  return pki;
}
