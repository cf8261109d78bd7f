/**
 * Inflating (FlateDecode) untrusted PDF streams under a ceiling: a few hundred kilobytes of a
 * "zip bomb" expand to gigabytes. The streaming decoder is fed small slices (deflate expands at
 * most about 1032:1, so a slice yields a few MB at most), the output is counted as it grows, and
 * the work stops at the ceiling. Pure JavaScript (fflate) on purpose: a worker thread ended at its
 * time limit in the middle of it cannot take the process down, which Node 20 can do when a thread
 * ends inside native zlib work.
 */
import { Unzlib, unzlibSync } from 'fflate';

const SLICE = 8 * 1024;
/**
 * A single Flate stream given whole and this small (content streams, fonts: most of a PDF's
 * streams) is first inflated in one call into a buffer kept for that (ONE_CALL_OUTPUT): fflate's
 * streaming decoder, and its one-call decoder without a buffer, allocate 130-200 KB for every
 * stream however small (tracemonkey.pdf's ~380 streams: half of its measure went to allocations
 * and page faults). Output that does not fit goes through the streaming decoder.
 */
const ONE_CALL_INPUT = 16 * 1024;
const ONE_CALL_OUTPUT = 1024 * 1024;
let oneCallOut: Uint8Array | null = null;

/** Thrown when a stream inflates past the ceiling it was given. */
export class InflateCeilingReached extends Error {
  constructor(readonly ceiling: number) {
    super(`the stream inflates past ${ceiling} bytes`);
    this.name = 'InflateCeilingReached';
  }
}

type Sink = (chunk: Uint8Array, final: boolean) => void;

const NOTHING = new Uint8Array(0);

/**
 * Data in slices, then the end on its own: a decoder that meets corrupt data in the slice it is
 * told is the last throws before handing over what it read of it, which a reader would read
 * (and a truncated bomb of a few KB would count as nothing).
 */
function feed(push: (chunk: Uint8Array, final: boolean) => void, data: Uint8Array, final: boolean): void {
  for (let i = 0; i < data.length; i += SLICE) push(data.subarray(i, Math.min(data.length, i + SLICE)), false);
  if (final) push(NOTHING, true);
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
  let started = false;
  return {
    push(chunk, final) {
      if (broken) return;
      const whole = !started && final && layers === 1 && chunk.length <= ONE_CALL_INPUT;
      started = true;
      const out = whole ? inflateSmall(chunk) : null;
      if (out) {
        if (out.length > ceiling) throw new InflateCeilingReached(ceiling);
        return sink(out, true);
      }
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

/**
 * `data` inflated in one call (a copy), or null when it does not fit in ONE_CALL_OUTPUT or is
 * corrupt: the streaming decoder then measures it, and hands over what a reader could read.
 */
function inflateSmall(data: Uint8Array): Uint8Array | null {
  oneCallOut ??= new Uint8Array(ONE_CALL_OUTPUT);
  let out: Uint8Array;
  try {
    out = unzlibSync(data, { out: oneCallOut });
  } catch {
    return null;
  }
  // A full buffer may have dropped the rest (fflate writes nothing past a buffer it was given).
  return out.length < ONE_CALL_OUTPUT ? out.slice() : null;
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
