/**
 * A small real HTTP + WebSocket load balancer in front of several server instances, as a
 * deployment puts nginx or HAProxy there: it forwards each request, and each WebSocket upgrade
 * as a raw TCP stream, to the first instance of its lane that accepts a connection (an instance
 * that died refuses it, so clients are routed to the living ones). A lane is one listening port
 * with its own order of instances, so a test decides which instance each client starts on.
 */
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  /** The address of a lane whose clients go to `ports` in that order (the first alive). */
  lane(ports: number[]): Promise<string>;
  close(): Promise<void>;
}

function connectFirst(ports: readonly number[]): Promise<{ socket: net.Socket; port: number }> {
  return new Promise((resolve, reject) => {
    const attempt = (i: number) => {
      if (i >= ports.length) return reject(new Error('no instance accepts connections'));
      const socket = net.connect(ports[i]!, '127.0.0.1');
      socket.once('connect', () => resolve({ socket, port: ports[i]! }));
      socket.once('error', () => attempt(i + 1));
    };
    attempt(0);
  });
}

export function startBalancer(): Balancer {
  const servers: http.Server[] = [];
  const open = new Set<net.Socket>();
  const track = (s: net.Socket) => {
    open.add(s);
    s.once('close', () => open.delete(s));
  };
  return {
    async lane(ports) {
      const server = http.createServer((req, res) => {
        void connectFirst(ports).then(
          ({ socket }) => {
            track(socket);
            const upstream = http.request(
              { method: req.method, path: req.url, headers: req.headers, createConnection: () => socket },
              (answer) => {
                res.writeHead(answer.statusCode ?? 502, answer.rawHeaders);
                answer.pipe(res);
              },
            );
            upstream.on('error', () => {
              if (!res.headersSent) res.writeHead(502).end();
              else res.destroy();
            });
            req.pipe(upstream);
          },
          () => res.writeHead(502).end(),
        );
      });
      server.on('upgrade', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
        track(client);
        void connectFirst(ports).then(
          ({ socket }) => {
            track(socket);
            const lines = [`${req.method} ${req.url} HTTP/1.1`];
            for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
            socket.write(lines.join('\r\n') + '\r\n\r\n');
            if (head.length) socket.write(head);
            socket.pipe(client).pipe(socket);
            // The instance died or closed: the client sees its socket close and reconnects.
            socket.on('error', () => client.destroy());
            socket.on('close', () => client.destroy());
            client.on('error', () => socket.destroy());
            client.on('close', () => socket.destroy());
          },
          () => client.destroy(),
        );
      });
      server.on('connection', track);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      servers.push(server);
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    },
    async close() {
      for (const s of open) s.destroy();
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    },
  };
}
