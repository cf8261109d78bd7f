/**
 * Crash loop: the real `ecabinet server` process is killed with SIGKILL while the real desktop
 * client services push mutations and upload files to it, at points chosen by what has been
 * observed (a file being received, a commit, half the outbox acknowledged), then restarted on
 * the same data folder; the client carries on. After every round the server must hold every
 * acknowledged mutation exactly once and every uploaded file intact.
 *
 * Used by tests/reliability/crash-loop.test.ts (a few rounds) and bench/crash-loop.ts (many).
 * No vitest here: the benchmark runs it with plain Node.
 */
import type { ChildProcess } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import type { MutationInput as Mutation } from '../../shared/api';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { addUser } from '../../server/index';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { spawnServer } from '../helpers/server-process';

const PASSWORD = 'mat-khau-thu-mat-dien-2026';

/** The project folder: beside this file under vitest, the working directory in the benchmark's bundle. */
const root = typeof __dirname === 'string' && fs.existsSync(path.join(__dirname, '../../package.json')) ? path.resolve(__dirname, '../..') : process.cwd();

/** Where the progress the loop waits for came from. */
export type KillPoint = 'receiving-upload' | 'first-commit' | 'half-acknowledged';
const KILL_POINTS: KillPoint[] = ['receiving-upload', 'first-commit', 'half-acknowledged'];

export interface CrashLoopOptions {
  rounds: number;
  /** Agenda items edited each round; each gets `editsPerItem` saves (one mutation each). */
  items: number;
  editsPerItem: number;
  /** PDFs uploaded (and attached) per round. */
  uploadsPerRound: number;
  uploadBytes: number;
  /** Bounds a wait for a state (a failure, never a pace). */
  deadlineMs: number;
  log?: (line: string) => void;
}

export interface RoundReport {
  round: number;
  aimedAt: KillPoint;
  /** What was observed when the kill was sent (a different point when the aimed one passed unseen). */
  killedAt: KillPoint | 'after-everything';
  mutations: number;
  uploads: number;
}

export interface CrashLoopReport {
  rounds: RoundReport[];
  mutations: number;
  uploads: number;
  /** Problems found; empty when nothing was lost nor applied twice. */
  problems: string[];
}

/** Polls a state; the deadline only bounds a failure. */
async function until<T>(check: () => T | Promise<T>, deadlineMs: number, what: string): Promise<NonNullable<T>> {
  const end = Date.now() + deadlineMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setTimeout(r, 2));
  }
}

/** The built command (`npm test` and `npm run bench` build first), with its worker scripts beside it. */
function requireBuiltCli(): void {
  if (!fs.existsSync(path.join(root, 'dist', 'cli.cjs'))) throw new Error('run `npm run build` first: the crash loop drives the built ecabinet command');
}

interface ServerProcess {
  child: ChildProcess;
  url: string;
  port: number;
  exited: Promise<void>;
}

async function startServerProcess(dataDir: string, port: number, deadlineMs: number): Promise<ServerProcess> {
  const { child, url, exited } = spawnServer(['--data', dataDir, '--port', String(port), '--password-cost', String(FAST_PASSWORD_HASHING_FOR_TESTS.N)], { deadlineMs });
  const address = await url;
  return { child, url: address, port: Number(new URL(address).port), exited };
}

async function bridge<M extends BridgeMethodName>(c: ClientServices, method: M, input: unknown = {}): Promise<BridgeOutput<M>> {
  const r = await dispatchBridgeCall(c.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code });
  return r.value as BridgeOutput<M>;
}

