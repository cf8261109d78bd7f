/**
 * Chromium traces of one page load (CDP `Tracing` on a browser session, every process), and a
 * summary of where the time went between the navigation's start and a given end: what each
 * thread of the page's renderer and of the browser process ran (self time per event name), the
 * network requests, the page's marks and its first paints. Not part of any figure.
 */
import { writeFileSync } from 'node:fs';
import type { Browser, CDPSession } from 'playwright-core';

export const TRACE_CATEGORIES = [
  'devtools.timeline',
  'disabled-by-default-devtools.timeline',
  'disabled-by-default-devtools.timeline.frame',
  'blink',
  'blink.user_timing',
  'loading',
  'navigation',
  'browser',
  'v8',
  'v8.execute',
  'disabled-by-default-v8.compile',
  'toplevel',
  'fonts',
  'netlog',
  'benchmark',
  'rail',
];

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
  args?: Record<string, any>;
  id?: string;
  id2?: { local?: string; global?: string };
}

export interface Tracing {
  /** Ends the trace, writes it to `file` and resolves its events. */
  stop(file: string): Promise<TraceEvent[]>;
}

export async function startTracing(browser: Browser): Promise<Tracing> {
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  await cdp.send('Tracing.start', {
    transferMode: 'ReturnAsStream',
    traceConfig: { includedCategories: TRACE_CATEGORIES, recordMode: 'recordAsMuchAsPossible' },
  });
  return {
    async stop(file) {
      const done = new Promise<string>((resolve) => cdp.once('Tracing.tracingComplete', (e) => resolve(e.stream!)));
      await cdp.send('Tracing.end');
      const handle = await done;
      let text = '';
      for (;;) {
        const chunk = await cdp.send('IO.read', { handle });
        text += chunk.base64Encoded ? Buffer.from(chunk.data, 'base64').toString('utf8') : chunk.data;
        if (chunk.eof) break;
      }
      await cdp.send('IO.close', { handle });
      await cdp.detach();
      writeFileSync(file, text);
      const parsed = JSON.parse(text) as { traceEvents: TraceEvent[] } | TraceEvent[];
      return Array.isArray(parsed) ? parsed : parsed.traceEvents;
    },
  };
}

const ms = (us: number) => Math.round(us / 100) / 10;

/** Self time (µs) of each complete event by name on one thread, inside [from, to]. */
function selfTimes(events: TraceEvent[], from: number, to: number): Map<string, number> {
  const complete = events
    .filter((e) => e.ph === 'X' && e.dur !== undefined && e.ts + e.dur! > from && e.ts < to)
    .sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
  const self = new Map<string, number>();
  const stack: { e: TraceEvent; end: number; child: number }[] = [];
  const close = (upTo: number) => {
    while (stack.length && stack[stack.length - 1].end <= upTo) {
      const top = stack.pop()!;
      const clipped = Math.min(top.end, to) - Math.max(top.e.ts, from);
      self.set(top.e.name, (self.get(top.e.name) ?? 0) + Math.max(0, clipped - top.child));
      if (stack.length) stack[stack.length - 1].child += Math.max(0, clipped);
    }
  };
  for (const e of complete) {
    close(e.ts);
    stack.push({ e, end: e.ts + e.dur!, child: 0 });
  }
  close(Number.POSITIVE_INFINITY);
  return self;
}

/** Busy time of a thread in [from, to]: the union of its top-level complete events. */
function busy(events: TraceEvent[], from: number, to: number): number {
  let total = 0;
  let reach = from;
  for (const e of events.filter((x) => x.ph === 'X' && x.dur !== undefined).sort((a, b) => a.ts - b.ts)) {
    const s = Math.max(e.ts, reach);
    const f = Math.min(e.ts + e.dur!, to);
    if (f > s) total += f - s;
    reach = Math.max(reach, e.ts + e.dur!);
  }
  return total;
}

/**
 * A readable summary: the timeline (ms from the launch URL's navigation start) and, per thread
 * of interest, its busy time and its top self times. `endMark`: the page's mark that ends the
 * window (its last occurrence), else the last event.
 */
