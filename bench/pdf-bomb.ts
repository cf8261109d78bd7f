/**
 * A PDF bomb against the server: /api/health latency while the signer's bomb (about 1 MB inflating
 * to 1 GB), uploaded as his signed file, is measured in the upload checker's worker thread, against
 * the same requests with the server idle; how long the refusal takes, and how much the process's
 * peak memory grew.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { call, pushOk, seedCommittee, sha256Hex, startTestServer } from '../tests/server/helpers';
import { appendUpdate, contentBomb, objectStreamBomb } from '../tests/signing/pdf-bombs';
import { mb, ms, ratio, summarize, table } from './lib/stats';
import { formatRow } from './lib/report';

async function healthSamples(url: string, until: () => boolean, max = Infinity): Promise<number[]> {
  const out: number[] = [];
  while (!until() && out.length < max) {
    const t = performance.now();
    await call(url, 'GET', '/api/health');
    out.push(performance.now() - t);
  }
  return out;
}

async function main() {
  const s = await startTestServer();
  try {
    const c = await seedCommittee(s);
    // A request for the chair to sign: only then may he upload a signed file.
    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'signatureRequest.create',
      args: { id: randomUUID(), documentId: c.docA, note: '', steps: [{ id: randomUUID(), userId: c.users.chutich.id, role: 'signer' }] },
    });
    const bomb = appendUpdate(c.pdfA, [await contentBomb(512), await objectStreamBomb(512)]);

    const idle = await healthSamples(s.url, () => false, 200);
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    let done = false;
    const t = performance.now();
    // The signer uploads it as his signed file: the server measures every uploaded PDF (in its
    // worker thread) before storing it.
    const uploaded = call(s.url, 'PUT', `/api/blobs/${sha256Hex(bomb)}`, { token: c.users.chutich.token, body: bomb, headers: { 'content-type': 'application/pdf' } }).then((r) => {
      done = true;
      return r;
    });
    const during = await healthSamples(s.url, () => done);
    const answer = await uploaded;
    const refusedMs = performance.now() - t;
    if (answer.status !== 422 || answer.body.error?.code !== 'pdf_too_complex') throw new Error(`the bomb was not refused as a bomb: ${answer.status} ${JSON.stringify(answer.body)}`);
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore;

    const a = summarize(idle);
    const b = summarize(during);
    console.log(`bomb: ${mb(bomb.length)} inflating to 1024 MB; answer ${answer.body.error.code} after ${ms(refusedMs)}; peak memory grew ${mb(peakGrowth)}`);
    table([
      ['/api/health', 'n', 'p50', 'p95', 'max'],
      ['server idle (baseline)', a.n, ms(a.p50), ms(a.p95), ms(a.max)],
      ['while the bomb is checked', b.n, ms(b.p50), ms(b.p95), ms(b.max)],
      ['ratio', '', ratio(b.p50, a.p50), ratio(b.p95, a.p95), ratio(b.max, a.max)],
    ]);
    // The same figures as rows of `npm run bench`'s one table.
    for (const key of ['p50', 'p95'] as const)
      console.log(formatRow({ bench: 'pdf-bomb', measure: `/api/health ${key} while a 1 GB PDF bomb is checked | server idle`, unit: 'ms', ours: b[key], baseline: a[key], spread: `${b.n} and ${a.n} requests` }));
    console.log(formatRow({ bench: 'pdf-bomb', measure: `the bomb refused (${answer.body.error.code})`, unit: 'ms', ours: refusedMs, baseline: null }));
    console.log(formatRow({ bench: 'pdf-bomb', measure: 'server peak memory growth while checking it', unit: 'MB', ours: peakGrowth / (1024 * 1024), baseline: null }));
  } finally {
    await s.stop();
  }
}

await main();
process.exit(0);
