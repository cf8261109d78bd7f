/**
 * The administrator edits the committee's decision rules in the app: the same `DecisionRules`
 * schema as `ecabinet rules set`, plus which rule groups still cite no article (placeholders the
 * results leave out until they are filled in).
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { DecisionRules } from './rules/voting';

export const RuleGroup = lazySchema(() => z.enum(['quorum', 'majority', 'tie', 'ballot', 'delegation', 'writtenOpinions']));
export type RuleGroup = z.infer<typeof RuleGroup>;

export const DecisionRulesResponse = lazySchema(() => z.object({
  rules: DecisionRules,
  /** Rule groups whose legal basis is still the unconfigured placeholder. */
  unconfigured: z.array(RuleGroup),
}));
export type DecisionRulesResponse = z.infer<typeof DecisionRulesResponse>;

export const DECISION_RULES_PATH = '/api/admin/decision-rules';
