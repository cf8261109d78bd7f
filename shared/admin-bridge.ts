/**
 * Bridge methods of the administrator's screen: accounts (enable/disable), their devices
 * (revoke) and the retention policy. Each is one admin HTTP call (shared/admin.ts); the
 * server decides who may. Spread into BridgeMethods (shared/bridge.ts). Must not import shared/bridge.ts.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { AdminUser, AdminUsersResponse, RevokeSessionsRequest, RevokeSessionsResponse, UserSessionsResponse } from './admin';
import { Id } from './ids';
import { RetentionPolicy } from './rules/retention';
import { DecisionRulesResponse } from './decision-rules-admin';
import { DecisionRules } from './rules/voting';
import { AddMemberRequest, CreateOrganisationRequest, OrganisationSummary } from './organisations';

const Empty = lazySchema(() => z.object({}).strict());

export const AdminBridgeMethods = {
  'admin.users': { input: Empty, output: AdminUsersResponse },
  'admin.sessions': { input: lazySchema(() => z.object({ userId: Id })), output: UserSessionsResponse },
  'admin.setDisabled': { input: lazySchema(() => z.object({ userId: Id, disabled: z.boolean() })), output: AdminUser },
  'admin.revoke': { input: lazySchema(() => z.object({ userId: Id, revoke: RevokeSessionsRequest })), output: RevokeSessionsResponse },
  'admin.retention': { input: Empty, output: lazySchema(() => z.object({ policy: RetentionPolicy })) },
  'admin.setRetention': { input: lazySchema(() => z.object({ policy: RetentionPolicy })), output: lazySchema(() => z.object({ policy: RetentionPolicy })) },
  'admin.decisionRules': { input: Empty, output: DecisionRulesResponse },
  'admin.setDecisionRules': { input: lazySchema(() => z.object({ rules: DecisionRules })), output: DecisionRulesResponse },
  /** The deployment's organisations (its administrator only; `ecabinet org list`). */
  'admin.organisations': { input: Empty, output: lazySchema(() => z.array(OrganisationSummary)) },
  /** Creates an organisation (`ecabinet org add`); audited. */
  'admin.addOrganisation': { input: CreateOrganisationRequest, output: OrganisationSummary },
  /** Adds a person to an organisation or changes his role there (`ecabinet org member add`); audited. */
  'admin.addOrganisationMember': { input: lazySchema(() => AddMemberRequest.extend({ orgId: Id })), output: lazySchema(() => z.object({ ok: z.literal(true) })) },
} as const;
