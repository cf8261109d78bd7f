/** Secretariat HTTP routes: audit log, meeting archive zip, office conversion; and the converted PDFs' originals, for their readers. */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
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
import { originalForAny, recordOriginal } from '../secretariat/office-originals';
import { OfficeOriginal } from '../../shared/office-originals';
import { BlobParams } from '../../shared/api';
import { memberOfMeeting, viewersOf } from '../organisations/membership';
import { authOf, requireAuth, secretariatOrgsOf, type ServerContext } from './context';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };

export async function secretariatRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  /** The organisations each conversion is stored for, decided before its body is read. */
  const convertOrgs = new WeakMap<FastifyRequest, string[]>();
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
      onRequest: requireAuth(ctx),
      schema: {
        tags: ['secretariat'],
        summary: 'Archive of a meeting, streamed: zip with manifest.json (sha256 of every file, audit chain head) signed in manifest.json.p7s (CAdES)',
        params: MeetingIdParams,
        response: errors,
      },
    },
    async (req, reply) => {
      // The secretariat of the meeting's organisation, whatever his home role or the organisation named.
      const member = await memberOfMeeting(ctx.db, authOf(req).user, req.params.id);
      if (!isSecretariat(member.role as 'member')) throw new AppError('forbidden', 'only the secretariat of the meeting’s organisation');
      const now = ctx.auth.now();
      const signer = (orgName: string) => archiveSigner(ctx.db, ctx.archiveKeyDir, orgName, now);
      const { fileName, stream } = await streamMeetingArchive(ctx.db, ctx.blobs, signer, member.org_id, req.params.id, now);
      return reply.type('application/zip').header('content-disposition', `attachment; filename="${fileName}"`).send(stream as never);
    },
  );

  await app.register(async (scope) => {
    scope.addContentTypeParser('*', async (_req: FastifyRequest, payload: NodeJS.ReadableStream) =>
      ctx.blobs.stage(payload as import('node:stream').Readable, ctx.maxUploadBytes),
    );
    scope.addHook('onResponse', async (req) => {
      const staged = req.body as StagedUpload | undefined;
      if (staged?.tmpPath) await ctx.blobs.discard(staged);
    });
    scope.withTypeProvider<ZodTypeProvider>().post(
      SECRETARIAT_PATHS.convert,
      {
        // The secretariat of one of his organisations (the PDF and its original are stored for those).
        onRequest: [
          requireAuth(ctx),
          async (req: FastifyRequest) => {
            const orgs = await secretariatOrgsOf(ctx, req);
            if (orgs.length === 0) throw new AppError('forbidden', 'only the secretariat');
            convertOrgs.set(req, orgs);
          },
        ],
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
        const userId = authOf(req).user.id;
        const pdf = await officeConverter().convert(userId, staged.tmpPath, req.query.fileName);
        const stored = await ctx.blobs.putBytes(pdf);
        // The office file itself is kept beside its PDF (downloadable by the PDF's readers).
        await ctx.blobs.commit(staged);
        const original = { sha256: staged.sha256, size: staged.size, fileName: req.query.fileName };
        const now = ctx.auth.now();
        await ctx.db.transaction().execute(async (trx) => {
          const orgs = convertOrgs.get(req) ?? [authOf(req).user.org_id];
          // The blobs first: the original's record refers to them.
          for (const orgId of orgs) {
            await registerBlob(trx, stored.sha256, stored.size, now, orgId);
            await registerBlob(trx, original.sha256, original.size, now, orgId);
          }
          await recordOriginal(trx, { pdfSha256: stored.sha256, originalSha256: original.sha256, fileName: original.fileName, size: original.size, userId, at: now.toISOString() });
          const after = { size: stored.size, convertedFrom: req.query.fileName, original: original.sha256 };
          for (const orgId of orgs) await recordAudit(trx, { userId, action: 'blob.convert', entity: 'blob', entityId: stored.sha256, after, at: now.toISOString(), orgId });
        });
        return { sha256: stored.sha256, size: stored.size, fileName: req.query.fileName.replace(/\.[^.]+$/, '.pdf'), original };
      },
    );
  });

  // The original of a converted PDF: for whoever may read that PDF and download it.
  r.get(
    '/api/originals/:sha256',
    {
      onRequest: requireAuth(ctx),
      schema: { tags: ['blobs'], summary: 'The office file a PDF was converted from (404: none, or not yours to download)', params: BlobParams, response: { 200: OfficeOriginal, ...errors } },
    },
    async (req) => {
      const o = await originalForAny(ctx.db, await viewersOf(ctx.db, authOf(req).user), req.params.sha256);
      if (!o) throw new AppError('not_found', 'no original for this PDF');
      return o;
    },
  );

  r.get(
    '/api/originals/:sha256/file',
    { onRequest: requireAuth(ctx), schema: { tags: ['blobs'], summary: 'Download the office file a PDF was converted from (audited)', params: BlobParams, response: errors } },
    async (req, reply) => {
      const user = authOf(req).user;
      const o = await originalForAny(ctx.db, await viewersOf(ctx.db, user), req.params.sha256);
      const size = o && (await ctx.blobs.size(o.sha256));
      if (!o || size === undefined) throw new AppError('not_found', 'no original for this PDF');
      const now = ctx.auth.now().toISOString();
      await ctx.db.transaction().execute((trx) =>
        recordAudit(trx, { userId: user.id, action: 'blob.original_download', entity: 'blob', entityId: o.sha256, after: { fileName: o.fileName, pdfSha256: o.pdfSha256 }, at: now }),
      );
      return reply
        .type('application/octet-stream')
        .header('content-length', String(size))
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(o.fileName)}`)
        .header('x-content-type-options', 'nosniff')
        .send((await ctx.blobs.read(o.sha256)) as never);
    },
  );
}
