/**
 * Bridge handlers of written opinions, registered in the services facade with
 * one spread. Answers go into the outbox first (so they survive being offline and a restart)
 * and are delivered on reconnect, exactly once (the mutation id); a refusal by the server
 * (`opinion_deadline_passed`) stays in rejected_mutations and is shown with the request.
 */
import crypto from 'node:crypto';
import type { Mutation } from '../../../shared/api';
import type { BridgeHandlers } from '../../../shared/bridge';
import { UserProfile, type Role } from '../../../shared/entities';
import { AppError } from '../../../shared/errors';
import { roleInOrganisation } from '../../../shared/organisations';
import { isSecretariat } from '../../../shared/rules/meetings';
import { DEFAULT_DECISION_RULES, writtenOpinionDeadline } from '../../../shared/rules/voting';
import type { OpinionRequest, WrittenAnswerChoice } from '../../../shared/written-opinions';
import type { OpinionRequestView, WrittenOpinionBridgeMethods } from '../../../shared/written-opinions-bridge';
import type { BlobCache } from '../blobs/blob-cache';
import type { CacheDb } from '../cache/open-cache';
import type { OutboxStore } from '../cache/outbox-store';
import type { SyncEngine } from '../sync/sync-engine';
import type { SyncStatusHolder } from '../sync/sync-status';
import { OpinionRows } from './cache-rows';

export interface WrittenOpinionDeps {
  db: CacheDb;
  outbox: OutboxStore;
  blobs: BlobCache;
  status: SyncStatusHolder;
  session: () => { engine: SyncEngine; userId: string; role: Role };
  /** The organisation a new request is asked in (the header's switcher) and his role there. */
  active: () => { orgId: string; role: Role };
  documentUrl: (sha256: string) => string;
  dataChanged: (entities: string[], meetingIds: string[]) => void;
  now: () => Date;
}

type Handlers = Pick<BridgeHandlers, keyof typeof WrittenOpinionBridgeMethods>;

interface AnswerArgs {
  requestId: string;
  answer: WrittenAnswerChoice;
  comment: string;
}

