import pg from 'pg';

/**
 * One connection of its own to PostgreSQL that LISTENs on `channel` and comes back after a drop
 * (a restart of PostgreSQL, a network cut): `retryMs` later, then `onMissed()` once, since a
 * notice sent meanwhile is lost. The pool's connections cannot LISTEN (each query may run on
 * another one). Returns the stop function.
 */
export function listenOn(
  url: string,
  channel: string,
  on: { notice: (payload: string) => void; missed: () => void; error: (e: unknown) => void },
  retryMs: number,
): () => Promise<void> {
  let stopped = false;
  let client: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async (missedSome: boolean) => {
    const c = new pg.Client({ connectionString: url });
    client = c;
    const again = (e: unknown) => {
      if (client !== c) return;
      client = undefined;
      void c.end().catch(() => {});
      if (stopped) return;
      on.error(e);
      retry = setTimeout(() => void connect(true), retryMs);
      retry.unref();
    };
    c.on('error', again);
    c.on('end', () => again(new Error(`the LISTEN ${channel} connection to PostgreSQL ended`)));
    c.on('notification', (n) => {
      if (n.channel === channel) on.notice(n.payload ?? '');
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${channel}`);
      if (stopped) await c.end();
      else if (missedSome) on.missed();
    } catch (e) {
      again(e);
    }
  };
  void connect(false);
  return async () => {
    stopped = true;
    clearTimeout(retry);
    const c = client;
    client = undefined;
    await c?.end().catch(() => {});
  };
}
