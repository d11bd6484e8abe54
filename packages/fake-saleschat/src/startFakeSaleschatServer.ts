import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createFakeSaleschat } from './createFakeSaleschat';
import { saleschatErrorResponse } from './saleschatErrorResponse';
import type { FakeSaleschat, FakeSaleschatOptions } from './types';

/** Bodies over this are refused with 413 before the fake sees them. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface FakeSaleschatServerOptions extends FakeSaleschatOptions {
  /** Port to listen on; default 0 (a free port). */
  port?: number;
  /** Interface to bind; default `'127.0.0.1'` (loopback only). */
  host?: string;
}

export interface FakeSaleschatServer {
  /** The server's origin, e.g. `http://127.0.0.1:4010`. */
  url: string;
  fake: FakeSaleschat;
  /** Stops listening, ends every open request (including held `timeout` ones) and resolves when closed. */
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function toHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  return headers;
}

async function send(response: Response, res: ServerResponse): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, headers);
  res.end(body);
}

/**
 * Serves a fake Saleschat over HTTP (its magic links point at this server). Each request gets
 * an AbortSignal that fires when its connection closes or the server does, which is what ends
 * `timeout` and latency faults.
 */
export async function startFakeSaleschatServer(
  options: FakeSaleschatServerOptions = {},
): Promise<FakeSaleschatServer> {
  const { port = 0, host = '127.0.0.1', ...fakeOptions } = options;
  const open = new Set<AbortController>();
  let fake: FakeSaleschat | null = null;

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    open.add(controller);
    res.on('close', () => {
      open.delete(controller);
      controller.abort();
    });
    try {
      if (!fake) throw new Error('not started');
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch (error) {
        if (!(error instanceof BodyTooLarge)) throw error;
        res.setHeader('connection', 'close');
        await send(saleschatErrorResponse(413, 'The request body is larger than 1 MiB.'), res);
        return;
      }
      const method = req.method ?? 'GET';
      const request = new Request(new URL(req.url ?? '/', 'http://fake-saleschat.invalid'), {
        method,
        headers: toHeaders(req),
        body: method === 'GET' || method === 'HEAD' ? null : new Uint8Array(body),
        signal: controller.signal,
      });
      const response = await fake.handle(request);
      if (res.destroyed) return;
      if (response.type === 'error') {
        // A dropped connection: no status line, no bytes.
        req.socket.destroy();
        return;
      }
      await send(response, res);
    } catch {
      if (res.headersSent || res.destroyed) {
        req.socket.destroy();
        return;
      }
      await send(saleschatErrorResponse(400, 'The request could not be read.'), res).catch(() =>
        req.socket.destroy(),
      );
    }
  }

  // Loaded here, not at the top, so a browser bundle of this package (msw in Storybook) does
  // not need node:http to load.
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    void serve(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostname = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${hostname}:${address.port}`;
  fake = createFakeSaleschat({ ...fakeOptions, publicUrl: fakeOptions.publicUrl ?? url });

  let closing: Promise<void> | null = null;
  return {
    url,
    fake,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        for (const controller of open) controller.abort();
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
