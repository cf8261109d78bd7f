import path from 'node:path';
import { startServer } from '../../server/index';
import { parse, parsePort } from '../args';
import { printDemoAccounts } from '../demo-accounts';
import { launchApp } from './app';

export const START_HELP = `ecabinet start [--data DIR] [--port N] [--app-port N] [--browser]

  Chạy máy chủ (SQLite nhúng, dữ liệu mẫu ở lần đầu) rồi mở ứng dụng.
  Starts the server (embedded SQLite, demo data on first run), then opens the app.

  --data DIR     thư mục dữ liệu / data folder (default .data: server in DIR/server, app in DIR/client)
  --port N       cổng máy chủ / server port (default 8650)
  --app-port N   cổng chế độ trình duyệt / browser-mode port (default 8651)
  --browser      luôn dùng chế độ trình duyệt / always use browser mode`;

export async function startCommand(argv: string[]): Promise<void> {
  const { values } = parse(argv, {
    data: { type: 'string' },
    port: { type: 'string' },
    'app-port': { type: 'string' },
    browser: { type: 'boolean' },
  });
  if (values.help) return void console.log(START_HELP);
  const dataDir = path.resolve(values.data ?? '.data');
  const server = await startServer({ dataDir: path.join(dataDir, 'server'), port: parsePort(values.port, 8650), seed: 'demo', logger: false });
  console.log(`Máy chủ eCabinet / eCabinet server: ${server.url}`);
  printDemoAccounts();
  const app = await launchApp({
    serverUrl: server.url,
    dataDir: path.join(dataDir, 'client'),
    forceBrowser: Boolean(values.browser),
    hostPort: parsePort(values['app-port'], 8651),
  });
  const stop = () => void Promise.allSettled([app.close(), server.close()]).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
