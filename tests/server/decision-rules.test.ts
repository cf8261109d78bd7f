/**
 * The committee's decision rules are configuration stored per organisation, not constants:
 * `ecabinet rules set` (setDecisionRules) validates them against the shared schema, stores them
 * with an audit row, and the server applies them (here: the written-opinion defaults).
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3-multiple-ciphers';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MutationInput } from '../../shared/api';
import { DEFAULT_DECISION_RULES, withRules, writtenOpinionDeadline } from '../../shared/rules/voting';
import type { OpinionRequest } from '../../shared/written-opinions';
import { getDecisionRules, setDecisionRules } from '../../server/index';
import { pullAll, pushOk, seedCommittee, startTestServer, type TestServer } from './helpers';

const SENT = new Date('2026-11-23T02:00:00.000Z'); // Monday, 09:00 in Hanoi

describe('decision rules configuration', () => {
  let s: TestServer;
  let c: Awaited<ReturnType<typeof seedCommittee>>;
  beforeAll(async () => {
    s = await startTestServer({ now: () => SENT, accessTokenTtlSeconds: 3600, opinionTickMs: 3_600_000 });
    c = await seedCommittee(s);
  });
  afterAll(async () => s?.stop());

  it('answers the defaults, with their legal basis, until rules are stored', async () => {
    const rules = await getDecisionRules(s.dataDir);
    expect(rules).toEqual(DEFAULT_DECISION_RULES);
    expect(rules.majority.legalBasis.vi).toContain('72/2025/QH15');
  });

  it('refuses rules the schema refuses (a threshold that is not a majority) and stores nothing', async () => {
    const bad = { ...DEFAULT_DECISION_RULES, majority: { ...DEFAULT_DECISION_RULES.majority, fraction: { numerator: 1, denominator: 2, comparison: 'at_least' } } };
    await expect(setDecisionRules(s.dataDir, bad)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(setDecisionRules(s.dataDir, { name: 'thiếu mọi thứ' })).rejects.toMatchObject({ code: 'validation_failed' });
    expect(await getDecisionRules(s.dataDir)).toEqual(DEFAULT_DECISION_RULES);
  });

  it('stores new rules with an audit row, and the server applies them to new written-opinion requests', async () => {
    const rules = withRules({ writtenOpinions: { deadlineWorkingDays: 3, silenceAsConsent: false } });
    await setDecisionRules(s.dataDir, rules);
    expect(await getDecisionRules(s.dataDir)).toEqual(rules);

    const db = new Database(join(s.dataDir, 'ecabinet.sqlite'), { readonly: true });
    const audit = db.prepare("SELECT action, after_json FROM audit_log WHERE action = 'decisionRules.update'").all() as { after_json: string }[];
    db.close();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].after_json).writtenOpinions.deadlineWorkingDays).toBe(3);

    const id = randomUUID();
    const send: MutationInput = {
      id: randomUUID(),
      kind: 'opinionRequest.send',
      args: { id, title: 'Lấy ý kiến về quy hoạch', question: 'Đồng ý thông qua?', instructedBy: c.users.chutich.id },
    };
    await pushOk(s.url, c.users.thuky.token, send);
    const { changes } = await pullAll(s.url, c.users.thuky.token);
    const req = changes.flatMap((ch) => (ch.entity === 'opinionRequest' && ch.op === 'upsert' && ch.id === id ? [ch.data as OpinionRequest] : []))[0];
    expect(req).toBeDefined();
    // Three working days from Monday: Thursday 26 November, end of day in Hanoi.
    expect(req.deadline).toBe(writtenOpinionDeadline(SENT, rules).toISOString());
    expect(req.deadline).toBe('2026-11-26T16:59:59.999Z');
    expect(req.silenceAsConsent).toBe(false);
  });
});
