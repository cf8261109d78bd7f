/**
 * The layer rules in .dependency-cruiser.cjs must really fail on a forbidden import. One
 * scratch copy of the layout holds every case (allowed and forbidden files side by side); the
 * same lint `npm test` runs checks it once, and each case looks for its own verdict.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check } from '../helpers/tool';

const root = path.resolve(__dirname, '../..');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ecabinet-lint-'));
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

const pure = "import { z } from 'zod';\nexport const Name = z.string();\n";
const CASES: Record<string, string> = {
  'shared/name.ts': pure,
  'renderer/src/view.ts': "import { Name } from '../../shared/name';\nexport const v = Name;\n",
  'shared/bad.ts': "import fs from 'node:fs';\nexport const f = fs;\n",
  'renderer/src/node-and-electron.ts': "import fs from 'node:fs';\nimport { app } from 'electron';\nexport const x = [fs, app];\n",
  'electron/services/uses-electron.ts': "import { app } from 'electron';\nexport const a = app;\n",
  'electron/main.ts': "import { app } from 'electron';\nexport const a = app;\n",
  'electron/services/cache.ts': 'export const cache = 1;\n',
  'renderer/src/reaches-services.ts': "import { cache } from '../../electron/services/cache';\nexport const c = cache;\n",
  'node-shared/helper.ts': "import rangeParser from 'range-parser';\nexport const parse = rangeParser;\n",
  'server/route.ts': "import { parse } from '../node-shared/helper';\nexport const p = parse;\n",
  'electron/protocol/doc.ts': "import { parse } from '../../node-shared/helper';\nexport const p = parse;\n",
  'server/db.ts': 'export const db = 1;\n',
  'node-shared/bad.ts': "import { db } from '../server/db';\nexport const d = db;\n",
};

interface Violation {
  from: string;
  rule: { name: string; severity: string };
}
let violations: Violation[] = [];
const rulesBrokenBy = (file: string) => violations.filter((v) => v.from === file && v.rule.severity === 'error').map((v) => v.rule.name);

beforeAll(async () => {
  for (const [name, text] of Object.entries(CASES)) {
    fs.mkdirSync(path.dirname(path.join(scratch, name)), { recursive: true });
    fs.writeFileSync(path.join(scratch, name), text);
  }
  for (const f of ['.dependency-cruiser.cjs', 'tsconfig.base.json']) fs.copyFileSync(path.join(root, f), path.join(scratch, f));
  // The real tsconfig includes folders the scratch layout does not have.
  fs.writeFileSync(path.join(scratch, 'tsconfig.node.json'), JSON.stringify({ extends: './tsconfig.base.json', include: ['**/*.ts'] }));
  fs.symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'), 'dir');
  // Exit status 1 when there are violations: the report is still on stdout.
  const out = (await check(path.join(root, 'node_modules/.bin/depcruise'), ['--config', '.dependency-cruiser.cjs', '--output-type', 'json', 'shared', 'node-shared', 'renderer', 'electron', 'server'], { cwd: scratch })).stdout;
  violations = (JSON.parse(out) as { summary: { violations: Violation[] } }).summary.violations;
}, 120_000);

describe('import boundaries', () => {
  it('accepts shared/ that imports only zod, and a renderer that imports shared/', () => {
    expect(rulesBrokenBy('shared/name.ts')).toEqual([]);
    expect(rulesBrokenBy('renderer/src/view.ts')).toEqual([]);
  });

  it('refuses a Node built-in in shared/', () => {
    expect(rulesBrokenBy('shared/bad.ts')).toContain('shared-is-environment-free');
  });

  it('refuses Node and Electron in the renderer', () => {
    const broken = rulesBrokenBy('renderer/src/node-and-electron.ts');
    expect(broken).toContain('renderer-no-node');
    expect(broken).toContain('only-main-and-preload-import-electron');
  });

  it('refuses electron in a client service but allows it in electron/main.ts', () => {
    expect(rulesBrokenBy('electron/services/uses-electron.ts')).toContain('only-main-and-preload-import-electron');
    expect(rulesBrokenBy('electron/main.ts')).toEqual([]);
  });

  it('refuses the renderer reaching into the desktop services', () => {
    expect(rulesBrokenBy('renderer/src/reaches-services.ts')).toContain('renderer-only-shared');
  });

  it('lets the server and the desktop side share node-shared/, which may use npm but no layer above it', () => {
    expect(rulesBrokenBy('node-shared/helper.ts')).toEqual([]);
    expect(rulesBrokenBy('server/route.ts')).toEqual([]);
    expect(rulesBrokenBy('electron/protocol/doc.ts')).toEqual([]);
    expect(rulesBrokenBy('node-shared/bad.ts')).toContain('node-shared-is-a-plain-library');
  });
});
