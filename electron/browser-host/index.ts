/**
 * Browser mode: the client services served to a local browser over loopback HTTP, with the
 * same bridge the Electron preload gives (see bridge-client.ts for the page side). The host is
 * thin: it checks who calls and what, and forwards to the services process (ServicesProcess).
 *
 * Security: every request needs the per-launch cookie (set by opening the launch URL), a
 * loopback Host header (DNS-rebinding defence) and, for POSTs and PUTs, a same-origin Origin
 * header.
 */
import { createReadStream } from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Readable } from 'node:stream';
import type { BridgeEventName, BridgeResult } from '../../shared/bridge';
import type { ErrorCode } from '../../shared/errors';
import { openDocumentFile, type ServedDocument } from '../services/crypto/blob-file';
import type { HostedServices, InProcessServices } from '../services-process/hosted-services';
import { SHA256_PATTERN, decideByteRange, documentHeaders } from '../protocol/byte-range';
import { CONTENT_SECURITY_POLICY } from '../window-policy';
import { createLaunchAuth, type LaunchAuth } from './launch-auth';
import { sendNoLaunchPage, wantsPage } from './no-launch-page';
import { contentTypeOf, lookupStaticFile } from './static-files';

export { browserDocumentUrl } from './document-url';
export type { HostedServices, InProcessServices } from '../services-process/hosted-services';

export interface BrowserHostOptions {
  /** The services process (ServicesProcess), or services in this process (tests). */
  services: HostedServices | InProcessServices;
  /** The built renderer (dist/renderer), with bridge.js next to index.html. */
  rendererDir: string;
  /** 0 = random free port. */
  port?: number;
  /** Loopback address to listen on; default 127.0.0.1. */
  host?: string;
  /** Largest file the page may upload (default DEFAULT_MAX_UPLOAD_BYTES, the server's limit). */
  maxUploadBytes?: number;
}

export interface BrowserHost {
  /** Open this once in the browser: it carries the per-launch secret, which works once. */
  url: string;
  /**
   * Resolves once what the page's first bridge call needs (the message schemas) is loaded: the
   * caller prints the address then. Loading them takes the host's thread for 50–150 ms; loaded
   * after the address was printed, they held up the answers to the page and its scripts, which a
   * browser asks for sooner than that.
   */
  bridgeLoaded: Promise<void>;
  /** A new single-use launch URL (the previous one, if unused, stops working). */
  newLaunchUrl(): string;
  origin: string;
  close(): Promise<void>;
}

const MAX_BRIDGE_BODY_BYTES = 1024 * 1024;
/** The build's content-named files (renderer/assets/). */
const IMMUTABLE = 'private, max-age=31536000, immutable';
/** The most calls one /bridge/batch request may carry. */
const MAX_BATCH_CALLS = 32;
const SSE_HEARTBEAT_MS = 20_000;

const SECURITY_HEADERS: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...SECURITY_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...extra,
  });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, code: ErrorCode, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

