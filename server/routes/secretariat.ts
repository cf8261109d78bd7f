/** Secretariat-only HTTP routes: audit log, meeting archive zip, office conversion. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { rm } from 'node:fs/promises';
import { z } from 'zod';
import { AppError, ErrorBody } from '../../shared/errors';
import { isSecretariat } from '../../shared/rules/meetings';
import { AuditQuery, AuditResponse, ConvertResponse, isOfficeFileName, MeetingIdParams, SECRETARIAT_PATHS } from '../../shared/secretariat';
import { registerBlob, type StagedUpload } from '../blobs/store';
import { recordAudit } from '../audit/record-audit';
import { streamMeetingArchive } from '../secretariat/archive';
import { archiveSigner } from '../secretariat/archive-key';
import { auditCsv, auditEntries, auditPage } from '../secretariat/audit';
import { officeConverter } from '../secretariat/office';
import { authOf, requireAuth, type ServerContext } from './context';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

export async function secretariatRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const onlySecretariat = [
    requireAuth(ctx),
    async (req: FastifyRequest) => {
      if (!isSecretariat(authOf(req).user.role as 'member')) throw new AppError('forbidden', 'only the secretariat');
    },
  ];

  r.get(
    SECRETARIAT_PATHS.audit,
    { onRequest: onlySecretariat, schema: { tags: ['secretariat'], summary: 'Audit log, newest first', querystring: AuditQuery, response: { 200: AuditResponse, ...errors } } },
    async (req) => auditPage(ctx.db, authOf(req).user.org_id, req.query),
  );

  r.get(
    SECRETARIAT_PATHS.auditCsv,
    { onRequest: onlySecretariat, schema: { tags: ['secretariat'], summary: 'Audit log as CSV', querystring: AuditQuery, response: errors } },
    async (req, reply) => {
      const csv = auditCsv(await auditEntries(ctx.db, authOf(req).user.org_id, { ...req.query, limit: req.query.limit ?? 5000 }));
      return reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="audit.csv"').send(csv as never);
    },
  );

  r.get(
    '/api/meetings/:id/archive.zip',
    {
      onRequest: onlySecretariat,
      schema: {
        tags: ['secretariat'],
        summary: 'Archive of a meeting, streamed: zip with manifest.json (sha256 of every file, audit chain head) signed in manifest.json.p7s (CAdES)',
        params: MeetingIdParams,
        response: errors,
      },
    },
    async (req, reply) => {
      const now = ctx.auth.now();
      const signer = (orgName: string) => archiveSigner(ctx.archiveKeyDir, orgName, now);
      const { fileName, stream } = await streamMeetingArchive(ctx.db, ctx.blobs, signer, authOf(req).user.org_id, req.params.id, now);
      return reply.type('application/zip').header('content-disposition', `attachment; filename="${fileName}"`).send(stream as never);
    },
  );

  await app.register(async (scope) => {
    scope.addContentTypeParser('*', async (_req: FastifyRequest, payload: NodeJS.ReadableStream) =>
      ctx.blobs.stage(payload as import('node:stream').Readable, ctx.maxUploadBytes),
    );
    scope.addHook('onResponse', async (req) => {
      const staged = req.body as StagedUpload | undefined;
      if (staged?.tmpPath) await rm(staged.tmpPath, { force: true });
    });
    scope.withTypeProvider<ZodTypeProvider>().post(
      SECRETARIAT_PATHS.convert,
      {
        onRequest: onlySecretariat,
        schema: {
          tags: ['secretariat'],
          summary: 'Convert an office file (.docx, .xlsx) to PDF with LibreOffice and store it',
          querystring: z.object({ fileName: z.string().min(1).max(255) }),
          response: { 200: ConvertResponse, ...errors },
        },
      },
      async (req) => {
        const staged = req.body as StagedUpload | undefined;
        if (!staged?.tmpPath) throw new AppError('not_pdf', 'empty upload');
        if (!isOfficeFileName(req.query.fileName)) throw new AppError('not_pdf', 'only PDF and office files are accepted');
        const pdf = await officeConverter().convert(authOf(req).user.id, staged.tmpPath, req.query.fileName);
        const stored = await ctx.blobs.putBytes(pdf);
        const now = ctx.auth.now();
        await ctx.db.transaction().execute(async (trx) => {
          await registerBlob(trx, stored.sha256, stored.size, now);
          const after = { size: stored.size, convertedFrom: req.query.fileName };
          await recordAudit(trx, { userId: authOf(req).user.id, action: 'blob.convert', entity: 'blob', entityId: stored.sha256, after, at: now.toISOString() });
        });
        return { sha256: stored.sha256, size: stored.size, fileName: req.query.fileName.replace(/\.[^.]+$/, '.pdf') };
      },
    );
  });
}
