/**
 * A client cache with documents in it, without a server: real SQLite cache, real blob files,
 * rows applied the way a pull applies them. For tests of what happens to cached documents
 * (text extraction, indexing) that need no sync.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument } from '@cantoo/pdf-lib';
import type { Change } from '../../../shared/api';
import { BlobCache } from '../../../electron/services/blobs/blob-cache';
import { openCache } from '../../../electron/services/cache/open-cache';
import { SyncedStore } from '../../../electron/services/cache/synced-store';
import { TextIndex } from '../../../electron/services/search/text-index';
import { subsettingFontkit, fontBytes, FONT_FILES } from '../../../signing/pdf/fonts';
import { tempDir } from './temp';

export function localLibrary() {
  const dir = tempDir();
  const db = openCache(dir);
  const synced = new SyncedStore(db);
  const blobs = new BlobCache(dir, db, () => new Date());
  const index = new TextIndex(db);
  const at = '2026-11-23T01:00:00.000Z';
  const meetingId = crypto.randomUUID();
  let cursor = 0;
  synced.applyPullPage(
    [
      {
        entity: 'meeting',
        id: meetingId,
        op: 'upsert',
        data: { id: meetingId, orgId: crypto.randomUUID(), title: 'Phiên họp thường kỳ', startsAt: at, endsAt: at, location: 'Hà Nội', status: 'published', chairId: null, updatedAt: at },
      } as Change,
    ],
    String(++cursor),
  );

  /** Caches `bytes` as a document of the meeting; returns the document id and its blob's sha256. */
  async function addDocument(title: string, bytes: Uint8Array): Promise<{ id: string; sha256: string }> {
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    await blobs.storeLocal(sha256, bytes);
    const id = crypto.randomUUID();
    const data = { id, meetingId, agendaItemId: null, title, fileName: `${id}.pdf`, sha256, size: bytes.length, mime: 'application/pdf', version: 1, classification: 'internal', updatedAt: at };
    synced.applyPullPage([{ entity: 'document', id, op: 'upsert', data } as Change], String(++cursor));
    return { id, sha256 };
  }

  function removeDocument(id: string): void {
    synced.applyPullPage([{ entity: 'document', id, op: 'delete' } as Change], String(++cursor));
  }

  return { dir, db, synced, blobs, index, addDocument, removeDocument };
}

/** A sample PDF shipped next to the project (../shared/samples), if this machine has it. */
export function samplePdf(name: string): string | null {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'shared', 'samples', name);
    if (fs.existsSync(file)) return file;
    if (path.dirname(dir) === dir) return null;
  }
}

/** A PDF in Liberation Serif (Vietnamese glyphs): each page is a list of lines, one text run per line. */
export async function vietnamesePdf(pages: string[][]): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.registerFontkit(subsettingFontkit);
  const font = await doc.embedFont(fontBytes(FONT_FILES.regular), { subset: true });
  for (const lines of pages) {
    const page = doc.addPage([595, 842]);
    lines.forEach((l, i) => page.drawText(l, { x: 72, y: 760 - i * 24, size: 13, font }));
  }
  return doc.save();
}
