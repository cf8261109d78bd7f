/**
 * Uploads are measured and signed files checked one at a time in a worker thread; the queue in front of it is what
 * a sender could fill. Each account has at most one file in it, and a full queue asks for the
 * file again later (`rate_limited`) instead of holding everyone's pushes. Real worker, real PDFs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_WAITING, PER_ACCOUNT, UploadChecker } from '../../server/signing-workflow/upload-checker';
import { makePdf } from './helpers';

describe('the queue of signed files waiting for their check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ecab-check-queue-'));
  const checker = new UploadChecker();
  afterAll(async () => {
    await checker.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds one file per account, refuses a second from the same account until the first is answered, and refuses all past the cap', async () => {
    const sent = join(dir, 'sent.pdf');
    const signed = join(dir, 'signed.pdf');
    writeFileSync(sent, await makePdf('Tờ trình gửi ký'));
    writeFileSync(signed, await makePdf('Tờ trình đã sửa'));
    const check = (userId: string) => checker.check(userId, sent, signed, 1000);

    const first = check('chutich');
    await expect(check('chutich')).rejects.toMatchObject({ code: 'rate_limited', details: { retryAfterSeconds: 5 } });
    const other = check('phochutich');
    // A file that is no incremental update of the sent one is answered (refused), not thrown.
    expect((await first).ok).toBe(false);
    expect((await other).ok).toBe(false);
    expect((await check('chutich')).ok).toBe(false);

    const waiting = Array.from({ length: MAX_WAITING }, (_, i) => check(`uyvien${i}`));
    await expect(check('nguoi-den-sau')).rejects.toMatchObject({ code: 'rate_limited' });
    expect((await Promise.all(waiting)).every((r) => r.ok === false)).toBe(true);
    expect((await check('nguoi-den-sau')).ok).toBe(false);
  });

  it('measures a few uploads of one secretary at once, and asks for the next one again later', async () => {
    const file = join(dir, 'upload.pdf');
    writeFileSync(file, await makePdf('Báo cáo kinh tế - xã hội'));
    const measures = Array.from({ length: PER_ACCOUNT.upload }, () => checker.measure('thuky', file, 1000));
    await expect(checker.measure('thuky', file, 1000)).rejects.toMatchObject({ code: 'rate_limited' });
    for (const m of await Promise.all(measures)) expect(m.objects).toBeGreaterThan(0);
    expect((await checker.measure('thuky', file, 1000)).objects).toBeGreaterThan(0);
  });
});
