/**
 * Runs one OCR tool (pdftotext, pdftoppm, tesseract) in its own process group, at low CPU
 * priority, with a deadline after which the whole group is killed, and collects its stdout.
 */
import { spawn } from 'node:child_process';

export type ToolOutcome = { kind: 'done'; code: number | null; stdout: string } | { kind: 'timeout' } | { kind: 'stopped' };

export function runTool(cmd: string, args: string[], opts: { timeoutMs: number; signal?: AbortSignal; env?: NodeJS.ProcessEnv }): Promise<ToolOutcome> {
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) return resolve({ kind: 'stopped' });
    // nice: the server answers members first; OCR waits for idle cores.
    const child = spawn('nice', ['-n', '10', cmd, ...args], { detached: true, stdio: ['ignore', 'pipe', 'ignore'], env: { ...process.env, ...opts.env } });
    const chunks: Buffer[] = [];
    child.stdout!.on('data', (c: Buffer) => chunks.push(c));
    let ended: 'timeout' | 'stopped' | null = null;
    const kill = (why: 'timeout' | 'stopped') => {
      ended ??= why;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    const timer = setTimeout(() => kill('timeout'), opts.timeoutMs);
    const onAbort = () => kill('stopped');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const finish = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (e) => {
      finish();
      reject(e);
    });
    child.once('close', (code) => {
      finish();
      resolve(ended ? { kind: ended } : { kind: 'done', code, stdout: Buffer.concat(chunks).toString('utf8') });
    });
  });
}
