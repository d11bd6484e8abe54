import { chatroomName, type FakeState } from './fakeState';
import { isActive } from './routing';
import type { FakeChatroom } from './types';

/**
 * The user's active chatrooms (a deactivated one is not listed), most recently assigned first,
 * each named after its contact now.
 */
export function chatroomsOf(state: FakeState, userId: string): FakeChatroom[] {
  const rooms: FakeChatroom[] = [];
  for (const record of state.chatrooms.values()) {
    const contact = state.contacts.get(record.contactId);
    if (record.assignee !== userId || !contact || !isActive(state, record.lastActivityAt)) continue;
    const { id, assignee, assignedAt } = record;
    rooms.push({
      id,
      contactId: record.contactId,
      assignee,
      assignedAt,
      name: chatroomName(contact),
    });
  }
  return rooms.reverse();
}
