/**
 * The crash loop at length: 25 rounds of kill -9 of the real server process while the desktop
 * client services push and upload (tests/reliability/crash-loop.ts; the test suite runs 5).
 * Prints where each kill landed and the totals; exits non-zero if anything acknowledged was
 * lost, applied twice, or a file came back damaged. `npm run bench -- crash-loop`.
 */
import { runCrashLoop } from '../tests/reliability/crash-loop';
import { formatRow } from './lib/report';

const ROUNDS = Number(process.env.CRASH_LOOP_ROUNDS ?? 25);

const started = Date.now();
const report = await runCrashLoop({
  rounds: ROUNDS,
  items: 40,
  editsPerItem: 25,
  uploadsPerRound: 3,
  uploadBytes: 8 * 1024 * 1024,
  deadlineMs: 120_000,
  log: (line) => console.log(line),
});
const landed = new Map<string, number>();
for (const r of report.rounds) landed.set(r.killedAt, (landed.get(r.killedAt) ?? 0) + 1);
console.log(`\n${report.rounds.length} kills in ${((Date.now() - started) / 1000).toFixed(0)} s: ${[...landed].map(([k, n]) => `${k} ${n}`).join(', ')}`);
console.log(`${report.mutations} mutations, ${report.uploads} uploads; problems: ${report.problems.length}`);
for (const p of report.problems) console.log(`  ${p}`);
console.log(formatRow({ bench: 'crash-loop', measure: `writes lost, applied twice or damaged over ${report.rounds.length} kill -9 of the server (${report.mutations} mutations, ${report.uploads} uploads)`, unit: 'problems', ours: report.problems.length, baseline: null, target: '0' }));
if (report.problems.length > 0) process.exitCode = 1;
