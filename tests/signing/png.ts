/** Small RGBA PNGs drawn in code for tests: a blue handwritten-like stroke and a red round seal. */
import { deflateSync } from 'node:zlib';

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

export function png(width: number, height: number, pixel: (x: number, y: number) => [number, number, number, number], dpi?: number): Buffer {
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0;
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), y * (width * 4 + 1) + 1 + x * 4);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const parts = [Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr)];
  if (dpi) {
    const phys = Buffer.alloc(9);
    const ppm = Math.round(dpi / 0.0254);
    phys.writeUInt32BE(ppm, 0);
    phys.writeUInt32BE(ppm, 4);
    phys[8] = 1;
    parts.push(chunk('pHYs', phys));
  }
  parts.push(chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0)));
  return Buffer.concat(parts);
}

/** A blue signature stroke on a transparent background. */
export function signatureImage(): Buffer {
  return png(300, 120, (x, y) => {
    const curve = 60 + 35 * Math.sin(x / 22) * Math.cos(x / 61);
    return Math.abs(y - curve) < 3 ? [20, 40, 200, 255] : [0, 0, 0, 0];
  });
}

/** A red seal ring, 36 mm wide at its 300 dpi. */
export function sealImage(): Buffer {
  const size = Math.round((36 / 25.4) * 300);
  const c = size / 2;
  return png(size, size, (x, y) => {
    const r = Math.hypot(x - c, y - c);
    return (r < c - 2 && r > c - 24) || (r < c * 0.55 && r > c * 0.5) || (Math.abs(x - c) < 6 && r < c * 0.5) ? [220, 20, 30, 255] : [0, 0, 0, 0];
  }, 300);
}
