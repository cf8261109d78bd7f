import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { BlobParams } from '../../shared/api';
import { AppError, ErrorBody } from '../../shared/errors';
import { OcrStatus } from '../../shared/ocr';
import { authOf, requireAuth, type ServerContext } from '../routes/context';
import { canAnyReadBlob } from '../sync/access';
import { viewersOf } from '../organisations/membership';
import { ocrQueueOf } from './ocr-queue';

/** The recognised text of a PDF goes to whoever may read the PDF itself, and to no one else. */
export async function ocrRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/ocr/:sha256',
    {
      onRequest: requireAuth(ctx),
      schema: {
        tags: ['blobs'],
        summary: 'Where OCR of a PDF stands, and the recognised text of its scanned pages once done',
        params: BlobParams,
        response: { 200: OcrStatus, '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (req) => {
      const { sha256 } = req.params;
      if (!(await canAnyReadBlob(ctx.db, await viewersOf(ctx.db, authOf(req).user), sha256))) throw new AppError('not_found', 'blob not found');
      const status = await ocrQueueOf(ctx.db, ctx.blobs).status(sha256);
      if (!status) throw new AppError('not_found', 'no text recognition for this PDF (not a document, or not looked at yet)');
      return status;
    },
  );
}
