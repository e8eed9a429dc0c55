import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from '../logger.js';
import type { WatchState } from './knowledge-watcher.js';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

/** What `GET /healthz` returns. */
export interface Health {
  /** `ok` when every adapter is connected (or none is configured) and the knowledge folder is watched. */
  status: 'ok' | 'degraded';
  adapters: Record<string, ConnectionState>;
  /** `missing` while the knowledge folder is gone (the last good index serves), `not-watching` if edits go unseen. */
  knowledgeFolder: WatchState;
  index: { documents: number; passages: number };
  /** When the library now serving was loaded (ISO). */
  lastReload: string;
  /** Set when the latest reload failed, with its file:line problems; the older library keeps serving. */
  lastReloadError?: { at: string; problems: string[] };
  uptimeSeconds: number;
  /** The store: reachable and writable (`ok`), or not; a replica without its database cannot answer once. */
  database?: DatabaseHealth;
}

export interface DatabaseHealth {
  kind: 'sqlite' | 'postgres';
  state: 'ok' | 'read-only' | 'unreachable';
  schemaVersion?: number;
  /** PostgreSQL: the database's clock minus this machine's, in ms; reminder leases need it well under a minute. */
  clockOffsetMs?: number;
  error?: string;
}

/** A request handler for `/healthz`, usable on our own server or as a Bolt custom route. */
export function healthHandler(
  read: () => Health | Promise<Health>,
): (req: IncomingMessage, res: ServerResponse) => void {
  return async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET' }).end();
      return;
    }
    const health = await read();
    res
      .writeHead(health.status === 'ok' ? 200 : 503, { 'content-type': 'application/json; charset=utf-8' })
      .end(req.method === 'HEAD' ? undefined : JSON.stringify(health));
  };
}

/** A small HTTP server answering only `/healthz`, for when no Slack HTTP receiver owns the port. */
export async function startHealthServer(
  port: number,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  logger: Logger,
  host = '0.0.0.0',
): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    if (req.url?.split('?')[0] === '/healthz') handler(req, res);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  logger.info({ port: bound }, 'health endpoint listening on /healthz');
  return {
    server,
    port: bound,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
