/**
 * A throw-away PKI for long-term signatures, made with the real `openssl` at test time: a root
 * CA, an issuing (intermediate) CA, signers under it whose certificates name the local OCSP
 * responder and (for one) the address the issuing CA's certificate is served at (AIA
 * caIssuers), and two timestamp authorities whose certificates name an OCSP responder too: a
 * short-lived one for signature timestamps and a long-lived one for archive timestamps. One
 * local HTTP server answers RFC 3161 (openssl ts -reply), OCSP (openssl ocsp) and serves the
 * CA certificates; any path can be made unreachable (404) to play an outage.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { tool } from '../helpers/tool';

export const LT_P12_PASSWORD = 'mật-khẩu-lưu-trữ';

export interface LtIdentity {
  key: string;
  cert: string;
  p12: string;
}

export interface LongTermPki {
  dir: string;
  url: string;
  rootFile: string;
  rootPem: string;
  interFile: string;
  interPem: string;
  /** Signer under the issuing CA: OCSP and CA-issuers addresses; valid for two days only. */
  signer: LtIdentity;
  /** Signer under the issuing CA naming an OCSP responder but no CA-issuers address. */
  signerNoAia: LtIdentity;
  /** Signature timestamps (certificate valid five days; names an OCSP responder). */
  tsaUrl: string;
  /** Archive timestamps (certificate valid ten years; names an OCSP responder). */
  archiveTsaUrl: string;
  tsaCert: string;
  archiveTsaCert: string;
  nssDir: string;
  /** Paths (prefixes) answered with 404, to play an outage. */
  down: Set<string>;
  hits: Record<string, number>;
  close(): Promise<void>;
}

const run = (args: string[], cwd: string): Promise<Buffer> => tool('openssl', args, { cwd });

const conf = (dir: string, url: string) => `
[ ca ]
default_ca = CA_default
[ CA_default ]
dir = ${dir}
database = $dir/index.txt
new_certs_dir = $dir/newcerts
serial = $dir/serial
default_md = sha256
policy = policy_any
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
[ v3_root ]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[ v3_inter ]
basicConstraints = critical,CA:true,pathlen:0
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:${url}/ocsp/root,caIssuers;URI:${url}/issuers/root.der
[ signer_aia ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
authorityInfoAccess = OCSP;URI:${url}/ocsp/inter,caIssuers;URI:${url}/issuers/inter.der
[ signer_no_aia ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
extendedKeyUsage = emailProtection
authorityInfoAccess = OCSP;URI:${url}/ocsp/inter
[ tsa ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
authorityInfoAccess = OCSP;URI:${url}/ocsp/root
[ ocsp ]
basicConstraints = CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,OCSPSigning
noCheck = ignored
`;

