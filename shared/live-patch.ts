/**
 * Changes between two JSON values (the live meeting state), small enough to send instead of
 * the whole value after every ballot, and their application. Both ends need it and `shared/`
 * takes no npm package but zod, hence this small JSON diff of our own.
 *
 * An array change is one splice of what lies between the common head and the common tail (a
 * ballot adds one id to a sorted turnout list: one short splice, wherever it lands); a middle
 * of the same length whose element-wise changes are shorter (a count that moved) is sent as
 * those changes instead.
 */
import { z } from 'zod';
import { lazySchema } from './lazy-schema';

export const PatchPath = lazySchema(() => z.array(z.union([z.string().max(200), z.number().int().min(0)])).max(32));
export type PatchPath = z.infer<typeof PatchPath>;

export const PatchOp = lazySchema(() => z.discriminatedUnion('op', [
  /** Sets an object's key or an array's element (the path's last part) to `value`. */
  z.object({ op: z.literal('set'), path: PatchPath.min(1), value: z.unknown() }),
  /** Removes an object's key. */
  z.object({ op: z.literal('del'), path: PatchPath.min(1) }),
  /** Replaces `remove` elements from `start` of the array at `path` with `items`. */
  z.object({ op: z.literal('splice'), path: PatchPath, start: z.number().int().min(0), remove: z.number().int().min(0), items: z.array(z.unknown()) }),
]));
export type PatchOp = z.infer<typeof PatchOp>;

type Json = unknown;

function isRecord(v: Json): v is Record<string, Json> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function jsonEqual(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!jsonEqual(a[i], b[i])) return false;
    return true;
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    for (const k of ka) if (!(k in b) || !jsonEqual(a[k], b[k])) return false;
    return true;
  }
  return false;
}

/** The operations that turn `from` into `to` (both plain JSON values). */
export function diffJson(from: Json, to: Json): PatchOp[] {
  const ops: PatchOp[] = [];
  diffValue(from, to, [], ops);
  return ops;
}

function diffValue(a: Json, b: Json, path: PatchPath, ops: PatchOp[]): void {
  if (a === b) return;
  if (Array.isArray(a) && Array.isArray(b)) return diffArray(a, b, path, ops);
  if (isRecord(a) && isRecord(b)) return diffObject(a, b, path, ops);
  if (path.length === 0) throw new Error('diffJson: the root must stay an object or an array');
  ops.push({ op: 'set', path, value: b });
}

function diffObject(a: Record<string, Json>, b: Record<string, Json>, path: PatchPath, ops: PatchOp[]): void {
  for (const k of Object.keys(a)) if (a[k] !== undefined && b[k] === undefined) ops.push({ op: 'del', path: [...path, k] });
  for (const k of Object.keys(b)) {
    if (b[k] === undefined) continue;
    if (a[k] === undefined) ops.push({ op: 'set', path: [...path, k], value: b[k] });
    else diffValue(a[k], b[k], [...path, k], ops);
  }
}

function diffArray(a: Json[], b: Json[], path: PatchPath, ops: PatchOp[]): void {
  let start = 0;
  while (start < a.length && start < b.length && jsonEqual(a[start], b[start])) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && jsonEqual(a[endA - 1], b[endB - 1])) {
    endA--;
    endB--;
  }
  const remove = endA - start;
  const items = b.slice(start, endB);
  if (remove === 0 && items.length === 0) return;
  const splice: PatchOp = { op: 'splice', path, start, remove, items };
  if (remove === items.length) {
    const inPlace: PatchOp[] = [];
    for (let i = start; i < endA; i++) diffValue(a[i], b[i], [...path, i], inPlace);
    if (JSON.stringify(inPlace).length < JSON.stringify(splice).length) {
      ops.push(...inPlace);
      return;
    }
  }
  ops.push(splice);
}

export class PatchError extends Error {}

/** Keys that would reach an object's prototype. */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * `base` with `ops` applied, in order. `base` is left as it was (the containers on the changed
 * paths are copied; the rest is shared). Throws PatchError when an operation does not fit.
 */
export function applyPatch<T>(base: T, ops: readonly PatchOp[]): T {
  const fresh = new Set<object>();
  const copy = <C extends object>(c: C): C => {
    if (fresh.has(c)) return c;
    const out = (Array.isArray(c) ? [...c] : { ...c }) as C;
    fresh.add(out);
    return out;
  };
  if (typeof base !== 'object' || base === null) throw new PatchError('the base is not a container');
  const root = copy(base as object);
  /** The container at `path`, each container on the way copied (once per patch). */
  const reach = (path: PatchPath): Record<string | number, Json> => {
    let node = root as Record<string | number, Json>;
    for (const key of path) {
      if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) throw new PatchError('forbidden key');
      if (Array.isArray(node) ? typeof key !== 'number' || key >= node.length : typeof key !== 'string' || !Object.hasOwn(node, key)) throw new PatchError('no such path');
      const child = node[key];
      if (typeof child !== 'object' || child === null) throw new PatchError('not a container');
      const copied = copy(child as object) as Record<string | number, Json>;
      node[key] = copied;
      node = copied;
    }
    return node;
  };
  for (const op of ops) {
    if (op.op === 'splice') {
      const arr = reach(op.path);
      if (!Array.isArray(arr) || op.start + op.remove > arr.length) throw new PatchError('bad splice');
      arr.splice(op.start, op.remove, ...op.items);
      continue;
    }
    const parent = reach(op.path.slice(0, -1));
    const key = op.path[op.path.length - 1];
    if (Array.isArray(parent)) {
      if (op.op !== 'set' || typeof key !== 'number' || key >= parent.length) throw new PatchError('bad array index');
      parent[key] = op.value;
    } else {
      if (typeof key !== 'string' || FORBIDDEN_KEYS.has(key)) throw new PatchError('bad key');
      if (op.op === 'set') parent[key] = op.value;
      else delete parent[key];
    }
  }
  return root as T;
}
