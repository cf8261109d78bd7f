/**
 * The `ecabinet` command run inside the test's own process (`runCli`, what the bin entry runs),
 * for tests about what a command does rather than about the process: starting a Node process
 * and loading the command's libraries cost one to two seconds on two busy cores, calling it
 * costs milliseconds. Its console output is captured, its environment variables set for the
 * call only; calls run one at a time, because the console and `process.env` are shared.
 */
import { format } from 'node:util';
import { runCli } from '../../cli/run';

export interface CliResult {
  status: number;
  out: string;
  err: string;
}

let queue: Promise<unknown> = Promise.resolve();

export function runCliInProcess(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const next = queue.then(() => runOnce(args, env));
  queue = next.catch(() => undefined);
  return next;
}

async function runOnce(args: string[], env: Record<string, string>): Promise<CliResult> {
  let out = '';
  let err = '';
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const savedEnv = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const savedExitCode = process.exitCode;
  console.log = console.info = (...a: unknown[]) => void (out += `${format(...a)}\n`);
  console.warn = console.error = (...a: unknown[]) => void (err += `${format(...a)}\n`);
  Object.assign(process.env, env);
  process.exitCode = undefined;
  try {
    const status = await runCli(args);
    // A command that reports through the exit code (verify, audit verify) sets it and returns.
    return { status: status || Number(process.exitCode ?? 0), out, err };
  } finally {
    Object.assign(console, saved);
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    process.exitCode = savedExitCode;
  }
}
