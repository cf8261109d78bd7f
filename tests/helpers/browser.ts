/**
 * The one way tests start a browser: playwright-core driving the system Chromium
 * (Debian's /usr/bin/chromium, or CHROMIUM_PATH). Never downloads a browser.
 */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
}

let shared: Promise<Browser> | undefined;

/**
 * One Chromium per test worker, kept for the e2e files that worker runs one after another (the
 * suite shares loaded modules between files): starting it costs seconds of CPU each time. A file
 * closes its own contexts, never this browser; the worker's exit takes it down.
 */
export function sharedChromium(): Promise<Browser> {
  if (!shared) {
    const launching = launchChromium();
    shared = launching;
    launching.then(
      (b) => b.on('disconnected', () => {
        if (shared === launching) shared = undefined;
      }),
      () => {
        if (shared === launching) shared = undefined;
      },
    );
  }
  return shared;
}
