/**
 * `npm run screenshots`: a picture of every screen of the walk (tests/e2e/screen-walk.ts) in
 * Vietnamese and in English, as each role sees it, for a reviewer to look through:
 * `screenshots/<vi|en>/<role>-<screen>.png` and `screenshots/index.html`. The demo app and
 * Debian's Chromium, as in the e2e tests; no accessibility scan here (the e2e test does it).
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoApp, type DemoApp } from '../e2e/demo-app-harness';
import { walkScreens, type WalkLocale } from '../e2e/screen-walk';
import { screenshotIndex, type Shot } from './screenshot-index';

const OUT = path.resolve(__dirname, '../../screenshots');
const LOCALES: WalkLocale[] = ['vi', 'en'];

describe('screenshots of every screen, in Vietnamese and English', () => {
  let app: DemoApp | undefined;

  beforeAll(async () => {
    await rm(OUT, { recursive: true, force: true });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('writes the pictures and their index', async () => {
    const shots: Shot[] = [];
    for (const locale of LOCALES) {
      // A fresh demo per language: the walk creates its own requests (a second signature request
      // for the same document would be refused), and each language's pictures show the same data.
      await app?.close();
      app = undefined;
      app = await startDemoApp(`ecab-screens-${locale}-`, { a11y: false });
      await mkdir(path.join(OUT, locale), { recursive: true });
      await walkScreens(
        app,
        async ({ role, name, side }) => {
          const file = `${locale}/${role}-${name}.png`;
          await side.page.screenshot({ path: path.join(OUT, file) });
          shots.push({ locale, role, name, file });
        },
        { locale, openVote: true },
      );
    }
    await app?.close();
    app = undefined;
    await writeFile(path.join(OUT, 'index.html'), screenshotIndex(shots));
    console.log(`${shots.length} screenshots: ${path.join(OUT, 'index.html')}`);
    expect(shots.filter((s) => s.locale === 'en').length).toBe(shots.filter((s) => s.locale === 'vi').length);
  });
});
