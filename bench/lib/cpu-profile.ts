/**
 * CPU profiles of one measured phase of a benchmark (not its set-up), written when the
 * environment names a folder: BENCH_CPU_PROFILE=/tmp/prof. Prints the functions with the most
 * self time, so a run says where the time went without opening a profiler.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

const folder = process.env.BENCH_CPU_PROFILE;

/** Starts profiling if asked to; `stop(name)` writes `<folder>/<name>.cpuprofile` and prints the top functions. */
export async function profilePhase(): Promise<{ stop: (name: string) => Promise<void> }> {
  if (!folder) return { stop: async () => undefined };
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: Profile };
      session.disconnect();
      const file = join(folder, `${name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      printTop(profile, file);
    },
  };
}

/** Prints the functions with the most self time of a profile (from any V8: Node's or Chromium's). */
export function printTop(profile: Profile, file: string): void {
  const total = profile.nodes.reduce((n, x) => n + (x.hitCount ?? 0), 0) || 1;
  const self = new Map<string, number>();
  for (const n of profile.nodes) {
    const url = n.callFrame.url.replace(/^.*\/(node_modules\/[^/]+|[^/]+\/[^/]+)$/, '$1');
    const key = `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + (n.hitCount ?? 0));
  }
  console.log(`CPU profile: ${file} (${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms); most self time:`);
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
}
