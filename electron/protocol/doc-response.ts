/**
 * The ecabinet-doc:// protocol handler's logic, as a plain function from a web Request to a
 * web Response (no 'electron' import, so it is tested without Electron). It streams the
 * cached, verified blob with Range support; pdf.js reads PDFs in ranges.
 */
import { Readable } from 'node:stream';
import { openDocumentFile, type ServedDocument } from '../services/crypto/blob-file';
import { DOC_SCHEME } from '../window-policy';
import { SHA256_PATTERN, decideByteRange, documentHeaders } from './byte-range';

/** The cached file of a blob and, for an encrypted one, its key (hex); null when not cached or not visible. */
export type BlobFileLookup = (sha256: string) => Promise<{ path: string; keyHex?: string } | null>;

/**
 * The renderer is a file:// page, so its fetches to DOC_SCHEME are cross-origin and need CORS.
 * Only that origin is allowed, never `*`: Electron serializes a file:// page's origin as
 * "file://" (upstream Chromium as the opaque "null"; the app's window has no frames or other
 * opaque pages, see the CSP). Any other origin gets no Access-Control-Allow-Origin, so its
 * script cannot read the bytes.
 */
export const APP_PAGE_ORIGINS: readonly string[] = ['file://', 'null'];

const CORS_HEADERS: Record<string, string> = {
  'access-control-allow-methods': 'GET, HEAD, OPTIONS',
  'access-control-allow-headers': 'Range',
  'access-control-expose-headers': 'Accept-Ranges, Content-Range, Content-Length, ETag',
  vary: 'Origin',
};

function corsHeaders(request: Request): Record<string, string> {
  const origin = request.headers.get('origin');
  return origin !== null && APP_PAGE_ORIGINS.includes(origin) ? { ...CORS_HEADERS, 'access-control-allow-origin': origin } : CORS_HEADERS;
}

function plain(request: Request, status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...corsHeaders(request), 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  });
}

/** Extracts the sha256 from `ecabinet-doc://blob/<sha256>`, or null. */
export function shaFromDocumentUrl(url: string): string | null {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return null;
  }
  if (u.protocol !== `${DOC_SCHEME}:` || u.hostname !== 'blob') return null;
  const sha = u.pathname.replace(/^\//, '');
  return SHA256_PATTERN.test(sha) ? sha : null;
}

export async function documentResponse(request: Request, blobFile: BlobFileLookup): Promise<Response> {
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: corsHeaders(request) });
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(request, 405, 'Method not allowed');
  const sha = shaFromDocumentUrl(request.url);
  if (!sha) return plain(request, 404, 'Not found');
  const found = await blobFile(sha);
  if (!found) return plain(request, 404, 'Not found');
  let doc: ServedDocument;
  try {
    // Cached documents are encrypted: only the chunks of the asked range are decrypted.
    doc = await openDocumentFile(found.path, found.keyHex);
  } catch {
    return plain(request, 404, 'Not found');
  }
  const size = doc.size;
  const decision = decideByteRange(request.headers.get('range'), size);
  const { status, headers } = documentHeaders(decision, size, sha);
  const allHeaders = { ...corsHeaders(request), ...headers };
  if (request.method === 'HEAD' || decision.kind === 'unsatisfiable' || size === 0) {
    await doc.close();
    return new Response(null, { status, headers: allHeaders });
  }
  const range = decision.kind === 'partial' ? { start: decision.start, end: decision.end } : { start: 0, end: size - 1 };
  const body = Readable.toWeb(doc.stream(range.start, range.end)) as unknown as ReadableStream<Uint8Array>;
  return new Response(body, { status, headers: allHeaders });
}
