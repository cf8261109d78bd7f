/**
 * The meeting archive is sealed and streamed: its manifest (every file's SHA-256, the audit
 * chain head) is signed CAdES by the server's archive key; `ecabinet verify-archive` accepts it
 * and names a tampered file; OpenSSL, an independent checker, accepts the signature; and the
 * zip is produced only as fast as it is read, never held whole in memory.
 */
import { getRandomValues, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditChainHead } from '../../server/audit/verify-chain';
import { verifyArchive } from '../../server/audit/verify-archive';
import { streamMeetingArchive } from '../../server/secretariat/archive';
import { ARCHIVE_KEY_DIR, archiveSigner, loadArchiveSigner, selfSignedArchiveKey, signerFromPem } from '../../server/secretariat/archive-key';
import { FsBlobStore } from '../../server/index';
import { runCliInProcess } from '../helpers/cli-in-process';
import { check, tool } from '../helpers/tool';
import { waitFor } from '../helpers/wait-for';
import { pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf, type TestServer } from './helpers';

const bin = resolve(__dirname, '../../bin/ecabinet.cjs');
const built = existsSync(join(__dirname, '../../dist/cli.cjs'));

/** The built command in a process of its own (its exit status and output), without blocking: several run at once. */
const runBin = (args: string[]) => check(process.execPath, [bin, ...args], { timeoutMs: 60_000 });

