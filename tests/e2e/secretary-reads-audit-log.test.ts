/**
 * End to end, all real: the secretary opens the audit log of the demo committee and reads it
 * as a person would: actions by their Vietnamese names, who by full name, what changed as
 * "before → after" (never JSON); filters by action and person; pages through it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoContent } from '../../server/demo/content';
import { login, pushOk } from '../server/helpers';
import { startDemoApp, type DemoApp } from './demo-app-harness';

describe('the secretary reads the audit log', () => {
  let app: DemoApp;
  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-audit-');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('Vietnamese action names, full names, before → after, filters and pages', async () => {
    // Sixty tasks assigned by the secretary: more than a page of the log.
    const token = (await login(app.server.url, 'thuky', demoContent.password)).accessToken;
    const meeting = await app.server.db.selectFrom('meetings').select('id').where('status', 'in', ['published', 'in_progress']).executeTakeFirstOrThrow();
    const task = (i: number) => ({
      id: randomUUID(),
      kind: 'task.upsert' as const,
      args: { id: randomUUID(), meetingId: meeting.id, title: `Nhiệm vụ ${i}`, agency: 'Sở Tài chính', assignee: '', deadline: '2026-12-31', expectedResult: '', follower: '', status: 'open' as const },
    });
    await pushOk(app.server.url, token, ...Array.from({ length: 60 }, (_, i) => task(i)));
    const secretary = await app.server.db.selectFrom('users').select(['id', 'full_name']).where('username', '=', 'thuky').executeTakeFirstOrThrow();

    const sec = await app.signIn('secretary', 'thuky');
    const p = sec.page;
    await sec.goto('/secretariat/audit');
    const rows = p.getByTestId('audit-row');
    await rows.first().waitFor({ timeout: 20_000 });
    // Named in Vietnamese, by full name, no raw action code, no JSON.
    const text = await p.getByTestId('audit-list').innerText();
    expect(text).toContain('Giao/sửa nhiệm vụ');
    expect(text).toContain(secretary.full_name);
    expect(text).not.toMatch(/task\.upsert|\{"/);
    await expect.poll(() => p.getByTestId('audit-changes').first().innerText(), { timeout: 15_000 }).toMatch(/Tiêu đề: \(trống\) → Nhiệm vụ 59/);

    // Filter: the demo's seed (the system's work) shows its documents, each "Tiêu đề: (trống) → …".
    await p.getByTestId('audit-filter-action').selectOption('demo.seed');
    await p.getByTestId('audit-filter-apply').click();
    await expect.poll(async () => [...new Set(await p.getByTestId('audit-action').allInnerTexts())], { timeout: 15_000 }).toEqual(['Nạp dữ liệu mẫu']);
    await expect.poll(() => p.getByTestId('audit-list').innerText(), { timeout: 15_000 }).toMatch(/Tiêu đề: \(trống\) → \S/);

    // Filter by person, then pages of 50: the next page holds older entries and comes back.
    await p.getByTestId('audit-filter-action').selectOption('');
    await p.getByTestId('audit-filter-person').selectOption(secretary.id);
    await p.getByTestId('audit-filter-apply').click();
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(50);
    const firstPage = await rows.first().innerText();
    await p.getByTestId('audit-older').click();
    await expect.poll(async () => (await rows.first().innerText()) !== firstPage, { timeout: 15_000 }).toBe(true);
    await p.getByTestId('audit-newer').click();
    await expect.poll(() => rows.first().innerText(), { timeout: 15_000 }).toBe(firstPage);
  });
});
