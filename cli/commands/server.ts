import path from 'node:path';
import { startServer } from '../../server/index';
import { parse, parsePort, UsageError } from '../args';
import { printDemoAccounts } from '../demo-accounts';

export const SERVER_HELP = `ecabinet server --data DIR [--port N] [--host H] [--seed demo] [--session-days N]

  Chạy máy chủ đồng bộ eCabinet trên thư mục dữ liệu DIR (SQLite nhúng).
  Runs the eCabinet sync server on data folder DIR (embedded SQLite).

  --data DIR     thư mục dữ liệu / data folder (created if missing)
  --port N       cổng / port (default 8650; 0 = random)
  --host H       địa chỉ lắng nghe / listen address (default 127.0.0.1)
  --seed demo    nạp dữ liệu mẫu khi CSDL trống / seed the demo committee when empty
  --session-days N  thời hạn tối đa của một phiên đăng nhập, tính từ lúc đăng nhập (mặc định 30)
                    / a session's maximum lifetime from sign-in, whatever the refreshes (default 30)`;

export async function serverCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    seed: { type: 'string' },
    'session-days': { type: 'string' },
  });
  if (values.help) return void console.log(SERVER_HELP);
  if (!values.data) throw new UsageError('Thiếu --data (missing --data)');
  if (values.seed !== undefined && values.seed !== 'demo') throw new UsageError('--seed chỉ nhận "demo" (only "demo")');
  const sessionDays = values['session-days'] === undefined ? undefined : Number(values['session-days']);
  if (sessionDays !== undefined && !(Number.isInteger(sessionDays) && sessionDays >= 1 && sessionDays <= 365))
    throw new UsageError('--session-days: số nguyên từ 1 đến 365 (an integer from 1 to 365)');
  const server = await startServer({
    dataDir: path.resolve(values.data),
    port: parsePort(values.port, 8650),
    host: values.host ?? '127.0.0.1',
    seed: values.seed === 'demo' ? 'demo' : undefined,
    logger: false,
    sessionLifetimeSeconds: sessionDays === undefined ? undefined : sessionDays * 24 * 3600,
  });
  console.log(`Máy chủ eCabinet đang chạy / eCabinet server listening: ${server.url}`);
  console.log(`OpenAPI: ${server.url}/api/openapi.json`);
  if (values.seed === 'demo') printDemoAccounts();
  const stop = () => void server.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