/** A valid PDF followed by random bytes (readers ignore what follows %%EOF): large, and unique. */
async function bulkyPdf(label: string, bytes: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([300, 200]).drawText(label, { x: 20, y: 100, size: 12, font: await doc.embedFont(StandardFonts.Helvetica) });
  const head = await doc.save();
  return Buffer.concat([head, Buffer.from('\n'), randomBytes(Math.max(0, bytes - head.length - 1))]);
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const seqOf = async (url: string) => ((await (await fetch(`${url}/api/health`)).json()) as { seq: number }).seq;

export async function runCrashLoop(opts: CrashLoopOptions): Promise<CrashLoopReport> {
  const log = opts.log ?? (() => undefined);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ecab-crash-'));
  const serverDir = path.join(work, 'server');
  requireBuiltCli();
  // The accounts are made the way `ecabinet user add` makes them (no demo PDFs to render).
  await addUser(serverDir, { username: 'thuky', fullName: 'Phan Thị Mai', role: 'secretary', password: PASSWORD }, { passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS });
  await addUser(serverDir, { username: 'chutich', fullName: 'Trần Quốc Hưng', role: 'chair', password: PASSWORD }, { passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS });
  let server = await startServerProcess(serverDir, 0, opts.deadlineMs * 4);
  const port = server.port;
  const client = await createClientServices({
    dataDir: path.join(work, 'client'),
    defaultServerUrl: server.url,
    documentUrl: (sha) => `ecabinet-doc://blob/${sha}`,
    mode: 'browser',
    version: '0.0.0-crash-loop',
    periodicPullMs: 600_000,
    retry: { initialMs: 50, maxMs: 200 },
  });
  const report: CrashLoopReport = { rounds: [], mutations: 0, uploads: 0, problems: [] };
  const allMutationIds: string[] = [];
  const savesOf = new Map<string, number>();
  const uploaded: { documentId: string; sha256: string; size: number }[] = [];
  try {
    log('started');
    await bridge(client, 'session.login', { username: 'thuky', password: PASSWORD });
    await bridge(client, 'sync.now');
    const chairId = (await bridge(client, 'secretariat.users')).find((u) => u.role === 'chair')!.id;
    const meetingId = randomUUID();
    const itemIds = Array.from({ length: opts.items }, () => randomUUID());
    const initial: Mutation[] = [
      { id: randomUUID(), kind: 'meeting.upsert', args: { id: meetingId, title: 'Phiên họp thử mất điện', startsAt: '2026-12-20T01:00:00.000Z', endsAt: '2026-12-20T04:00:00.000Z', location: 'Phòng 1', status: 'draft', chairId } },
    ];
    const submitted = await bridge(client, 'secretariat.submit', { mutations: initial });
    log('meeting made');
    if (submitted.results.some((r) => r.status !== 'applied')) throw new Error(`setup refused: ${JSON.stringify(submitted.results)}`);

    for (let round = 0; round < opts.rounds; round++) {
      const aimedAt = KILL_POINTS[round % KILL_POINTS.length];
      const files: { bytes: Uint8Array; documentId: string }[] = [];
      for (let u = 0; u < opts.uploadsPerRound; u++) files.push({ bytes: await bulkyPdf(`Round ${round} file ${u}`, opts.uploadBytes), documentId: randomUUID() });
      const mutations: Mutation[] = files.map((f) => ({
        id: randomUUID(),
        kind: 'document.upsert',
        args: { id: f.documentId, meetingId, agendaItemId: null, title: `Tài liệu ${round}`, fileName: 'to-trinh.pdf', sha256: sha256(f.bytes), classification: 'internal' },
      }));
      for (let e = 0; e < opts.editsPerItem; e++)
        for (const [i, itemId] of itemIds.entries()) {
          // No baseRevision: every save is applied, and each application adds one to the revision.
          mutations.push({
            id: randomUUID(),
            kind: 'agendaItem.upsert',
            args: { id: itemId, meetingId, position: i + 1, title: `Mục ${i} lượt ${round}.${e}`, presenterId: null, presenterLabel: '', plannedMinutes: 10 },
          });
          savesOf.set(itemId, (savesOf.get(itemId) ?? 0) + 1);
        }
      allMutationIds.push(...mutations.map((m) => m.id));

      // The secretary works as usual: files first, then the edits, a screenful at a time.
      const seq0 = await seqOf(server.url);
      const tmpDir = path.join(serverDir, 'blobs', 'tmp');
      const working = (async () => {
        for (const f of files) {
          const dir = fs.mkdtempSync(path.join(work, 'picked-'));
          fs.writeFileSync(path.join(dir, 'to-trinh.pdf'), f.bytes);
          // Cut off mid-file, the upload stays queued on the client and goes before its next push.
          await client.importUpload({ path: path.join(dir, 'to-trinh.pdf'), fileName: 'to-trinh.pdf' }).catch(() => undefined);
        }
        for (let i = 0; i < mutations.length; i += 50) await bridge(client, 'secretariat.submit', { mutations: mutations.slice(i, i + 50) });
      })();
      let done = false;
      void working.finally(() => (done = true));
      const observed = async (): Promise<RoundReport['killedAt'] | null> => {
        const staging = fs.existsSync(tmpDir) && fs.readdirSync(tmpDir).some((f) => fs.statSync(path.join(tmpDir, f), { throwIfNoEntry: false })?.size);
        if (aimedAt === 'receiving-upload' && staging) return 'receiving-upload';
        const seq = await seqOf(server.url).catch(() => seq0);
        if (aimedAt === 'first-commit' && seq > seq0) return 'first-commit';
        if (aimedAt === 'half-acknowledged' && seq - seq0 >= mutations.length / 2) return 'half-acknowledged';
        if (done) return 'after-everything';
        return null;
      };
      const killedAt = await until(observed, opts.deadlineMs, `progress (${aimedAt})`);
      server.child.kill('SIGKILL');
      await server.exited;
      await working;
      log(`round ${round}: aimed at ${aimedAt}, killed at ${killedAt}`);
      report.rounds.push({ round, aimedAt, killedAt, mutations: mutations.length, uploads: files.length });
      report.mutations += mutations.length;
      report.uploads += files.length;

      // Back on the same folder and port: the client finishes on its own (its outbox resends).
      server = await startServerProcess(serverDir, port, opts.deadlineMs * 4);
      log(`round ${round}: restarted`);
      await until(
        async () => {
          const s = await bridge(client, 'sync.now').catch(() => null);
          return s && s.pendingMutations === 0 && s.state !== 'offline';
        },
        opts.deadlineMs,
        'the outbox to be empty',
      );
      log(`round ${round}: outbox empty`);
      for (const f of files) uploaded.push({ documentId: f.documentId, sha256: sha256(f.bytes), size: f.bytes.length });
      if (client.rejectedMutations().length > 0) report.problems.push(`round ${round}: refused ${JSON.stringify(client.rejectedMutations())}`);

      // What a user would see: every save there exactly once (revision = number of saves), every file intact.
      const detail = await bridge(client, 'meetings.get', { id: meetingId });
      for (const itemId of itemIds) {
        const item = detail.agenda.find((a) => a.item.id === itemId)?.item;
        if (item?.revision !== savesOf.get(itemId)) report.problems.push(`round ${round}: item ${itemId} revision ${item?.revision}, saves ${savesOf.get(itemId)}`);
      }
      const token = (await (await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'thuky', password: PASSWORD }) })).json()) as { accessToken: string };
      for (const f of files) {
        const res = await fetch(`${server.url}/api/blobs/${sha256(f.bytes)}`, { headers: { authorization: `Bearer ${token.accessToken}` } });
        const got = res.status === 200 ? sha256(new Uint8Array(await res.arrayBuffer())) : `HTTP ${res.status}`;
        if (got !== sha256(f.bytes)) report.problems.push(`round ${round}: file ${sha256(f.bytes)} came back as ${got}`);
      }
    }
    server.child.kill('SIGKILL');
    await server.exited;

    // The server's own record: each mutation id applied exactly once, and each document on its file.
    const db = new Database(path.join(serverDir, 'ecabinet.sqlite'), { readonly: true });
    try {
      const ids = (db.prepare('SELECT id FROM applied_mutations').all() as { id: string }[]).map((r) => r.id);
      const applied = new Set(ids);
      const missing = allMutationIds.filter((id) => !applied.has(id));
      if (missing.length) report.problems.push(`${missing.length} acknowledged mutations are not on the server, e.g. ${missing[0]}`);
      for (const u of uploaded) {
        const row = db.prepare('SELECT sha256, size FROM documents WHERE id = ?').get(u.documentId) as { sha256: string; size: number } | undefined;
        if (row?.sha256 !== u.sha256 || row.size !== u.size) report.problems.push(`document ${u.documentId}: ${JSON.stringify(row)}`);
        const file = path.join(serverDir, 'blobs', u.sha256.slice(0, 2), u.sha256);
        if (!fs.existsSync(file) || sha256(fs.readFileSync(file)) !== u.sha256) report.problems.push(`blob ${u.sha256} missing or damaged on disk`);
      }
    } finally {
      db.close();
    }
    return report;
  } finally {
    server.child.kill('SIGKILL');
    await client.close().catch(() => undefined);
    fs.rmSync(work, { recursive: true, force: true });
  }
}
