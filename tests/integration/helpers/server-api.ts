/** Direct HTTP calls to the real sync server, playing the secretariat (or checking what a user may see). */
import { API_PATHS, type Change, type Mutation, PullResponse, PushResponse, TokenResponse } from '../../../shared/api';

export async function httpLogin(base: string, username: string, password: string) {
  const res = await fetch(base + API_PATHS.login, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!res.ok) throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  return TokenResponse.parse(await res.json());
}

/** Pulls until hasMore is false; returns every change and the final cursor. */
export async function httpPullAll(base: string, token: string, cursor = ''): Promise<{ changes: Change[]; cursor: string }> {
  const changes: Change[] = [];
  for (;;) {
    const res = await fetch(`${base}${API_PATHS.pull}${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok) throw new Error(`pull failed: ${res.status} ${await res.text()}`);
    const page = PullResponse.parse(await res.json());
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor };
  }
}

export async function httpPush(base: string, token: string, mutations: Mutation[]) {
  const res = await fetch(base + API_PATHS.push, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ mutations }),
  });
  if (!res.ok) throw new Error(`push failed: ${res.status} ${await res.text()}`);
  return PushResponse.parse(await res.json());
}

/** Latest upsert of each entity in a change list (deletes remove it). */
export function materialize(changes: Change[]) {
  const rows = new Map<string, Change & { op: 'upsert' }>();
  for (const c of changes) {
    const key = `${c.entity}:${c.id}`;
    if (c.op === 'upsert') rows.set(key, c);
    else rows.delete(key);
  }
  const of = <E extends Change['entity']>(entity: E) =>
    [...rows.values()].filter((c) => c.entity === entity).map((c) => c.data) as Extract<Change, { entity: E; op: 'upsert' }>['data'][];
  return {
    meetings: of('meeting'),
    participants: of('participant'),
    agendaItems: of('agendaItem'),
    documents: of('document'),
    documentViews: of('documentView'),
    users: of('user'),
  };
}
