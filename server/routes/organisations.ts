/**
 * The deployment's organisations, for its administrator (`users.deployment_admin`): list, create,
 * add a person or change his role in one. The same operations as `ecabinet org`, each audited.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, ErrorBody } from '../../shared/errors';
import { AddMemberRequest, CreateOrganisationRequest, ORGANISATION_ROUTES, OrganisationSummary } from '../../shared/organisations';
import { addMember, createOrganisation, listOrganisations } from '../organisations/organisations';
import { authOf, requireAuth, type ServerContext } from './context';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
const tags = ['organisations'];

export async function organisationRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const onlyDeploymentAdmin = [
    requireAuth(ctx),
    async (req: FastifyRequest) => {
      if (!authOf(req).user.deployment_admin) throw new AppError('forbidden', 'only the administrator of the deployment');
    },
  ];

  r.get(
    ORGANISATION_ROUTES.list,
    { onRequest: onlyDeploymentAdmin, schema: { tags, summary: 'Every organisation of the deployment', response: { 200: z.object({ organisations: z.array(OrganisationSummary) }), ...errors } } },
    async () => ({ organisations: await listOrganisations(ctx.db) }),
  );

  r.post(
    ORGANISATION_ROUTES.list,
    { onRequest: onlyDeploymentAdmin, schema: { tags, summary: 'Create an organisation', body: CreateOrganisationRequest, response: { 200: OrganisationSummary, ...errors } } },
    async (req) => createOrganisation(ctx.db, req.body, ctx.auth.now(), { id: authOf(req).user.id }),
  );

  r.post(
    ORGANISATION_ROUTES.members(':orgId'),
    {
      onRequest: onlyDeploymentAdmin,
      schema: { tags, summary: 'Add a person to an organisation (or change his role there)', params: z.object({ orgId: z.string().min(1).max(100) }), body: AddMemberRequest, response: { 200: z.object({ ok: z.literal(true) }), ...errors } },
    },
    async (req) => {
      const out = await addMember(ctx.db, { org: req.params.orgId, username: req.body.username, role: req.body.role }, ctx.auth.now(), { id: authOf(req).user.id });
      ctx.hub.notify(out.logged);
      return { ok: true as const };
    },
  );
}
