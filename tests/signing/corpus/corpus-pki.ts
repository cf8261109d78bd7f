/**
 * The certificates of the signature corpus, made with the real `openssl` at test time (no key
 * is ever committed): a root, an intermediate CA sharing its serial with the leaf it issued,
 * EdDSA / RSA / ECDSA signers, a CA whose pathLenConstraint is exceeded, a CA whose name
 * constraints the signer breaks, OCSP responders authorised and not, and CRLs with chosen dates.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
  rootCrl(lastUpdate: string, nextUpdate: string): Uint8Array;
  /** DER OCSP response about `cert` (issued by the root), signed by `responder`. */
  ocspResponse(cert: CorpusCert, responder: CorpusCert): Uint8Array;
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

export function createCorpusPki(): CorpusPki {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecabinet-corpus-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const extFile = path.join(dir, 'ext.cnf');
  writeFileSync(extFile, EXTENSIONS);
  const index: string[] = [];

  const load = (name: string): CorpusCert => {
    const certFile = path.join(dir, `${name}.pem`);
    const certPem = readFileSync(certFile, 'utf8');
    const x509 = new X509Certificate(certPem);
    return { name, keyFile: path.join(dir, `${name}.key`), certFile, keyPem: readFileSync(path.join(dir, `${name}.key`), 'utf8'), certPem, der: new Uint8Array(x509.raw), x509 };
  };
  const selfSigned = (name: string, subject: string): CorpusCert => {
    run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${name}.key`, '-out', `${name}.pem`, '-days', '3650', '-subj', subject, '-config', extFile, '-extensions', 'ca', '-utf8']);
    return load(name);
  };
  let nextSerial = 0x1000 + Math.floor(Math.random() * 0x10000);
  const issue = (name: string, issuer: CorpusCert, subject: string, ext: string, opts: { key?: string; serial?: number } = {}): CorpusCert => {
    run(['genpkey', ...KEY_ARGS[opts.key ?? 'rsa'], '-out', `${name}.key`]);
    run(['req', '-new', '-key', `${name}.key`, '-subj', subject, '-utf8', '-out', `${name}.csr`]);
    const serial = opts.serial ?? nextSerial++;
    run(['x509', '-req', '-in', `${name}.csr`, '-CA', issuer.certFile, '-CAkey', issuer.keyFile, '-set_serial', String(serial), '-days', '365', '-sha256', '-extfile', extFile, '-extensions', ext, '-out', `${name}.pem`]);
    const cert = load(name);
    if (issuer.name === 'root') {
      const expiry = cert.x509.validTo ? new Date(cert.x509.validTo).toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z' : '';
      index.push(['V', expiry, '', cert.x509.serialNumber, 'unknown', subject].join('\t'));
    }
    return cert;
  };

  const root = selfSigned('root', '/C=VN/O=eCabinet Corpus/CN=Corpus Root CA');
  const otherRoot = selfSigned('other-root', '/C=VN/O=Elsewhere/CN=Other Root CA');
  const shared = 0x7e57;
  const inter = issue('inter', root, '/C=VN/O=eCabinet Corpus/CN=Corpus Issuing CA', 'ca', { serial: shared });
  const pathLen0 = issue('pathlen0', root, '/C=VN/O=eCabinet Corpus/CN=Corpus CA pathlen 0', 'ca_pathlen0');
  const pathLen0Sub = issue('pathlen0-sub', pathLen0, '/C=VN/O=eCabinet Corpus/CN=Corpus CA below pathlen 0', 'ca');
  const ncCa = issue('nc-ca', root, '/C=VN/O=So Noi Vu/CN=Corpus CA So Noi Vu', 'ca_nc');
  const pki: CorpusPki = {
    dir,
    root,
    otherRoot,
    inter,
    sameSerialLeaf: issue('same-serial', inter, '/C=VN/O=UBND Thanh pho/CN=Nguyễn Văn Cùng Số', 'signer', { serial: shared }),
    rsa: issue('rsa', root, '/C=VN/O=UBND Thanh pho/CN=Trần Văn RSA', 'signer'),
    ec: issue('ec', root, '/C=VN/O=UBND Thanh pho/CN=Lê Thị ECDSA', 'signer', { key: 'ec' }),
    ed25519: issue('ed25519', root, '/C=VN/O=UBND Thanh pho/CN=Phạm Ed25519', 'signer', { key: 'ed25519' }),
    ed448: issue('ed448', root, '/C=VN/O=UBND Thanh pho/CN=Võ Ed448', 'signer', { key: 'ed448' }),
    pathLen0,
    pathLen0Sub,
    deepLeaf: issue('deep', pathLen0Sub, '/C=VN/O=eCabinet Corpus/CN=Đặng Quá Sâu', 'signer'),
    ncCa,
    ncInside: issue('nc-inside', ncCa, '/C=VN/O=So Noi Vu/CN=Bùi Trong Phạm Vi', 'signer'),
    ncOutside: issue('nc-outside', ncCa, '/C=VN/O=So Tai Chinh/CN=Hồ Ngoài Phạm Vi', 'signer'),
    underLeaf: null as unknown as CorpusCert,
    revocable: issue('revocable', root, '/C=VN/O=UBND Thanh pho/CN=Ngô Có OCSP', 'revocable'),
    ocspDelegate: issue('ocsp-delegate', root, '/C=VN/O=eCabinet Corpus/CN=Corpus OCSP', 'ocsp'),
    ocspRogue: issue('ocsp-rogue', root, '/C=VN/O=UBND Thanh pho/CN=Người Giả OCSP', 'signer'),
    ocspForeign: issue('ocsp-foreign', otherRoot, '/C=VN/O=Elsewhere/CN=Other OCSP', 'ocsp'),
    nssDir: path.join(dir, 'nss'),
    rootCrl(lastUpdate, nextUpdate) {
      const out = `crl-${lastUpdate}-${nextUpdate}.pem`;
      run(['ca', '-gencrl', '-config', path.join(dir, 'ca.cnf'), '-cert', root.certFile, '-keyfile', root.keyFile, '-crl_lastupdate', lastUpdate, '-crl_nextupdate', nextUpdate, '-out', out]);
      return new Uint8Array(run(['crl', '-in', out, '-outform', 'DER']));
    },
    ocspResponse(cert, responder) {
      const id = `${cert.name}-${responder.name}-${Math.random().toString(36).slice(2)}`;
      run(['ocsp', '-issuer', root.certFile, '-cert', cert.certFile, '-no_nonce', '-reqout', `req-${id}.der`]);
      run(['ocsp', '-index', path.join(dir, 'index.txt'), '-CA', root.certFile, '-rsigner', responder.certFile, '-rkey', responder.keyFile, '-reqin', `req-${id}.der`, '-respout', `resp-${id}.der`, '-ndays', '1']);
      return new Uint8Array(readFileSync(path.join(dir, `resp-${id}.der`)));
    },
    close: () => rmSync(dir, { recursive: true, force: true }),
  };
  pki.underLeaf = issue('under-leaf', pki.rsa, '/C=VN/O=UBND Thanh pho/CN=Cấp Bởi Người Ký', 'signer');
  writeFileSync(path.join(dir, 'index.txt'), index.map((l) => `${l}\n`).join(''));
  writeFileSync(path.join(dir, 'crlnumber'), '01\n');
  writeFileSync(path.join(dir, 'serial'), '01\n');
  writeFileSync(path.join(dir, 'ca.cnf'), CA_CONF(dir));

  // NSS database trusting the corpus root, for pdfsig.
  mkdirSync(pki.nssDir);
  execFileSync('certutil', ['-N', '-d', `sql:${pki.nssDir}`, '--empty-password'], { stdio: 'ignore' });
  execFileSync('certutil', ['-A', '-d', `sql:${pki.nssDir}`, '-n', 'Corpus Root CA', '-t', 'CT,C,C', '-i', root.certFile], { stdio: 'ignore' });
  return pki;
}
