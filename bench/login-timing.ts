/**
 * Sign-in timing: does an unknown username answer as slowly as a wrong password for a real
 * account? Both should run one scrypt check at today's cost (the unknown one against a dummy
 * hash), so their times should match; a gap would let anyone probe which usernames exist.
 * Interleaves the two kinds of attempt over real HTTP so that machine noise hits both alike,
 * and prints p50/p95 of each plus the ratio. Baseline: the wrong-password attempt.
 */
import { performance } from 'node:perf_hooks';
import { addUser } from '../server/index';
import { SCRYPT_PARAMS } from '../server/auth/password';
import { call, PASSWORD, startTestServer } from '../tests/server/helpers';
import { ms, ratio, summarize, table } from './lib/stats';
import { formatRow } from './lib/report';

const ROUNDS = 15;

const s = await startTestServer({
  // The production cost (the test servers' default is a cheap one): the account below is made
  // with it, and an unknown username's dummy check must cost the same.
  passwordHashing: SCRYPT_PARAMS,
  loginRateLimit: { max: 100_000, timeWindowMs: 60_000 },
  // Measure the password check itself, not the throttle's early 429.
  loginThrottle: { freeFailures: 100_000 },
});
try {
  await addUser(s.dataDir, { username: 'chutich', fullName: 'Nguyễn Văn Chủ Tịch', role: 'chair', password: PASSWORD });
  const attempt = async (username: string): Promise<number> => {
    const t0 = performance.now();
    const r = await call(s.url, 'POST', '/api/auth/login', { body: { username, password: 'sai-mat-khau' } });
    const took = performance.now() - t0;
    if (r.status !== 401) throw new Error(`expected 401, got ${r.status}`);
    return took;
  };
  await attempt('chutich'); // warm-up: JIT, first database reads
  const wrong: number[] = [];
  const unknown: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    wrong.push(await attempt('chutich'));
    unknown.push(await attempt(`khongco${i}`));
  }
  const w = summarize(wrong);
  const u = summarize(unknown);
  table([
    ['attempt', 'n', 'p50', 'p95', 'max'],
    ['wrong password (baseline)', w.n, ms(w.p50), ms(w.p95), ms(w.max)],
    ['unknown username', u.n, ms(u.p50), ms(u.p95), ms(u.max)],
  ]);
  console.log(`unknown / wrong, p50: ${ratio(u.p50, w.p50)} (1.00× means no timing difference to probe)`);
  console.log(formatRow({ bench: 'login-timing', measure: 'sign-in with an unknown username | a wrong password for a real account', unit: 'ms', ours: u.p50, baseline: w.p50, spread: `p50 of ${u.n} interleaved attempts each`, target: '≈ 1.0×' }));
} finally {
  await s.stop();
}
