/**
 * A loopback HTTP server that answers with a seed's literal reply, so the clients are tested on
 * exactly the text a vendor documents (the sandbox answers in the same shapes but with its own
 * values). Token calls get a flat YCM token reply (FACTS 1.2.1).
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface LiteralReply {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface LiteralServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** Answers every non-token request with `reply`. */
export async function literalServer(reply: LiteralReply): Promise<LiteralServer> {
  const requests: LiteralServer['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (req.url?.includes('/oauth/token')) {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            access_token: 'literal-token',
            refresh_token: 'r',
            token_type: 'bearer',
            expires_in: 1800,
          }),
        );
        return;
      }
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8', ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
