/**
 * What each open page showed when a test failed: its address, the alerts on it and the start of
 * its text, printed, and a screenshot in test-results/failures. A browser test that fails on a
 * busy CI machine (a wait that ran out, a test that timed out) then says which screen it was
 * stuck on, instead of only the line it was waiting at.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

const open = new Map<Page, string>();

/** A page to describe if the running test fails; forgotten once closed. */
export function watchPageOnFailure(name: string, page: Page): void {
  open.set(page, name);
  page.once('close', () => open.delete(page));
}

/** Describes every open page; never throws (a page may be closing). */
export async function describeOpenPages(testName: string, dir: string): Promise<void> {
  if (open.size === 0) return;
  await mkdir(dir, { recursive: true }).catch(() => undefined);
  const slug = testName.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80);
  await Promise.all(
    [...open].map(async ([page, name]) => {
      if (page.isClosed()) return;
      try {
        const seen = await page.evaluate(() => {
          const doc = (globalThis as unknown as { document: { body: { innerText: string } | null; querySelectorAll(s: string): ArrayLike<{ textContent: string | null }> } }).document;
          const alerts = Array.from(doc.querySelectorAll('[role="alert"], [role="status"]')).map((e) => (e.textContent ?? '').trim()).filter(Boolean);
          return { alerts, text: (doc.body?.innerText ?? '').replace(/\s+/g, ' ').slice(0, 600) };
        });
        const file = path.join(dir, `${slug}--${name}.png`);
        await page.screenshot({ path: file, timeout: 10_000 }).catch(() => undefined);
        console.error(`[failed test] ${testName} — page "${name}" at ${page.url()}\n  alerts: ${JSON.stringify(seen.alerts)}\n  text: ${seen.text}\n  screenshot: ${file}`);
      } catch (e) {
        console.error(`[failed test] ${testName} — page "${name}" at ${page.url()} could not be read: ${(e as Error).message}`);
      }
    }),
  );
}
