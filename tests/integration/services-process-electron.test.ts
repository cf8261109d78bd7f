/**
 * Electron's wiring of the services process, without Electron's binary: the same services
 * entry, run under child_process.fork with a stand-in for `process.parentPort` (messages wrapped
 * in {data}, as Electron delivers them), driven through the same utilityServicesChild adapter
 * main.ts uses on `utilityProcess.fork(...)`. The session tokens are protected by the shell
 * (safeStorage in the app; a recording stand-in here), over the protocol's `secret.*` requests.
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { startServer } from '../../server/index';
import { ServicesProcess } from '../../electron/services-process/services-process';
import { utilityServicesChild, type UtilityProcessLike } from '../../electron/services-process/utility-child';
import type { SecretProtector } from '../../electron/services/session/secret-protector';
import { loadOrCreateSealedCacheKey } from '../../electron/services/crypto/cache-key';
import { openEncryptedDatabase } from '../../electron/services/crypto/encrypted-database';
import { buildServicesEntry } from '../helpers/services-process';
import { removeTempDirs, tempDir, waitFor } from './helpers/temp';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';

/** Gives the child what Electron gives a utility process: process.parentPort, messages as {data}. */
const PARENT_PORT_SHIM = `
const { EventEmitter } = require('node:events');
const port = new EventEmitter();
port.postMessage = (message) => process.send(message);
process.on('message', (message) => port.emit('message', { data: message }));
process.parentPort = port;
`;

/** What utilityProcess.fork returns, as far as main.ts uses it: 'spawn', 'message' (the message itself), 'exit' (a code). */
function fakeUtilityProcess(entry: string, shim: string): UtilityProcessLike {
  const child = fork(entry, [], { execArgv: ['--require', shim], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const events = new EventEmitter();
  child.on('spawn', () => events.emit('spawn'));
  child.on('message', (m) => events.emit('message', m));
  child.on('exit', (code) => events.emit('exit', code ?? -1));
  return {
    get pid() {
      return child.pid;
    },
    postMessage: (m: unknown) => void child.send(m as never),
    on: (event: string, listener: (...args: unknown[]) => void) => events.on(event, listener),
    kill: () => child.kill('SIGTERM'),
  } as UtilityProcessLike;
}

/** The OS keychain stand-in: reversible, visibly not the file-key format, and it counts its uses. */
function recordingKeychain(): SecretProtector & { protects: number; unprotects: number } {
  const k = {
    protects: 0,
    unprotects: 0,
    protect(plain: string) {
      k.protects += 1;
      return 'kc1:' + Buffer.from(plain, 'utf8').toString('base64');
    },
    unprotect(text: string) {
      k.unprotects += 1;
      if (!text.startsWith('kc1:')) throw new Error('not a keychain secret');
      return Buffer.from(text.slice(4), 'base64').toString('utf8');
    },
  };
  return k;
}

describe("Electron's services process wiring (utilityProcess stand-in)", () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let sp: ServicesProcess | null = null;
  let spawned = 0;

  beforeAll(async () => {
    server = await startServer({ passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS, dataDir: tempDir('ecab-server-'), port: 0, seed: 'demo', logger: false });
  });

  afterAll(async () => {
    await sp?.close();
    await server?.close();
    removeTempDirs();
  });

  it('starts through parentPort, keeps tokens in the shell keychain, restarts after a crash and closes cleanly', async () => {
    const entry = await buildServicesEntry();
    const dir = tempDir();
    const shim = path.join(dir, 'parent-port-shim.cjs');
    await writeFile(shim, PARENT_PORT_SHIM);
    const dataDir = path.join(dir, 'client');
    const keychain = recordingKeychain();
    sp = await ServicesProcess.start({
      spawn: () => {
        spawned += 1;
        return utilityServicesChild(fakeUtilityProcess(entry, shim));
      },
      start: { dataDir, defaultServerUrl: server.url, mode: 'electron', version: '0.0.0-test', shellProtectsSecrets: true, periodicPullMs: 600_000 },
      protector: keychain,
      restartDelayMs: 50,
    });
    expect(await sp.call('app.info', {})).toMatchObject({ ok: true, value: { mode: 'electron' } });

    const member = demoContent.users.find((u) => u.role === 'member')!;
    const login = await sp.call('session.login', { username: member.username, password: demoContent.password });
    expect(login).toMatchObject({ ok: true, value: { user: { username: member.username } } });
    expect(keychain.protects).toBe(3); // the cache key, the access and the refresh token
    const db = openEncryptedDatabase(path.join(dataDir, 'cache.sqlite'), await loadOrCreateSealedCacheKey(dataDir, keychain), { readonly: true });
    const row = db.prepare('SELECT access_token, refresh_token FROM session WHERE id = 1').get() as { access_token: string; refresh_token: string };
    db.close();
    expect(row.access_token.startsWith('kc1:')).toBe(true);
    expect(row.refresh_token.startsWith('kc1:')).toBe(true);

    // Documents: the URL is the Electron protocol's, and the shell learns the verified file's path.
    await sp.call('sync.now', {});
    const meetings = (await sp.call('meetings.list', {})) as { ok: true; value: { id: string; documentCount: number }[] };
    const withDocs = meetings.value.find((m) => m.documentCount > 0)!;
    const detail = (await sp.call('meetings.get', { id: withDocs.id })) as { ok: true; value: { agenda: { documents: { id: string }[] }[]; documents: { id: string }[] } };
    const docId = [...detail.value.agenda.flatMap((a) => a.documents), ...detail.value.documents][0].id;
    const opened = (await sp.call('documents.open', { id: docId })) as { ok: true; value: { url: string; document: { sha256: string } } };
    expect(opened.value.url).toBe(`ecabinet-doc://blob/${opened.value.document.sha256}`);
    const file = await sp.blobFile(opened.value.document.sha256);
    expect(file && path.basename(file.path)).toContain(opened.value.document.sha256);
    expect(file?.keyHex).toMatch(/^[0-9a-f]{64}$/);
    expect(await sp.blobFile('f'.repeat(64))).toBeNull();

    // A crash: restarted through the same spawner; the session comes back through the keychain.
    const firstPid = sp.pid!;
    const restarted = new Promise((resolve) => sp!.onRestarted(resolve));
    process.kill(firstPid, 'SIGKILL');
    await restarted;
    expect(spawned).toBe(2);
    expect(await sp.call('session.current', {})).toMatchObject({ ok: true, value: { user: { username: member.username } } });
    expect(keychain.unprotects).toBeGreaterThanOrEqual(2);

    const pid = sp.pid!;
    await sp.close();
    sp = null;
    await waitFor(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 5_000, 'the services process to end');
  });
});
