/**
 * `ecabinet server --config FILE`: the server's settings as one JSON file (deploy/ecabinet.json is
 * the sample the deployment guide and its test use). `${NAME}` in a string is replaced by the
 * environment variable NAME (systemd's EnvironmentFile), so the same file serves every instance and
 * keeps the database password out of it; a variable that is not set is an error, never "".
 * Relative paths are read from the file's folder.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { StartServerOptions } from '../index';

const DAY_MS = 24 * 3600 * 1000;

const ServerConfig = z
  .object({
    data: z.string().optional(),
    db: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres://… address').optional(),
    blobs: z.string().optional(),
    host: z.string().default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(8650),
    trustProxy: z.union([z.boolean(), z.array(z.string())]).default(false),
    tls: z.object({ certFile: z.string(), keyFile: z.string() }).optional(),
    ballotKeyFile: z.string().optional(),
    sessionDays: z.coerce.number().int().min(1).max(365).optional(),
    appUrl: z.string().url().optional(),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    metrics: z
      .object({
        /** host:port of the metrics' own listener (keep it off the public network). */
        listen: z.string().regex(/^(\[[^\]]+\]|[^:]+):\d+$/, 'host:port'),
        tokenFile: z.string().optional(),
      })
      .optional(),
    housekeeping: z
      .object({ changeLogDays: z.number().positive().optional(), mutationIdDays: z.number().positive().optional(), intervalMinutes: z.number().positive().optional() })
      .optional(),
  })
  .strict()
  .refine((c) => (c.db === undefined) !== (c.data === undefined), 'either "data" (SQLite) or "db" (PostgreSQL), not both')
  .refine((c) => c.db === undefined || c.blobs !== undefined, '"db" needs "blobs" (the folder of the documents\' files)');

function expand(value: unknown, env: NodeJS.ProcessEnv): unknown {
  if (typeof value === 'string')
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
      const v = env[name];
      if (v === undefined || v === '') throw new Error(`configuration: the environment variable ${name} is not set`);
      return v;
    });
  if (Array.isArray(value)) return value.map((v) => expand(v, env));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expand(v, env)]));
  return value;
}

export async function loadServerConfig(file: string, env: NodeJS.ProcessEnv = process.env): Promise<Omit<StartServerOptions, 'passwordHashing'>> {
  const dir = dirname(resolve(file));
  const parsed = ServerConfig.safeParse(expand(JSON.parse(await readFile(file, 'utf8')), env));
  if (!parsed.success) throw new Error(`configuration ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  const c = parsed.data;
  const at = (p: string) => resolve(dir, p);
  let metrics: StartServerOptions['metrics'];
  if (c.metrics) {
    const i = c.metrics.listen.lastIndexOf(':');
    const token = c.metrics.tokenFile ? (await readFile(at(c.metrics.tokenFile), 'utf8')).trim() : undefined;
    metrics = { host: c.metrics.listen.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(c.metrics.listen.slice(i + 1)), token };
  }
  const h = c.housekeeping;
  return {
    dataDir: at(c.db !== undefined ? c.blobs! : c.data!),
    database: c.db !== undefined ? { kind: 'postgres', url: c.db } : undefined,
    host: c.host,
    port: c.port,
    trustProxy: c.trustProxy,
    tls: c.tls ? { certFile: at(c.tls.certFile), keyFile: at(c.tls.keyFile) } : undefined,
    ballotKeyFile: c.ballotKeyFile ? at(c.ballotKeyFile) : undefined,
    sessionLifetimeSeconds: c.sessionDays === undefined ? undefined : c.sessionDays * 24 * 3600,
    appUrl: c.appUrl,
    logger: c.logLevel === 'silent' ? false : { level: c.logLevel },
    metrics,
    housekeeping: h
      ? {
          ...(h.changeLogDays ? { changeLogRetentionMs: h.changeLogDays * DAY_MS } : {}),
          ...(h.mutationIdDays ? { mutationIdRetentionMs: h.mutationIdDays * DAY_MS } : {}),
          ...(h.intervalMinutes ? { intervalMs: h.intervalMinutes * 60_000 } : {}),
        }
      : undefined,
  };
}
