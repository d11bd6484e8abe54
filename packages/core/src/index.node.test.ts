import { describe, expect, it } from 'vitest';

describe('@saleschat-kit/core on a server', () => {
  it('imports without a DOM and creates a client without touching one', async () => {
    expect(typeof window).toBe('undefined');
    expect(typeof document).toBe('undefined');
    const core = await import('./index');
    const client = core.createSaleschatClient({ baseUrl: 'http://proxy.test' });
    expect(typeof client.login).toBe('function');
    expect(Object.keys(core).sort()).toMatchInlineSnapshot(`
      [
        "CSRF_HEADER",
        "CSRF_HEADER_VALUE",
        "DEFAULT_BASE_PATH",
        "ERROR_STATUS",
        "PROXY_ERROR_CODES",
        "REQUEST_ID_HEADER",
        "ROUTES",
        "SaleschatError",
        "createSaleschatClient",
        "describeInvalidCrmCustomerId",
        "isErrorBody",
        "isProxyErrorCode",
        "openSaleschatTab",
      ]
    `);
  });
});
