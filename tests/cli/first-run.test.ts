/**
 * `npm start` as a first-time user sees it: the built command (npm test builds first) in a child
 * process with a fresh data folder. It prints only where to go and who to sign in as; the server's
 * address is a page linking to the app; the app's address opened without its launch link (in
 * Chromium) explains in Vietnamese what to do.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { launchChromium } from '../helpers/browser';
import { freePort } from '../helpers/free-port';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'ecabinet.cjs');
const shots = path.join(root, 'test-results');

describe('npm start on a first run', () => {
  let tmp: string;
  let child: ChildProcess;
  let output = '';
  let appPort: number;
  let browser: Browser | undefined;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ecabinet-first-run-'));
    appPort = await freePort();
    child = spawn(process.execPath, [bin, 'start', '--data', tmp, '--port', '0', '--app-port', String(appPort), '--browser'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Everything it prints, both streams: the user sees both.
    await new Promise<void>((resolve, reject) => {
      const seen = (d: Buffer) => {
        output += d.toString();
        if (/Máy chủ \/ server: http:\/\/\S+\n/.test(output)) resolve();
      };
      child.stdout!.on('data', seen);
      child.stderr!.on('data', seen);
      child.once('exit', (code) => reject(new Error(`start exited ${code}: ${output}`)));
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const serverUrl = () => /Máy chủ \/ server: (http:\/\/\S+)/.exec(output)![1];
  const launchUrl = () => /(http:\/\/127\.0\.0\.1:\d+\/\?launch=\S+)/.exec(output)![1];

  it('prints only the address to open, the demo accounts and the test keys', () => {
    const lines = output.split('\n').filter((l) => l.trim() !== '');
    // The address comes first, then one line per account, the keys, the server.
    expect(lines[0]).toContain('Mở địa chỉ này trong trình duyệt');
    expect(lines[1].trim()).toBe(launchUrl());
    // One line per account, and one naming each other organisation before its accounts.
    const others = demoContent.otherOrganisations ?? [];
    const accounts = [...demoContent.users, ...others.flatMap((o) => o.users)];
    expect(lines.length).toBeLessThanOrEqual(accounts.length + others.length + 8);
    for (const u of accounts) expect(output).toContain(u.username);
    expect(output).toContain(demoContent.password);
    expect(output).toContain(path.join(tmp, 'server', 'demo-keys'));
    // No build or library noise.
    expect(output).not.toMatch(/dist\/|assets\/|configLoader|vite|warning/i);
  });

  it("answers the server's address with a page that says what it is and links to the app", async () => {
    const res = await fetch(`${serverUrl()}/`);
    expect(res.headers.get('content-type')).toContain('text/html');
    const html = await res.text();
    expect(html).toContain('Máy chủ eCabinet');
    expect(html).toContain(`href="http://127.0.0.1:${appPort}/"`);
  });

  it('explains in Vietnamese, then English, what to do when the app is opened without its launch link', async () => {
    browser = await launchChromium();
    const page = await browser.newPage();
    // What the home page's link leads to in a browser that never opened the launch link.
    const res = await page.goto(`http://127.0.0.1:${appPort}/`);
    expect(res!.status()).toBe(401);
    const vi = page.locator('section[lang="vi"]');
    expect(await vi.locator('h1').textContent()).toBe('Hãy mở eCabinet bằng đường dẫn khởi chạy');
    expect(await vi.textContent()).toContain('ecabinet app');
    expect(await page.locator('section[lang="en"] h1').textContent()).toBe('Open eCabinet with its launch link');
    fs.mkdirSync(shots, { recursive: true });
    await page.screenshot({ path: path.join(shots, 'first-run-without-launch-link.png'), fullPage: true });
    const home = await browser.newPage();
    await home.goto(`${serverUrl()}/`);
    await home.screenshot({ path: path.join(shots, 'first-run-server-home.png'), fullPage: true });

    // The launch link lets it in once; opened again (from history) it says the link is spent.
    await page.goto(launchUrl());
    expect(new URL(page.url()).search).toBe('');
    const other = await browser.newPage();
    await other.goto(launchUrl());
    expect(await other.getByTestId('link-refused').first().textContent()).toBe('Đường dẫn khởi chạy này không hợp lệ hoặc đã được dùng.');
  });
});
