/**
 * The tool runner (node-shared/tool-runner): the small process that starts external programs
 * (OCR tools on the server, openssl in the tests) so that a large process does not fork itself
 * for each. What its callers rely on: output and exit code, input, deadlines and stops that kill
 * the whole process group, a clear error for a program that is not there, recovery when the
 * runner itself dies, and a process that can still exit on its own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, describe, expect, it } from 'vitest';
import { runTool, ToolStartError } from '../../node-shared/tool-runner/run-tool';
import { waitFor } from '../helpers/wait-for';

const root = path.resolve(__dirname, '../..');
const work = mkdtempSync(path.join(tmpdir(), 'ecabinet-tool-runner-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Whether a process is still running (a zombie waiting for its parent to collect it is not). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** The runner's pid: the parent of a program it started. */
async function runnerPid(): Promise<number> {
  const r = await runTool('sh', ['-c', 'echo $PPID']);
  return Number(r.stdout.toString().trim());
}

describe('the tool runner', () => {
  it('gives a program’s output, error output and exit code, feeds it input, and runs it in the asked folder with the added environment', async () => {
    const r = await runTool('sh', ['-c', 'cat; echo "$GREETING from $(pwd)"; echo oops >&2; exit 3'], {
      cwd: work,
      env: { GREETING: 'Xin chào' },
      input: Buffer.from('nội dung\n'),
    });
    expect(r.code).toBe(3);
    expect(r.stdout.toString()).toBe(`nội dung\nXin chào from ${work}\n`);
    expect(r.stderr.toString()).toBe('oops\n');
    expect(r.timedOut).toBe(false);
    expect(r.stopped).toBe(false);
    // Binary output arrives byte for byte.
    const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    writeFileSync(path.join(work, 'bytes.bin'), bytes);
    expect((await runTool('cat', [path.join(work, 'bytes.bin')])).stdout.equals(bytes)).toBe(true);
  });

  it('runs programs side by side, not one after the other', async () => {
    // Each waits until the other has written its file: run one at a time, both would wait forever.
    const a = path.join(work, 'a');
    const b = path.join(work, 'b');
    const [ra, rb] = await Promise.all([
      runTool('sh', ['-c', `touch ${a}; while [ ! -e ${b} ]; do sleep 0.01; done; echo a`], { timeoutMs: 60_000 }),
      runTool('sh', ['-c', `touch ${b}; while [ ! -e ${a} ]; do sleep 0.01; done; echo b`], { timeoutMs: 60_000 }),
    ]);
    expect([ra.stdout.toString(), rb.stdout.toString()]).toEqual(['a\n', 'b\n']);
  });

  it('past its deadline kills the program and what it started (its process group), and says so', async () => {
    const pidFile = path.join(work, 'grandchild.pid');
    const r = await runTool('sh', ['-c', `sleep 600 & echo $! > ${pidFile}; wait`], { detached: true, timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.signal).toBe('SIGKILL');
    const grandchild = Number((await runTool('cat', [pidFile])).stdout.toString());
    await waitFor(() => !alive(grandchild), undefined, 'the program’s own child to be killed too');
  });

  it('stops a program when the caller’s signal aborts, and does not start one for a signal already aborted', async () => {
    const stop = new AbortController();
    const running = runTool('sleep', ['600'], { detached: true, signal: stop.signal });
    // Started (the runner answers in order): then stopped.
    await runTool('true', []);
    stop.abort();
    const r = await running;
    expect(r.stopped).toBe(true);
    expect(r.timedOut).toBe(false);
    const never = await runTool('sh', ['-c', `touch ${path.join(work, 'never')}`], { signal: stop.signal });
    expect(never.stopped).toBe(true);
    expect((await runTool('ls', [work])).stdout.toString()).not.toContain('never');
  });

  it('a program that is not installed fails with a clear error (its code), and the next runs work', async () => {
    const e = await runTool('ecabinet-no-such-program', []).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ToolStartError);
    expect((e as ToolStartError).code).toBe('ENOENT');
    expect((await runTool('echo', ['ok'])).stdout.toString()).toBe('ok\n');
  });

  it('when the runner dies, the programs in flight fail with the reason, and the next call starts a new runner', async () => {
    const before = await runnerPid();
    const pidFile = path.join(work, 'in-flight.pid');
    const inFlight = runTool('sh', ['-c', `echo $$ > ${pidFile}; exec sleep 600`]);
    await waitFor(() => readFileSync(pidFile, 'utf8').trim(), undefined, 'the program to start');
    process.kill(before, 'SIGKILL');
    await expect(inFlight).rejects.toThrow(/tool runner process ended \(SIGKILL\)/);
    // A runner killed outright cannot stop its programs: this one is the test's to end.
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
    const after = await runnerPid();
    expect(after).not.toBe(before);
    expect((await runTool('echo', ['again'])).stdout.toString()).toBe('again\n');
  });

  it('does not keep its process alive: a script that ran a program exits by itself, and its runner ends with it', async () => {
    const entry = path.join(work, 'uses-runner.ts');
    writeFileSync(
      entry,
      `import { runTool } from ${JSON.stringify(path.join(root, 'node-shared/tool-runner/run-tool'))};
       runTool('sh', ['-c', 'echo $PPID']).then((r) => console.log(r.stdout.toString().trim()));`,
    );
    // Bundled inside the project, where worker-script.ts finds the runner's source and esbuild.
    const out = path.join(root, 'node_modules', '.cache', `tool-runner-test-${process.pid}.cjs`);
    await build({ entryPoints: [entry], outfile: out, bundle: true, platform: 'node', target: 'node20', format: 'cjs', packages: 'external', logLevel: 'silent' });
    try {
      const child = spawn(process.execPath, [out], { stdio: ['ignore', 'pipe', 'inherit'] });
      let printed = '';
      child.stdout.on('data', (c: Buffer) => (printed += c.toString()));
      const code = await new Promise((resolve) => child.once('exit', resolve));
      expect(code).toBe(0);
      const runner = Number(printed.trim());
      expect(runner).toBeGreaterThan(0);
      await waitFor(() => !alive(runner), undefined, 'the runner to end with the process that started it');
    } finally {
      rmSync(out, { force: true });
    }
  });
});