export function writtenOpinionHandlers(d: WrittenOpinionDeps): Handlers {
  const rows = new OpinionRows(d.db);

  const users = (): UserProfile[] => (d.db.prepare('SELECT data FROM users').all() as { data: string }[]).map((r) => UserProfile.parse(JSON.parse(r.data)));

  /**
   * What a request's view needs besides the request, read once for a whole list (not once per
   * request: the inbox and the header's count read every request after each of its changes):
   * people's names, this device's latest queued answer to each request and the latest refusal.
   */
  function viewContext() {
    const names = new Map(users().map((u) => [u.id, u.fullName]));
    const queued = new Map<string, AnswerArgs>();
    for (const r of d.db.prepare("SELECT json FROM outbox WHERE kind = 'opinion.answer' ORDER BY seq DESC").all() as { json: string }[]) {
      const { args } = JSON.parse(r.json) as { args: AnswerArgs };
      if (!queued.has(args.requestId)) queued.set(args.requestId, args);
    }
    const refused = new Map<string, { args: AnswerArgs; code: string; message: string; at: string }>();
    const rejected = d.db
      .prepare("SELECT json, error_code AS code, error_message AS message, rejected_at AS at FROM rejected_mutations WHERE kind = 'opinion.answer' ORDER BY rejected_at DESC")
      .all() as { json: string; code: string; message: string; at: string }[];
    for (const r of rejected) {
      const { args } = JSON.parse(r.json) as { args: AnswerArgs };
      if (!refused.has(args.requestId)) refused.set(args.requestId, { args, code: r.code, message: r.message, at: r.at });
    }
    return { names, queued, refused };
  }

  function view(r: OpinionRequest, me: string, context = viewContext()): OpinionRequestView {
    const names: Record<string, string> = {};
    const wanted = new Set([...r.recipients.map((x) => x.userId), r.sentBy, ...(r.instructedBy ? [r.instructedBy] : []), ...(r.summary?.members.map((m) => m.userId) ?? [])]);
    for (const id of wanted) {
      const name = context.names.get(id);
      if (name !== undefined) names[id] = name;
    }
    const row = r.recipients.find((x) => x.userId === me) ?? null;
    const queued = context.queued.get(r.id) ?? null;
    const refused = context.refused.get(r.id) ?? null;
    let mine: OpinionRequestView['mine'];
    if (queued) mine = { state: 'pending', answer: queued.answer, comment: queued.comment, refusal: null };
    else if (refused && (!row?.answeredAt || Date.parse(refused.at) > Date.parse(row.answeredAt)))
      mine = { state: 'refused', answer: refused.args.answer, comment: refused.args.comment, refusal: { code: refused.code, message: refused.message } };
    else if (row?.answer) mine = { state: 'delivered', answer: row.answer, comment: row.comment, refusal: null };
    else mine = { state: 'none', answer: null, comment: '', refusal: null };
    const open = r.status === 'open' && d.now().getTime() <= Date.parse(r.deadline);
    return { ...r, names, asked: row !== null, mine, open, reminded: !!row?.remindedAt && !row.answer && mine.state !== 'pending' };
  }

  const get = (id: string): OpinionRequest => {
    const r = rows.get(id);
    if (!r) throw new AppError('not_found', 'written opinion request not found', { entity: 'opinionRequest', id });
    return r;
  };

  const queue = (m: Mutation) => {
    const s = d.session();
    d.outbox.add(m);
    d.status.update({ pendingMutations: d.outbox.count() });
    s.engine.requestSync();
  };

  return {
    'opinions.list': async () => {
      const me = d.session().userId;
      const context = viewContext();
      return rows.all().map((r) => view(r, me, context));
    },

    'opinions.get': async ({ id }) => view(get(id), d.session().userId),

    'opinions.answer': async ({ requestId, answer, comment }) => {
      const me = d.session().userId;
      const r = get(requestId);
      if (!r.recipients.some((x) => x.userId === me)) throw new AppError('forbidden', 'you were not asked for an opinion on this request');
      if (r.status !== 'open') throw new AppError('opinion_deadline_passed', 'the deadline has passed', { requestId, deadline: r.deadline });
      // Offline answers are queued even close to the deadline: the server's clock decides, and a refusal is shown.
      queue({ id: crypto.randomUUID(), kind: 'opinion.answer', args: { requestId, answer, comment } });
      d.dataChanged(['opinionRequest'], []);
      return view(get(requestId), me);
    },

    'opinions.openFile': async ({ requestId, sha256 }) => {
      const s = d.session();
      const r = get(requestId);
      const file = r.summarySha256 === sha256 ? { size: r.summarySize ?? 0 } : r.attachments.find((a) => a.sha256 === sha256);
      if (!file) throw new AppError('not_found', 'file not found');
      await d.blobs.ensure(sha256, file.size, s.engine.fetchBlob);
      return { url: d.documentUrl(sha256) };
    },

    'opinions.defaults': async () => {
      // Asked in the active organisation: its secretariat sends, its chairs and members are asked (their role there).
      const active = d.active();
      if (!isSecretariat(active.role)) throw new AppError('forbidden', 'only the secretariat sends written opinion requests');
      const rules = DEFAULT_DECISION_RULES;
      const all = users().flatMap((u) => {
        const role = roleInOrganisation(u, active.orgId);
        return role ? [{ ...u, role }] : [];
      });
      const pick = (roles: Role[]) => all.filter((u) => roles.includes(u.role)).map((u) => ({ id: u.id, fullName: u.fullName })).sort((a, b) => a.fullName.localeCompare(b.fullName, 'vi'));
      return {
        deadline: writtenOpinionDeadline(d.now(), rules).toISOString(),
        silenceAsConsent: rules.writtenOpinions.silenceAsConsent,
        deadlineWorkingDays: rules.writtenOpinions.deadlineWorkingDays,
        chairs: pick(['chair']),
        members: pick(['member', 'chair']),
      };
    },

    'opinions.send': async (input) => {
      const active = d.active();
      if (!isSecretariat(active.role)) throw new AppError('forbidden', 'only the secretariat sends written opinion requests');
      const id = crypto.randomUUID();
      // A meeting's request is its organisation's; any other, the active one's (named, so the server decides there).
      queue({ id: crypto.randomUUID(), kind: 'opinionRequest.send', args: { id, ...input, ...(input.meetingId ? {} : { orgId: active.orgId }) } });
      return { id };
    },
  };
}
