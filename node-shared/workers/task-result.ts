/**
 * What a worker task sends back. A thrown error loses its class and its `code` when it is
 * copied between threads, so worker tasks return failures as data and the caller rethrows them
 * as the same AppError (a wrong PIN stays `pin_incorrect` on the bridge).
 */
import { AppError, isAppError, type ErrorCode } from '../../shared/errors';

export type TaskResult<T> = { ok: true; value: T } | { ok: false; error: { code: ErrorCode | null; message: string; details?: Record<string, unknown> } };

/** In the worker: runs the task and packs its outcome. */
export async function settle<T>(task: () => Promise<T> | T): Promise<TaskResult<T>> {
  try {
    return { ok: true, value: await task() };
  } catch (e) {
    if (isAppError(e)) return { ok: false, error: { code: e.code, message: e.message, details: e.details } };
    return { ok: false, error: { code: null, message: e instanceof Error ? e.message : String(e) } };
  }
}

/** In the caller: the value, or the worker's error thrown again (an AppError when it had a code). */
export function unpack<T>(r: TaskResult<T>): T {
  if (r.ok) return r.value;
  if (r.error.code) throw new AppError(r.error.code, r.error.message, r.error.details);
  throw new Error(r.error.message);
}
