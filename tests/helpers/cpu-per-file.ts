/**
 * ECABINET_TEST_CPU_LOG=file: each test file appends the CPU seconds it cost — its worker's own,
 * and every process the worker started (servers' services processes, Chromium and its renderers,
 * LibreOffice…), alive or already ended — so that the suite's time can be cut where it is spent.
 * Linux only (reads /proc); does nothing elsewhere or without the variable.
 */
import { appendFileSync, readdirSync, readFileSync } from 'node:fs';

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

/** This process and its descendants, with their CPU ticks including reaped children. */
export function treeTicks(root = process.pid): number {
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
  let total = 0;
  for (const [pid, t] of ticks) {
    for (let p: number | undefined = pid, hops = 0; p && hops < 64; p = parent.get(p), hops++) {
      if (p === root) {
        total += t;
        break;
      }
    }
  }
  return total / TICK;
}

export function cpuLogEnabled(): string | undefined {
  return process.platform === 'linux' ? process.env.ECABINET_TEST_CPU_LOG : undefined;
}

export function logFileCpu(log: string, file: string, cpuSeconds: number, wallSeconds: number): void {
  appendFileSync(log, `${JSON.stringify({ file, cpu: +cpuSeconds.toFixed(2), wall: +wallSeconds.toFixed(2), worker: process.pid })}\n`);
}
