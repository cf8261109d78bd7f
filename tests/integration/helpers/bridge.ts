/** Driving client services the way the renderer does: through the validated bridge dispatcher. */
import { PDFDocument, StandardFonts } from '@cantoo/pdf-lib';
import type { BridgeMethodName, BridgeOutput } from '../../../shared/bridge';
import { UPLOAD_CHUNK_BYTES } from '../../../shared/secretariat-bridge';
import { dispatchBridgeCall, type ClientServices } from '../../../electron/services/index';

/** One bridge call; a failure throws with the bridge's error `code` and `details` attached. */
export async function callBridge<M extends BridgeMethodName>(c: ClientServices, method: M, input: unknown = {}): Promise<BridgeOutput<M>> {
  const r = await dispatchBridgeCall(c.handlers, method, input);
  if (!r.ok) throw Object.assign(new Error(`${method}: ${r.error.code} ${r.error.message}`), { code: r.error.code, details: r.error.details });
  return r.value as BridgeOutput<M>;
}

/** Uploads a file the way the document drop zone does: begin, base64 chunks, finish. */
export async function uploadViaBridge(c: ClientServices, fileName: string, bytes: Uint8Array) {
  const { uploadId } = await callBridge(c, 'uploads.begin', { fileName, size: bytes.byteLength });
  for (let offset = 0; offset < bytes.byteLength; offset += UPLOAD_CHUNK_BYTES)
    await callBridge(c, 'uploads.chunk', { uploadId, offset, base64: Buffer.from(bytes.subarray(offset, offset + UPLOAD_CHUNK_BYTES)).toString('base64') });
  return callBridge(c, 'uploads.finish', { uploadId });
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
