/**
 * A PDF bomb against the server: /api/health latency while the signer's bomb (about 1 MB inflating
 * to 1 GB) is checked in the worker thread, against the same requests with the server idle; how
 * long the refusal takes, and how much the process's peak memory grew.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { call, pushOk, seedCommittee, sha256Hex, startTestServer, uploadPdf } from '../tests/server/helpers';
import { appendUpdate, contentBomb, objectStreamBomb } from '../tests/signing/pdf-bombs';
import { mb, ms, ratio, summarize, table } from './lib/stats';

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
    const id = randomUUID();
    const stepId = randomUUID();
    await pushOk(s.url, c.users.thuky.token, {
      id: randomUUID(),
      kind: 'signatureRequest.create',
      args: { id, documentId: c.docA, note: '', steps: [{ id: stepId, userId: c.users.chutich.id, role: 'signer' }] },
    });
    const bomb = appendUpdate(c.pdfA, [await contentBomb(512), await objectStreamBomb(512)]);
    await uploadPdf(s.url, c.users.chutich.token, bomb);

    const idle = await healthSamples(s.url, () => false, 200);
    const peakBefore = process.resourceUsage().maxRSS * 1024;
    let done = false;
    const t = performance.now();
    const pushed = call(s.url, 'POST', '/api/sync/push', {
      token: c.users.chutich.token,
      body: { mutations: [{ id: randomUUID(), kind: 'signatureRequest.sign', args: { requestId: id, stepId, sha256: sha256Hex(bomb) } }] },
    }).then((r) => {
      done = true;
      return r;
    });
    const during = await healthSamples(s.url, () => done);
    const answer = await pushed;
    const refusedMs = performance.now() - t;
    const peakGrowth = process.resourceUsage().maxRSS * 1024 - peakBefore;

    const a = summarize(idle);
    const b = summarize(during);
    console.log(`bomb: ${mb(bomb.length)} inflating to 1024 MB; answer ${answer.body.results[0].error?.code} after ${ms(refusedMs)}; peak memory grew ${mb(peakGrowth)}`);
    table([
      ['/api/health', 'n', 'p50', 'p95', 'max'],
      ['server idle (baseline)', a.n, ms(a.p50), ms(a.p95), ms(a.max)],
      ['while the bomb is checked', b.n, ms(b.p50), ms(b.p95), ms(b.max)],
      ['ratio', '', ratio(b.p50, a.p50), ratio(b.p95, a.p95), ratio(b.max, a.max)],
    ]);
  } finally {
    await s.stop();
  }
}

await main();
process.exit(0);
