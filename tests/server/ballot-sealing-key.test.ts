/**
 * Where the server finds its ballot sealing key, and what it refuses: real files and folders,
 * the environment as a server process would see it.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ballotKeySource, ballotSecretsDir, BALLOT_KEY_CREDENTIAL, loadSealingKey } from '../../server/live-meeting/ballot-sealing-key';

const tmp = mkdtempSync(join(tmpdir(), 'ecab-sealing-key-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dataDir = join(tmp, 'data');
mkdirSync(dataDir);

describe('the ballot sealing key', () => {
  it('is taken from --ballot-key-file, then ECABINET_BALLOT_KEY, then the systemd credential, then the demo folder beside the data', async () => {
    const key = randomBytes(32);
    const creds = join(tmp, 'credentials');
    mkdirSync(creds);
    writeFileSync(join(creds, BALLOT_KEY_CREDENTIAL), key, { mode: 0o400 });
    const file = join(tmp, 'key.b64');
    writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600 });
    const env = { ECABINET_BALLOT_KEY: key.toString('hex'), CREDENTIALS_DIRECTORY: creds };

    expect(ballotKeySource({ dataDir, keyFile: file, env })).toEqual({ kind: 'file', path: file });
    expect(ballotKeySource({ dataDir, env })).toEqual({ kind: 'env' });
    expect(ballotKeySource({ dataDir, env: { CREDENTIALS_DIRECTORY: creds } })).toEqual({ kind: 'credential', path: join(creds, BALLOT_KEY_CREDENTIAL) });
    expect(ballotKeySource({ dataDir, env: {} })).toEqual({ kind: 'dev-folder', path: join(tmp, 'data-secrets', 'ballot-sealing.key') });
    // Base64, hex and raw bytes all give the same key.
    for (const opts of [{ dataDir, keyFile: file, env }, { dataDir, env }, { dataDir, env: { CREDENTIALS_DIRECTORY: creds } }])
      expect(await loadSealingKey(ballotKeySource(opts), opts, false)).toEqual(key);
  });

  it('creates the demo key only when asked, owner-only, in a folder beside the data folder', async () => {
    const opts = { dataDir, env: {} };
    const source = ballotKeySource(opts);
    expect(await loadSealingKey(source, opts, false)).toBeNull();
    const created = await loadSealingKey(source, opts, true);
    expect(created).toHaveLength(32);
    expect(await loadSealingKey(source, opts, false)).toEqual(created);
    expect(statSync(ballotSecretsDir(dataDir)).mode & 0o777).toBe(0o700);
    expect(statSync(join(ballotSecretsDir(dataDir), 'ballot-sealing.key')).mode & 0o777).toBe(0o600);
  });

  it('refuses a malformed key, a missing configured key, and a key inside the data folder', async () => {
    const bad = { dataDir, env: { ECABINET_BALLOT_KEY: 'too-short' } };
    await expect(loadSealingKey(ballotKeySource(bad), bad, false)).rejects.toMatchObject({ code: 'ballot_box_unavailable', details: { reason: 'key_malformed' } });
    const missing = { dataDir, keyFile: join(tmp, 'nowhere.key'), env: {} };
    await expect(loadSealingKey(ballotKeySource(missing), missing, true)).rejects.toMatchObject({ code: 'ballot_box_unavailable', details: { reason: 'key_missing' } });
    mkdirSync(join(dataDir, 'keys'), { recursive: true });
    const inside = join(dataDir, 'keys', 'ballot.key');
    writeFileSync(inside, randomBytes(32).toString('base64'), { mode: 0o600 });
    const opts = { dataDir, keyFile: inside, env: {} };
    await expect(loadSealingKey(ballotKeySource(opts), opts, false)).rejects.toMatchObject({ code: 'ballot_box_unavailable', details: { reason: 'key_in_data_dir' } });
  });
});
