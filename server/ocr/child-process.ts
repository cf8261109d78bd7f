/**
 * Runs one OCR tool (pdftotext, pdftoppm, tesseract) in its own process group, at low CPU
 * priority, with a deadline after which the whole group is killed, and collects its stdout.
 * Started by the process's tool runner (node-shared/tool-runner), not by a fork of the server:
 * the server runs one for every PDF uploaded.
 */
import { runTool as runThroughRunner } from '../../node-shared/tool-runner/run-tool';

export type ToolOutcome = { kind: 'done'; code: number | null; stdout: string } | { kind: 'timeout' } | { kind: 'stopped' };

export async function runTool(cmd: string, args: string[], opts: { timeoutMs: number; signal?: AbortSignal; env?: Record<string, string> }): Promise<ToolOutcome> {
  // nice: the server answers members first; OCR waits for idle cores.
  const r = await runThroughRunner('nice', ['-n', '10', cmd, ...args], { detached: true, timeoutMs: opts.timeoutMs, signal: opts.signal, env: opts.env });
  if (r.stopped) return { kind: 'stopped' };
  if (r.timedOut) return { kind: 'timeout' };
  return { kind: 'done', code: r.code, stdout: r.stdout.toString('utf8') };
}
