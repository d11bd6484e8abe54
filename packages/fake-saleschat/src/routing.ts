import type { FakeState } from './fakeState';
import { newId } from './guesses';
import type { FakeContact } from './types';

/**
 * Where a contact's chatroom goes and how long it stays there: the assign's targets (a user, a
 * group, on handover), the lead's reply that completes a handover, a manager's reassignment in
 * the dashboard, and deactivation after an idle period. The guesses are listed in guesses.ts.
 */

/** A group's members, in the order the fake hands chatrooms to them. */
export interface FakeGroup {
  id: string;
  name: string;
  members: string[];
  /** Index of the member the next chatroom goes to (round robin: a guess). */
  next: number;
}

/** Guess: the idle period before a chatroom is deactivated is not documented; the fake uses 7 days. */
export const DEFAULT_CHATROOM_IDLE_MS = 7 * 24 * 60 * 60_000;

/** Whether the chatroom is still active on the fake's clock. */
export function isActive(state: FakeState, lastActivityAt: number): boolean {
  return state.options.now() - lastActivityAt < state.options.chatroomIdleMs;
}

/** Gives the chatroom to `userId` now (creating it, or reactivating it: a guess), on top of the list. */
function giveChatroom(
  state: FakeState,
  contact: FakeContact,
  userId: string | null,
  groupId: string | null,
): string {
  const now = state.options.now();
  const existing = state.chatrooms.get(contact.id);
  const chatroomId = existing?.id ?? newId();
  contact.assignee = userId;
  contact.assigneeGroupId = groupId;
  contact.assignedAt = now;
  contact.pendingHandover = null;
  // Re-insert so the map's order stays the assignment order (see FakeState.chatrooms).
  state.chatrooms.delete(contact.id);
  state.chatrooms.set(contact.id, {
    id: chatroomId,
    contactId: contact.id,
    assignee: userId,
    assignedAt: now,
    lastActivityAt: now,
  });
  return chatroomId;
}

/** The member of a known group who gets the next chatroom; `null` for an unknown or empty group. */
function pickMember(state: FakeState, groupId: string): string | null {
  const group = state.groups.get(groupId);
  if (!group || group.members.length === 0) return null;
  const member = group.members[group.next % group.members.length] ?? null;
  group.next += 1;
  return member;
}

/**
 * An accepted assign: to a user, or to a group (a member is picked); with `assignOnHandover`
 * nothing moves until the lead replies. Returns the chatroom id, `null` when none exists yet.
 */
export function assignChatroom(
  state: FakeState,
  contact: FakeContact,
  target: { userId: string | null; groupId: string | null; assignOnHandover: boolean },
): string | null {
  const { userId, groupId } = target;
  if (target.assignOnHandover) {
    contact.pendingHandover = { userId, groupId };
    return state.chatrooms.get(contact.id)?.id ?? null;
  }
  // `user_id` wins when both are given (documented).
  const assignee = userId ?? (groupId === null ? null : pickMember(state, groupId));
  return giveChatroom(state, contact, assignee, userId === null ? groupId : null);
}

/** The lead replies: a pending handover completes, and the chatroom counts as active again. */
export function simulateReply(state: FakeState, contactId: string): boolean {
  const contact = state.contacts.get(contactId);
  if (!contact) return false;
  const pending = contact.pendingHandover;
  if (pending) {
    assignChatroom(state, contact, { ...pending, assignOnHandover: false });
    return true;
  }
  const room = state.chatrooms.get(contactId);
  if (room) room.lastActivityAt = state.options.now();
  return true;
}

/** A manager moves the chatroom to another user in the dashboard (no API call, no rate limit). */
export function reassignInDashboard(state: FakeState, contactId: string, userId: string): boolean {
  const contact = state.contacts.get(contactId);
  if (!contact || !state.users.has(userId)) return false;
  giveChatroom(state, contact, userId, null);
  return true;
}
