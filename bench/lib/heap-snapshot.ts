/**
 * What two heap snapshots of the same Chromium run hold, side by side: bytes by kind of V8 object
 * (compiled code, strings, objects by constructor…) and the kinds that differ most. Blink's own
 * objects and external string data (script sources) are left out: the page's `JSHeapUsedSize`,
 * which the reader bench compares, does not count them either.
 */
import { readFileSync } from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[]] } };
  nodes: number[];
  strings: string[];
}

/** Bytes by kind: `code: <what>`, `string`, `object: <constructor>`, `<type>: <name>`. */
function bytesByKind(file: string): Map<string, number> {
  const s = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
  const fields = s.snapshot.meta.node_fields;
  const types = s.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const out = new Map<string, number>();
  for (let i = 0; i < s.nodes.length; i += fields.length) {
    const type = types[s.nodes[i + typeAt]];
    if (type === 'native') continue;
    const name = s.strings[s.nodes[i + nameAt]];
    const kind = type.endsWith('string') ? 'string' : type === 'code' ? `code: ${name.replace(/^system \/ /, '').slice(0, 40)}` : `${type}: ${name.slice(0, 40)}`;
    out.set(kind, (out.get(kind) ?? 0) + s.nodes[i + sizeAt]);
  }
  return out;
}

/** Prints totals and the `top` kinds where `ours` holds the most more than `baseline`. */
export function printHeapComparison(ours: string, baseline: string, top = 15): void {
  const a = bytesByKind(ours);
  const b = bytesByKind(baseline);
  const total = (m: Map<string, number>) => [...m.values()].reduce((x, y) => x + y, 0);
  const kB = (n: number) => `${(n / 1024).toFixed(0)} KB`;
  console.log(`heap snapshots (V8 objects, without Blink's and script sources): ours ${kB(total(a))}, baseline ${kB(total(b))}`);
  const rows = [...new Set([...a.keys(), ...b.keys()])].map((k) => ({ k, ours: a.get(k) ?? 0, base: b.get(k) ?? 0 }));
  rows.sort((x, y) => y.ours - y.base - (x.ours - x.base));
  for (const r of rows.slice(0, top)) console.log(`  ${`+${kB(r.ours - r.base)}`.padStart(9)}  ${kB(r.ours).padStart(8)} vs ${kB(r.base).padStart(8)}  ${r.k}`);
}
