/**
 * Where the server's ballot sealing key comes from. The key wraps each secret vote's ballot key
 * (see `ballot-box.ts`); it must never live in the data folder, or a copy of that folder (a
 * backup) would be able to open sealed ballots. In order of preference:
 *
 * 1. `--ballot-key-file FILE` (`ballotKeyFile`): a file readable by its owner only;
 * 2. `ECABINET_BALLOT_KEY`: the key itself in the environment (base64 or hex of 32 bytes);
 * 3. a systemd credential `ecabinet-ballot-key` (`LoadCredential=` / `SetCredentialEncrypted=`);
 * 4. demo and development only: `<data folder>-secrets/ballot-sealing.key` beside (not inside)
 *    the data folder, created 0600 in a 0700 folder the first time a secret vote opens.
 *
 * A key file holds base64 (`openssl rand -base64 32`), hex, or the 32 raw bytes.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, realpath, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../shared/errors';

export const BALLOT_KEY_ENV = 'ECABINET_BALLOT_KEY';
export const BALLOT_KEY_CREDENTIAL = 'ecabinet-ballot-key';
export const BALLOT_KEY_FILE_NAME = 'ballot-sealing.key';
export const SEALING_KEY_BYTES = 32;

export interface BallotKeyOptions {
  dataDir: string;
  /** `--ballot-key-file`. */
  keyFile?: string;
  env?: NodeJS.ProcessEnv;
}

export type BallotKeySource =
  | { kind: 'file' | 'credential' | 'dev-folder'; path: string }
  | { kind: 'env' };

/** The demo/development secrets folder: a sibling of the data folder, so a copy of the data folder does not carry it. */
export function ballotSecretsDir(dataDir: string): string {
  const abs = path.resolve(dataDir);
  return path.join(path.dirname(abs), `${path.basename(abs)}-secrets`);
}

export function ballotKeySource(opts: BallotKeyOptions): BallotKeySource {
  const env = opts.env ?? process.env;
  if (opts.keyFile) return { kind: 'file', path: path.resolve(opts.keyFile) };
  if (env[BALLOT_KEY_ENV]) return { kind: 'env' };
  const credentials = env.CREDENTIALS_DIRECTORY;
  if (credentials) return { kind: 'credential', path: path.join(credentials, BALLOT_KEY_CREDENTIAL) };
  return { kind: 'dev-folder', path: path.join(ballotSecretsDir(opts.dataDir), BALLOT_KEY_FILE_NAME) };
}

const unavailable = (reason: string, message: string) => new AppError('ballot_box_unavailable', message, { reason });

function decodeKey(bytes: Buffer, where: string): Buffer {
  if (bytes.length === SEALING_KEY_BYTES) return Buffer.from(bytes);
  const text = bytes.toString('utf8').trim();
  const decoded = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : null;
  if (!decoded || decoded.length !== SEALING_KEY_BYTES) throw unavailable('key_malformed', `${where}: the ballot sealing key must be 32 bytes (base64, hex or raw)`);
  return decoded;
}

async function isInside(dir: string, file: string): Promise<boolean> {
  const realDir = await realpath(dir).catch(() => path.resolve(dir));
  const realFile = await realpath(path.dirname(file)).then((d) => path.join(d, path.basename(file))).catch(() => path.resolve(file));
  const rel = path.relative(realDir, realFile);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

async function readKeyFile(file: string): Promise<Buffer | null> {
  let mode: number;
  try {
    mode = (await stat(file)).mode;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  // Group or others could read it: a key anyone on the machine can read seals nothing.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) throw unavailable('key_file_mode', `${file}: the ballot sealing key file must be readable by its owner only (chmod 600)`);
  return decodeKey(await readFile(file), file);
}

async function createDevKey(file: string): Promise<Buffer> {
  const key = randomBytes(SEALING_KEY_BYTES);
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const h = await open(temp, 'wx', 0o600);
    try {
      await h.writeFile(`${key.toString('base64')}\n`);
      await h.sync();
    } finally {
      await h.close();
    }
    // A hard link appears whole or not at all, and never replaces a key another server made first.
    await link(temp, file);
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return (await readKeyFile(file))!;
    throw unavailable('key_create_failed', `${file}: the demo ballot sealing key could not be created (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  } finally {
    await unlink(temp).catch(() => {});
  }
}

/**
 * Loads the sealing key; `null` when the development key does not exist yet and `create` is
 * false (nothing was ever sealed with it). Refuses a key stored inside the data folder.
 */
export async function loadSealingKey(source: BallotKeySource, opts: BallotKeyOptions, create: boolean): Promise<Buffer | null> {
  if (source.kind === 'env') return decodeKey(Buffer.from((opts.env ?? process.env)[BALLOT_KEY_ENV]!, 'utf8'), BALLOT_KEY_ENV);
  if (await isInside(opts.dataDir, source.path))
    throw unavailable('key_in_data_dir', `${source.path}: the ballot sealing key must not be inside the data folder (backups of it would carry the key)`);
  const key = await readKeyFile(source.path);
  if (key) return key;
  if (source.kind !== 'dev-folder') throw unavailable('key_missing', `${source.path}: no ballot sealing key there`);
  return create ? createDevKey(source.path) : null;
}
