/**
 * A folder of demo PDFs already rendered, for processes that seed the demo many times: the test
 * suite seeds it in two dozen files, and rendering its papers (font subsetting, layout) is most
 * of a seed's time. Named by `ECABINET_DEMO_PDF_CACHE`; the suite's global setup names a folder
 * per state of the rendering code, so a change to it renders afresh. Unset (`npm start`, a
 * deployment): every seed renders.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DemoPdfRenderer } from './content-types';

export const DEMO_PDF_CACHE_ENV = 'ECABINET_DEMO_PDF_CACHE';

export function cachedDemoRenderer(render: DemoPdfRenderer, dir = process.env[DEMO_PDF_CACHE_ENV]): DemoPdfRenderer {
  if (!dir) return render;
  return async (doc, org, opts) => {
    const key = createHash('sha256').update(JSON.stringify([doc, org.name, opts?.issuedAt?.toISOString() ?? null])).digest('hex');
    const file = path.join(dir, `${key}.pdf`);
    const cached = await readFile(file).catch(() => null);
    if (cached) return new Uint8Array(cached);
    const bytes = await render(doc, org, opts);
    // Written under a private name then renamed: two processes seeding at once never read half a file.
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
    await writeFile(temp, bytes, { mode: 0o600 });
    await rename(temp, file);
    return bytes;
  };
}
