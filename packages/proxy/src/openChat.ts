import {
  SaleschatError,
  describeInvalidCrmCustomerId,
  isProxyErrorCode,
  type ChatResponse,
  type ContactOutcome,
} from '@saleschat-kit/core';
import { cleanName, normalizePhone, retry } from '@saleschat-kit/saleschat-client';
import { z } from 'zod';
import type { ContactRecord, StoreQueries } from './store/types';
import type { ProxyContext, ProxyUser, RouteOutcome } from './types';

/** Added to the assign interval: two requests sent 10 s apart may arrive closer together. */
export const ASSIGN_JITTER_MS = 300;

/** `POST /chat` body, checked at the edge with the same rule the browser client applies. */
export const chatRequestSchema = z.object(
  {
    crmCustomerId: z.custom<string>((value) => describeInvalidCrmCustomerId(value) === null, {
      error: (issue) => describeInvalidCrmCustomerId(issue.input) ?? 'crmCustomerId is not valid',
    }),
  },
  { error: 'The body must be a JSON object like {"crmCustomerId": "…"}' },
);

/** A lead's details, cleaned for Saleschat. */
interface CleanLead {
  firstName: string | undefined;
  lastName: string | undefined;
  phone: string;
}

/**
 * Asks the host for the lead. This is also the access check, so it runs on every Chat — not
 * only when the contact is new — or any agent could take over any known lead by its id.
 */
async function resolveLead(
  context: ProxyContext,
  crmCustomerId: string,
  user: ProxyUser,
): Promise<CleanLead> {
  let lead: unknown;
  try {
    lead = await context.resolveLead(crmCustomerId, user);
  } catch (error) {
    if (error instanceof SaleschatError && isProxyErrorCode(error.code)) throw error;
    throw new Error('resolveLead() threw', { cause: error });
  }
  if (lead === null || lead === undefined) {
    throw new SaleschatError({
      code: 'LEAD_NOT_FOUND',
      message: 'There is no lead with this id that you can see.',
    });
  }
  if (typeof lead !== 'object') {
    throw new Error(
      'resolveLead() must return { firstName, lastName, phone }, { denied: true } or null',
    );
  }
  if ((lead as { denied?: unknown }).denied === true) {
    throw new SaleschatError({
      code: 'FORBIDDEN',
      message: 'You are not allowed to chat with this lead.',
    });
  }
  const { firstName, lastName, phone } = lead as Record<string, unknown>;
  const validName = (name: unknown) =>
    name === undefined || name === null || typeof name === 'string';
  if (!validName(firstName) || !validName(lastName)) {
    throw new Error('resolveLead() returned a firstName or lastName that is not a string');
  }
  const e164 = normalizePhone(phone);
  if (!e164) {
    // The agent's request is fine, but Saleschat cannot reach a lead without a valid number.
    throw new SaleschatError({
      code: 'INVALID_INPUT',
      message:
        'This lead has no phone number in international format (like +919999999999), so Saleschat cannot reach them.',
    });
  }
  return { firstName: cleanName(firstName), lastName: cleanName(lastName), phone: e164 };
}

/**
 * Records a new contact's id, a few times if need be: losing it strands the Saleschat contact.
 * The assign request that follows at once is recorded in the same statement.
 */
async function saveMapping(
  context: ProxyContext,
  queries: StoreQueries,
  crmCustomerId: string,
  scContactId: string,
  assignRequestedAt: Date,
): Promise<void> {
  try {
    await retry(() => queries.saveContact(crmCustomerId, scContactId, assignRequestedAt), {
      attempts: 3,
      retryable: () => true,
      delayMs: (attempt) => 100 * attempt,
    });
  } catch (error) {
    context.log('error', 'A Saleschat contact was created but could not be recorded', {
      crmCustomerId,
      scContactId,
      fix: 'store.saveContact(crmCustomerId, scContactId)',
      error,
    });
    throw new Error('Could not record a new Saleschat contact', { cause: error });
  }
}

/**
 * `POST /chat`: creates the lead's contact if the contact table has no row for it, records the
 * mapping before anything else can fail, then assigns the chatroom to the calling agent —
 * unless it already is theirs. Per lead, one caller at a time (across instances); concurrent
 * clicks of one agent on one lead share one outcome. The outcome carries the lead's details
 * as secrets, for the answer and the log line to be redacted of them.
 */
