/**
 * Requests to timestamp authorities, OCSP responders and CRL servers. A request that fails at
 * the network level (not a timeout, not an HTTP error) is sent once more: such servers close
 * idle keep-alive connections, and a POST that fetch sent on a connection closed at that very
 * moment fails although the server is fine (fetch retries only idempotent requests itself).
 */
const isTimeout = (e: unknown) => e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');

export async function fetchOnceMore(url: string, init: RequestInit, timeoutMs: number, fetchFn: typeof fetch = fetch): Promise<Response> {
  const attempt = () => fetchFn(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  try {
    return await attempt();
  } catch (e) {
    if (isTimeout(e)) throw e;
    return attempt();
  }
}
