/**
 * How fast the `ecabinet` command answers, each measure next to a baseline run alternately in the
 * same run (medians of wall time from spawn, ≥ 7 runs each):
 * - `ecabinet --help` against `node -e 0` (Node's own start);
 * - `ecabinet app --browser` until the launch URL is printed, against a bare Node HTTP server
 *   printing its URL;
 * - `ecabinet verify` of a ~10.8 MB, 1,098-page signed PDF against poppler's `pdfsig` on it.
 * The PDF is made here: the sample PDFs concatenated with qpdf (copies, so qpdf keeps every page's
 * objects), signed with `ecabinet sign` and a throw-away openssl key. Needs `npm run build` first.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ratio, table } from './lib/stats';

const root = process.cwd();
const bin = path.join(root, 'bin', 'ecabinet.cjs');
/** The shared sample PDFs: beside the checkout (main) or further up (worktrees); BENCH_SAMPLES overrides. */
function samplesDir(): string {
  if (process.env.BENCH_SAMPLES) return process.env.BENCH_SAMPLES;
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'shared', 'samples', 'freeculture.pdf'))) return path.join(dir, 'shared', 'samples');
    if (path.dirname(dir) === dir) throw new Error('no shared/samples folder above the checkout (set BENCH_SAMPLES)');
  }
}
const samples = samplesDir();
const RUNS = Number(process.env.BENCH_RUNS ?? 9);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];
const fmt = (v: number) => `${v.toFixed(0)} ms`;

/** Wall time of a command run to its end. */
function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): number {
  const t = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  const elapsed = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return elapsed;
}

/** Wall time until a process prints an http://127.0.0.1 URL; then its whole process group is stopped. */
function timeToUrl(cmd: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    let elapsed = -1;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (elapsed < 0 && /http:\/\/127\.0\.0\.1:\d+\S*/.test(out)) {
        elapsed = performance.now() - t;
        process.kill(-child.pid!, 'SIGKILL');
      }
    });
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', () => (elapsed < 0 ? reject(new Error(`no URL printed: ${out}`)) : resolve(elapsed)));
  });
}

/** Runs ours and the baseline alternately, RUNS times each. */
async function pair(ours: () => number | Promise<number>, baseline: () => number | Promise<number>) {
  const a: number[] = [];
  const b: number[] = [];
  await ours();
  await baseline();
  for (let i = 0; i < RUNS; i++) {
    a.push(await ours());
    b.push(await baseline());
  }
  return { ours: median(a), baseline: median(b) };
}

function bigSignedPdf(dir: string): string {
  const parts: string[] = [];
  for (let i = 0; i < 3; i++) {
    for (const name of ['freeculture.pdf', 'tracemonkey.pdf']) {
      const copy = path.join(dir, `${i}-${name}`);
      copyFileSync(path.join(samples, name), copy);
      parts.push(copy);
    }
  }
  // Three books then three papers: 3 × 352 + 3 × 14 = 1,098 pages.
  const ordered = [...parts.filter((p) => p.includes('freeculture')), ...parts.filter((p) => p.includes('tracemonkey'))];
  const big = path.join(dir, 'big.pdf');
  execFileSync('qpdf', ['--empty', '--pages', ...ordered, '--', big]);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'), '-days', '30', '-subj', '/CN=Bench Signer'], { stdio: 'ignore' });
  execFileSync('openssl', ['pkcs12', '-export', '-inkey', path.join(dir, 'key.pem'), '-in', path.join(dir, 'cert.pem'), '-out', path.join(dir, 'signer.p12'), '-passout', 'pass:bench']);
  const signed = path.join(dir, 'big-signed.pdf');
  execFileSync(process.execPath, [bin, 'sign', '--p12', path.join(dir, 'signer.p12'), '--password-env', 'BENCH_P12', big, signed], { env: { ...process.env, BENCH_P12: 'bench' }, stdio: 'ignore' });
  return signed;
}

async function main() {
  if (!existsSync(path.join(root, 'dist', 'cli.cjs'))) throw new Error('run npm run build first');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ecabinet-cli-start-'));
  try {
    const help = await pair(
      () => timed(process.execPath, [bin, '--help']),
      () => timed(process.execPath, ['-e', '0']),
    );

    const appData = path.join(dir, 'app-data');
    const bareServer = "require('http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log('http://127.0.0.1:' + this.address().port + '/'); })";
    const app = await pair(
      () => timeToUrl(process.execPath, [bin, 'app', '--browser', '--port', '0', '--data', appData, '--server', 'http://127.0.0.1:9']),
      () => timeToUrl(process.execPath, ['-e', bareServer]),
    );

    const pdf = bigSignedPdf(dir);
    const pages = execFileSync('qpdf', ['--show-npages', pdf], { encoding: 'utf8' }).trim();
    const verify = await pair(
      () => timed(process.execPath, [bin, 'verify', pdf, '--trust', path.join(dir, 'cert.pem')]),
      () => timed('pdfsig', [pdf]),
    );

    console.log(`verify input: ${(statSync(pdf).size / 1e6).toFixed(1)} MB, ${pages} pages; medians of ${RUNS} alternating runs (wall time from spawn)`);
    table([
      ['measure', 'ours', 'baseline', 'ratio', 'target'],
      ['ecabinet --help | node -e 0', fmt(help.ours), fmt(help.baseline), ratio(help.ours, help.baseline), '≤ 150 ms'],
      ['app --browser → URL | bare Node HTTP server → URL', fmt(app.ours), fmt(app.baseline), ratio(app.ours, app.baseline), '≤ 300 ms'],
      ['ecabinet verify | pdfsig (same file)', fmt(verify.ours), fmt(verify.baseline), ratio(verify.ours, verify.baseline), '≤ 3×'],
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
