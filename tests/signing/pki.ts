/**
 * A throw-away test PKI made with the real `openssl` at test time (no private key is ever
 * committed): a root CA, signer certificates (RSA, ECDSA, expired, wrong key usage, revoked,
 * from an untrusted CA), a timestamp authority and an OCSP responder, plus a tiny HTTP server
 * that answers RFC 3161 (openssl ts -reply), OCSP (openssl ocsp) and CRL requests.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { tool } from '../helpers/tool';

export const P12_PASSWORD = 'mật-khẩu-thử';

export interface Identity {
  key: string;
  cert: string;
  p12: string;
  certPem: string;
}

export interface TestPki {
  dir: string;
  url: string;
  caPem: string;
  caFile: string;
  otherCaFile: string;
  rsa: Identity;
  /** Two more RSA signers: pdfsig (NSS) reports 'Unknown issue' for a certificate it already met in the same file. */
  rsa2: Identity;
  rsa3: Identity;
  ec: Identity;
  expired: Identity;
  wrongUsage: Identity;
  revoked: Identity;
  untrusted: Identity;
  /** Signer whose certificate names the local OCSP responder and CRL server. */
  online: Identity;
  nssDir: string;
  tsaUrl: string;
  close(): Promise<void>;
  /** Counts of requests the local services answered. */
  hits: { tsa: number; ocsp: number; crl: number };
}

const run = (cmd: string, args: string[], cwd: string): Promise<Buffer> => tool(cmd, args, { cwd });

const caConf = (dir: string, name: string, url: string) => `
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ${dir}/${name}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
crlnumber = $dir/crlnumber
default_md = sha256
policy = policy_any
default_crl_days = 30
unique_subject = no
copy_extensions = none
[ policy_any ]
commonName = supplied
organizationName = optional
countryName = optional
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = unused
[ v3_ca ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ signer ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ signer_online ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection
authorityInfoAccess = OCSP;URI:${url}/ocsp
crlDistributionPoints = URI:${url}/crl
[ wrong_usage ]
basicConstraints = CA:false
keyUsage = critical,keyEncipherment
extendedKeyUsage = serverAuth
[ tsa ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
[ ocsp ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,OCSPSigning
noCheck = ignored
`;

const tsaConf = (dir: string) => `
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = ${dir}
serial = $dir/tsaserial
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
ess_cert_id_alg = sha256
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
crypto_device = builtin
`;

/**
 * Private keys by the part they play (root CA, 'rsa' signer, TSA...), kept for this test
 * worker's later PKIs. Generating a dozen RSA keys was most of a PKI's cost (2.5 s of CPU of
 * 3.4 s) and two dozen test files make one each. Every PKI still gets its own CAs and
 * certificates (serials, dates, its responder's address), so files stay independent; within
 * one PKI each part has a key of its own, as before.
 */
const keysOfWorker = new Map<string, string>();

