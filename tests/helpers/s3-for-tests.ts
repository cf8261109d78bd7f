/**
 * A real S3 endpoint over HTTP for the tests: s3rver (an S3-compatible server written for Node,
 * objects on disk), behind a small recording proxy so a test can see what crossed the wire
 * (which objects were read, with which Range, how many bytes came back).
 */
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import type { S3StoreOption } from '../../server/blobs/s3-location';

export interface S3Exchange {
  method: string;
  url: string;
  range: string | undefined;
  status: number;
  /** Bytes of the answer's body. */
  bytes: number;
}

export interface S3ForTests {
  endpoint: string;
  bucket: string;
  /** Every request since the start (or the last `exchanges.length = 0`). */
  exchanges: S3Exchange[];
  /** A store option on this endpoint; each prefix is a store of its own. */
  option(prefix: string, extra?: Partial<S3StoreOption>): S3StoreOption;
  stop(): Promise<void>;
}

export async function startS3ForTests(): Promise<S3ForTests> {
  const dir = await mkdtemp(join(tmpdir(), 'ecab-s3-'));
  const bucket = 'ecabinet-test';
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const target = await s3.run();
  const exchanges: S3Exchange[] = [];
  const proxy = http.createServer((req, res) => {
    const upstream = http.request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      const seen: S3Exchange = { method: req.method ?? '', url: req.url ?? '', range: req.headers.range, status: answer.statusCode ?? 0, bytes: 0 };
      exchanges.push(seen);
      answer.on('data', (chunk: Buffer) => (seen.bytes += chunk.length));
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
  return {
    endpoint,
    bucket,
    exchanges,
    option: (prefix, extra = {}) => ({
      kind: 's3',
      bucket,
      prefix: prefix ? `${prefix.replace(/\/+$/, '')}/` : '',
      endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      // s3rver's fixed account.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      ...extra,
    }),
    async stop() {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
      await s3.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
