/**
 * The member's desktop services for bench/cold-sync.ts, in a process of their own (bundled and
 * forked by the bench, holding nothing but the client code, so its memory is theirs alone):
 * sign in, wait until the packet is ready offline, open one document while the indexer works,
 * wait until every document is searchable. Reports each step to the bench over IPC.
 */
import fs from 'node:fs';
import v8 from 'node:v8';
import { performance } from 'node:perf_hooks';
import type { BridgeMethodName, BridgeOutput } from '../../shared/bridge';
import { createClientServices, dispatchBridgeCall, type ClientServices } from '../../electron/services/index';
import { releaseYoungGenerationOption } from '../../electron/services-process/malloc-env';

// As the services process's entry does (electron/services-process/start.ts).
releaseYoungGenerationOption();

/** What the client process reports to the bench. */
export type ClientReport =
  | { kind: 'ready'; ms: number; peakRss: number; progressEvents: number }
  | { kind: 'opened'; ms: number; pendingDocuments: number }
  | { kind: 'indexed'; ms: number; peakRss: number; searchableBeforeEnd: number }
  | { kind: 'failed'; message: string };

/**
 * This process's own peak RSS, short spikes between two samples included: VmHWM (Linux), the
 * high-water mark of its address space since it started. Not getrusage's maxRSS: a child forked
 * and exec'd starts with the parent's RSS at the fork as its maximum (here the bench's, with the
 * server in it: a client smaller than the bench was reported at the bench's size). 0 elsewhere
 * (the 20 ms samples then).
 */
function highWaterMark(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function clientMain(serverUrl: string, dataDir: string, docs: number, password: string): Promise<void> {
  const send = (r: ClientReport) => process.send!(r);
  let peakRss = 0;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage.rss()));
  const sampler = setInterval(sample, 20);
  // COLD_SYNC_MEMLOG=1: where the memory is, once a second (this thread's heap, buffers, the whole process).
  const memlog = process.env.COLD_SYNC_MEMLOG
    ? setInterval(() => {
        const m = process.memoryUsage();
        const status = fs.readFileSync('/proc/self/status', 'utf8');
        const field = (k: string) => Math.round(Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
        const MB = (b: number) => Math.round(b / 1048576);
        const sp = v8.getHeapSpaceStatistics().map((x) => `${x.space_name.replace('_space', '')}:${MB(x.space_size)}`).join(' ');
        console.error(`[mem] rss ${MB(m.rss)} anon ${field('RssAnon')} file ${field('RssFile')} threads ${/Threads:\s+(\d+)/.exec(status)?.[1]} | main heap ${MB(m.heapUsed)}/${MB(m.heapTotal)} ext ${MB(m.external)} ab ${MB(m.arrayBuffers)} | ${sp}`);
      }, 1000)
    : null;
  let client: ClientServices | null = null;
  try {
    client = await createClientServices({ dataDir, defaultServerUrl: serverUrl, documentUrl: (sha) => `/doc/${sha}`, mode: 'browser', version: 'bench', retry: { initialMs: 100, maxMs: 1000 } });
    const call = async <M extends BridgeMethodName>(method: M, input: unknown = {}): Promise<BridgeOutput<M>> => {
      const r = await dispatchBridgeCall(client!.handlers, method, input);
      if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
      return r.value as BridgeOutput<M>;
    };
    let progressEvents = 0;
    const ready = new Promise<void>((resolve) =>
      client!.on('sync.status', (s) => {
        if (s.download.filesTotal > 0) progressEvents++;
        if (s.offlineReady && s.offlineReady.total === docs && s.offlineReady.documents === docs) resolve();
      }),
    );
    let pending = Infinity;
    /** Documents searchable while others still wait: each is searchable as soon as it is indexed. */
    let searchableEarly = 0;
    client.on('search.indexed', (e) => {
      if (e.pendingDocuments > 0 && e.pendingDocuments < pending) searchableEarly++;
      pending = e.pendingDocuments;
    });
    const t0 = performance.now();
    await call('session.login', { username: 'an', password });
    await ready;
    sample();
    peakRss = Math.max(peakRss, highWaterMark());
    send({ kind: 'ready', ms: performance.now() - t0, peakRss, progressEvents });

    // Opening a document must not wait for the indexer.
    const meetings = await call('meetings.list');
    const soon = meetings.find((m) => m.documentCount === docs)!;
    const detail = await call('meetings.get', { id: soon.id });
    const last = detail.documents.at(-1)!;
    const o0 = performance.now();
    const { document } = await call('documents.open', { id: last.id });
    const file = await client.blobFile(document.sha256);
    if (!file) throw new Error('opened document not on disk');
    send({ kind: 'opened', ms: performance.now() - o0, pendingDocuments: pending === Infinity ? docs : pending });

    // A query that matches nothing tells how many documents still wait for the indexer.
    while ((await call('search.query', { query: 'khong co tu nay xyzzy' })).pendingDocuments > 0) await new Promise((r) => setTimeout(r, 50));
    sample();
    send({ kind: 'indexed', ms: performance.now() - t0, peakRss: Math.max(peakRss, highWaterMark()), searchableBeforeEnd: searchableEarly });
  } catch (e) {
    send({ kind: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  } finally {
    clearInterval(sampler);
    if (memlog) clearInterval(memlog);
    await client?.close().catch(() => undefined);
    process.disconnect?.();
  }
}

if (process.send) void clientMain(process.argv[2], process.argv[3], Number(process.argv[4]), process.argv[5]);