/** `openssl req` arguments giving `keyFile` the worker's key for `part` (made now the first time). */
function keyArgs(keyFile: string, part: string, ec = false): string[] {
  const known = keysOfWorker.get(part);
  if (known === undefined) return [...(ec ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048']), '-nodes', '-keyout', keyFile];
  writeFileSync(keyFile, known, { mode: 0o600 });
  return ['-key', keyFile];
}

function rememberKey(keyFile: string, part: string): void {
  if (!keysOfWorker.has(part)) keysOfWorker.set(part, readFileSync(keyFile, 'utf8'));
}

async function makeCa(dir: string, name: string, cn: string, url: string): Promise<string> {
  const d = path.join(dir, name);
  mkdirSync(path.join(d, 'newcerts'), { recursive: true });
  writeFileSync(path.join(d, 'index.txt'), '');
  writeFileSync(path.join(d, 'serial'), `${(1000 + Math.floor(Math.random() * 1e6)).toString(16).padStart(6, '0')}\n`);
  writeFileSync(path.join(d, 'crlnumber'), '01\n');
  const conf = path.join(d, 'ca.cnf');
  writeFileSync(conf, caConf(dir, name, url));
  const key = path.join(d, 'ca.key');
  await run('openssl', ['req', '-x509', ...keyArgs(key, `ca:${name}`), '-out', 'ca.pem', '-days', '3650', '-subj', `/C=VN/O=eCabinet Test/CN=${cn}`, '-config', conf, '-extensions', 'v3_ca'], d);
  rememberKey(key, `ca:${name}`);
  return conf;
}

async function issue(dir: string, ca: string, name: string, cn: string, ext: string, opts: { ec?: boolean; start?: string; end?: string } = {}): Promise<Identity> {
  const d = path.join(dir, ca);
  const key = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.pem`);
  await run('openssl', ['req', '-new', ...keyArgs(key, name, opts.ec), '-out', csr, '-subj', `/C=VN/O=UBND Thành phố Thử nghiệm/CN=${cn}`, '-utf8'], dir);
  rememberKey(key, name);
  const dates = opts.start ? ['-startdate', opts.start, '-enddate', opts.end!] : ['-days', '365'];
  await run('openssl', ['ca', '-batch', '-config', path.join(d, 'ca.cnf'), '-extensions', ext, '-in', csr, '-out', cert, '-notext', '-utf8', ...dates, '-cert', path.join(d, 'ca.pem'), '-keyfile', path.join(d, 'ca.key')], dir);
  const p12 = path.join(dir, `${name}.p12`);
  await run('openssl', ['pkcs12', '-export', '-inkey', key, '-in', cert, '-certfile', path.join(d, 'ca.pem'), '-passout', `pass:${P12_PASSWORD}`, '-out', p12, '-name', cn], dir);
  return { key, cert, p12, certPem: readFileSync(cert, 'utf8') };
}

export async function createTestPki(): Promise<TestPki> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecabinet-pki-'));
  const hits = { tsa: 0, ocsp: 0, crl: 0 };
  let handler: (body: Buffer, url: string) => Promise<{ type: string; body: Buffer }> = async () => ({ type: 'text/plain', body: Buffer.from('not ready') });
  // One request at a time, as the CA's files (index, serial, CRL number) expect.
  let answering = Promise.resolve();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      answering = answering.then(async () => {
        try {
          const out = await handler(Buffer.concat(chunks), req.url ?? '/');
          res.writeHead(200, { 'content-type': out.type }).end(out.body);
        } catch (e) {
          res.writeHead(500).end(String(e));
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  await makeCa(dir, 'ca', 'eCabinet Test Root CA', url);
  await makeCa(dir, 'other', 'Untrusted Test CA', url);
  const caFile = path.join(dir, 'ca', 'ca.pem');
  const year = new Date().getUTCFullYear();
  const pki: TestPki = {
    dir,
    url,
    caFile,
    caPem: readFileSync(caFile, 'utf8'),
    otherCaFile: path.join(dir, 'other', 'ca.pem'),
    rsa: await issue(dir, 'ca', 'rsa', 'Nguyễn Văn An', 'signer'),
    rsa2: await issue(dir, 'ca', 'rsa2', 'Lê Thị Cúc', 'signer'),
    rsa3: await issue(dir, 'ca', 'rsa3', 'Đỗ Minh Đức', 'signer'),
    ec: await issue(dir, 'ca', 'ec', 'Trần Thị Bình', 'signer', { ec: true }),
    expired: await issue(dir, 'ca', 'expired', 'Lê Văn Cũ', 'signer', { start: `${year - 3}0101000000Z`, end: `${year - 2}0101000000Z` }),
    wrongUsage: await issue(dir, 'ca', 'wrong', 'Máy chủ Web', 'wrong_usage'),
    revoked: await issue(dir, 'ca', 'revoked', 'Phạm Văn Thu Hồi', 'signer_online'),
    untrusted: await issue(dir, 'other', 'untrusted', 'Người Lạ', 'signer'),
    online: await issue(dir, 'ca', 'online', 'Hoàng Thị Trực Tuyến', 'signer_online'),
    nssDir: path.join(dir, 'nss'),
    tsaUrl: `${url}/tsa`,
    hits,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const tsa = await issue(dir, 'ca', 'tsa', 'eCabinet Test TSA', 'tsa');
  const ocsp = await issue(dir, 'ca', 'ocsp', 'eCabinet Test OCSP', 'ocsp');
  writeFileSync(path.join(dir, 'tsaserial'), '01\n');
  writeFileSync(path.join(dir, 'tsa.cnf'), tsaConf(dir));
  await run('openssl', ['ca', '-config', path.join(dir, 'ca', 'ca.cnf'), '-revoke', pki.revoked.cert, '-cert', caFile, '-keyfile', path.join(dir, 'ca', 'ca.key')], dir);

  let n = 0;
  handler = async (body, reqUrl) => {
    const id = `${process.pid}-${n++}`;
    const reqFile = path.join(dir, `req-${id}`);
    const outFile = path.join(dir, `resp-${id}`);
    if (reqUrl.startsWith('/tsa')) {
      hits.tsa++;
      writeFileSync(reqFile, body);
      await run('openssl', ['ts', '-reply', '-config', path.join(dir, 'tsa.cnf'), '-queryfile', reqFile, '-inkey', tsa.key, '-signer', tsa.cert, '-chain', caFile, '-out', outFile], dir);
      return { type: 'application/timestamp-reply', body: readFileSync(outFile) };
    }
    if (reqUrl.startsWith('/ocsp')) {
      hits.ocsp++;
      writeFileSync(reqFile, body);
      await run('openssl', ['ocsp', '-index', path.join(dir, 'ca', 'index.txt'), '-CA', caFile, '-rsigner', ocsp.cert, '-rkey', ocsp.key, '-reqin', reqFile, '-respout', outFile, '-ndays', '1'], dir);
      return { type: 'application/ocsp-response', body: readFileSync(outFile) };
    }
    if (reqUrl.startsWith('/crl')) {
      hits.crl++;
      await run('openssl', ['ca', '-gencrl', '-config', path.join(dir, 'ca', 'ca.cnf'), '-cert', caFile, '-keyfile', path.join(dir, 'ca', 'ca.key'), '-out', outFile], dir);
      return { type: 'application/pkix-crl', body: await run('openssl', ['crl', '-in', outFile, '-outform', 'DER'], dir) };
    }
    throw new Error(`no handler for ${reqUrl}`);
  };

  // NSS database trusting the test root, for pdfsig.
  mkdirSync(pki.nssDir);
  await run('certutil', ['-N', '-d', `sql:${pki.nssDir}`, '--empty-password'], dir);
  await run('certutil', ['-A', '-d', `sql:${pki.nssDir}`, '-n', 'eCabinet Test Root CA', '-t', 'CT,C,C', '-i', caFile], dir);
  return pki;
}
