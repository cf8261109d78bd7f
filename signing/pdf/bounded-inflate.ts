/**
 * Inflating (FlateDecode) untrusted PDF streams under a ceiling: a few hundred kilobytes of a
 * "zip bomb" expand to gigabytes. The streaming decoder is fed small slices (deflate expands at
 * most about 1032:1, so a slice yields a few MB at most), the output is counted as it grows, and
 * the work stops at the ceiling. Pure JavaScript (fflate) on purpose: a worker thread ended at its
 * time limit in the middle of it cannot take the process down, which Node 20 can do when a thread
 * ends inside native zlib work.
 */
import { Unzlib } from 'fflate';

const SLICE = 8 * 1024;

/** Thrown when a stream inflates past the ceiling it was given. */
export class InflateCeilingReached extends Error {
  constructor(readonly ceiling: number) {
    super(`the stream inflates past ${ceiling} bytes`);
    this.name = 'InflateCeilingReached';
  }
}

type Sink = (chunk: Uint8Array, final: boolean) => void;

function feed(push: (chunk: Uint8Array, final: boolean) => void, data: Uint8Array, final: boolean): void {
  if (data.length === 0) return push(data, final);
  for (let i = 0; i < data.length; i += SLICE) push(data.subarray(i, Math.min(data.length, i + SLICE)), final && i + SLICE >= data.length);
}

/**
 * A chain of `layers` FlateDecode filters in a row (`[/FlateDecode /FlateDecode]`) fed a piece
 * at a time (a whole stream, or one read a window at a time), handing the last layer's output to
 * `sink`. Every layer's output counts against `ceiling` (past it: InflateCeilingReached). Corrupt
 * data ends the stream where readers would stop: `broken()` is then true, what was inflated so far
 * has been handed over, and later pieces are ignored.
 */
export function layeredInflater(layers: number, ceiling: number, sink: Sink): { push(chunk: Uint8Array, final: boolean): void; broken(): boolean } {
  let push: (chunk: Uint8Array, final: boolean) => void = (chunk, final) => sink(chunk, final);
  for (let layer = 0; layer < layers; layer++) {
    const next = push;
    let produced = 0;
    const z = new Unzlib((chunk, final) => {
      produced += chunk.length;
      if (produced > ceiling) throw new InflateCeilingReached(ceiling);
      feed(next, chunk, final);
    });
    push = (chunk, final) => z.push(chunk, final);
  }
  let broken = false;
  return {
    push(chunk, final) {
      if (broken) return;
      try {
        feed(push, chunk, final);
      } catch (e) {
        if (e instanceof InflateCeilingReached) throw e;
        broken = true;
      }
    },
    broken: () => broken,
  };
}

/** Runs `data` through `layers` FlateDecode filters (see layeredInflater); false when the data was corrupt. */
export function inflateLayers(data: Uint8Array, layers: number, ceiling: number, sink: Sink): boolean {
  if (layers <= 0) {
    sink(data, true);
    return true;
  }
  const inflater = layeredInflater(layers, ceiling, sink);
  inflater.push(data, true);
  return !inflater.broken();
}

/** How many bytes `data` inflates to (through `layers` Flate filters), without keeping them. */
export function inflatedLength(data: Uint8Array, layers: number, ceiling: number): number {
  let total = 0;
  inflateLayers(data, layers, ceiling, (chunk) => {
    total += chunk.length;
  });
  return total;
}

/** The inflated bytes of a zlib stream, at most `ceiling` of them (else InflateCeilingReached). */
export function inflateWithin(data: Uint8Array, ceiling: number, layers = 1): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  inflateLayers(data, layers, ceiling, (chunk) => {
    chunks.push(chunk);
    total += chunk.length;
  });
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
