/**
 * ECABINET_TEST_CPU_LOG=file: each test file appends the CPU seconds it cost — its worker's own,
 * and every process the worker started (servers' services processes, Chromium and its renderers,
 * LibreOffice…), alive or already ended — so that the suite's time can be cut where it is spent.
 * Linux only (reads /proc); does nothing elsewhere or without the variable.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const TICK = 100; // USER_HZ on Linux

/** utime, stime, cutime, cstime (ticks) and ppid of a process, or null if it is gone. */
function stat(pid: number): { ppid: number; ticks: number } | null {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // After the name: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
    return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) };
  } catch {
    return null;
  }
}

/**
 * What kind of process this is, for the breakdown: Chromium's process type (renderer, gpu,
 * zygote: ended renderers' CPU lands in the zygote that reaps them), a Node script's name, or
 * the program's name (soffice, tesseract…).
 */
function kindOf(pid: number): string {
  try {
    // Chromium rewrites its children's command line as one string: split on spaces too.
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/).filter(Boolean);
    const prog = argv[0] ? path.basename(argv[0]) : readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
    if (/chrom/.test(prog)) return `chromium:${argv.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser'}`;
    if (prog === 'node' || prog.startsWith('node')) {
      const script = argv.slice(1).find((a) => !a.startsWith('-'));
      return `node:${script ? path.basename(script) : '?'}`;
    }
    return prog;
  } catch {
    return '?';
  }
}

/** CPU ticks (including reaped children) of this process and each descendant, by pid. */
export function treeTicksByPid(root = process.pid): Map<number, { ticks: number; kind: string }> {
  const parent = new Map<number, number>();
  const ticks = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = stat(pid);
    if (!s) continue;
    parent.set(pid, s.ppid);
    ticks.set(pid, s.ticks);
  }
  const out = new Map<number, { ticks: number; kind: string }>();
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid, hops = 0; p && hops < 64; p = parent.get(p), hops++) {
      if (p === root) {
        out.set(pid, { ticks: t, kind: pid === root ? 'worker' : kindOf(pid) });
        break;
      }
    }
  }
  return out;
}

/** CPU seconds spent between two snapshots, in all and by kind of process. */
export function cpuSince(before: ReturnType<typeof treeTicksByPid>): { total: number; byKind: Record<string, number> } {
  const byKind: Record<string, number> = {};
  let total = 0;
  for (const [pid, { ticks, kind }] of treeTicksByPid()) {
    const spent = (ticks - (before.get(pid)?.ticks ?? 0)) / TICK;
    if (spent <= 0) continue;
    total += spent;
    byKind[kind] = +((byKind[kind] ?? 0) + spent).toFixed(2);
  }
  return { total, byKind };
}

export function cpuLogEnabled(): string | undefined {
  return process.platform === 'linux' ? process.env.ECABINET_TEST_CPU_LOG : undefined;
}

export function logFileCpu(log: string, file: string, cpu: ReturnType<typeof cpuSince>, wallSeconds: number): void {
  const line = { file, cpu: +cpu.total.toFixed(2), wall: +wallSeconds.toFixed(2), worker: process.pid, byKind: cpu.byKind };
  appendFileSync(log, `${JSON.stringify(line)}\n`);
}
