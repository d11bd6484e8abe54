import type { ErrorBody } from '@saleschat-kit/core';
import { describe, expect, it } from 'vitest';
import type { SaleschatProxy } from '../src/index';
import { chatRequest, ORG_ID, TOKEN } from './createTestWorld';
import { storeFactories } from './testStores';
import { worldPerSuite } from './worldPerSuite';

/** Every way a phone number may be written down: as given, E.164, digits only. */
function phoneForms(phone: string): string[] {
  const e164 = phone.replace(/[\s().-]/g, '');
  return [phone, e164, e164.slice(1)];
}

describe.each(storeFactories)('secrets on $name', ({ create }) => {
  const phones: string[] = [];
  const names: string[] = [];
  const errorBodies: string[] = [];
  const suite = worldPerSuite(create);

  function newLead(phone: string) {
    const firstName = `Zuleika${phones.length}`;
    const lastName = `Fairweather${phones.length}`;
    phones.push(phone);
    names.push(firstName, lastName);
    return suite.world.lead({ firstName, lastName, phone }).crmCustomerId;
  }

  async function chatThrough(proxy: SaleschatProxy, crmUserId: string, crmCustomerId: string) {
    const response = await proxy.fetch(chatRequest(crmUserId, crmCustomerId));
    const text = await response.text();
    suite.world.responses.push(text);
    if (response.status >= 400) errorBodies.push(text);
    return response.status;
  }

  it('never appear in a response body, an error message or a log line, whatever happens', async () => {
    const first = await suite.world.agent();
    const second = await suite.world.agent();
    const chat = async (crmUserId: string, crmCustomerId: string) => {
      const response = await suite.world.request('/chat', {
        user: crmUserId,
        body: { crmCustomerId },
      });
      if (response.status >= 400) errorBodies.push(await response.text());
      return response.status;
    };

    // The happy paths.
    await suite.world.request('/login', { user: first.crmUserId });
    const lead = newLead('+91 98111 22334');
    expect(await chat(first.crmUserId, lead)).toBe(200);
    expect(await chat(first.crmUserId, lead)).toBe(200);
    expect(await chat(second.crmUserId, lead)).toBe(429);
    suite.world.clock.advance(11_000);
    expect(await chat(second.crmUserId, lead)).toBe(200);

    // Every injected fault, on each endpoint the chat and login use.
    for (const fault of [
      { status: 500 },
      { status: 429 },
      { malformedJson: true },
      { drop: true },
    ]) {
      suite.world.clock.advance(2000);
      suite.world.fake.setFault('createContact', fault);
      expect(
        await chat(first.crmUserId, newLead(`+4479${String(phones.length).padStart(8, '7')}`)),
      ).toBeGreaterThanOrEqual(400);
      suite.world.fake.clearFaults();
      suite.world.fake.setFault('assign', fault);
      await chat(first.crmUserId, newLead(`+1555${String(phones.length).padStart(7, '3')}`));
      suite.world.fake.clearFaults();
      suite.world.fake.setFault('magicLink', fault);
      await suite.world.request('/login', { user: second.crmUserId });
      suite.world.fake.clearFaults();
      suite.world.clock.advance(20 * 60_000);
    }
    // A lead Saleschat refuses, and a lead without a usable number.
    expect(await chat(first.crmUserId, newLead('+0123'))).toBe(400);

    // A Saleschat that echoes the request, names and number included, in its error.
    const echoing = suite.world.newProxy({
      saleschat: {
        baseUrl: suite.world.fakeUrl,
        token: TOKEN,
        orgId: ORG_ID,
        fetch: async (input, init) => {
          if (!String(input).includes('/contact')) return fetch(input, init);
          const sent = String(init?.body);
          return Response.json(
            {
              error_code: 4000001,
              error_message: `INVALID ${sent}`,
              error_description: `Bad contact ${sent} (token ${TOKEN})`,
              payload: {},
            },
            { status: 400 },
          );
        },
      },
    });
    suite.world.clock.advance(2000);
    expect(await chatThrough(echoing, first.crmUserId, newLead('+33 6 12 34 56 78'))).toBe(502);

    // A proxy with the wrong token, and one whose Saleschat is down.
    const wrongToken = suite.world.newProxy({
      saleschat: { baseUrl: suite.world.fakeUrl, token: `${TOKEN}-revoked`, orgId: ORG_ID },
    });
    expect(await chatThrough(wrongToken, first.crmUserId, newLead('+4915112345678'))).toBe(502);
    const down = suite.world.newProxy({
      saleschat: { baseUrl: 'http://127.0.0.1:9', token: TOKEN, orgId: ORG_ID, timeoutMs: 500 },
    });
    expect(await chatThrough(down, first.crmUserId, newLead('+4915187654321'))).toBe(503);

    const responses = suite.world.responses.join('\n');
    const logs = suite.world.logs.join('\n');
    expect(suite.world.logs.length).toBeGreaterThan(20);
    for (const text of [responses, logs]) {
      expect(text).not.toContain(TOKEN);
      for (const phone of phones) {
        for (const form of phoneForms(phone)) expect(text).not.toContain(form);
      }
    }
    // Names reach the browser only as the chatroom name of a successful chat.
    const errors = errorBodies.join('\n');
    for (const name of names) {
      expect(logs).not.toContain(name);
      expect(errors).not.toContain(name);
    }
    // The redaction is visible where it happened, so an operator knows something was there.
    expect(errors).toContain('[redacted]');
    expect(logs).toContain('[redacted]');
  });
  it("leave the kit's own messages as written, whatever the lead is called", async () => {
    const first = await suite.world.agent();
    const second = await suite.world.agent();
    // A lead called "Lead Contact": its reassign within Saleschat's 10 s answers the kit's text.
    const named = suite.world.lead({ firstName: 'Lead', lastName: 'Contact' }).crmCustomerId;
    expect(
      (await suite.world.json('/chat', { user: first.crmUserId, body: { crmCustomerId: named } }))
        .status,
    ).toBe(200);
    const limited = await suite.world.json<ErrorBody>('/chat', {
      user: second.crmUserId,
      body: { crmCustomerId: named },
    });
    expect(limited.status).toBe(429);
    expect(limited.body.error.message).toMatch(/^This lead's chatroom was assigned moments ago/);
    // A lead without a usable phone, called like the words of the message.
    const noPhone = suite.world.lead({
      firstName: 'Lead',
      lastName: 'Phone',
      phone: '12345',
    }).crmCustomerId;
    const refused = await suite.world.json<ErrorBody>('/chat', {
      user: first.crmUserId,
      body: { crmCustomerId: noPhone },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('(like +919999999999)');
    expect(refused.body.error.message).not.toContain('[redacted]');
  });
});
