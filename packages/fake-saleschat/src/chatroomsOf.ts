import { chatroomName, type FakeState } from './fakeState';
import type { FakeChatroom } from './types';

/** The user's chatrooms, most recently assigned first, each named after its contact now. */
export function chatroomsOf(state: FakeState, userId: string): FakeChatroom[] {
  const rooms: FakeChatroom[] = [];
  for (const record of state.chatrooms.values()) {
    const contact = state.contacts.get(record.contactId);
    if (record.assignee !== userId || !contact) continue;
    rooms.push({ ...record, name: chatroomName(contact) });
  }
  return rooms.reverse();
}
