import type { Server } from 'node:http';

/**
 * Makes an HTTP server that is about to close let go of its keep-alive connections at once.
 * `server.close()` alone closes only the connections idle at that instant: a client that keeps
 * sending on its open connection (Slack delivering events, a monitor polling) is served for ever
 * after, and the close waits out the keep-alive timeout. From here on every answer says
 * `Connection: close`, and connections that fall idle are closed as soon as they do; requests
 * already being answered finish first.
 */
export function letGoOfConnections(server: Server, checkEveryMs = 50): void {
  server.prependListener('request', (_req, res) => {
    if (!res.headersSent) res.setHeader('connection', 'close');
  });
  server.closeIdleConnections();
  const timer = setInterval(() => server.closeIdleConnections(), checkEveryMs);
  timer.unref();
  server.once('close', () => clearInterval(timer));
}
