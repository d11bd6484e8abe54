import type { ChatResponse, ErrorBody } from '@saleschat-kit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AssignRoute, SaleschatProxy } from '../src/index';
import { chatRequest } from './createTestWorld';
import { storeFactories } from './testStores';
import { worldPerSuite } from './worldPerSuite';

/** Past Saleschat's one assign per 10 s per contact (and the proxy's jitter margin). */
const ASSIGN_GAP_MS = 11_000;
const FRESH_MS = 15 * 60_000;

/** Keeping Saleschat in step with the CRM (issue 14), against the fake over HTTP. */
describe.each(storeFactories)('keeping Saleschat in step on $name', ({ create }) => {
  let agent: { crmUserId: string; scUserId: string };
  const suite = worldPerSuite(create);

  beforeAll(async () => {
    agent = await suite.world.agent();
  });

  const chat = (crmCustomerId: string, proxy?: SaleschatProxy) =>
    proxy
      ? proxy
          .fetch(chatRequest(agent.crmUserId, crmCustomerId))
          .then(async (response) => ({ status: response.status, body: await response.json() }))
      : suite.world.json<ChatResponse & ErrorBody>('/chat', {
          user: agent.crmUserId,
          body: { crmCustomerId },
        });

  /** The agent's dashboard, read from the fake over HTTP. */
  const dashboard = async (scUserId = agent.scUserId) => {
    const response = await fetch(`${suite.world.fakeUrl}/__admin/users/${scUserId}/chatrooms`);
    return (await response.json()) as { id: string; name: string; contactId: string }[];
  };
  const admin = (path: string, method: string, body?: unknown) =>
    fetch(`${suite.world.fakeUrl}/__admin${path}`, {
      method,
      headers: { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const requestsOf = (endpoint: string) =>
    suite.world.fake.requests.filter((entry) => entry.endpoint === endpoint);

  describe('rename sync', () => {
    it('a renamed lead: exactly one PUT with the new names, the dashboard shows the new name, and the answer says so', async () => {
      const { crmCustomerId, lead } = suite.world.lead({ firstName: 'Asha', lastName: 'Verma' });
      expect((await chat(crmCustomerId)).status).toBe(200);
      suite.world.fake.clearRequests();
      suite.world.leads.set(crmCustomerId, { ...lead, firstName: 'Asha', lastName: 'Kapoor' });

      const renamed = await chat(crmCustomerId);
      expect(renamed.status).toBe(200);
      expect(renamed.body.chatroomName).toBe(`${crmCustomerId} Asha Kapoor`);
      expect(requestsOf('updateContact')).toHaveLength(1);
      expect(requestsOf('updateContact')[0]?.body).toEqual({
        crm_id: crmCustomerId,
        first_name: 'Asha',
        last_name: 'Kapoor',
      });
      expect((await dashboard()).map((room) => room.name)).toContain(
        `${crmCustomerId} Asha Kapoor`,
      );

      // Once Saleschat has the new names, further clicks send none.
      suite.world.fake.clearRequests();
      expect((await chat(crmCustomerId)).body.chatroomName).toBe(`${crmCustomerId} Asha Kapoor`);
      expect(suite.world.fake.countRequests()).toBe(0);
    });

    it('no rename: no PUT', async () => {
      const { crmCustomerId } = suite.world.lead();
      await chat(crmCustomerId);
      suite.world.clock.advance(ASSIGN_GAP_MS);
      suite.world.fake.clearRequests();
      await chat(crmCustomerId);
      expect(suite.world.fake.countRequests('updateContact')).toBe(0);
    });

    it('a failed update still assigns, answers the name Saleschat kept, is logged, and is retried on the next click', async () => {
      const { crmCustomerId, lead } = suite.world.lead({ firstName: 'Ravi', lastName: 'Menon' });
      await chat(crmCustomerId);
      suite.world.leads.set(crmCustomerId, { ...lead, lastName: 'Nair' });
      // The agent changes too, so the click must assign as well.
      const other = await suite.world.agent();
      suite.world.clock.advance(ASSIGN_GAP_MS);
      suite.world.fake.setFault('updateContact', { status: 500, times: 1 });
      suite.world.fake.clearRequests();
      const failed = await suite.world.json<ChatResponse>('/chat', {
        user: other.crmUserId,
        body: { crmCustomerId },
      });
      expect(failed.status).toBe(200);
      expect(failed.body).toMatchObject({
        chatroomName: `${crmCustomerId} Ravi Menon`,
        assignment: 'reassigned',
      });
      expect(suite.world.fake.countRequests('assign')).toBe(1);
      expect(suite.world.logs.some((line) => line.includes('Could not rename'))).toBe(true);

      suite.world.fake.clearRequests();
      const retried = await suite.world.json<ChatResponse>('/chat', {
        user: other.crmUserId,
        body: { crmCustomerId },
      });
      expect(retried.body.chatroomName).toBe(`${crmCustomerId} Ravi Nair`);
      expect(suite.world.fake.countRequests('updateContact')).toBe(1);
      expect(suite.world.fake.countRequests('assign')).toBe(0);
    });
  });

  describe('opt-in', () => {
    it('sends the CRM’s opt-in date as given, and source and isInbound when given', async () => {
      const { crmCustomerId } = suite.world.lead({
        optInDate: new Date('2024-03-05T08:00:00.000Z'),
        source: 'BTRIX',
        isInbound: true,
      });
      expect((await chat(crmCustomerId)).status).toBe(200);
      const sent = requestsOf('createContact').at(-1)?.body as Record<string, unknown>;
      expect(sent).toMatchObject({
        crm_id: crmCustomerId,
        opt_in_date: '2024-03-05T08:00:00.000Z',
        source: 'BTRIX',
        is_inbound: true,
      });

      const iso = suite.world.lead({ optInDate: '2023-11-20T10:15:00+01:00' });
      await chat(iso.crmCustomerId);
      const isoSent = requestsOf('createContact').at(-1)?.body as Record<string, unknown>;
      expect(new Date(isoSent.opt_in_date as string).getTime()).toBe(
        Date.parse('2023-11-20T10:15:00+01:00'),
      );
      expect(isoSent).not.toHaveProperty('source');
      expect(isoSent).not.toHaveProperty('is_inbound');
    });

    it('refuses a lead without opt-in with OPT_IN_MISSING 422, calling Saleschat not at all', async () => {
      const { crmCustomerId } = suite.world.lead({ optInDate: undefined });
      suite.world.fake.clearRequests();
      const refused = await chat(crmCustomerId);
      expect(refused.status).toBe(422);
      expect(refused.body.error.code).toBe('OPT_IN_MISSING');
      expect(suite.world.fake.countRequests()).toBe(0);
    });

    it("with optIn 'assume-at-first-chat', sends the first click's time", async () => {
      const proxy = suite.world.newProxy({ optIn: 'assume-at-first-chat' });
      const { crmCustomerId } = suite.world.lead({ optInDate: null });
      const before = suite.world.clock.now();
      expect((await chat(crmCustomerId, proxy)).status).toBe(200);
      const sent = requestsOf('createContact').at(-1)?.body as { opt_in_date: string };
      expect(Date.parse(sent.opt_in_date)).toBeGreaterThanOrEqual(before);
      expect(Date.parse(sent.opt_in_date)).toBeLessThanOrEqual(suite.world.clock.now());
    });

    it('refuses an optInDate that is not a date as a host mistake (INTERNAL), calling Saleschat not at all', async () => {
      const { crmCustomerId } = suite.world.lead({ optInDate: 'last spring' });
      suite.world.fake.clearRequests();
      const refused = await chat(crmCustomerId);
      expect(refused.status).toBe(500);
      expect(suite.world.fake.countRequests()).toBe(0);
    });
  });

  describe('assignment freshness', () => {
    it('0 calls inside the window, 1 assign after it', async () => {
      const { crmCustomerId } = suite.world.lead();
      await chat(crmCustomerId);
      suite.world.clock.advance(FRESH_MS - 60_000);
      suite.world.fake.clearRequests();
      expect((await chat(crmCustomerId)).body.assignment).toBe('unchanged');
      expect(suite.world.fake.countRequests()).toBe(0);

      suite.world.clock.advance(2 * 60_000);
      const after = await chat(crmCustomerId);
      expect(after.body.assignment).toBe('assigned');
      expect(suite.world.fake.countRequests()).toBe(1);
      expect(suite.world.fake.countRequests('assign')).toBe(1);
    });

    it('a reassignment made in the dashboard is corrected by the first click after the window', async () => {
      const { crmCustomerId } = suite.world.lead();
      const first = await chat(crmCustomerId);
      const manager = await suite.world.agent();
      expect(
        (
          await admin(`/contacts/${first.body.contactId}/assignee`, 'PUT', {
            userId: manager.scUserId,
          })
        ).status,
      ).toBe(204);
      expect((await dashboard()).map((room) => room.contactId)).not.toContain(first.body.contactId);

      suite.world.clock.advance(FRESH_MS + 1000);
      suite.world.fake.clearRequests();
      await chat(crmCustomerId);
      expect(suite.world.fake.countRequests('assign')).toBe(1);
      const rooms = await dashboard();
      expect(rooms[0]?.contactId).toBe(first.body.contactId);
      expect((await dashboard(manager.scUserId)).map((room) => room.contactId)).not.toContain(
        first.body.contactId,
      );
    });

    it('a chatroom deactivated after days without messages is back on the dashboard after the next click', async () => {
      const { crmCustomerId } = suite.world.lead();
      const { body } = await chat(crmCustomerId);
      suite.world.clock.advance(8 * 24 * 60 * 60_000);
      expect((await dashboard()).map((room) => room.contactId)).not.toContain(body.contactId);
      await chat(crmCustomerId);
      expect((await dashboard())[0]?.contactId).toBe(body.contactId);
    });
  });

  describe('routing', () => {
    const routed = (route: AssignRoute) => suite.world.newProxy({ assignTo: () => route });

    it('a group route sends group_id; the fake hands the chatroom to a member; the answer names the team', async () => {
      const member = await suite.world.agent();
      expect(
        (await admin('/groups/grp-sales', 'PUT', { name: 'Sales', members: [member.scUserId] }))
          .status,
      ).toBe(204);
      const proxy = routed({ groupId: 'grp-sales', groupName: 'Sales' });
      const { crmCustomerId } = suite.world.lead();
      const answer = await chat(crmCustomerId, proxy);
      expect(answer.status).toBe(200);
      expect(answer.body.assignedTo).toEqual({ to: 'group', groupName: 'Sales' });
      expect(requestsOf('assign').at(-1)?.body).toEqual({ group_id: 'grp-sales' });
      expect((await dashboard(member.scUserId))[0]?.contactId).toBe(answer.body.contactId);

      suite.world.fake.clearRequests();
      expect((await chat(crmCustomerId, proxy)).body).toMatchObject({
        assignment: 'unchanged',
        assignedTo: { to: 'group', groupName: 'Sales' },
      });
      expect(suite.world.fake.countRequests()).toBe(0);
    });

    it('a handover route sends assign_on_handover; the chatroom is the agent’s once the lead replies', async () => {
      const proxy = routed({ onHandover: true });
      const { crmCustomerId } = suite.world.lead();
      const answer = await chat(crmCustomerId, proxy);
      expect(answer.status).toBe(200);
      expect(answer.body.assignedTo).toEqual({ to: 'handover' });
      expect(requestsOf('assign').at(-1)?.body).toEqual({
        user_id: agent.scUserId,
        assign_on_handover: true,
      });
      expect((await dashboard()).map((room) => room.contactId)).not.toContain(
        answer.body.contactId,
      );
      expect((await admin(`/contacts/${answer.body.contactId}/reply`, 'POST')).status).toBe(204);
      expect((await dashboard())[0]?.contactId).toBe(answer.body.contactId);
    });

    it('the agent route (the default) answers without assignedTo', async () => {
      const { crmCustomerId } = suite.world.lead();
      const answer = await chat(crmCustomerId, routed('agent'));
      expect(answer.body).not.toHaveProperty('assignedTo');
      expect(requestsOf('assign').at(-1)?.body).toEqual({ user_id: agent.scUserId });
    });
  });
});
