/**
 * The audit log's words: every action the server writes has a Vietnamese and an English name,
 * and "what changed" is one before → after pair of plain values per field.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, auditChanges, codeNameKey, fieldNameOf } from '../../shared/audit';
import { translate } from '../../shared/i18n';

const serverDir = resolve(__dirname, '../../server');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });

/** Action names as the write paths pass them: `action: '…'`, `audit(ctx, '…'`, `writerFor(ctx, '…'`, `audit(trx, who, '…'`. */
const ACTION_PATTERNS = [/action: '([a-zA-Z]+\.[a-zA-Z]+)'/g, /\baudit\((?:ctx|w),\s*'([a-zA-Z]+\.[a-zA-Z]+)'/g, /writerFor\(ctx, '([a-zA-Z]+\.[a-zA-Z]+)'/g, /\baudit\(trx, [\w.]+, '([a-zA-Z]+\.[a-zA-Z]+)'/g];

describe('audit actions', () => {
  it('every action a server write path records is listed and named in Vietnamese and English', () => {
    const used = new Set<string>();
    for (const file of sources(serverDir)) {
      const text = readFileSync(file, 'utf8');
      for (const re of ACTION_PATTERNS) for (const m of text.matchAll(re)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((a) => !(AUDIT_ACTIONS as readonly string[]).includes(a))).toEqual([]);
    for (const a of AUDIT_ACTIONS) {
      expect(translate('vi', `audit.action.${a}`), a).not.toBe(`audit.action.${a}`);
      expect(translate('en', `audit.action.${a}`), a).not.toBe(`audit.action.${a}`);
    }
    expect(translate('vi', 'audit.action.meeting.publish')).toBe('Phát hành cuộc họp');
  });
});

describe('what changed', () => {
  it('lists the fields that differ as plain values; nested fields flatten, lists join, bookkeeping is left out', () => {
    const before = { title: 'Tờ trình', status: 'draft', readers: ['An', 'Bình'], seal: { width: 40 }, revision: 3, updatedAt: '2026-11-01T00:00:00.000Z' };
    const after = { title: 'Tờ trình', status: 'published', readers: ['An'], seal: { width: 42 }, revision: 4, updatedAt: '2026-11-02T00:00:00.000Z' };
    expect(auditChanges(before, after)).toEqual([
      { field: 'status', before: 'draft', after: 'published' },
      { field: 'readers', before: 'An, Bình', after: 'An' },
      { field: 'seal.width', before: 40, after: 42 },
    ]);
  });

  it('a list of records (a signing request\'s steps) becomes numbered fields, each a plain value, never JSON; named part by part', () => {
    const step = (userId: string, status: string) => ({ id: `s-${userId}`, position: 0, userId, role: 'signer', status, comment: '' });
    const before = { status: 'in_progress', steps: [step('u1', 'to_sign'), step('u2', 'waiting')] };
    const after = { status: 'in_progress', steps: [step('u1', 'signed'), step('u2', 'to_sign')] };
    const changes = auditChanges(before, after);
    expect(changes).toEqual([
      { field: 'steps.1.status', before: 'to_sign', after: 'signed' },
      { field: 'steps.2.status', before: 'waiting', after: 'to_sign' },
    ]);
    expect(JSON.stringify(auditChanges(null, after))).not.toContain('{\\"');
    const vi = (part: string) => translate('vi', `audit.field.${part}`);
    expect(fieldNameOf('steps.2.status', vi)).toBe('Các bước ký 2 › Trạng thái');
    expect(translate('vi', codeNameKey('signatureRequest', 'steps.2.status', 'to_sign')!)).toBe('Đang chờ ký');
    expect(translate('vi', codeNameKey('signatureRequest', 'status', 'in_progress')!)).toBe('Đang trình ký');
    expect(codeNameKey('signatureRequest', 'note', 'in_progress')).toBeNull();
  });

  it('a creation shows every field with an empty before; a removal every field with an empty after', () => {
    expect(auditChanges(null, { size: 10, shared: false })).toEqual([
      { field: 'size', before: null, after: 10 },
      { field: 'shared', before: null, after: false },
    ]);
    expect(auditChanges({ title: 'A' }, null)).toEqual([{ field: 'title', before: 'A', after: null }]);
    // A blank field of a new record is no change.
    expect(auditChanges(null, { title: 'A', note: '' })).toEqual([{ field: 'title', before: null, after: 'A' }]);
  });
});
