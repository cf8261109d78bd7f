/**
 * The decision rules in force for an organisation: its stored configuration (validated by the
 * shared `DecisionRules` schema, legal basis included) or, until one is stored, the defaults.
 */
import { AppError } from '../../shared/errors';
import { DecisionRules, DEFAULT_DECISION_RULES, withMeetingQuorum } from '../../shared/rules/voting';
import { recordAudit } from '../audit/record-audit';
import type { Db } from '../db/open';
import type { MeetingRow } from '../db/schema';

declare module '../db/schema' {
  interface Database {
    org_decision_rules: { org_id: string; rules_json: string; updated_by: string | null; updated_at: string };
  }
}

export async function loadDecisionRules(db: Db, orgId: string): Promise<DecisionRules> {
  const row = await db.selectFrom('org_decision_rules').select('rules_json').where('org_id', '=', orgId).executeTakeFirst();
  if (!row) return DEFAULT_DECISION_RULES;
  return DecisionRules.parse(JSON.parse(row.rules_json));
}

/** Validates and stores the rules (audited); refuses anything the schema refuses, storing nothing. */
export async function saveDecisionRules(db: Db, orgId: string, input: unknown, userId: string | null, now: Date): Promise<DecisionRules> {
  const parsed = DecisionRules.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError('validation_failed', `decision rules: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`, {
      field: issue?.path.join('.'),
    });
  }
  const at = now.toISOString();
  return db.transaction().execute(async (trx) => {
    const before = await loadDecisionRules(trx, orgId);
    const rules_json = JSON.stringify(parsed.data);
    await trx
      .insertInto('org_decision_rules')
      .values({ org_id: orgId, rules_json, updated_by: userId, updated_at: at })
      .onConflict((oc) => oc.column('org_id').doUpdateSet({ rules_json, updated_by: userId, updated_at: at }))
      .execute();
    await recordAudit(trx, { userId, action: 'decisionRules.update', entity: 'organization', entityId: orgId, before, after: parsed.data, at });
    return parsed.data;
  });
}

/** The rules in force for a meeting: the organisation's rules with the meeting's own quorum. */
export async function rulesForMeeting(db: Db, meeting: Pick<MeetingRow, 'org_id' | 'quorum_numerator' | 'quorum_denominator'>): Promise<DecisionRules> {
  return withMeetingQuorum(await loadDecisionRules(db, meeting.org_id), {
    quorumNumerator: meeting.quorum_numerator,
    quorumDenominator: meeting.quorum_denominator,
  });
}
