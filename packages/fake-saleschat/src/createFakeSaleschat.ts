import { chatroomsOf } from './chatroomsOf';
import {
  applyInitialFaults,
  createFakeState,
  findUserByEmail,
  resolveOptions,
  type FakeState,
} from './fakeState';
import { newId } from './guesses';
import { handleAdmin } from './handleAdmin';
import { handleApi } from './handleApi';
import { handleDashboard, isDashboardPath } from './handleDashboard';
import { reassignInDashboard, simulateReply } from './routing';
import { saleschatErrorResponse } from './saleschatErrorResponse';
import type { FakeSaleschat, FakeSaleschatOptions } from './types';
import { validateCreateUserBody } from './validateBodies';

function reset(state: FakeState): void {
  state.users.clear();
  state.usersOutsideOrg.clear();
  state.contacts.clear();
  state.chatrooms.clear();
  state.groups.clear();
  state.magicLinks.clear();
  state.sessions.clear();
  state.activeTabs.clear();
  state.log.length = 0;
  state.endpointLimiter.clear();
  state.assignLimiter.clear();
  applyInitialFaults(state);
}

/**
 * A faithful in-memory Saleschat: the documented API (with its validation, errors and rate
 * limits), the magic-link dashboard, fault injection and a request log. Serve it with
 * `startFakeSaleschatServer` or with the msw handlers of `@saleschat-kit/fake-saleschat/msw`.
 */
export function createFakeSaleschat(options: FakeSaleschatOptions = {}): FakeSaleschat {
  const state = createFakeState(resolveOptions(options));

  const fake: FakeSaleschat = {
    async handle(request) {
      try {
        const url = new URL(request.url);
        if (url.pathname === '/__admin' || url.pathname.startsWith('/__admin/')) {
          return await handleAdmin(fake, request, url);
        }
        if (isDashboardPath(url.pathname)) return handleDashboard(state, request, url);
        return await handleApi(state, request, url);
      } catch {
        // Whatever went wrong, the caller gets an answer and the server keeps running.
        return saleschatErrorResponse(500, 'The fake failed to handle this request.');
      }
    },
    get requests() {
      return state.log;
    },
    countRequests(endpoint) {
      return endpoint === undefined
        ? state.log.length
        : state.log.filter((entry) => entry.endpoint === endpoint).length;
    },
    clearRequests() {
      state.log.length = 0;
    },
    setFault(endpoint, fault) {
      state.faults.set(endpoint, fault);
    },
    clearFaults() {
      state.faults.clear();
    },
    seedUser(user) {
      const checked = validateCreateUserBody({
        email: user?.email,
        password: 'seeded-user',
        first_name: user?.firstName,
        last_name: user?.lastName,
      });
      if (!checked.ok) {
        const field = { first_name: 'firstName', last_name: 'lastName' }[checked.invalid.field];
        throw new TypeError(
          `seedUser(): ${checked.invalid.message.replace(checked.invalid.field, field ?? checked.invalid.field)}`,
        );
      }
      const { email, firstName, lastName } = checked.value;
      if (findUserByEmail(state, email)) {
        throw new Error(`seedUser(): a user with the email ${email} already exists.`);
      }
      const userId = newId();
      state.users.set(userId, {
        id: userId,
        email,
        firstName,
        lastName,
        askUserToUpdatePasswordOnLogin: false,
        createdAt: state.options.now(),
      });
      return { userId };
    },
    users: state.users,
    usersOutsideOrg: state.usersOutsideOrg,
    contacts: state.contacts,
    chatroomsOf(userId) {
      return chatroomsOf(state, userId);
    },
    setGroup({ id, name, members }) {
      state.groups.set(id, { id, name: name ?? id, members: [...members], next: 0 });
    },
    simulateReply(contactId) {
      return simulateReply(state, contactId);
    },
    reassignInDashboard(contactId, userId) {
      return reassignInDashboard(state, contactId, userId);
    },
    deleteContact(contactId) {
      state.chatrooms.delete(contactId);
      return state.contacts.delete(contactId);
    },
    setConflictPayload(mode) {
      state.options.conflictPayload = mode;
    },
    reset() {
      reset(state);
    },
  };
  return fake;
}
