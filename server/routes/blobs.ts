import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BlobParams, BlobUploadResponse } from '../../shared/api';
import { AppError, ErrorBody } from '../../shared/errors';
import { registerBlob, type StagedUpload } from '../blobs/store';
import { recordAudit } from '../audit/record-audit';
import { canAnyReadBlob } from '../sync/access';
import { viewersOf } from '../organisations/membership';
import { authOf, requireAuth, secretariatOrgsOf, type ServerContext } from './context';
import { hasTurnToSign } from '../signing-workflow/requests';
import { uploadChecker } from '../signing-workflow/upload-checker';
import { contentLengthOf, contentRangeHeader, decideByteRange } from '../../node-shared/byte-range';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

/** If-None-Match compares weakly (RFC 9110 §13.1.2): W/"x" matches "x". */
function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some((t) => {
    const v = t.trim().replace(/^W\//, '');
    return v === '*' || v === etag;
  });
}

/**
 * If-Range (RFC 9110 §13.1.5): the range is served only if the client's copy is this one, by a
 * strong comparison of the entity tag. A date never matches (no Last-Modified is sent), so the
 * whole body goes: a resumed download never splices bytes of two different files.
 */
function rangeStillApplies(ifRange: string | undefined, etag: string): boolean {
  return ifRange === undefined || ifRange.trim() === etag;
}

export async function blobRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  /** The organisations each upload is stored for, decided before its body is read. */
  const uploadOrgs = new WeakMap<FastifyRequest, string[]>();

  const serve = (withBody: boolean) => async (req: FastifyRequest, reply: FastifyReply) => {
    const { sha256 } = req.params as { sha256: string };
    // Not visible and not existing answer alike: existence is not revealed.
    if (!(await canAnyReadBlob(ctx.db, await viewersOf(ctx.db, authOf(req).user), sha256))) throw new AppError('not_found', 'blob not found');
    const size = await ctx.blobs.size(sha256);
    if (size === undefined) throw new AppError('not_found', 'blob not found');
    // Strong: the name is the SHA-256 of the bytes, on every instance and in every store.
    const etag = `"${sha256}"`;
    void reply
      .header('etag', etag)
      .header('accept-ranges', 'bytes')
      // Content-addressed: the bytes behind a name never change.
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff');
    // Before the range (RFC 9110 §13.2.2): a client holding this very file needs no bytes at all.
    if (etagMatches(req.headers['if-none-match'], etag)) return reply.code(304).send();
    const ifRange = req.headers['if-range'];
    const range = rangeStillApplies(typeof ifRange === 'string' ? ifRange : undefined, etag) ? decideByteRange(req.headers.range, size) : ({ kind: 'full' } as const);
    if (range.kind === 'unsatisfiable') {
      void reply.header('content-range', contentRangeHeader(range, size));
      throw new AppError('range_not_satisfiable', 'range not satisfiable', { size });
    }
    void reply.header('content-type', 'application/pdf');
    if (range.kind === 'partial') {
      void reply
        .code(206)
        .header('content-range', contentRangeHeader(range, size))
        .header('content-length', String(contentLengthOf(range, size)));
      return withBody ? reply.send(await ctx.blobs.read(sha256, { start: range.start, end: range.end })) : reply.send();
    }
    void reply.header('content-length', String(contentLengthOf(range, size)));
    return withBody ? reply.send(await ctx.blobs.read(sha256)) : reply.send();
  };

  const readSchema = { tags: ['blobs'], params: BlobParams, response: errors };
  r.get('/api/blobs/:sha256', { onRequest: requireAuth(ctx), exposeHeadRoute: false, schema: { ...readSchema, summary: 'Download a PDF (Range, ETag)' } }, serve(true));
  r.head('/api/blobs/:sha256', { onRequest: requireAuth(ctx), config: { swagger: { exposeHeadRoute: true } }, schema: { ...readSchema, summary: 'Size and ETag of a PDF' } }, serve(false));

  await app.register(async (scope) => {
    // Uploads stream to a temp file while hashing; they never sit in memory.
    scope.addContentTypeParser('*', async (_req: FastifyRequest, payload: NodeJS.ReadableStream) =>
      ctx.blobs.stage(payload as import('node:stream').Readable, ctx.maxUploadBytes),
    );
    scope.addHook('onResponse', async (req) => {
      const staged = req.body as StagedUpload | undefined;
      if (staged?.tmpPath) await ctx.blobs.discard(staged);
    });
    scope.withTypeProvider<ZodTypeProvider>().put(
      '/api/blobs/:sha256',
      {
        onRequest: [
          requireAuth(ctx),
          async (req) => {
            // The secretariat of one of his organisations (the file is stored for those), or a
            // signer whose turn it is uploading his signed file (checked when he submits it).
            const user = authOf(req).user;
            const orgs = await secretariatOrgsOf(ctx, req);
            if (orgs.length === 0 && !(await hasTurnToSign(ctx.db, user.id))) throw new AppError('forbidden', 'only the secretariat uploads');
            uploadOrgs.set(req, orgs.length > 0 ? orgs : [user.org_id]);
            const declared = Number(req.headers['content-length'] ?? NaN);
            if (declared > ctx.maxUploadBytes) throw new AppError('payload_too_large', 'upload exceeds the size limit', { maxBytes: ctx.maxUploadBytes });
          },
        ],
        schema: {
          tags: ['blobs'],
          summary: 'Upload a PDF (raw body, Content-Type: application/pdf); the URL names its SHA-256',
          params: BlobParams,
          response: { 200: BlobUploadResponse, 201: BlobUploadResponse, ...errors },
        },
      },
      async (req, reply) => {
        const staged = req.body as StagedUpload | undefined;
        if (!staged?.tmpPath) throw new AppError('not_pdf', 'empty upload');
        if (staged.sha256 !== req.params.sha256) {
          throw new AppError('hash_mismatch', 'the bytes do not match the sha256 in the URL', { expected: req.params.sha256, actual: staged.sha256 });
        }
        if (!staged.looksLikePdf) throw new AppError('not_pdf', 'the file does not start with %PDF-');
        // Measured before it is stored: every member's reader and indexer will parse it.
        await uploadChecker().measure(authOf(req).user.id, staged.tmpPath, staged.size);
        const { created } = await ctx.blobs.commit(staged);
        const now = ctx.auth.now();
        const uploader = authOf(req).user.id;
        await ctx.db.transaction().execute(async (trx) => {
          // Each organisation it is stored for logs it in its own audit log.
          for (const orgId of uploadOrgs.get(req) ?? [authOf(req).user.org_id]) {
            await registerBlob(trx, staged.sha256, staged.size, now, orgId);
            if (created) await recordAudit(trx, { userId: uploader, action: 'blob.upload', entity: 'blob', entityId: staged.sha256, after: { size: staged.size }, at: now.toISOString(), orgId });
          }
        });
        return reply.code(created ? 201 : 200).send({ sha256: staged.sha256, size: staged.size, created });
      },
    );
  });
}
