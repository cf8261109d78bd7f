/**
 * An acknowledged upload or mutation survives a power loss: watched from outside with strace on
 * a real server process, the blob file is fsynced, renamed into place and its folder fsynced,
 * and a pushed mutation's WAL is synced, before the answer is written to the socket.
 */
import { spawn, spawnSync } from 'node:child_process';
import crypto, { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { addUser, login, makePdf, PASSWORD, pushOk, sha256Hex, uploadPdf } from './helpers';

const root = path.resolve(__dirname, '../..');
const hasStrace = spawnSync('strace', ['-V']).status === 0;
const work = mkdtempSync(path.join(tmpdir(), 'ecabinet-fsync-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function bundleServer(): Promise<string> {
  const out = await build({ entryPoints: [path.join(__dirname, 'fixtures/serve.ts')], write: false, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'silent' });
  const code = out.outputFiles[0].contents;
  // Inside the project, so the bundle finds its packages.
  const dir = path.join(root, 'node_modules', '.cache', 'ecabinet-tests');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `serve-${crypto.createHash('sha256').update(code).digest('hex').slice(0, 16)}.cjs`);
  if (!existsSync(file)) writeFileSync(file, code);
  return file;
}

/**
 * Index of the line where the syscall begun on line `i` returned (strace splits calls of threads
 * that overlap). strace pads the pid column to 5 characters: "2557  <... read resumed>".
 */
function returnedAt(lines: string[], i: number): number {
  if (!lines[i].includes('<unfinished ...>')) return i;
  const [, pid, name] = /^(\d+)\s+(\w+)\(/.exec(lines[i])!;
  const resumed = new RegExp(`^${pid}\\s+<\\.\\.\\. ${name} resumed>`);
  for (let j = i + 1; j < lines.length; j++) if (resumed.test(lines[j])) return j;
  return lines.length;
}

describe.skipIf(!hasStrace)('fsync before the answer (strace)', () => {
  it('syncs the blob, its folder and the WAL before answering', async () => {
    const dataDir = path.join(work, 'data');
    await addUser(dataDir, { username: 'thuky', fullName: 'Trần Thị Thư Ký', role: 'secretary', password: PASSWORD });
    const trace = path.join(work, 'trace.txt');
    const child = spawn(
      'strace',
      ['-f', '-y', '-qq', '-s', '120', '-e', 'trace=fsync,fdatasync,rename,renameat,renameat2,read,write,writev', '-o', trace, process.execPath, await bundleServer(), dataDir],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const pdf = await makePdf('Bien ban');
    // The server under strace: ended by its own pid, strace then ends with it.
    let serverPid = 0;
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/\S+) (\d+)\n/.exec(out);
          if (m) {
            serverPid = Number(m[2]);
            resolve(m[1]);
          }
        });
        child.once('exit', (code) => reject(new Error(`server exited ${code}`)));
      });
      const token = (await login(url, 'thuky')).accessToken;
      expect((await uploadPdf(url, token, pdf)).status).toBe(201);
      await pushOk(url, token, {
        id: randomUUID(),
        kind: 'meeting.upsert',
        args: { id: randomUUID(), title: 'Phiên họp', startsAt: '2026-11-23T01:00:00.000Z', endsAt: '2026-11-23T04:00:00.000Z', location: 'Phòng 1', status: 'draft', chairId: null },
      });
    } finally {
      if (serverPid) process.kill(serverPid, 'SIGTERM');
      else child.kill('SIGKILL');
      await exited;
    }
    const lines = readFileSync(trace, 'utf8').split('\n');
    // A call split by another thread's output is matched whole (a read's data only shows when it returns).
    const whole = lines.map((l, i) => (l.includes('<unfinished ...>') && returnedAt(lines, i) < lines.length ? l.replace('<unfinished ...>', '') + lines[returnedAt(lines, i)].replace(/^\d+\s+<\.\.\. \w+ resumed>/, '') : l));
    const first = (from: number, test: (l: string) => boolean) => {
      const i = whole.findIndex((l, k) => k >= from && test(l));
      expect(i, `a line after ${from}`).toBeGreaterThanOrEqual(0);
      return i;
    };

    const sha = sha256Hex(pdf);
    // The upload: request read → file synced → renamed → folder synced → "201" written.
    const put = first(0, (l) => /\bread\(/.test(l) && l.includes(`PUT /api/blobs/${sha}`));
    const fileSync = returnedAt(lines, first(put, (l) => /\bf(data)?sync\(\d+<[^>]*\/blobs\/tmp\/[^>]+>/.test(l)));
    const renamed = returnedAt(lines, first(put, (l) => /\brename(at2?)?\(/.test(l) && l.includes(`/blobs/${sha.slice(0, 2)}/${sha}`)));
    const dirSync = returnedAt(lines, first(renamed, (l) => new RegExp(`\\bf(data)?sync\\(\\d+<[^>]*/blobs/${sha.slice(0, 2)}>`).test(l)));
    const answered = first(put, (l) => /\b(write|writev)\(/.test(l) && l.includes('HTTP/1.1 201'));
    expect(fileSync).toBeLessThan(renamed);
    expect(renamed).toBeLessThan(dirSync);
    expect(dirSync).toBeLessThan(answered);

    // The push: request read → WAL synced → "200" written.
    const push = first(0, (l) => /\bread\(/.test(l) && l.includes('POST /api/sync/push'));
    const walSync = returnedAt(lines, first(push, (l) => /\bf(data)?sync\(\d+<[^>]*ecabinet\.sqlite-wal>/.test(l)));
    const pushAnswered = first(push, (l) => /\b(write|writev)\(/.test(l) && l.includes('HTTP/1.1 200'));
    expect(walSync).toBeLessThan(pushAnswered);
  });
});
