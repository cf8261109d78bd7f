/** What run-tool.ts and the tool runner's process (tool-runner.process.ts) send each other. */

export interface ToolJob {
  id: number;
  cmd: string;
  args: string[];
  cwd?: string;
  /** Added to the runner's environment (the one its parent had when it started it). */
  env?: Record<string, string>;
  /** Written to the program's standard input, then closed. */
  input?: Uint8Array;
  /** Past this, the program (its whole group when detached) is killed. */
  timeoutMs?: number;
  /** The program leads a process group of its own, killed as a whole. */
  detached?: boolean;
}

export type ToolRunnerMessage =
  | { type: 'done'; id: number; code: number | null; signal: NodeJS.Signals | null; stdout: Uint8Array; stderr: Uint8Array; timedOut: boolean }
  | { type: 'failed'; id: number; message: string; code?: string };