export function summariseTrace(events: TraceEvent[], opts: { urlPrefix: string; endMark: string }): string {
  const threadName = new Map<string, string>();
  const processName = new Map<number, string>();
  for (const e of events) {
    if (e.ph !== 'M') continue;
    if (e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args?.name);
    if (e.name === 'process_name') processName.set(e.pid, e.args?.name);
  }
  // The navigation's start: the browser's first request for the launch URL.
  const navStarts = events.filter((e) => (e.name === 'NavigationRequest' || e.name === 'NavigationHandle') && e.ph === 'b');
  const sendReqs = events.filter((e) => e.name === 'ResourceSendRequest' && String(e.args?.data?.url ?? '').startsWith(opts.urlPrefix));
  const t0 = Math.min(...[...navStarts, ...sendReqs].map((e) => e.ts));
  const marks = events.filter((e) => e.cat.includes('blink.user_timing') && e.name === opts.endMark);
  const end = marks.length ? Math.max(...marks.map((e) => e.ts)) : Math.max(...events.map((e) => e.ts));
  const lines: string[] = [`window: ${ms(end - t0)} ms (navigation start → ${marks.length ? opts.endMark : 'last event'})`];

  // The timeline: requests (send → finish), navigation steps, marks, paints, page lifecycle.
  const row: [number, string][] = [];
  const byRequest = new Map<string, { url: string; send?: number; response?: number; finish?: number; status?: number; pid: number }>();
  for (const e of events) {
    const id = e.args?.data?.requestId;
    if (!id || !['ResourceSendRequest', 'ResourceReceiveResponse', 'ResourceFinish'].includes(e.name)) continue;
    const r = byRequest.get(id) ?? { url: '', pid: e.pid };
    if (e.name === 'ResourceSendRequest') {
      r.url = e.args!.data.url;
      r.send = e.ts;
    } else if (e.name === 'ResourceReceiveResponse') {
      r.response = e.ts;
      r.status = e.args!.data.statusCode;
    } else r.finish = e.ts;
    byRequest.set(id, r);
  }
  for (const r of byRequest.values()) {
    if (r.send === undefined || r.send > end) continue;
    const path = r.url.replace(/^https?:\/\/[^/]+/, '').replace(/launch=[^&]+/, 'launch=…').replace(/-[\w-]{8}\.(js|css)$/, '.$1');
    row.push([r.send, `request ${path} ${r.status ?? ''}: sent, response +${r.response !== undefined ? ms(r.response - r.send) : '?'}, done +${r.finish !== undefined ? ms(r.finish - r.send) : '?'} ms`]);
  }
  const NAMED = new Set([
    'navigationStart', 'fetchStart', 'responseEnd', 'domLoading', 'domInteractive', 'domContentLoadedEventStart', 'domComplete', 'loadEventEnd',
    'firstPaint', 'firstContentfulPaint', 'largestContentfulPaint::Candidate', 'MarkDOMContent', 'MarkLoad', 'MarkFirstPaint',
    'ParseHTML', 'RenderFrameHostImpl::DidCommitNavigation', 'NavigationRequest::CommitNavigation', 'RenderProcessHostImpl::Init',
    'ChildProcessLauncher::Launch', 'Navigation StartToCommit', 'WillStartRequest', 'WillRedirectRequest', 'WillProcessResponse', 'ReadyToCommitNavigation', 'DidCommitNavigation',
  ]);
  for (const e of events) {
    if (e.ts < t0 - 1000 || e.ts > end + 1000) continue;
    if (e.cat.includes('blink.user_timing') || NAMED.has(e.name)) {
      const where = `${processName.get(e.pid) ?? e.pid}/${threadName.get(`${e.pid}:${e.tid}`) ?? e.tid}`;
      const dur = e.dur !== undefined ? ` (${ms(e.dur)} ms)` : '';
      row.push([e.ts, `${e.name}${dur} [${where}]${e.ph === 'b' || e.ph === 'e' ? ' ' + e.ph : ''}`]);
    }
  }
  row.sort((a, b) => a[0] - b[0]);
  lines.push('timeline (ms from navigation start):');
  for (const [ts, text] of row) lines.push(`  ${String(ms(ts - t0)).padStart(7)}  ${text}`);

  // Per thread: busy time and top self times inside the window.
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X') continue;
    const key = `${e.pid}:${e.tid}`;
    (byThread.get(key) ?? byThread.set(key, []).get(key)!).push(e);
  }
  const threads = [...byThread.entries()]
    .map(([key, evs]) => ({ key, evs, busy: busy(evs, t0, end) }))
    .filter((t) => t.busy > 2000)
    .sort((a, b) => b.busy - a.busy);
  lines.push('threads (busy ms in the window; top self times):');
  for (const t of threads.slice(0, 12)) {
    const pid = Number(t.key.split(':')[0]);
    const name = `${processName.get(pid) ?? pid}/${threadName.get(t.key) ?? t.key}`;
    const top = [...selfTimes(t.evs, t0, end).entries()].sort((a, b) => b[1] - a[1]).slice(0, 14);
    lines.push(`  ${name} [pid ${pid}]: busy ${ms(t.busy)} ms`);
    lines.push(`    ${top.map(([n, v]) => `${n} ${ms(v)}`).join(', ')}`);
  }
  return lines.join('\n');
}
