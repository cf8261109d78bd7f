import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { startServer } from '../../server/index';
import { DEMO_CA_FILE, DEMO_KEYS_DIR } from '../../server/demo/demo-signing-keys';
import { demoContent } from '../../server/demo/content';
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
  const serverDir = path.join(dataDir, 'server');
  const hostPort = parsePort(values['app-port'], 8651);
  const server = await startServer({
    dataDir: serverDir,
    port: parsePort(values.port, 8650),
    seed: 'demo',
    logger: false,
    // The home page links to the app; with a random port (0) its address is not known yet.
    appUrl: hostPort === 0 ? undefined : `http://127.0.0.1:${hostPort}/`,
  });
  const app = await launchApp({ serverUrl: server.url, dataDir: path.join(dataDir, 'client'), forceBrowser: Boolean(values.browser), hostPort, quiet: true });
  // Only what a first-time user needs: where to go, and who to sign in as.
  if (app.url) console.log(`\nMở địa chỉ này trong trình duyệt (dùng được một lần) / Open this address in a browser (works once):\n\n  ${app.url}`);
  else console.log('\nĐã mở cửa sổ eCabinet / eCabinet window opened.');
  printDemoAccounts();
  const keysDir = path.join(serverDir, DEMO_KEYS_DIR);
  if (existsSync(path.join(keysDir, DEMO_CA_FILE))) {
    console.log(`Khóa ký thử nghiệm (không có giá trị pháp lý) / test signing keys (no legal value): ${keysDir}`);
    console.log(`  ${readdirSync(keysDir).filter((f) => f.endsWith('.p12')).join(', ')} (mật khẩu / password: ${demoContent.password}); CA: ${DEMO_CA_FILE}`);
  }
  console.log(`Máy chủ / server: ${server.url}`);
  const stop = () => void Promise.allSettled([app.close(), server.close()]).then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