const tsaConf = (dir: string, name: string) => `
[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = ${dir}
serial = $dir/${name}.serial
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

const stamp = (d: Date) => d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';

function caDir(dir: string, name: string, url: string): string {
  const d = path.join(dir, name);
  mkdirSync(path.join(d, 'newcerts'), { recursive: true });
  writeFileSync(path.join(d, 'index.txt'), '');
  writeFileSync(path.join(d, 'serial'), `${(4096 + Math.floor(Math.random() * 1e6)).toString(16).padStart(6, '0')}\n`);
  writeFileSync(path.join(d, 'ca.cnf'), conf(d, url));
  return d;
}

async function issue(dir: string, ca: string, name: string, cn: string, ext: string, days: number): Promise<LtIdentity> {
  const key = path.join(dir, `${name}.key`);
  const csr = path.join(dir, `${name}.csr`);
  const cert = path.join(dir, `${name}.pem`);
  await run(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', `/C=VN/O=UBND Thành phố Thử nghiệm/CN=${cn}`, '-utf8'], dir);
  const start = new Date(Date.now() - 3600_000);
  const end = new Date(Date.now() + days * 86400_000);
  await run(['ca', '-batch', '-config', path.join(ca, 'ca.cnf'), '-extensions', ext, '-in', csr, '-out', cert, '-notext', '-utf8', '-startdate', stamp(start), '-enddate', stamp(end), '-cert', path.join(ca, 'ca.pem'), '-keyfile', path.join(ca, 'ca.key')], dir);
  const p12 = path.join(dir, `${name}.p12`);
  // Only the signer's own certificate, like most USB tokens.
  await run(['pkcs12', '-export', '-inkey', key, '-in', cert, '-passout', `pass:${LT_P12_PASSWORD}`, '-out', p12, '-name', cn], dir);
  return { key, cert, p12 };
}

export async function createLongTermPki(): Promise<LongTermPki> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecabinet-ltpki-'));
  const hits: Record<string, number> = {};
  const down = new Set<string>();
  let handler: (body: Buffer, url: string) => Promise<{ type: string; body: Buffer }> = async () => ({ type: 'text/plain', body: Buffer.from('not ready') });
  // One request at a time, as the CAs' files (index, serials) expect.
  let answering = Promise.resolve();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      hits[url] = (hits[url] ?? 0) + 1;
      if ([...down].some((p) => url.startsWith(p))) return void res.writeHead(404).end('down');
      answering = answering.then(async () => {
        try {
          const out = await handler(Buffer.concat(chunks), url);
          res.writeHead(200, { 'content-type': out.type }).end(out.body);
        } catch (e) {
          res.writeHead(500).end(String(e));
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const root = caDir(dir, 'root', url);
  await run(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '3650', '-subj', '/C=VN/O=eCabinet Test/CN=eCabinet LT Root CA', '-config', path.join(root, 'ca.cnf'), '-extensions', 'v3_root'], root);
  const inter = caDir(dir, 'inter', url);
  const interId = await issue(dir, root, 'inter', 'eCabinet LT Issuing CA', 'v3_inter', 3000);
  writeFileSync(path.join(inter, 'ca.key'), readFileSync(interId.key));
  writeFileSync(path.join(inter, 'ca.pem'), readFileSync(interId.cert));

  const signer = await issue(dir, inter, 'signer', 'Nguyễn Thị Lưu Trữ', 'signer_aia', 2);
  const signerNoAia = await issue(dir, inter, 'signer-no-aia', 'Trần Văn Không AIA', 'signer_no_aia', 300);
  const tsa = await issue(dir, root, 'tsa', 'eCabinet LT Signature TSA', 'tsa', 5);
  const archiveTsa = await issue(dir, root, 'archive-tsa', 'eCabinet LT Archive TSA', 'tsa', 3650);
  const ocspRoot = await issue(dir, root, 'ocsp-root', 'eCabinet LT Root OCSP', 'ocsp', 3650);
  const ocspInter = await issue(dir, inter, 'ocsp-inter', 'eCabinet LT Issuing OCSP', 'ocsp', 3650);
  for (const name of ['tsa', 'archive-tsa']) {
    writeFileSync(path.join(dir, `${name}.serial`), '01\n');
    writeFileSync(path.join(dir, `${name}.cnf`), tsaConf(dir, name));
  }
  const rootFile = path.join(root, 'ca.pem');
  const interFile = path.join(inter, 'ca.pem');

  let n = 0;
  handler = async (body, reqUrl) => {
    const id = `${process.pid}-${n++}`;
    const reqFile = path.join(dir, `req-${id}`);
    const outFile = path.join(dir, `resp-${id}`);
    const tsaOf = reqUrl.startsWith('/tsa-archive') ? { id: archiveTsa, name: 'archive-tsa' } : reqUrl.startsWith('/tsa') ? { id: tsa, name: 'tsa' } : null;
    if (tsaOf) {
      writeFileSync(reqFile, body);
      await run(['ts', '-reply', '-config', path.join(dir, `${tsaOf.name}.cnf`), '-queryfile', reqFile, '-inkey', tsaOf.id.key, '-signer', tsaOf.id.cert, '-chain', rootFile, '-out', outFile], dir);
      return { type: 'application/timestamp-reply', body: readFileSync(outFile) };
    }
    const ocspOf = reqUrl.startsWith('/ocsp/root') ? { ca: root, responder: ocspRoot } : reqUrl.startsWith('/ocsp/inter') ? { ca: inter, responder: ocspInter } : null;
    if (ocspOf) {
      writeFileSync(reqFile, body);
      await run(['ocsp', '-index', path.join(ocspOf.ca, 'index.txt'), '-CA', path.join(ocspOf.ca, 'ca.pem'), '-rsigner', ocspOf.responder.cert, '-rkey', ocspOf.responder.key, '-reqin', reqFile, '-respout', outFile, '-ndays', '1'], dir);
      return { type: 'application/ocsp-response', body: readFileSync(outFile) };
    }
    if (reqUrl === '/issuers/root.der') return { type: 'application/pkix-cert', body: await run(['x509', '-in', rootFile, '-outform', 'DER'], dir) };
    if (reqUrl === '/issuers/inter.der') return { type: 'application/pkix-cert', body: await run(['x509', '-in', interFile, '-outform', 'DER'], dir) };
    throw new Error(`no handler for ${reqUrl}`);
  };

  const nssDir = path.join(dir, 'nss');
  mkdirSync(nssDir);
  await tool('certutil', ['-N', '-d', `sql:${nssDir}`, '--empty-password']);
  await tool('certutil', ['-A', '-d', `sql:${nssDir}`, '-n', 'eCabinet LT Root CA', '-t', 'CT,C,C', '-i', rootFile]);

  return {
    dir,
    url,
    rootFile,
    rootPem: readFileSync(rootFile, 'utf8'),
    interFile,
    interPem: readFileSync(interFile, 'utf8'),
    signer,
    signerNoAia,
    tsaUrl: `${url}/tsa`,
    archiveTsaUrl: `${url}/tsa-archive`,
    tsaCert: tsa.cert,
    archiveTsaCert: archiveTsa.cert,
    nssDir,
    down,
    hits,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Requests the local server answered whose path starts with `prefix`. */
export function hitsOf(pki: LongTermPki, prefix: string): number {
  return Object.entries(pki.hits).reduce((n, [p, c]) => (p.startsWith(prefix) ? n + c : n), 0);
}