function bridgeError(code: ErrorCode, message: string, details?: Record<string, unknown>): BridgeResult {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too_large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      total += chunk.length;
      if (total > limit) {
        done = true;
        resolve('too_large');
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!done) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const listenHost = opts.host ?? '127.0.0.1';
  // The host serves the signed-in user's documents: never on a network interface.
  if (!isLoopback(listenHost)) throw new Error(`Browser host must listen on a loopback address, not ${listenHost}`);
  // Loaded while the host starts listening (see bridgeLoaded).
  const parts = import('./bridge-parts');
  const servicesReady = () => parts.then((p) => p.asHostedServices(opts.services));
  let incomingFiles: ReturnType<typeof import('./bridge-parts').openIncomingFiles> | null = null;
  const incoming = () => (incomingFiles ??= parts.then((p) => p.openIncomingFiles(opts.maxUploadBytes ?? p.DEFAULT_MAX_UPLOAD_BYTES)));
  const sseClients = new Set<ServerResponse>();
  let auth: LaunchAuth | null = null;

  const server = http.createServer((req, res) => {
    if (!auth) return sendError(res, 503, 'internal', 'Starting');
    handle(auth, req, res).catch((err: unknown) => {
      console.error('[browser-host]', err);
      if (!res.headersSent) sendError(res, 500, 'internal', 'Internal error');
      else res.destroy();
    });
  });

  async function handle(auth: LaunchAuth, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const hostHeader = req.headers.host;
    if (!auth.isAllowedHost(hostHeader)) return sendError(res, 403, 'forbidden', 'Unexpected Host header');
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const rawPath = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
    const method = req.method ?? 'GET';

    // The launch URL: the secret is traded for the cookie, which comes with the page itself (a
    // redirect to "/" first cost the start a round trip); bridge.js takes the spent secret out of
    // the address bar before the app runs.
    if (rawPath === '/' && query.has('launch') && method === 'GET') {
      if (auth.redeemLaunchSecret(query.get('launch') ?? '')) {
        // On whatever answer follows (a build without its page answers 404, with the cookie still).
        res.setHeader('set-cookie', auth.setCookieHeader());
        return serveStatic(req, res, rawPath);
      }
      // A spent secret with the session's cookie: that tab, reloaded before its address was cleaned.
      if (!auth.hasSessionCookie(req)) {
        if (wantsPage(req, rawPath)) return sendNoLaunchPage(res, SECURITY_HEADERS, true);
        return sendError(res, 401, 'unauthenticated', 'Invalid or already used launch link: start "ecabinet app" again for a new one');
      }
    }
    if (!auth.hasSessionCookie(req)) {
      if (wantsPage(req, rawPath)) return sendNoLaunchPage(res, SECURITY_HEADERS, false);
      return sendError(res, 401, 'unauthenticated', 'Open the launch link printed by "ecabinet app" first');
    }
    if (method !== 'GET' && method !== 'HEAD') {
      const origin = req.headers.origin;
      if (!origin || origin !== auth.originFor(hostHeader!)) return sendError(res, 403, 'forbidden', 'Cross-origin request refused');
    }

    if (rawPath === '/bridge/invoke') {
      if (method !== 'POST') return sendError(res, 405, 'bad_request', 'Use POST');
      return invoke(req, res);
    }
    if (rawPath === '/bridge/batch') {
      if (method !== 'POST') return sendError(res, 405, 'bad_request', 'Use POST');
      return invokeBatch(req, res);
    }
    if (rawPath === '/bridge/upload') {
      if (method !== 'PUT') return sendError(res, 405, 'bad_request', 'Use PUT');
      return upload(req, res, query);
    }
    if (rawPath === '/bridge/events') {
      if (method !== 'GET') return sendError(res, 405, 'bad_request', 'Use GET');
      return openEventStream(req, res);
    }
    if (rawPath.startsWith('/doc/')) {
      if (method !== 'GET' && method !== 'HEAD') return sendError(res, 405, 'bad_request', 'Use GET');
      return serveDocument(req, res, rawPath.slice('/doc/'.length));
    }
    if (method !== 'GET' && method !== 'HEAD') return sendError(res, 405, 'bad_request', 'Method not allowed');
    return serveStatic(req, res, rawPath);
  }

  /** The JSON body of a bridge request, or the answer already sent (wrong type, too large, not JSON). */
  async function readJsonBody(req: IncomingMessage, res: ServerResponse): Promise<{ body: unknown } | null> {
    const contentType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (contentType !== 'application/json') {
      sendJson(res, 415, bridgeError('bad_request', 'Content-Type must be application/json'));
      return null;
    }
    const body = await readBody(req, MAX_BRIDGE_BODY_BYTES);
    // readBody goes on reading and dropping the rest of the body: destroying the request here
    // could reset the connection before the page read this answer (seen under load: ECONNRESET).
    if (body === 'too_large') {
      sendJson(res, 413, bridgeError('payload_too_large', 'Request body too large'), { connection: 'close' });
      return null;
    }
    try {
      return { body: JSON.parse(body.toString('utf8')) };
    } catch {
      sendJson(res, 400, bridgeError('bad_request', 'Body is not valid JSON'));
      return null;
    }
  }

  /** One call: checked here, so a malformed call never reaches the services (which check again). */
  async function runCall(parsed: unknown): Promise<BridgeResult | 'malformed'> {
    const call = parsed as { method?: unknown; input?: unknown } | null;
    if (!call || typeof call !== 'object' || typeof call.method !== 'string') return 'malformed';
    const checked = (await parts).checkBridgeInput(call.method, call.input);
    if (!checked.ok) return checked.result;
    return (await servicesReady()).call(checked.method, checked.input);
  }

  const MALFORMED_CALL = bridgeError('bad_request', 'Expected {method, input}');

  async function invoke(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readJsonBody(req, res);
    if (!read) return;
    const result = await runCall(read.body);
    if (result === 'malformed') return sendJson(res, 400, MALFORMED_CALL);
    sendJson(res, 200, result);
  }

  /**
   * Several calls in one request (the page sends the calls it makes in one task together: its
   * first screen's reads, a screen's loads): each is checked and run as if sent alone, all at
   * once, and the answers come back in the calls' order, each a BridgeResult of its own.
   */
  async function invokeBatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const read = await readJsonBody(req, res);
    if (!read) return;
    const calls = read.body;
    if (!Array.isArray(calls) || calls.length === 0 || calls.length > MAX_BATCH_CALLS) {
      return sendJson(res, 400, bridgeError('bad_request', `Expected a list of 1 to ${MAX_BATCH_CALLS} {method, input}`));
    }
    const results = await Promise.all(calls.map((call) => runCall(call)));
    sendJson(res, 200, results.map((r) => (r === 'malformed' ? MALFORMED_CALL : r)));
  }

  /**
   * The page streams a picked file as the raw PUT body (never base64 JSON): written to a temp
   * file while hashing, up to the size limit, then imported by the services from that path.
   */
  async function upload(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    // The rest of a refused body is read and dropped (loopback: cheap), so the page gets this
    // answer rather than a reset connection.
    const refuse = (status: number, result: BridgeResult) => {
      sendJson(res, status, result);
      req.resume();
    };
    const { UploadFileName } = await parts;
    const fileName = UploadFileName.safeParse(query.get('name') ?? '');
    if (!fileName.success) return refuse(400, bridgeError('validation_failed', 'name: a plain file name is required'));
    const files = await incoming();
    const tooLarge = bridgeError('payload_too_large', `The file is larger than ${files.maxBytes} bytes`, { maxBytes: files.maxBytes });
    // Refused before reading a byte when the browser announces the size (it does for a File).
    if (Number(req.headers['content-length'] ?? 0) > files.maxBytes) return refuse(413, tooLarge);
    const result = await files.importStream(await servicesReady(), req.iterator({ destroyOnReturn: false }), fileName.data);
    // Over the limit while streaming: the rest of the body (if any) is dropped too.
    if (!result.ok && result.error.code === 'payload_too_large') return refuse(413, result);
    sendJson(res, 200, result);
  }

  async function openEventStream(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const [{ BridgeEvents }, services] = await Promise.all([parts, servicesReady()]);
    if (req.destroyed) return;
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      'x-accel-buffering': 'no',
      connection: 'keep-alive',
    });
    res.write('retry: 2000\n\n');
    sseClients.add(res);
    const unsubscribes = (Object.keys(BridgeEvents) as BridgeEventName[]).map((event) =>
      services.on(event, (payload) => {
        res.write(`data: ${JSON.stringify({ event, payload })}\n\n`);
      }),
    );
    const heartbeat = setInterval(() => res.write(': ping\n\n'), SSE_HEARTBEAT_MS);
    heartbeat.unref();
    const cleanup = () => {
      clearInterval(heartbeat);
      for (const off of unsubscribes) off();
      sseClients.delete(res);
    };
    req.on('close', cleanup);
    res.on('close', cleanup);
  }

  async function serveDocument(req: IncomingMessage, res: ServerResponse, sha: string): Promise<void> {
    if (!SHA256_PATTERN.test(sha)) return sendError(res, 404, 'not_found', 'No such document');
    const found = await (await servicesReady()).blobFile(sha);
    if (!found) return sendError(res, 404, 'not_found', 'Document is not in the local cache');
    let doc: ServedDocument;
    try {
      // Cached documents are encrypted: only the chunks of the asked range are decrypted.
      doc = await openDocumentFile(found.path, found.keyHex);
    } catch {
      return sendError(res, 404, 'not_found', 'Document is not in the local cache');
    }
    const size = doc.size;
    const decision = decideByteRange(req.headers.range, size);
    const { status, headers } = documentHeaders(decision, size, sha);
    res.writeHead(status, { ...SECURITY_HEADERS, ...headers });
    if (req.method === 'HEAD' || decision.kind === 'unsatisfiable' || size === 0) {
      await doc.close();
      return void res.end();
    }
    const range = decision.kind === 'partial' ? { start: decision.start, end: decision.end } : { start: 0, end: size - 1 };
    pipeStream(doc.stream(range.start, range.end), res);
  }

  async function serveStatic(req: IncomingMessage, res: ServerResponse, rawPath: string): Promise<void> {
    const found = await lookupStaticFile(opts.rendererDir, rawPath);
    if (found.kind === 'forbidden') return sendError(res, 403, 'forbidden', 'Path refused');
    if (found.kind === 'not_found') return sendError(res, 404, 'not_found', 'Not found');
    const type = contentTypeOf(found.file);
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'content-type': type,
      'content-length': String(found.size),
      // index.html must always be fresh (it names the hashed assets). The build's assets/ are named
      // by their content: kept for good, so a browser that opened the app before neither asks for
      // them again nor compiles the app's code again (Chromium keeps its compiled code with the
      // cached file); the rest (bridge.js, pdf.js data) revalidate.
      'cache-control': type.startsWith('text/html') ? 'no-store' : rawPath.startsWith('/assets/') ? IMMUTABLE : 'no-cache',
      ...(type.startsWith('text/html') ? { 'content-security-policy': CONTENT_SECURITY_POLICY } : {}),
    });
    if (req.method === 'HEAD') return void res.end();
    pipeFile(found.file, {}, res);
  }

  function pipeFile(file: string, range: { start?: number; end?: number }, res: ServerResponse): void {
    pipeStream(createReadStream(file, range), res);
  }

  function pipeStream(stream: Readable, res: ServerResponse): void {
    stream.on('error', () => res.destroy());
    res.on('close', () => stream.destroy());
    stream.pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, listenHost, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  auth = createLaunchAuth(port, listenHost);
  const bridgeLoaded = parts.then(() => undefined);
  const origin = `http://${listenHost.includes(':') ? `[${listenHost}]` : listenHost}:${port}`;

  return {
    url: `${origin}/?launch=${auth.newLaunchSecret()}`,
    bridgeLoaded,
    newLaunchUrl: () => `${origin}/?launch=${auth.newLaunchSecret()}`,
    origin,
    close: async () => {
      await new Promise<void>((resolve) => {
        for (const res of sseClients) res.end();
        sseClients.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (incomingFiles) await (await incomingFiles).close();
    },
  };
}
