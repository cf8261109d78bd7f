/**
 * The one way tests start a browser: playwright-core driving the system Chromium
 * (Debian's /usr/bin/chromium, or CHROMIUM_PATH). Never downloads a browser.
 */
import { chromium, type Browser } from 'playwright-core';

/**
 * Chromium features the tests turn off. Chromium reads only the last `--disable-features`, and
 * Playwright passes its own list first, so this one repeats Playwright's (1.65) before ours:
 * - the omnibox popup's WebUI: every new context (a window, in headless Chromium too) loaded
 *   chrome://omnibox-popup.top-chrome in a renderer of its own, about 0.3 s of CPU per context
 *   for a bar no test can see;
 * - the spare renderer, started in advance for a navigation and, in a context that navigates
 *   once, a second renderer process per context.
 */
const PLAYWRIGHT_DISABLED_FEATURES = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
];
const DISABLED_FEATURES = [...PLAYWRIGHT_DISABLED_FEATURES, 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup', 'SpareRendererForSitePerProcess'];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  `--disable-features=${DISABLED_FEATURES.join(',')}`,
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
