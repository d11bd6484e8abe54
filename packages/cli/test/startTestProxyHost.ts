import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createEmbeddedStore,
  createSaleschatProxy,
  toNodeHandler,
  type Lead,
  type SaleschatProxy,
} from '@saleschat-kit/proxy';
import { tempStoreDir } from './tempStoreDir';

/** A deliberate defect, for showing that verify-proxy catches it. */
export type Defect = 'leaks-phone' | 'no-csrf' | 'creates-twice';

export interface TestProxyHostOptions {
  saleschat: { baseUrl: string; token: string; orgId: string };
  /** bearer token → CRM user id. */
  tokens: Record<string, string>;
  /** CRM user id → Saleschat user id. */
  links: Record<string, string>;
  /** The lead behind an id, or `'denied'`; anything else is unknown. */
  leadOf: (crmCustomerId: string) => Lead | 'denied' | undefined;
  assignIntervalMs: number;
  defect?: Defect;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A small node:http CRM backend with the proxy mounted: the kit's way (`toNodeHandler`), or with
 * one defect a port could have — answers that carry the lead's phone, no CSRF check (the cookie
 * is dropped before the proxy sees it), or two instances without a shared store.
 */
export async function startTestProxyHost(options: TestProxyHostOptions) {
  const folders = await Promise.all([tempStoreDir(), tempStoreDir()]);
  const proxies: SaleschatProxy[] = [];
  for (const folder of folders.slice(0, options.defect === 'creates-twice' ? 2 : 1)) {
    const store = createEmbeddedStore({ dataDir: folder.dir });
    for (const [crmUserId, scUserId] of Object.entries(options.links))
      await store.linkUser(crmUserId, scUserId);
    proxies.push(
      createSaleschatProxy({
        saleschat: options.saleschat,
        store,
        logger: null,
        rateLimit: { assignIntervalMs: options.assignIntervalMs },
        authenticate: (request) => {
          const token = /^Bearer (.+)$/.exec(request.headers.get('Authorization') ?? '')?.[1];
          const crmUserId = token === undefined ? undefined : options.tokens[token];
          return crmUserId ? { crmUserId } : null;
        },
        resolveLead: (crmCustomerId) => {
          const lead = options.leadOf(crmCustomerId);
          return lead === 'denied' ? { denied: true } : (lead ?? null);
        },
      }),
    );
  }
  let turn = 0;
  const kitWay = toNodeHandler(proxies[0] as SaleschatProxy);
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!options.defect) return void kitWay(req, res);
    void (async () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !(options.defect === 'no-csrf' && name === 'cookie'))
          headers.set(name, value);
      }
      const body = req.method === 'POST' ? await readBody(req) : undefined;
      const proxy = proxies[turn++ % proxies.length] as SaleschatProxy;
      const response = await proxy.fetch(
        new Request(`http://${req.headers.host}${req.url}`, {
          method: req.method,
          headers,
          body: body && new Uint8Array(body),
        }),
      );
      let text = await response.text();
      if (
        options.defect === 'leaks-phone' &&
        response.status === 200 &&
        req.url?.endsWith('/chat')
      ) {
        const { crmCustomerId } = JSON.parse(String(body)) as { crmCustomerId: string };
        const lead = options.leadOf(crmCustomerId);
        text = JSON.stringify({ ...JSON.parse(text), phone: lead !== 'denied' && lead?.phone });
      }
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(text);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/saleschat`,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await Promise.all(proxies.map((proxy) => proxy.store.close()));
      for (const folder of folders) folder.remove();
    },
  };
}
