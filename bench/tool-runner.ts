/**
 * The tool runner (node-shared/tool-runner): CPU the machine spends per external program started
 * by a process holding 500 MB (a busy server: OCR runs pdftotext for every uploaded PDF), through
 * the runner against `child_process.spawn` from that process itself, in the same run. A fork
 * copies the forking process's page tables, so the direct spawn's cost grows with the process;
 * the runner's does not. CPU is the whole machine's (/proc/stat), so that the forked children's
 * share counts too; run it on an otherwise idle machine. Target: ≤ 0.5×.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { runTool } from '../node-shared/tool-runner/run-tool';
import { medianRow, report } from './lib/report';
import { table } from './lib/stats';

const HELD_MB = 500;
const PROGRAMS = 100;
const ROUNDS = 5;

/** Busy CPU time of the whole machine so far, ms (user + nice + system + irq + softirq). */
function machineBusyMs(): number {
  const [, user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return ((user + nice + system + irq + softirq) * 1000) / 100;
}

async function direct(): Promise<void> {
  for (let i = 0; i < PROGRAMS; i++) {
    const child = spawn('true', [], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise((resolve) => child.once('close', resolve));
  }
}

async function throughRunner(): Promise<void> {
  for (let i = 0; i < PROGRAMS; i++) {
    const r = await runTool('true', []);
    if (r.code !== 0) throw new Error(`true exited with ${r.code}`);
  }
}

/** CPU ms of the machine per program, and wall ms per program. */
async function measure(run: () => Promise<void>): Promise<{ cpu: number; wall: number }> {
  const cpu0 = machineBusyMs();
  const t0 = performance.now();
  await run();
  return { cpu: (machineBusyMs() - cpu0) / PROGRAMS, wall: (performance.now() - t0) / PROGRAMS };
}

async function main() {
  // Memory the process really uses (touched pages), as a server's heap and buffers are.
  const held: Buffer[] = [];
  for (let i = 0; i < HELD_MB; i++) held.push(Buffer.alloc(2 ** 20, i & 0xff));
  await throughRunner(); // starts the runner
  const ours: { cpu: number; wall: number }[] = [];
  const base: { cpu: number; wall: number }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Alternated, so that a busy moment of the machine weighs on both alike.
    base.push(await measure(direct));
    ours.push(await measure(throughRunner));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const cpuOurs = median(ours.map((m) => m.cpu));
  const cpuBase = median(base.map((m) => m.cpu));
  table([
    ['', 'machine CPU ms / program', 'wall ms / program'],
    [`through the tool runner (process holding ${held.length} MB)`, cpuOurs.toFixed(1), median(ours.map((m) => m.wall)).toFixed(1)],
    ['spawned directly by that process', cpuBase.toFixed(1), median(base.map((m) => m.wall)).toFixed(1)],
  ]);
  report([
    medianRow(
      'tool-runner',
      `CPU per program from a ${HELD_MB} MB process: tool runner | direct spawn`,
      'ms',
      ours.map((m) => m.cpu),
      base.map((m) => m.cpu),
      '≤ 0.5×',
    ),
  ]);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
