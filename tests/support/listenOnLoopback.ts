import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';

/** A server listening on a free loopback port: its base URL, and how to stop it. */
export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  base: string;
  /** Ends open (keep-alive) connections too, so a test file never waits on them. */
  close(): Promise<void>;
}

/** Starts `app` (an Express app, or anything with `listen`) on a free port of 127.0.0.1. */
export async function listenOnLoopback(app: {
  listen(port: number, host: string): Server;
}): Promise<LoopbackServer> {
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
