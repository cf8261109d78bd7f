/**
 * axe-core over the screens the e2e tests visit: a critical or serious violation fails the test
 * that showed the screen. Each screen (route without its ids, for one role) is scanned once per
 * test worker, so walking the same screen again costs nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import type { AxeResults, Result, RunOptions } from 'axe-core';
import { claimScreen } from './a11y-claims';

/** What stops a person using a keyboard or a screen reader; lesser findings are left to review. */
const FAILING_IMPACTS = new Set(['critical', 'serious']);

/**
 * Rules axe ships disabled that catch what our users hit: a link whose aria-label hides its
 * visible words ("Thông báo" read as "0 thông báo chưa đọc") cannot be called by voice control.
 */
const EXTRA_RULES = { 'label-content-name-mismatch': { enabled: true } };

/** Only violations are gathered in full: on a long form (the meeting editor) listing every passing node is most of axe's time. */
const RUN_OPTIONS: RunOptions = { rules: EXTRA_RULES, resultTypes: ['violations'] };

/**
 * pdf.js's invisible text over the page picture: there for selection and search, it mirrors the
 * drawing, so its colours and sizes are not ours to judge (and it is thousands of nodes).
 */
const EXCLUDED = [['[data-testid="pdf-text-layer"]']];

let axeSource: string | undefined;

/**
 * axe-core goes into a frame once and stays for every later scan of it: the app's screens are
 * routes of one document, so a scan after a route change finds axe already there. (Running
 * through @axe-core/playwright's AxeBuilder evaluated the 580 KB script twice per scan and
 * opened a blank page to merge the results, several times the scan itself on busy cores.)
 */
async function injectAxe(frame: Frame): Promise<void> {
  if (await frame.evaluate('typeof window.axe === "object"')) return;
  axeSource ??= readFileSync(path.resolve(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');
  await frame.evaluate(axeSource);
}

/** The critical and serious violations on the page as it is now (its same-origin frames included). */
export async function seriousViolations(page: Page): Promise<Result[]> {
  // axe.run reaches the page's frames itself, once axe is in each of them.
  for (const frame of page.frames()) await injectAxe(frame).catch((e: unknown) => {
    if (frame === page.mainFrame()) throw e;
  });
  const { violations } = await page.evaluate(
    ({ exclude, options }) => (globalThis as unknown as { axe: { run(c: unknown, o: unknown): Promise<AxeResults> } }).axe.run({ exclude }, options),
    { exclude: EXCLUDED, options: RUN_OPTIONS },
  );
  return violations.filter((v) => FAILING_IMPACTS.has(v.impact ?? ''));
}

/** One line per violation and element, enough to find it in the source. */
export function describeViolations(screen: string, violations: Result[]): string {
  const lines = violations.flatMap((v) =>
    v.nodes.map((n) => `  [${v.impact}] ${v.id}: ${v.help} — ${n.target.join(' ')} ${n.html.replace(/\s+/g, ' ').slice(0, 160)}`),
  );
  return `Accessibility violations on ${screen}:\n${lines.join('\n')}`;
}

/**
 * The screen a URL shows, without what varies between records: `#/meetings/<id>/live` →
 * `/meetings/:id/live`. Segments holding a digit and 8+ characters are ids (uuids, hashes).
 */
export function screenOf(url: string): string {
  const hash = new URL(url).hash.replace(/^#/, '');
  const [route] = hash.split('?', 1);
  const path = route.replace(/\/+$/, '') || '/meetings';
  return path
    .split('/')
    .map((seg) => (seg.length >= 8 && /\d/.test(seg) ? ':id' : seg))
    .join('/');
}

/**
 * Scans each screen (route without its ids, for one role) once per test run: a scan of a long
 * screen costs seconds of CPU, and every file passes through the login and the meeting list.
 * The test processes share the run's claims (tests/e2e/a11y-claims.ts).
 */
export class A11yAudit {
  /** Whether `screen` still needs a scan (and claims it for this process). */
  claim(screen: string): boolean {
    return claimScreen(screen);
  }

  async check(page: Page, screen: string): Promise<void> {
    if (page.isClosed() || !this.claim(screen)) return;
    const violations = await seriousViolations(page);
    if (violations.length > 0) throw new Error(describeViolations(screen, violations));
  }
}
