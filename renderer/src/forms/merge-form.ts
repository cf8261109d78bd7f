/** How a form takes a newer copy of its record (used by sourced-form.ts); free of React, so Node tests can run it. */

/** Fields the person has not changed since `baseline` take `next`'s value; the others keep theirs. */
export function mergeFromSource<T extends object>(form: T, baseline: T, next: T): T {
  let out: T | null = null;
  for (const k of Object.keys(next) as (keyof T)[]) {
    if (!Object.is(form[k], baseline[k]) || Object.is(form[k], next[k])) continue;
    out ??= { ...form };
    out[k] = next[k];
  }
  return out ?? form;
}

