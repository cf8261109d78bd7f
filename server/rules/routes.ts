/** The decision rules over HTTP, for the administrator's rules screen (the CLI's `ecabinet rules` in the app). */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DECISION_RULES_PATH, DecisionRulesResponse } from '../../shared/decision-rules-admin';
import { AppError, ErrorBody } from '../../shared/errors';
import { DecisionRules, unconfiguredLegalBases } from '../../shared/rules/voting';
import { authOf, requireAuth, type ServerContext } from '../routes/context';
import { loadDecisionRules, saveDecisionRules } from './decision-rules';

const errors = { '4xx': ErrorBody, '5xx': ErrorBody };
const tags = ['admin'];

const view = (rules: DecisionRules): DecisionRulesResponse => ({ rules, unconfigured: unconfiguredLegalBases(rules) });

export async function decisionRulesRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const onlyAdmin = [
    requireAuth(ctx),
    async (req: FastifyRequest) => {
      if (authOf(req).user.role !== 'admin') throw new AppError('forbidden', 'only the administrator');
    },
  ];
  r.get(
    DECISION_RULES_PATH,
    { onRequest: onlyAdmin, schema: { tags, summary: "The committee's decision rules in force, and the legal bases still to configure", response: { 200: DecisionRulesResponse, ...errors } } },
    async (req) => view(await loadDecisionRules(ctx.db, authOf(req).user.org_id)),
  );
  r.put(
    DECISION_RULES_PATH,
    {
      onRequest: onlyAdmin,
      schema: { tags, summary: "Validate and store the committee's decision rules (audited)", body: DecisionRules, response: { 200: DecisionRulesResponse, ...errors } },
    },
    async (req) => view(await saveDecisionRules(ctx.db, authOf(req).user.org_id, req.body, authOf(req).user.id, ctx.auth.now())),
  );
}
