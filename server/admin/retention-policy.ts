/** The organisation's stored retention policy, read from its row (no other server module needed: the row mappers use it). */
import { DEFAULT_RETENTION_POLICY, RetentionPolicy } from '../../shared/rules/retention';

/** The stored policy, or the defaults when none (or an unreadable one) is stored. */
export function retentionPolicyOf(json: string | null): RetentionPolicy {
  if (!json) return DEFAULT_RETENTION_POLICY;
  try {
    const parsed = RetentionPolicy.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : DEFAULT_RETENTION_POLICY;
  } catch {
    return DEFAULT_RETENTION_POLICY;
  }
}
