/**
 * End to end, all real: the secretary works on a published demo meeting in the editor — moves
 * agenda items with the ↓ button and by drag and drop, renames one, takes attendance, saves the
 * minutes, makes a document confidential with a reader and a print rule, changes a role, adds a
 * task and marks it done, starts and closes the meeting. Each save goes through the outbox to
 * the real server; the test waits for what the editor shows (or the cache holds) afterwards.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchBridgeCall } from '../../electron/services/index';
import { startDemoApp, type DemoApp } from './demo-app-harness';

describe('the secretary edits a published meeting', () => {
  let app: DemoApp;
  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-edit-');
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  it('every section of the editor saves', async () => {
    const sec = await app.signIn('secretary', 'thuky', { acceptDialogs: true });
    const p = sec.page;
    const r = (await dispatchBridgeCall(sec.services.handlers, 'meetings.list', {})) as { ok: true; value: { id: string; status: string; title: string }[] };
    const m = r.value.find((x) => x.status === 'published')!;
    await sec.goto(`/secretariat/meetings/${m.id}`);
    await p.getByTestId('editor-title').waitFor({ timeout: 15_000 });
    const titles = async () => p.getByTestId('editor-agenda-item').getByTestId('agenda-item-title').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value));
    const before = await titles();
    // Keyboard move: first item down.
    await p.getByTestId('agenda-down').first().click();
    await expect.poll(titles, { timeout: 15_000 }).toEqual([before[1], before[0], ...before.slice(2)]);
    // Drag the last item onto the first.
    const now = await titles();
    // Runs in the page: the browser's DataTransfer (not in the Node typings of this file).
    const dt = await p.evaluateHandle(() => new (globalThis as unknown as { DataTransfer: new () => object }).DataTransfer());
    const items = p.getByTestId('editor-agenda-item');
    await items.last().dispatchEvent('dragstart', { dataTransfer: dt });
    await items.first().dispatchEvent('drop', { dataTransfer: dt });
    await expect.poll(titles, { timeout: 15_000 }).toEqual([now[now.length - 1], ...now.slice(0, -1)]);
    // Rename an item on blur.
    const first = p.getByTestId('editor-agenda-item').first().getByTestId('agenda-item-title');
    await first.fill('Nội dung đổi tên');
    await first.blur();
    await expect.poll(async () => (await titles())[0], { timeout: 15_000 }).toBe('Nội dung đổi tên');
    // Attendance.
    const row = p.getByTestId('attendance-row').first();
    await row.getByRole('button', { name: 'Có mặt' }).click();
    await expect.poll(() => p.getByTestId('attendance-row').first().getAttribute('data-attendance'), { timeout: 15_000 }).toBe('present');
    // Minutes.
    await p.getByTestId('minutes-prefill').click();
    await p.getByTestId('minutes-save').click();
    await expect.poll(async () => {
      const x = (await dispatchBridgeCall(sec.services.handlers, 'meetings.extras', { id: m.id })) as { ok: true; value: { minutes: { body: string } | null } };
      return (x.value.minutes?.body ?? '').length > 20;
    }, { timeout: 15_000 }).toBe(true);
    // Document classification → confidential shows readers.
    await p.getByTestId('editor-document').first().locator('select').first().selectOption('confidential');
    await expect.poll(() => p.getByTestId('editor-document').first().locator('fieldset.readers').count(), { timeout: 15_000 }).toBe(1);
    await p.getByTestId('editor-document').first().locator('fieldset.readers input[type=checkbox]').first().click();
    await expect.poll(() => p.getByTestId('editor-document').first().locator('fieldset.readers input[type=checkbox]').first().isChecked(), { timeout: 15_000 }).toBe(true);
    await p.getByTestId('editor-document').first().getByTestId('document-allow-print').selectOption('yes');
    await expect.poll(() => p.getByTestId('editor-document').first().getByTestId('document-allow-print').inputValue(), { timeout: 15_000 }).toBe('yes');
    // Participant role.
    const person = (await p.getByTestId('editor-participant').first().locator('strong').textContent())!;
    // The row whose own name is this person (other rows' deputy pickers list his name too).
    const participant = () => p.getByTestId('editor-participant').filter({ has: p.locator('strong').getByText(person, { exact: true }) }).locator('select').first();
    await participant().selectOption('guest');
    await expect.poll(() => participant().inputValue(), { timeout: 15_000 }).toBe('guest');
    // A task.
    const tasks = p.locator('#sec-tasks').locator('..');
    const before2 = await p.getByTestId('task-row').count();
    const inputs = tasks.locator('.form-grid input');
    await inputs.nth(0).fill('Hoàn thiện đề án');
    await inputs.nth(1).fill('Sở Tài chính');
    await tasks.locator('input[type=date]').fill('2026-12-31');
    await tasks.getByRole('button', { name: 'Giao nhiệm vụ' }).click();
    await expect.poll(() => p.getByTestId('task-row').count(), { timeout: 15_000 }).toBe(before2 + 1);
    const task = p.getByTestId('task-row').filter({ hasText: 'Hoàn thiện đề án' });
    await task.getByRole('button', { name: 'Đánh dấu hoàn thành' }).click();
    await expect.poll(() => task.getByRole('button').textContent(), { timeout: 15_000 }).toBe('Hoàn thành');
    // Start, then close.
    await p.getByTestId('start-meeting').click();
    await p.getByTestId('started-note').waitFor({ timeout: 15_000 });
    await p.getByTestId('close-meeting').click();
    await expect.poll(() => p.locator('.readonly-note').count(), { timeout: 15_000 }).toBe(1);
  }, 180_000);
});
