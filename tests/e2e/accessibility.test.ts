/**
 * End to end, all real: the demo app walked as a member, the secretary, the chair, a guest and
 * the administrator (tests/e2e/screen-walk.ts); axe-core scans every screen they reach and a
 * critical or serious violation (an unnamed field or button, a link whose spoken name hides its
 * visible words, a panel the keyboard cannot reach...) fails the test. The other e2e files run
 * the same scan on the screens they visit (tests/e2e/demo-app-harness.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoApp, type DemoApp } from './demo-app-harness';
import { auditFieldNames } from './audit-fields';
import { walkScreens } from './screen-walk';

describe('every main screen of every role passes axe-core (no critical or serious violation)', () => {
  let app: DemoApp;

  beforeAll(async () => {
    app = await startDemoApp('ecab-e2e-a11y-');
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it('walks the screens of member, secretary, chair, guest and admin and scans each', async () => {
    const walked: string[] = [];
    const findings: string[] = [];
    await walkScreens(app, async ({ role, name, side }) => {
      walked.push(`${role}/${name}`);
      // Every finding of the walk is reported at once, not only the first screen's.
      await side.checkA11y(name).catch((e: unknown) => findings.push(e instanceof Error ? e.message : String(e)));
    }, { sharedScreensOnce: true });
    expect(findings).toEqual([]);
    expect(walked).toEqual(expect.arrayContaining(['signed-out/login', 'member/reader', 'secretary/secretariat-editor', 'chair/sign-request', 'guest/meeting', 'admin/admin']));
  }, 600_000);

  it('the audit log the walk leaves (signing requests, opinions, a live meeting, accounts) names every field it holds', async () => {
    const { fields, unnamed } = await auditFieldNames(app.server.db);
    expect(fields.length).toBeGreaterThan(20);
    expect(unnamed).toEqual([]);
  });
});
