/**
 * The sample deployment (deploy/, docs/DEPLOYMENT.md) is what runs: two instances started from
 * deploy/ecabinet.json, with the environment the systemd unit and the env file give them, on one
 * PostgreSQL database and one files folder, behave as one server (a sign-in on one is valid on
 * the other), are ready, and serve their metrics with the token file's token.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, startServer, type RunningServer } from '../../server/index';
import { ballotSecretsDir } from '../../server/live-meeting/ballot-sealing-key';
import { loadServerConfig } from '../../server/ops/config';
import { FAST_PASSWORD_HASHING_FOR_TESTS } from '../helpers/fast-password-hashing';
import { freshPostgresDatabase, type TestPostgresDatabase } from '../helpers/postgres';
import { call, login, PASSWORD } from './helpers';

const DEPLOY = resolve(__dirname, '../../deploy');

describe('the sample deployment configuration', () => {
  let work: string;
  let pg: TestPostgresDatabase;
  const instances: RunningServer[] = [];
  const token = 'metrics-token-from-file-8c1d';

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'ecab-deploy-'));
    pg = await freshPostgresDatabase();
  });
  afterAll(async () => {
    for (const s of instances) await s.close();
    await pg?.drop();
    await rm(work, { recursive: true, force: true });
    await rm(ballotSecretsDir(join(work, 'files')), { recursive: true, force: true });
  });

  it('names in ecabinet.json only variables that the env file or the systemd unit set', async () => {
    const names = [...(await readFile(join(DEPLOY, 'ecabinet.json'), 'utf8')).matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
    const given = `${await readFile(join(DEPLOY, 'ecabinet.env.example'), 'utf8')}\n${await readFile(join(DEPLOY, 'ecabinet@.service'), 'utf8')}`;
    for (const name of names) expect(given).toMatch(new RegExp(`^(Environment=)?${name}=`, 'm'));
  });

  it('starts two instances from it that share one PostgreSQL database and files folder', async () => {
    await writeFile(join(work, 'metrics.token'), `${token}\n`, { mode: 0o600 });
    const env = () => ({
      ECABINET_DB_URL: pg.url,
      ECABINET_FILES: join(work, 'files'),
      ECABINET_METRICS_TOKEN_FILE: join(work, 'metrics.token'),
      // What the unit sets per instance; 0 picks free ports here.
      ECABINET_PORT: '0',
      ECABINET_METRICS_LISTEN: '127.0.0.1:0',
    });
    for (let i = 0; i < 2; i++) {
      const options = await loadServerConfig(join(DEPLOY, 'ecabinet.json'), env());
      expect(options).toMatchObject({ database: { kind: 'postgres' }, trustProxy: ['127.0.0.1'], metrics: { host: '127.0.0.1', token } });
      instances.push(await startServer({ ...options, logger: false, passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS }));
    }
    const [a, b] = instances;
    await addUser({ dataDir: join(work, 'files'), database: { kind: 'postgres', url: pg.url } }, { username: 'thuky', role: 'secretary', fullName: 'Thư Ký', password: PASSWORD }, { passwordHashing: FAST_PASSWORD_HASHING_FOR_TESTS });
    for (const s of instances) expect((await call(s.url, 'GET', '/api/ready')).body).toMatchObject({ ok: true });
    const t = await login(a.url, 'thuky');
    expect((await call(b.url, 'GET', '/api/me', { token: t.accessToken })).status).toBe(200);
    for (const s of instances) expect((await fetch(s.metricsUrl!, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    expect((await fetch(a.metricsUrl!)).status).toBe(401);
    // A variable the environment does not set stops the start, rather than becoming "".
    const { ECABINET_DB_URL: _, ...missing } = env();
    await expect(loadServerConfig(join(DEPLOY, 'ecabinet.json'), missing)).rejects.toThrow(/ECABINET_DB_URL is not set/);
  });
});
