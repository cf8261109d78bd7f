/**
 * The layer rules in .dependency-cruiser.cjs must really fail on a forbidden import:
 * each case writes one offending file into a scratch copy of the layout and runs the
 * same lint `npm test` runs.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ecabinet-lint-'));
fs.copyFileSync(path.join(root, '.dependency-cruiser.cjs'), path.join(scratch, '.dependency-cruiser.cjs'));
fs.copyFileSync(path.join(root, 'tsconfig.base.json'), path.join(scratch, 'tsconfig.base.json'));
// The real tsconfig includes folders a scratch case does not have.
fs.writeFileSync(path.join(scratch, 'tsconfig.node.json'), JSON.stringify({ extends: './tsconfig.base.json', include: ['**/*.ts'] }));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

function lint(files: Record<string, string>): { ok: boolean; output: string } {
  const dir = fs.mkdtempSync(path.join(scratch, 'case-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  for (const f of ['.dependency-cruiser.cjs', 'tsconfig.base.json', 'tsconfig.node.json']) fs.copyFileSync(path.join(scratch, f), path.join(dir, f));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  const dirs = [...new Set(Object.keys(files).map((f) => f.split('/')[0]))];
  try {
    const output = execFileSync(path.join(root, 'node_modules/.bin/depcruise'), ['--config', '.dependency-cruiser.cjs', ...dirs], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
    return { ok: true, output };
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

const pure = "import { z } from 'zod';\nexport const Name = z.string();\n";

describe('import boundaries', () => {
  it('accepts shared/ that imports only zod, and a renderer that imports shared/', () => {
    const r = lint({ 'shared/name.ts': pure, 'renderer/src/view.ts': "import { Name } from '../../shared/name';\nexport const v = Name;\n" });
    expect(r.output).not.toMatch(/error/);
    expect(r.ok).toBe(true);
  });

  it('refuses a Node built-in in shared/', () => {
    const r = lint({ 'shared/bad.ts': "import fs from 'node:fs';\nexport const f = fs;\n" });
    expect(r.ok).toBe(false);
    expect(r.output).toContain('shared-is-environment-free');
  });

  it('refuses Node and Electron in the renderer', () => {
    const r = lint({ 'renderer/src/bad.ts': "import fs from 'node:fs';\nimport { app } from 'electron';\nexport const x = [fs, app];\n" });
    expect(r.ok).toBe(false);
    expect(r.output).toContain('renderer-no-node');
    expect(r.output).toContain('only-main-and-preload-import-electron');
  });

  it('refuses electron in a client service but allows it in electron/main.ts', () => {
    const bad = lint({ 'electron/services/bad.ts': "import { app } from 'electron';\nexport const a = app;\n" });
    expect(bad.ok).toBe(false);
    expect(bad.output).toContain('only-main-and-preload-import-electron');
    const good = lint({ 'electron/main.ts': "import { app } from 'electron';\nexport const a = app;\n" });
    expect(good.ok).toBe(true);
  });

  it('refuses the renderer reaching into the desktop services', () => {
    const r = lint({
      'electron/services/cache.ts': 'export const cache = 1;\n',
      'renderer/src/bad.ts': "import { cache } from '../../electron/services/cache';\nexport const c = cache;\n",
    });
    expect(r.ok).toBe(false);
    expect(r.output).toContain('renderer-only-shared');
  });

  it('lets the server and the desktop side share node-shared/, which may use npm but no layer above it', () => {
    const helper = "import rangeParser from 'range-parser';\nexport const parse = rangeParser;\n";
    const good = lint({
      'node-shared/helper.ts': helper,
      'server/route.ts': "import { parse } from '../node-shared/helper';\nexport const p = parse;\n",
      'electron/protocol/doc.ts': "import { parse } from '../../node-shared/helper';\nexport const p = parse;\n",
    });
    expect(good.output).not.toMatch(/error/);
    expect(good.ok).toBe(true);
    const bad = lint({
      'server/db.ts': 'export const db = 1;\n',
      'node-shared/bad.ts': "import { db } from '../server/db';\nexport const d = db;\n",
    });
    expect(bad.ok).toBe(false);
    expect(bad.output).toContain('node-shared-is-a-plain-library');
  });
});
