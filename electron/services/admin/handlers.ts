/**
 * The administrator's bridge methods: each one admin HTTP call, online only (accounts and
 * devices are the server's state, not cached). The server refuses anyone but the `admin` role.
 */
import { ADMIN_PATHS, AdminUser, AdminUsersResponse, RetentionPolicyResponse, RevokeSessionsResponse, UserSessionsResponse } from '../../../shared/admin';
import type { AdminBridgeMethods } from '../../../shared/admin-bridge';
import { DECISION_RULES_PATH, DecisionRulesResponse } from '../../../shared/decision-rules-admin';
import type { BridgeHandlers } from '../../../shared/bridge';
import type { ApiClient } from '../api/api-client';
import { ORGANISATION_ROUTES, OrganisationSummary } from '../../../shared/organisations';
import { z } from 'zod';

export interface AdminDeps {
  /** The signed-in API; throws not_signed_in otherwise. */
  api: () => ApiClient;
}

type Handlers = Pick<BridgeHandlers, keyof typeof AdminBridgeMethods>;

/** Accounts, retention and decision rules are the active organisation's (the header's switcher). */
const ACTIVE = { org: 'active' } as const;

export function adminHandlers(d: AdminDeps): Handlers {
  return {
    'admin.users': () => d.api().json(ADMIN_PATHS.users, AdminUsersResponse, ACTIVE),
    'admin.sessions': ({ userId }) => d.api().json(ADMIN_PATHS.userSessions(userId), UserSessionsResponse, ACTIVE),
    'admin.setDisabled': ({ userId, disabled }) => d.api().json(ADMIN_PATHS.userDisabled(userId), AdminUser, { ...ACTIVE, method: 'POST', body: { disabled } }),
    'admin.revoke': ({ userId, revoke }) => d.api().json(ADMIN_PATHS.revokeSessions(userId), RevokeSessionsResponse, { ...ACTIVE, method: 'POST', body: revoke }),
    'admin.retention': () => d.api().json(ADMIN_PATHS.retention, RetentionPolicyResponse, ACTIVE),
    'admin.setRetention': ({ policy }) => d.api().json(ADMIN_PATHS.retention, RetentionPolicyResponse, { ...ACTIVE, method: 'PUT', body: policy }),
    'admin.decisionRules': () => d.api().json(DECISION_RULES_PATH, DecisionRulesResponse, ACTIVE),
    'admin.setDecisionRules': ({ rules }) => d.api().json(DECISION_RULES_PATH, DecisionRulesResponse, { ...ACTIVE, method: 'PUT', body: rules }),
    // The deployment's organisations: the server lets only its administrator (users.deployment_admin).
    'admin.organisations': async () => (await d.api().json(ORGANISATION_ROUTES.list, z.object({ organisations: z.array(OrganisationSummary) }))).organisations,
    'admin.addOrganisation': (o) => d.api().json(ORGANISATION_ROUTES.list, OrganisationSummary, { method: 'POST', body: o }),
    'admin.addOrganisationMember': ({ orgId, username, role }) =>
      d.api().json(ORGANISATION_ROUTES.members(encodeURIComponent(orgId)), z.object({ ok: z.literal(true) }), { method: 'POST', body: { username, role } }),
  };
}
