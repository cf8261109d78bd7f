/**
 * Runs a program for a test (openssl, certutil…) through the tool runner and gives its output,
 * or throws with what it printed on stderr. Started from the test process itself, each run would
 * fork the whole test worker (hundreds of MB: tens of ms of CPU per run, and a test PKI makes
 * ~40 runs).
 */
import { runTool, type ToolOptions } from '../../node-shared/tool-runner/run-tool';

export async function tool(cmd: string, args: string[], opts: ToolOptions = {}): Promise<Buffer> {
  const r = await runTool(cmd, args, opts);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.timedOut ? 'timed out' : `exit ${r.signal ?? r.code}`}\n${r.stderr.toString()}`);
  return r.stdout;
}
