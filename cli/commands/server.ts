import path from 'node:path';
import { startServer } from '../../server/index';
import { parse, parsePort, UsageError } from '../args';
import { printDemoAccounts } from '../demo-accounts';
import { isS3Url, s3OptionFromUrl } from '../../server/blobs/s3-location';
import type { BallotKeySource } from '../../server/live-meeting/ballot-sealing-key';
import { SCRYPT_PARAMS, type PasswordHashing } from '../../server/auth/password';

function describeBallotKey(k: BallotKeySource): string {
  if (k.kind === 'env') return 'ECABINET_BALLOT_KEY';
  if (k.kind === 'dev-folder') return `${k.path} (thử nghiệm, không sao lưu cùng dữ liệu / demo only, keep it out of backups)`;
  return k.path;
}

export const SERVER_HELP = `ecabinet server (--data DIR | --db postgres://… --blobs DIR) [--blobs s3://BUCKET/PREFIX [--s3-path-style]]
                [--port N] [--host H] [--seed demo] [--tls-cert FILE --tls-key FILE] [--trust-proxy V]
                [--ballot-key-file FILE] [--session-days N] [--password-cost N] [--log-level L]
ecabinet server --config FILE

  Chạy máy chủ đồng bộ eCabinet trên thư mục dữ liệu DIR (SQLite nhúng).
  Runs the eCabinet sync server on data folder DIR (embedded SQLite).

  --data DIR     thư mục dữ liệu / data folder (created if missing)
  --db URL --blobs DIR
                 CSDL PostgreSQL (postgres://user:password@host:5432/name, tạo với
                 --locale=C.UTF-8) thay cho SQLite; DIR giữ tệp tài liệu
                 / a PostgreSQL database (created with --locale=C.UTF-8) instead of SQLite;
                 DIR holds the documents' files
  --blobs s3://BUCKET/PREFIX
                 tệp tài liệu trong kho S3 (hoặc tương thích S3); thư mục --data DIR vẫn giữ
                 văn bản nhận dạng và tệp đang tải lên. Kết nối lấy từ biến môi
                 trường AWS_ENDPOINT_URL, AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
                 / documents' files in an S3 (or S3-compatible) bucket; --data DIR still keeps
                 recognised text and uploads in progress. Connection from the
                 standard AWS environment variables above
  --s3-path-style
                 địa chỉ kiểu http://máy-chủ/BUCKET (MinIO, Ceph, …) / path-style addressing
                 for S3-compatible servers
  --port N       cổng / port (default 8650; 0 = random)
  --host H       địa chỉ lắng nghe / listen address (default 127.0.0.1)
  --seed demo    nạp dữ liệu mẫu khi CSDL trống / seed the demo committee when empty
  --tls-cert FILE, --tls-key FILE
                 chứng thư và khóa PEM: phục vụ HTTPS (kèm HSTS) để mật khẩu không đi
                 qua mạng ở dạng rõ / PEM certificate and key: serve HTTPS (with HSTS) so
                 that passwords never cross the network in clear
  --trust-proxy V
                 chỉ dùng sau reverse proxy của mình: "true" hoặc địa chỉ proxy (cách nhau
                 bởi dấu phẩy); khi đó địa chỉ máy khách lấy từ X-Forwarded-For. Mặc định tắt.
                 Only behind your own reverse proxy: "true" or the proxy's addresses
                 (comma-separated); the client address then comes from X-Forwarded-For,
                 which the sign-in throttle keys on. Off by default.
  --ballot-key-file FILE
                 khóa niêm phong phiếu kín (32 byte base64, chmod 600), ngoài thư mục dữ liệu
                 the secret-ballot sealing key (32 bytes base64, chmod 600), outside DIR;
                 else ECABINET_BALLOT_KEY, the systemd credential "ecabinet-ballot-key",
                 or (demo) DIR-secrets/ballot-sealing.key. Never back it up with DIR.
  --log-level L  nhật ký JSON (info, debug, warn…) / JSON logs with request ids at level L
  --config FILE  mọi thiết lập trong một tệp JSON, \${BIẾN} lấy từ môi trường (xem docs/DEPLOYMENT.md)
                 / every setting in one JSON file, \${NAME} from the environment (see docs/DEPLOYMENT.md):
                 PostgreSQL, metrics (Prometheus, own address + token), housekeeping horizons
  --password-cost N
                 độ khó scrypt (N) khi băm mật khẩu: lũy thừa của 2 từ 1024 đến 1048576, mặc định
                 131072 (mức tối thiểu OWASP). Chỉ hạ cho thử nghiệm; mật khẩu đã lưu vẫn dùng được
                 và được băm lại theo mức này ở lần đăng nhập sau
                 / scrypt cost (N) of password hashes: a power of two from 1024 to 1048576,
                 default 131072 (OWASP's minimum). Lower it only for tests; stored passwords
                 still verify and are rehashed to this cost at their next sign-in
  --session-days N  thời hạn tối đa của một phiên đăng nhập, tính từ lúc đăng nhập (mặc định 30)
                    / a session's maximum lifetime from sign-in, whatever the refreshes (default 30)`;