describe('sealed meeting archive', () => {
  let s: TestServer;
  let c: Awaited<ReturnType<typeof seedCommittee>>;
  let tmp: string;
  let zipPath: string;
  beforeAll(async () => {
    s = await startTestServer();
    c = await seedCommittee(s);
    tmp = await mkdtemp(join(tmpdir(), 'ecab-archive-'));
    const res = await fetch(`${s.url}/api/meetings/${c.meetingA}/archive.zip`, { headers: { authorization: `Bearer ${c.users.thuky.token}` } });
    expect(res.status).toBe(200);
    zipPath = join(tmp, 'luu-tru.zip');
    await writeFile(zipPath, new Uint8Array(await res.arrayBuffer()));
  });
  afterAll(async () => {
    await s?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('the manifest carries the audit chain head and is signed by the server key; verify-archive accepts it', async () => {
    const report = await verifyArchive(zipPath);
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.filesChecked).toBe(report.manifest!.files.length);
    expect(report.manifest!.auditChainHead).toEqual(await auditChainHeadBefore(s, report.manifest!.auditChainHead!.id));
    // Self-signed on first use (no key installed), kept in the database for every instance.
    const cert = await readFile(await certFile(s, tmp), 'utf8');
    expect(report.signer).toMatchObject({ selfSigned: true });
    // The Vietnamese names read back as written (not UTF-8 decoded twice).
    const org = await s.db.selectFrom('organizations').select('name').executeTakeFirstOrThrow();
    expect(report.signer!.subject).toContain(`CN=Niêm phong lưu trữ eCabinet (tự ký) - ${org.name}`);
    expect(report.manifest!.signer.fingerprint).toBe(report.signer!.fingerprint);
    expect((await verifyArchive(zipPath, [strToU8(cert)])).ok).toBe(true);
  });

  it('openssl cms -verify accepts the manifest signature with the archive certificate', async () => {
    const files = unzipSync(await readFile(zipPath));
    await writeFile(join(tmp, 'manifest.json'), files['manifest.json']);
    await writeFile(join(tmp, 'manifest.json.p7s'), files['manifest.json.p7s']);
    const out = await check(
      'openssl',
      ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(tmp, 'manifest.json.p7s'), '-content', join(tmp, 'manifest.json'), '-CAfile', await certFile(s, tmp), '-purpose', 'any', '-out', '/dev/null'],
    );
    expect(out.stderr).toContain('Verification successful');
    expect(out.status).toBe(0);
    // …and refuses a manifest changed by one byte.
    await writeFile(join(tmp, 'manifest.json'), strToU8(strFromU8(files['manifest.json']).replace('"sha256"', '"sha256" ')));
    const bad = await check('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(tmp, 'manifest.json.p7s'), '-content', join(tmp, 'manifest.json'), '-noverify', '-out', '/dev/null']);
    expect(bad.status).not.toBe(0);
  });

  it('a file changed inside the zip is named by verify-archive, which exits with status 1', async () => {
    const files = unzipSync(await readFile(zipPath));
    const victim = Object.keys(files).find((p) => p.startsWith('documents/'))!;
    files[victim] = strToU8(strFromU8(files[victim]).replace('Meeting A paper', 'Meeting A paptr'));
    const tampered = join(tmp, 'tampered.zip');
    await writeFile(tampered, zipSync(files));
    const report = await verifyArchive(tampered);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual([{ code: 'file_changed', path: victim }]);

    // A forged manifest that lists the new hash no longer matches its signature.
    const manifest = JSON.parse(strFromU8(files['manifest.json']));
    manifest.files[0].size += 1;
    files['manifest.json'] = strToU8(JSON.stringify(manifest));
    const forged = join(tmp, 'forged.zip');
    await writeFile(forged, zipSync(files));
    expect((await verifyArchive(forged)).problems).toEqual([{ code: 'bad_signature' }]);

    if (!built) return;
    const [r, ok] = await Promise.all([runBin(['verify-archive', tampered]), certFile(s, tmp).then((cert) => runBin(['verify-archive', zipPath, '--trust', cert]))]);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(`Tệp đã bị thay đổi: ${victim}`);
    expect(r.stdout).toContain(`File changed: ${victim}`);
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain('Hồ sơ lưu trữ nguyên vẹn');
  });

  it('an admin installs the organisation key; archives made after it are signed by it and trusted by it only', async () => {
    const keyDir = await mkdtemp(join(tmp, 'org-key-'));
    const key = join(keyDir, 'key.pem');
    const cert = join(keyDir, 'cert.pem');
    await tool('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '30', '-subj', '/CN=Văn phòng UBND/O=UBND/C=VN', '-utf8']);
    // The command itself (its entry function, in this process: what it does to the data folder is the point).
    const installed = await runCliInProcess(['archive-key', 'import', '--data', s.dataDir, '--key', key, '--cert', cert]);
    expect(installed.status, installed.err).toBe(0);
    const res = await fetch(`${s.url}/api/meetings/${c.meetingA}/archive.zip`, { headers: { authorization: `Bearer ${c.users.thuky.token}` } });
    const next = join(tmp, 'org-signed.zip');
    await writeFile(next, new Uint8Array(await res.arrayBuffer()));
    expect((await verifyArchive(next, [await readFile(cert)])).ok).toBe(true);
    // The old self-signed archive is intact but not signed by the organisation's key.
    expect((await verifyArchive(zipPath, [await readFile(cert)])).problems).toEqual([{ code: 'untrusted_signer' }]);
  });
});

/** The deployment's archive certificate, written to a file for the tools that read one. */
async function certFile(s: TestServer, dir: string): Promise<string> {
  const row = await s.db.selectFrom('server_meta').select('value').where('key', '=', 'archive_seal_key').executeTakeFirstOrThrow();
  const path = join(dir, 'archive-cert.pem');
  await writeFile(path, (JSON.parse(row.value) as { certPem: string }).certPem);
  return path;
}

describe('one archive key for every instance on one PostgreSQL database', () => {
  it('instances with folders of their own seal with the same key, made once; the key the admin imports (any instance, or the command) seals on all', async () => {
    const a = await startTestServer({ dialect: 'postgres' });
    // As with blobs in a bucket: the documents are shared, each instance's own folder is not.
    const b = await startTestServer({ database: a.storage.database, blobStore: { kind: 'fs', dir: join(a.dataDir, 'blobs'), shared: true } });
    const tmp = await mkdtemp(join(tmpdir(), 'ecab-archive-pg-'));
    try {
      const c = await seedCommittee(a);
      let n = 0;
      const archive = async (s: TestServer) => {
        const res = await fetch(`${s.url}/api/meetings/${c.meetingA}/archive.zip`, { headers: { authorization: `Bearer ${c.users.thuky.token}` } });
        expect(res.status).toBe(200);
        const path = join(tmp, `${n++}.zip`);
        await writeFile(path, new Uint8Array(await res.arrayBuffer()));
        const report = await verifyArchive(path);
        expect(report.problems).toEqual([]);
        return report.signer!.fingerprint;
      };
      // First archives, on both at once, no key installed anywhere yet.
      const [first, second] = await Promise.all([archive(a), archive(b)]);
      expect(second).toBe(first);
      expect(await archive(a)).toBe(first);
      expect([(await loadArchiveSigner(a.db))!.fingerprint, (await loadArchiveSigner(b.db))!.fingerprint]).toEqual([first, first]);

      const org = selfSignedArchiveKey('UBND thành phố', new Date());
      const installed = await runCliInProcess(['archive-key', 'import', '--db', a.storage.database!.kind === 'postgres' ? a.storage.database!.url : '', '--blobs', join(tmp, 'files'), '--key', await writeTo(tmp, 'k.pem', org.keyPem), '--cert', await writeTo(tmp, 'c.pem', org.certPem)]);
      expect(installed.status, installed.err).toBe(0);
      const orgPrint = (await loadArchiveSigner(a.db))!.fingerprint;
      expect(orgPrint).not.toBe(first);
      expect([await archive(a), await archive(b)]).toEqual([orgPrint, orgPrint]);
    } finally {
      await b.stop();
      await a.stop();
      await rm(tmp, { recursive: true, force: true });
    }
  });
});

async function writeTo(dir: string, name: string, text: string): Promise<string> {
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

async function auditChainHeadBefore(s: TestServer, id: number) {
  const row = await s.db.selectFrom('audit_log').select(['id', 'at', 'hash']).where('id', '=', id).executeTakeFirstOrThrow();
  return { id: row.id, at: row.at, hash: row.hash };
}

describe('streamed archive', () => {
  it('is produced only as fast as it is read: a 24 MB meeting never buffers more than a few chunks', async () => {
    const s = await startTestServer();
    try {
      const c = await seedCommittee(s);
      // Three 8 MB papers (random bytes behind a PDF header: nothing to compress).
      for (let i = 0; i < 3; i++) await registerAndUpload(s, c, i, 8 * 1024 * 1024);
      const blobs = new FsBlobStore(join(s.dataDir, 'blobs'), s.dataDir);
      // The key an earlier version kept in the data folder is adopted into the database.
      const legacy = selfSignedArchiveKey('UBND (thư mục cũ)', new Date());
      await mkdir(join(s.dataDir, ARCHIVE_KEY_DIR), { recursive: true });
      await writeFile(join(s.dataDir, ARCHIVE_KEY_DIR, 'key.pem'), legacy.keyPem);
      await writeFile(join(s.dataDir, ARCHIVE_KEY_DIR, 'cert.pem'), legacy.certPem);
      const signer = (org: string) => archiveSigner(s.db, join(s.dataDir, ARCHIVE_KEY_DIR), org, new Date());
      const { org_id: orgId } = await s.db.selectFrom('meetings').select('org_id').where('id', '=', c.meetingA).executeTakeFirstOrThrow();
      const { stream } = await streamMeetingArchive(s.db, blobs, signer, orgId, c.meetingA, new Date());
      const first = await firstChunk(stream);
      expect(first.byteLength).toBeGreaterThan(0);
      // Not read further: the writer must stop and wait for the reader (backpressure)…
      const writer = stream as unknown as { writableNeedDrain: boolean; readableLength: number };
      await waitFor(() => writer.writableNeedDrain);
      // …holding at most a few 256 KB chunks, far below the 24 MB it is archiving.
      expect(writer.readableLength).toBeLessThan(2 * 1024 * 1024);
      // Reading the rest gives a complete archive.
      let total = first.byteLength;
      for await (const chunk of stream) total += (chunk as Buffer).byteLength;
      expect(total).toBeGreaterThan(24 * 1024 * 1024);
      expect(await auditChainHead(s.db)).not.toBeNull();
      expect((await loadArchiveSigner(s.db))!.fingerprint).toBe(signerFromPem(legacy.keyPem, legacy.certPem).fingerprint);

      // A download cancelled half-way stops the writer and lets go of the paper it was reading.
      const again = await streamMeetingArchive(s.db, blobs, signer, orgId, c.meetingA, new Date());
      await firstChunk(again.stream);
      await waitFor(() => openBlobFiles(s).length > 0);
      again.stream.destroy();
      await waitFor(() => openBlobFiles(s).length === 0);
    } finally {
      await s.stop();
    }
  });
});

/** Files of the blob store this process holds open (Linux: /proc/self/fd). */
function openBlobFiles(s: TestServer): string[] {
  const blobsDir = join(s.dataDir, 'blobs');
  return readdirSync('/proc/self/fd').flatMap((fd) => {
    try {
      const target = readlinkSync(join('/proc/self/fd', fd));
      return target.startsWith(blobsDir) ? [target] : [];
    } catch {
      return [];
    }
  });
}

function firstChunk(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.once('readable', () => resolve(stream.read() as Buffer));
  });
}

/** A large paper of meeting A: random bytes behind a PDF header, so nothing compresses. */
async function registerAndUpload(s: TestServer, c: Awaited<ReturnType<typeof seedCommittee>>, i: number, size: number): Promise<void> {
  const bytes = new Uint8Array(size);
  for (let o = 0; o < size; o += 65536) getRandomValues(bytes.subarray(o, Math.min(size, o + 65536)));
  bytes.set(strToU8('%PDF-1.7\n'));
  expect((await uploadPdf(s.url, c.users.thuky.token, bytes)).status).toBe(201);
  await pushOk(s.url, c.users.thuky.token, {
    id: randomUUID(),
    kind: 'document.upsert',
    args: { id: randomUUID(), meetingId: c.meetingA, agendaItemId: null, title: `Phụ lục ${i + 1}`, fileName: `phu-luc-${i + 1}.pdf`, sha256: sha256Hex(bytes), classification: 'internal' },
  });
}