export async function openChat(
  context: ProxyContext,
  user: ProxyUser,
  crmCustomerId: string,
): Promise<RouteOutcome> {
  const me = context.linked(await context.store.getUser(user.crmUserId));
  const lead = await resolveLead(context, crmCustomerId, user);
  const secrets = [lead.phone, lead.firstName ?? '', lead.lastName ?? ''];
  try {
    const body = await chatWithLead(context, user.crmUserId, crmCustomerId, lead, me.scUserId);
    return { body, secrets };
  } catch (error) {
    return { error, secrets };
  }
}

async function chatWithLead(
  context: ProxyContext,
  crmUserId: string,
  crmCustomerId: string,
  lead: CleanLead,
  scUserId: string,
): Promise<ChatResponse> {
  // What Saleschat names a chatroom: crm_id, first name and last name, missing parts left out.
  const chatroomName = [crmCustomerId, lead.firstName, lead.lastName].filter(Boolean).join(' ');

  // A repeat click of the current assignee changes nothing, so it needs no lock: answering from
  // a committed row is the same as having been served just before any concurrent change.
  const known = await context.store.getContact(crmCustomerId);
  if (known && known.assigneeScUserId === scUserId) {
    return {
      contactId: known.scContactId,
      chatroomName,
      contact: 'existing',
      assignment: 'unchanged',
    };
  }

  return context.flights.run(JSON.stringify(['chat', crmUserId, crmCustomerId]), () =>
    context.store.exclusive(JSON.stringify(['contact', crmCustomerId]), async (queries) => {
      let contact: ContactRecord | null = await queries.getContact(crmCustomerId);
      let contactOutcome: ContactOutcome = 'existing';
      if (!contact) {
        const created = await context.api.createContact({
          crmId: crmCustomerId,
          optInDate: new Date(context.now()).toISOString(),
          firstName: lead.firstName,
          lastName: lead.lastName,
          phoneNumber: lead.phone,
        });
        const assignRequestedAt = new Date(context.now());
        await saveMapping(context, queries, crmCustomerId, created.id, assignRequestedAt);
        contact = {
          crmCustomerId,
          scContactId: created.id,
          assigneeScUserId: null,
          assignedAt: null,
          assignRequestedAt: null,
        };
        contactOutcome = 'created';
      }
      const answer = (assignment: ChatResponse['assignment']): ChatResponse => ({
        contactId: contact.scContactId,
        chatroomName,
        contact: contactOutcome,
        assignment,
      });
      if (contact.assigneeScUserId === scUserId) return answer('unchanged');

      // Saleschat allows one assign per 10 s per contact and counts refused ones too, so the
      // proxy keeps the time of the last request in the store, where every instance sees it.
      // The margin covers network jitter: Saleschat counts from when each request arrives.
      const now = context.now();
      const last = contact.assignRequestedAt?.getTime();
      const gap = context.assignIntervalMs + ASSIGN_JITTER_MS;
      if (last !== undefined && now - last < gap) {
        const retryAfterMs = last + gap - now;
        throw new SaleschatError({
          code: 'RATE_LIMITED',
          message: `This lead's chatroom was assigned moments ago; Saleschat allows one assignment per ${Math.round(context.assignIntervalMs / 1000)} s per contact.`,
          retryAfterMs,
        });
      }
      // Recorded once the limiter has granted the assign its slot, right before it is sent:
      // Saleschat's interval counts from then, not from when this click began to wait.
      await context.api.assign(
        contact.scContactId,
        { userId: scUserId },
        {
          onSend: () => queries.recordAssignRequest(crmCustomerId, new Date(context.now())),
        },
      );
      try {
        await queries.saveAssignment(crmCustomerId, scUserId, new Date(context.now()));
      } catch (error) {
        // Saleschat did assign: answer so. The next click of this agent assigns again.
        context.log('error', 'Could not record an assignment', { crmCustomerId, error });
      }
      return answer(contact.assigneeScUserId ? 'reassigned' : 'assigned');
    }),
  );
}