export async function serverCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    db: { type: 'string' },
    blobs: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    seed: { type: 'string' },
    'tls-cert': { type: 'string' },
    'tls-key': { type: 'string' },
    'trust-proxy': { type: 'string' },
    'ballot-key-file': { type: 'string' },
    'session-days': { type: 'string' },
    'password-cost': { type: 'string' },
    'log-level': { type: 'string' },
    config: { type: 'string' },
    's3-path-style': { type: 'boolean' },
  });
  if (values.help) return void console.log(SERVER_HELP);
  if (values.config !== undefined) {
    if (Object.keys(values).some((k) => k !== 'config' && k !== 'seed')) throw new UsageError('--config thay cho các tùy chọn khác (--config replaces the other options)');
    const { loadServerConfig } = await import('../../server/ops/config');
    return run(await loadServerConfig(path.resolve(values.config)), values.seed === 'demo');
  }
  const s3 = values.blobs !== undefined && isS3Url(values.blobs);
  if (values['s3-path-style'] && !s3) throw new UsageError('--s3-path-style chỉ đi với --blobs s3://… (only with --blobs s3://…)');
  if (s3) {
    // The bucket holds the blobs only: this instance's own files need a folder.
    if (!values.data) throw new UsageError('--blobs s3://… cần --data DIR cho tệp riêng của máy chủ (needs --data DIR for the instance\'s own files)');
  } else if (values.db !== undefined) {
    if (values.data !== undefined) throw new UsageError('--data hoặc --db, không cả hai (--data or --db, not both)');
    if (!values.blobs) throw new UsageError('--db cần --blobs DIR (--db needs --blobs DIR)');
  } else if (!values.data) throw new UsageError('Thiếu --data (missing --data)');
  if (values.db !== undefined && !/^postgres(ql)?:\/\//.test(values.db)) throw new UsageError('--db: địa chỉ postgres://… (a postgres://… address)');
  let blobStore: ReturnType<typeof s3OptionFromUrl> | undefined;
  try {
    blobStore = s3 ? s3OptionFromUrl(values.blobs!, process.env, { forcePathStyle: values['s3-path-style'] }) : undefined;
  } catch (e) {
    throw new UsageError(`--blobs: địa chỉ s3://BUCKET/PREFIX (an s3://BUCKET/PREFIX address): ${(e as Error).message}`);
  }
  if (values.seed !== undefined && values.seed !== 'demo') throw new UsageError('--seed chỉ nhận "demo" (only "demo")');
  const certFile = values['tls-cert'];
  const keyFile = values['tls-key'];
  if ((certFile === undefined) !== (keyFile === undefined)) throw new UsageError('--tls-cert và --tls-key đi cùng nhau (--tls-cert and --tls-key go together)');
  const host = values.host ?? '127.0.0.1';
  const sessionDays = values['session-days'] === undefined ? undefined : Number(values['session-days']);
  if (sessionDays !== undefined && !(Number.isInteger(sessionDays) && sessionDays >= 1 && sessionDays <= 365))
    throw new UsageError('--session-days: số nguyên từ 1 đến 365 (an integer from 1 to 365)');
  const passwordHashing = parsePasswordCost(values['password-cost']);
  await run(
    {
      dataDir: path.resolve(values.db !== undefined && !s3 ? values.blobs! : values.data!),
      database: values.db !== undefined ? { kind: 'postgres', url: values.db } : undefined,
      blobStore,
      port: parsePort(values.port, 8650),
      host,
      seed: values.seed === 'demo' ? 'demo' : undefined,
      logger: values['log-level'] ? { level: values['log-level'] } : false,
      tls: certFile && keyFile ? { certFile: path.resolve(certFile), keyFile: path.resolve(keyFile) } : undefined,
      trustProxy: parseTrustProxy(values['trust-proxy']),
      ballotKeyFile: values['ballot-key-file'] ? path.resolve(values['ballot-key-file']) : undefined,
      sessionLifetimeSeconds: sessionDays === undefined ? undefined : sessionDays * 24 * 3600,
      passwordHashing,
    },
    values.seed === 'demo',
  );
}

async function run(options: Parameters<typeof startServer>[0], seedDemo: boolean): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  const server = await startServer({ ...options, seed: seedDemo ? 'demo' : undefined });
  console.log(`Máy chủ eCabinet đang chạy / eCabinet server listening: ${server.url}`);
  if (options.blobStore) console.log(`Kho tệp tài liệu / blob store: ${server.blobs.location}`);
  console.log(`Khóa niêm phong phiếu kín / ballot sealing key: ${describeBallotKey(server.ballotKey)}`);
  console.log(`OpenAPI: ${server.url}/api/openapi.json`);
  if (server.metricsUrl) console.log(`Prometheus: ${server.metricsUrl}`);
  if (!options.tls && !isLoopback(host))
    console.warn('Cảnh báo: không có --tls-cert, mật khẩu đi qua mạng ở dạng rõ / Warning: without --tls-cert, passwords cross the network in clear');
  if (seedDemo) printDemoAccounts();
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** scrypt's N for the passwords this server hashes; r and p stay OWASP's. */
function parsePasswordCost(value: string | undefined): PasswordHashing | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!(Number.isInteger(n) && n >= 2 ** 10 && n <= 2 ** 20 && (n & (n - 1)) === 0))
    throw new UsageError('--password-cost: lũy thừa của 2 từ 1024 đến 1048576 (a power of two from 1024 to 1048576)');
  return { ...SCRYPT_PARAMS, N: n };
}

function parseTrustProxy(value: string | undefined): boolean | string[] | undefined {
  if (value === undefined || value === 'false') return undefined;
  if (value === 'true') return true;
  return value.split(',').map((a) => a.trim()).filter(Boolean);
}

const isLoopback = (host: string) => host === 'localhost' || host === '::1' || host.startsWith('127.');
