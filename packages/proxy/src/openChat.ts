import {
  SaleschatError,
  describeInvalidCrmCustomerId,
  isProxyErrorCode,
  type AssignedTo,
  type ChatResponse,
  type ContactOutcome,
} from '@saleschat-kit/core';
import {
  ASSIGN_MARGIN_MS,
  cleanName,
  normalizePhone,
  isMissingContact,
  type AssignTarget,
} from '@saleschat-kit/saleschat-client';
import { z } from 'zod';
import { createLeadContact } from './createLeadContact';
import { isThenable } from './httpEdge';
import type { ContactRecord, StoreQueries } from './store/types';
import type {
  ChatPolicy,
  Lead,
  ProxyContext,
  ProxyUser,
  RouteOutcome,
  SaleschatProxyOptions,
} from './types';

/** The Chat options with their defaults (see their JSDoc in `SaleschatProxyOptions`). */
export function chatPolicyOf<User extends ProxyUser>(
  options: SaleschatProxyOptions<User>,
): ChatPolicy {
  const { optIn = 'require', assignmentFreshMs = 15 * 60_000, assignTo } = options;
  if (optIn !== 'require' && optIn !== 'assume-at-first-chat') {
    throw new TypeError(
      "createSaleschatProxy(): optIn must be 'require' or 'assume-at-first-chat'.",
    );
  }
  if (!(assignmentFreshMs >= 0)) {
    throw new TypeError('createSaleschatProxy(): assignmentFreshMs must be a number of ms ≥ 0.');
  }
  return {
    optIn,
    assignmentFreshMs,
    assignTo: (assignTo ?? (() => 'agent')) as ChatPolicy['assignTo'],
  };
}

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
  /** ISO-8601, or `null` when the CRM has no opt-in date. */
  optInDate: string | null;
  source: string | undefined;
  isInbound: boolean | undefined;
}

/** The lead's opt-in instant as ISO-8601, `null` when absent; throws when it is not a date. */
function optInDateOf(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const date = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new Error('resolveLead() returned an optInDate that is not a Date or an ISO-8601 string');
  }
  return date.toISOString();
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
    const result = context.resolveLead(crmCustomerId, user);
    lead = isThenable(result) ? await result : result;
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
  const { firstName, lastName, phone, source, isInbound } = lead as Record<string, unknown>;
  const validName = (name: unknown) =>
    name === undefined || name === null || typeof name === 'string';
  if (!validName(firstName) || !validName(lastName)) {
    throw new Error('resolveLead() returned a firstName or lastName that is not a string');
  }
  if (source !== undefined && typeof source !== 'string') {
    throw new Error('resolveLead() returned a source that is not a string');
  }
  if (isInbound !== undefined && typeof isInbound !== 'boolean') {
    throw new Error('resolveLead() returned an isInbound that is not a boolean');
  }
  const optInDate = optInDateOf((lead as Lead).optInDate);
  const e164 = normalizePhone(phone);
  if (!e164) {
    // The agent's request is fine, but Saleschat cannot reach a lead without a valid number.
    throw new SaleschatError({
      code: 'INVALID_INPUT',
      message:
        'This lead has no phone number in international format (like +919999999999), so Saleschat cannot reach them.',
    });
  }
  if (optInDate === null && context.chat.optIn === 'require') {
    throw new SaleschatError({
      code: 'OPT_IN_MISSING',
      message:
        'The CRM has no opt-in date for this lead: WhatsApp requires their consent before Saleschat may contact them.',
    });
  }
  return {
    firstName: cleanName(firstName),
    lastName: cleanName(lastName),
    phone: e164,
    optInDate,
    source,
    isInbound,
  };
}

/** Whom an assign targets, the key the store keeps to recognise it, and what the answer says. */
interface Route {
  target: AssignTarget;
  key: string;
  /** The Saleschat user who gets the chatroom at once; `null` when Saleschat picks or waits. */
  assignee: string | null;
  assignedTo?: AssignedTo;
}

/** Asks the host's `assignTo` where the chatroom goes (the calling agent unless it says otherwise). */
async function routeOf(
  context: ProxyContext,
  lead: CleanLead,
  user: ProxyUser,
  scUserId: string,
): Promise<Route> {
  const answer = context.chat.assignTo(
    {
      firstName: lead.firstName,
      lastName: lead.lastName,
      phone: lead.phone,
      optInDate: lead.optInDate,
      source: lead.source,
      isInbound: lead.isInbound,
    },
    user,
  );
  const asked = isThenable(answer) ? await answer : answer;
  const agent: Route = {
    target: { userId: scUserId },
    key: `user:${scUserId}`,
    assignee: scUserId,
  };
  if (asked === undefined || asked === null || asked === 'agent') return agent;
  if (typeof asked !== 'object')
    throw new Error("assignTo() must return 'agent', { groupId } or { onHandover: true }");
  const onHandover = asked.onHandover === true;
  if ('groupId' in asked && asked.groupId !== undefined) {
    if (typeof asked.groupId !== 'string' || asked.groupId === '') {
      throw new Error('assignTo() returned a groupId that is not a non-empty string');
    }
    return {
      target: { groupId: asked.groupId, ...(onHandover ? { assignOnHandover: true } : {}) },
      key: `${onHandover ? 'handover:' : ''}group:${asked.groupId}`,
      assignee: null,
      assignedTo: onHandover
        ? { to: 'handover' }
        : { to: 'group', groupName: asked.groupName ?? asked.groupId },
    };
  }
  if (!onHandover) return agent;
  return {
    target: { userId: scUserId, assignOnHandover: true },
    key: `handover:user:${scUserId}`,
    assignee: null,
    assignedTo: { to: 'handover' },
  };
}

