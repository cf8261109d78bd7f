/**
 * Talking to timestamp, OCSP and CRL servers: a POST that meets a connection the server closed
 * at that moment (keep-alive race) is sent again and succeeds; a timeout is not repeated.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { fetchOnceMore } from '../../signing/net/fetch-once-more';

let server: http.Server | null = null;

afterEach(async () => {
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = null;
});

async function serve(handler: http.RequestListener): Promise<string> {
  server = http.createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/tsa`;
}

describe('fetchOnceMore', () => {
  it('sends a POST again when the connection is dropped without an answer, and gets the answer', async () => {
    let requests = 0;
    const url = await serve((req, res) => {
      requests++;
      req.resume();
      // The first request meets a connection closing under it.
      if (requests === 1) return void req.socket.destroy();
      req.on('end', () => res.end('granted'));
    });
    await expect(fetch(url, { method: 'POST', body: 'q' })).rejects.toThrow(/fetch failed/);
    requests = 0;
    const res = await fetchOnceMore(url, { method: 'POST', body: 'q' }, 30_000);
    expect(await res.text()).toBe('granted');
    expect(requests).toBe(2);
  });

  it('does not repeat a request that ran out of time', async () => {
    let requests = 0;
    const url = await serve((req) => {
      requests++;
      req.resume(); // never answers
    });
    await expect(fetchOnceMore(url, { method: 'POST', body: 'q' }, 1000)).rejects.toMatchObject({ name: 'TimeoutError' });
    // Never a second request (on a loaded machine even the first may not have arrived yet).
    expect(requests).toBeLessThanOrEqual(1);
  });
});
