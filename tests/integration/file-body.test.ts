/**
 * The streamed upload body: a request that cannot reach the server (offline, refused) must not
 * leave the file open behind it once the caller closes it; the client retries uploads while offline, and every leaked
 * handle stayed open until garbage collection (Node warns it will become an error).
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileBody, sealedFileBody } from '../../electron/services/files/file-body';
import { writeEncryptedBlob } from '../../electron/services/crypto/blob-file';
import crypto from 'node:crypto';
import { openHandles } from '../helpers/open-files';
import { removeTempDirs, tempDir } from './helpers/temp';

afterAll(() => removeTempDirs());

const openHandlesOn = (file: string) => openHandles((f) => f === file);

async function unusedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('fileBodyStream', () => {
  it('leaves no file open when the server cannot be reached, however often the upload is retried', async () => {
    const file = path.join(tempDir(), 'to-upload.pdf');
    fs.writeFileSync(file, Buffer.alloc(3 * 1024 * 1024, 7));
    const port = await unusedPort();
    for (let i = 0; i < 5; i++) {
      const body = fileBody(file);
      const sent = fetch(`http://127.0.0.1:${port}/api/blobs/x`, { method: 'PUT', body: body.stream, duplex: 'half' } as RequestInit);
      await expect(sent).rejects.toThrow();
      await body.close();
    }
    expect(openHandlesOn(fs.realpathSync(file))).toBe(0);
  });

  it('sends the whole file, and closes it once sent', async () => {
    const file = path.join(tempDir(), 'sent.pdf');
    const bytes = Buffer.alloc(1024 * 1024 + 123);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    fs.writeFileSync(file, bytes);
    const received: Buffer[] = [];
    const server = http.createServer((req, res) => {
      req.on('data', (c: Buffer) => received.push(c));
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'PUT', body: fileBody(file).stream, duplex: 'half' } as RequestInit);
      expect(await res.text()).toBe('ok');
      expect(Buffer.concat(received).equals(bytes)).toBe(true);
      expect(openHandlesOn(fs.realpathSync(file))).toBe(0);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });

  it('a sealed file (a queued upload) is sent as its plain bytes, and closed once sent', async () => {
    const file = path.join(tempDir(), 'sealed-upload');
    const bytes = crypto.randomBytes(200 * 1024 + 17);
    const key = crypto.randomBytes(32);
    await writeEncryptedBlob(file, key, bytes);
    expect(fs.readFileSync(file).includes(bytes.subarray(0, 64))).toBe(false);
    const received: Buffer[] = [];
    const server = http.createServer((req, res) => {
      req.on('data', (c: Buffer) => received.push(c));
      req.on('end', () => res.end('ok'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const body = sealedFileBody(file, key);
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, { method: 'PUT', body: body.stream, duplex: 'half' } as RequestInit);
      expect(await res.text()).toBe('ok');
      await body.close();
      expect(Buffer.concat(received).equals(bytes)).toBe(true);
      expect(openHandlesOn(fs.realpathSync(file))).toBe(0);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
