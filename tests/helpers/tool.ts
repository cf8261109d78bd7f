/**
 * Runs a program for a test (openssl, certutil…) through the tool runner and gives its output,
 * or throws with what it printed on stderr. Started from the test process itself, each run would
 * fork the whole test worker (hundreds of MB: tens of ms of CPU per run, and a test PKI makes
 * ~40 runs).
 *
 * `env` adds to the environment the runner started with (it does not replace it).
 */
import { runTool, type ToolOptions } from '../../node-shared/tool-runner/run-tool';

export async function tool(cmd: string, args: string[], opts: ToolOptions = {}): Promise<Buffer> {
  const r = await runTool(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.timedOut ? 'timed out' : `exit ${r.signal ?? r.code}`}\n${r.stderr.toString()}`);
  return r.stdout;
}

export interface CheckResult {
  /** The exit code; -1 when a signal or a timeout ended it. */
  status: number;
  stdout: string;
  stderr: string;
  /** stdout then stderr. */
  output: string;
}

/** A program's exit status and what it printed, for tests that assert on a failure too. */
export async function check(cmd: string, args: string[], opts: ToolOptions = {}): Promise<CheckResult> {
  const r = await runTool(cmd, args, opts);
  const stdout = r.stdout.toString('utf8');
  const stderr = r.stderr.toString('utf8');
  return { status: r.code ?? -1, stdout, stderr, output: stdout + stderr };
}
