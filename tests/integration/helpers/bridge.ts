/** Driving client services the way the renderer does: through the validated bridge dispatcher. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import type { BridgeMethodName, BridgeOutput } from '../../../shared/bridge';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../../electron/services/index';
import { demoContent } from '../../../server/demo/content';

type ClientOptions = Parameters<typeof createClientServices>[0];

/** One bridge call; a failure throws with the bridge's error `code` and `details` attached. */
export async function callBridge<M extends BridgeMethodName>(c: ClientServices, method: M, input: unknown = {}): Promise<BridgeOutput<M>> {
  const r = await dispatchBridgeCall(c.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code, details: r.error.details });
  return r.value as BridgeOutput<M>;
}

/** Uploads a file the way the shells do: the services import it from a path on disk. */
export async function uploadViaBridge(c: ClientServices, fileName: string, bytes: Uint8Array) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ecab-picked-'));
  try {
    await writeFile(path.join(dir, fileName), bytes);
    return await c.importUpload({ path: path.join(dir, fileName), fileName });
  } catch (e) {
    throw Object.assign(new Error(`importUpload: ${(e as { code?: string }).code} ${(e as Error).message}`), { code: (e as { code?: string }).code, details: (e as { details?: unknown }).details });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A PDF whose pages carry the given lines (Helvetica, 12 pt, first line at y = 700). */
export async function pdfWithLines(pages: string[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((l, i) => page.drawText(l, { x: 72, y: 700 - i * 40, size: 12, font }));
  }
  return doc.save();
}

/**
 * A person's client services against a real server, signed in with his demo password and
 * synced once: the way the integration tests meet the app (an idle pull only every 10 minutes,
 * so the test decides when to sync; quick retries).
 */
export async function signedInClient(o: {
  serverUrl: string;
  dataDir: string;
  username: string;
  password?: string;
  /** Other retry delays (e.g. none within the test, to see a failure stay queued). */
  retry?: ClientOptions['retry'];
  /** The client's network (e.g. one a test can switch off). */
  fetch?: ClientOptions['fetch'];
}): Promise<ClientServices> {
  const c = await createClientServices({
    dataDir: o.dataDir,
    defaultServerUrl: o.serverUrl,
    documentUrl: (sha) => `ecabinet-doc://blob/${sha}`,
    mode: 'browser',
    version: '0.0.0-test',
    periodicPullMs: 600_000,
    retry: o.retry ?? { initialMs: 100, maxMs: 300 },
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  try {
    await callBridge(c, 'session.login', { username: o.username, password: o.password ?? demoContent.password });
    await callBridge(c, 'sync.now');
  } catch (e) {
    await c.close();
    throw e;
  }
  return c;
}
