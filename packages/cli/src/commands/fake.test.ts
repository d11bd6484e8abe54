import { describe, expect, it } from 'vitest';
import { captureIo } from '../../test/captureIo';
import { runCli } from '../runCli';

describe('saleschat-kit fake', () => {
  it('serves a fake Saleschat until Ctrl-C, with the token and organisation given', async () => {
    const controller = new AbortController();
    const io = captureIo({}, { signal: controller.signal });
    const running = runCli(['fake', '--port', '0', '--org', 'org_try', '--token', 'try-token'], io);
    let url: string | undefined;
    while (!url) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.stdout.text)?.[1];
    }
    expect(io.stdout.text).toMatch(
      `Use it with: SALESCHAT_BASE_URL=${url} SALESCHAT_ORG_ID=org_try`,
    );
    expect(io.stdout.text).not.toContain('try-token');

    const created = await fetch(`${url}/v1/org/org_try/user`, {
      method: 'POST',
      headers: { authorization: 'Bearer try-token', 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'a@example.com',
        password: 'password1',
        first_name: 'A',
        last_name: 'B',
      }),
    });
    expect(created.status).toBe(200);

    controller.abort();
    expect(await running).toBe(0);
    expect(io.stdout.text).toMatch(/Fake Saleschat stopped\.\n$/);
    await expect(fetch(`${url}/v1/org/org_try/user`)).rejects.toThrow();
  });
});