/** What Saleschat names a chatroom: crm_id, first name and last name, missing parts left out. */
function chatroomNameOf(crmCustomerId: string, first?: string | null, last?: string | null) {
  return [crmCustomerId, first, last].filter(Boolean).join(' ');
}

/**
 * Whether Saleschat's names for the contact differ from the lead's. An empty name is left out
 * of an update (Saleschat keeps the old one), so only a non-empty new name counts as a change.
 */
function namesChanged(contact: ContactRecord, lead: CleanLead): boolean {
  if (contact.sentFirstName === null || contact.sentLastName === null) return true;
  return (
    (!!lead.firstName && lead.firstName !== contact.sentFirstName) ||
    (!!lead.lastName && lead.lastName !== contact.sentLastName)
  );
}

/** The assign key of a contact's last accepted assign (rows from before keys: its user). */
function targetKeyOf(contact: ContactRecord): string | null {
  return (
    contact.assignTarget ??
    (contact.assigneeScUserId === null ? null : `user:${contact.assigneeScUserId}`)
  );
}

/**
 * `POST /chat`: creates the lead's contact if the contact table has no row for it, records the
 * mapping before anything else can fail, renames the contact when the CRM's names changed, then
 * assigns the chatroom where `assignTo` says (the calling agent by default) — unless a recent
 * assign already did. Per lead, one caller at a time (across instances); concurrent clicks of
 * one agent on one lead share one outcome. The outcome carries the lead's details as secrets,
 * for the answer and the log line to be redacted of them.
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
    const route = await routeOf(context, lead, user, me.scUserId);
    const body = await chatWithLead(context, user.crmUserId, crmCustomerId, lead, route);
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
  route: Route,
): Promise<ChatResponse> {
  // A recent assign to the same target changes nothing, so it needs no lock: answering from a
  // committed row is the same as having been served just before any concurrent change. After
  // the window, the chatroom may have moved (a manager, deactivation): the click assigns again.
  const isFresh = (contact: ContactRecord) =>
    targetKeyOf(contact) === route.key &&
    contact.assignedAt !== null &&
    context.now() - contact.assignedAt.getTime() < context.chat.assignmentFreshMs;
  const known = await context.store.getContact(crmCustomerId);
  if (known && isFresh(known) && !namesChanged(known, lead)) {
    return {
      contactId: known.scContactId,
      chatroomName: chatroomNameOf(crmCustomerId, lead.firstName, lead.lastName),
      contact: 'existing',
      assignment: 'unchanged',
      ...(route.assignedTo ? { assignedTo: route.assignedTo } : {}),
    };
  }

  return context.flights.run(JSON.stringify(['chat', crmUserId, crmCustomerId]), () =>
    context.store.exclusive(JSON.stringify(['contact', crmCustomerId]), async (queries) => {
      let contact: ContactRecord | null = await queries.getContact(crmCustomerId);
      let contactOutcome: ContactOutcome = 'existing';
      // Whether this click sent a create (a contact Saleschat already had, adopted from its 409,
      // is still answered `existing`).
      let createSent = false;
      // The names Saleschat has, which name the chatroom.
      let names = { first: lead.firstName ?? '', last: lead.lastName ?? '' };
      const create = async () => {
        createSent = true;
        const { id, adopted } = await createLeadContact(context, queries, {
          crmId: crmCustomerId,
          optInDate: lead.optInDate ?? new Date(context.now()).toISOString(),
          firstName: lead.firstName,
          lastName: lead.lastName,
          phoneNumber: lead.phone,
          source: lead.source,
          isInbound: lead.isInbound,
        });
        names = { first: lead.firstName ?? '', last: lead.lastName ?? '' };
        await saveNames(context, queries, crmCustomerId, names);
        contactOutcome = adopted ? 'existing' : 'created';
        return id;
      };
      if (!contact) {
        contact = {
          crmCustomerId,
          scContactId: await create(),
          assigneeScUserId: null,
          assignedAt: null,
          assignRequestedAt: null,
          sentFirstName: names.first,
          sentLastName: names.last,
          assignTarget: null,
        };
      } else if (namesChanged(contact, lead)) {
        names = await rename(context, queries, contact, lead);
      }
      let contactId = contact.scContactId;
      const answer = (assignment: ChatResponse['assignment']): ChatResponse => ({
        contactId,
        chatroomName: chatroomNameOf(crmCustomerId, names.first, names.last),
        contact: contactOutcome,
        assignment,
        ...(route.assignedTo ? { assignedTo: route.assignedTo } : {}),
      });
      if (isFresh(contact)) return answer('unchanged');

      // Saleschat allows one assign per 10 s per contact and counts refused ones too, so the
      // proxy keeps the time of the last request in the store, where every instance sees it.
      // Saleschat counts from when each request arrives, which is no earlier than it was sent
      // and no later than its answer came: the interval counts from the answer once there is
      // one (`assignedAt`), so a request that was slow to arrive cannot bring the next one
      // inside it; the margin covers network jitter when the answer was not recorded.
      const now = context.now();
      const sentAt = contact.assignRequestedAt?.getTime();
      const last =
        sentAt === undefined
          ? undefined
          : Math.max(sentAt, contact.assignedAt?.getTime() ?? sentAt);
      const gap = context.assignIntervalMs + ASSIGN_MARGIN_MS;
      const previous = targetKeyOf(contact);
      if (last !== undefined && now - last < gap) {
        // Re-asserting an assignment that is merely old can wait for a later click.
        if (previous === route.key) return answer('unchanged');
        const retryAfterMs = last + gap - now;
        throw new SaleschatError({
          code: 'RATE_LIMITED',
          message: `This lead's chatroom was assigned moments ago; Saleschat allows one assignment per ${Math.round(context.assignIntervalMs / 1000)} s per contact.`,
          retryAfterMs,
        });
      }
      // Recorded once the limiter has granted the assign its slot, right before it is sent:
      // Saleschat's interval counts from then, not from when this click began to wait.
      const assign = () =>
        context.api.assign(contactId, route.target, {
          onSend: () => queries.recordAssignRequest(crmCustomerId, new Date(context.now())),
        });
      try {
        await assign();
      } catch (error) {
        // Saleschat no longer has the contact (deleted there, or a sandbox reset): the mapping
        // is stale. Create the contact again, once, and assign the new one in the same click.
        if (!isMissingContact(error) || createSent) throw error;
        await queries.forgetContact(crmCustomerId, contactId);
        context.log('warn', 'Saleschat no longer has the mapped contact: creating it again', {
          crmCustomerId,
          scContactId: contactId,
        });
        contactId = await create();
        await assign();
      }
      try {
        await queries.saveAssignment(
          crmCustomerId,
          route.assignee,
          new Date(context.now()),
          route.key,
        );
      } catch (error) {
        // Saleschat did assign: answer so. The next click assigns again.
        context.log('error', 'Could not record an assignment', { crmCustomerId, error });
      }
      // A contact created in this click had no assignee: assigning it is not a reassignment.
      const moved = previous !== null && previous !== route.key && !createSent;
      return answer(moved ? 'reassigned' : 'assigned');
    }),
  );
}

/** Records the names Saleschat has; a lost record only costs one more rename on the next click. */
async function saveNames(
  context: ProxyContext,
  queries: StoreQueries,
  crmCustomerId: string,
  names: { first: string; last: string },
): Promise<void> {
  try {
    await queries.saveSentNames(crmCustomerId, names.first, names.last);
  } catch (error) {
    context.log('warn', 'Could not record the names sent to Saleschat', { crmCustomerId, error });
  }
}

/**
 * Sends the CRM's new names to Saleschat (which renames the chatroom) and returns the names
 * Saleschat now has. A failed update does not fail the Chat: it is logged, the old names stand,
 * and the next click tries again.
 */
async function rename(
  context: ProxyContext,
  queries: StoreQueries,
  contact: ContactRecord,
  lead: CleanLead,
): Promise<{ first: string; last: string }> {
  const before = { first: contact.sentFirstName ?? '', last: contact.sentLastName ?? '' };
  try {
    await context.api.updateContact(contact.scContactId, {
      crmId: contact.crmCustomerId,
      firstName: lead.firstName,
      lastName: lead.lastName,
    });
  } catch (error) {
    context.log('warn', 'Could not rename a Saleschat contact; the next Chat tries again', {
      crmCustomerId: contact.crmCustomerId,
      error,
    });
    return contact.sentFirstName === null
      ? { first: lead.firstName ?? '', last: lead.lastName ?? '' }
      : before;
  }
  // An empty name is left out of the update, so Saleschat keeps the one it had.
  const names = { first: lead.firstName || before.first, last: lead.lastName || before.last };
  await saveNames(context, queries, contact.crmCustomerId, names);
  return names;
}
