import type { FakeState } from './fakeState';
import { findUserByEmail } from './fakeState';
import {
  WRONG_ORG_STATUS,
  assignBody,
  governanceLevelName,
  DEFAULT_GOVERNANCE_LEVEL,
  invalidInputPayload,
  magicLinkBody,
  newId,
} from './guesses';
import { matchApiRoute, type ApiRoute } from './matchApiRoute';
import { assignChatroom } from './routing';
import { randomToken } from './randomToken';
import { saleschatErrorResponse } from './saleschatErrorResponse';
import { sleep, untilAborted } from './sleep';
import type { FakeContact, LoggedRequest } from './types';
import {
  validateAssignBody,
  validateCreateContactBody,
  validateCreateUserBody,
  validateUpdateContactBody,
  type Checked,
} from './validateBodies';

/** What a malformed-JSON fault answers: the start of a plausible body, cut off. */
const MALFORMED_JSON = '{"error_code": 0, "payload": {"magic_link": "https://';

/**
 * One API request: log it, apply the endpoint's fault, then answer as Saleschat would —
 * bearer token, organisation, rate limits, body, then the endpoint's own rules, in that order.
 */
export async function handleApi(state: FakeState, request: Request, url: URL): Promise<Response> {
  const entry: LoggedRequest = {
    at: state.options.now(),
    method: request.method,
    path: url.pathname,
    endpoint: null,
    status: 0,
    body: null,
  };
  const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  entry.body = parseForLog(text);
  state.log.push(entry);

  const match = matchApiRoute(request.method, url.pathname);
  if (match.kind !== 'route') {
    // The token is checked first here too: an unauthenticated caller learns nothing about paths.
    const response = !isAuthorized(request, state.options.token)
      ? saleschatErrorResponse(401, 'Missing or invalid bearer token.')
      : match.kind === 'wrong-method'
        ? saleschatErrorResponse(405, `Use ${match.allowed} on this path.`)
        : saleschatErrorResponse(404, `No endpoint at ${request.method} ${url.pathname}.`);
    entry.status = response.status;
    return response;
  }
  const { route } = match;
  entry.endpoint = route.endpoint;

  const fault = state.faults.take(route.endpoint);
  if (fault?.latencyMs) await sleep(fault.latencyMs, request.signal);
  if (fault?.drop) return Response.error();
  if (fault?.timeout) {
    // Only the transport ends this: the server's close(), or the client giving up.
    await untilAborted(request.signal);
    return Response.error();
  }
  if (fault?.status !== undefined) {
    const response = saleschatErrorResponse(fault.status, 'Injected fault.');
    entry.status = response.status;
    return response;
  }

  let response = answer(state, request, route, text, fault?.notAddedToOrg === true);
  if (fault?.malformedJson) {
    response = new Response(MALFORMED_JSON, {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }
  entry.status = response.status;
  return response;
}

function parseForLog(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isAuthorized(request: Request, token: string): boolean {
  const header = request.headers.get('authorization') ?? '';
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] === token;
}

function answer(
  state: FakeState,
  request: Request,
  route: ApiRoute,
  text: string,
  notAddedToOrg: boolean,
): Response {
  const { options } = state;
  if (!isAuthorized(request, options.token)) {
    return saleschatErrorResponse(401, 'Missing or invalid bearer token.');
  }
  if (route.orgId !== options.orgId) {
    return saleschatErrorResponse(
      WRONG_ORG_STATUS,
      'The token does not give access to this organisation.',
    );
  }
  const now = options.now();
  if (!state.endpointLimiter.tryAcquire(`${route.orgId} ${route.endpoint}`, now)) {
    return saleschatErrorResponse(
      429,
      `Rate limit exceeded: ${options.perEndpointPerSecond} requests per second for this endpoint.`,
    );
  }
  if (route.endpoint === 'assign' && !state.assignLimiter.tryAcquire(route.contactId ?? '', now)) {
    return saleschatErrorResponse(
      429,
      `Rate limit exceeded: 1 assign per ${options.assignIntervalMs / 1000} seconds for this contact.`,
    );
  }

  if (route.endpoint === 'magicLink') return magicLink(state, route.userId ?? '');

  let body: unknown;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    return saleschatErrorResponse(
      400,
      'The request body is not valid JSON.',
      invalidInputPayload('body'),
    );
  }
  switch (route.endpoint) {
    case 'createUser':
      return createUser(state, body, notAddedToOrg);
    case 'createContact':
      return createContact(state, body);
    case 'updateContact':
      return updateContact(state, route.contactId ?? '', body);
    case 'assign':
      return assign(state, route.contactId ?? '', body);
  }
}

function invalid<T>(checked: Checked<T>): Response | null {
  if (checked.ok) return null;
  return saleschatErrorResponse(
    400,
    checked.invalid.message,
    invalidInputPayload(checked.invalid.field),
  );
}

function createUser(state: FakeState, body: unknown, notAddedToOrg: boolean): Response {
  const checked = validateCreateUserBody(body);
  if (!checked.ok) return invalid(checked) as Response;
  const { email, firstName, lastName, askUserToUpdatePasswordOnLogin } = checked.value;
  if (findUserByEmail(state, email)) {
    return saleschatErrorResponse(409, 'A user with this email already exists.');
  }
  const id = newId();
  // The password is checked but not kept: nothing in the fake logs in with it. A user left out
  // of the org gets the same answer (see guesses.ts): only org-scoped calls tell.
  (notAddedToOrg ? state.usersOutsideOrg : state.users).set(id, {
    id,
    email,
    firstName,
    lastName,
    askUserToUpdatePasswordOnLogin,
    createdAt: state.options.now(),
  });
  return Response.json({ user_id: id });
}

function magicLink(state: FakeState, userId: string): Response {
  if (!state.users.has(userId)) {
    return saleschatErrorResponse(
      404,
      'The user does not exist in this organisation, or was deleted.',
    );
  }
  const token = randomToken();
  const expiresAt = state.options.now() + state.options.magicLinkTtlMs;
  state.magicLinks.set(token, { userId, expiresAt });
  const link = `${state.options.publicUrl}/magic/${token}`;
  return Response.json(magicLinkBody(state.options.magicLinkResponse, link, expiresAt));
}

function contactBody(contact: FakeContact): unknown {
  const levelId = contact.governanceLevelId ?? DEFAULT_GOVERNANCE_LEVEL.id;
  // No phone number: the documented response does not carry it.
  return {
    id: contact.id,
    crm_id: contact.crmId,
    opt_in_date: contact.optInDate,
    create_date: contact.createDate,
    first_name: contact.firstName,
    last_name: contact.lastName,
    governance_level: { id: levelId, name: governanceLevelName(levelId) },
  };
}

function crmIdTaken(state: FakeState, crmId: string, exceptContactId?: string): boolean {
  return [...state.contacts.values()].some(
    (contact) => contact.crmId === crmId && contact.id !== exceptContactId,
  );
}

function createContact(state: FakeState, body: unknown): Response {
  const checked = validateCreateContactBody(body);
  if (!checked.ok) return invalid(checked) as Response;
  const value = checked.value;
  const taken = [...state.contacts.values()].find((contact) => contact.crmId === value.crmId);
  if (taken) {
    return saleschatErrorResponse(
      409,
      'A contact with this crm_id already exists.',
      state.options.conflictPayload === 'existing-id' ? { id: taken.id, crm_id: taken.crmId } : {},
    );
  }
  const contact: FakeContact = {
    id: newId(),
    crmId: value.crmId,
    optInDate: value.optInDate,
    createDate: new Date(state.options.now()).toISOString(),
    firstName: value.firstName,
    lastName: value.lastName,
    phoneNumber: value.phoneNumber,
    governanceLevelId: value.governanceLevelId,
    isInbound: value.isInbound,
    source: value.source,
    assignee: null,
    assigneeGroupId: null,
    assignedAt: null,
    pendingHandover: null,
  };
  state.contacts.set(contact.id, contact);
  return Response.json(contactBody(contact));
}

function updateContact(state: FakeState, contactId: string, body: unknown): Response {
  const checked = validateUpdateContactBody(body);
  if (!checked.ok) return invalid(checked) as Response;
  const contact = state.contacts.get(contactId);
  if (!contact)
    return saleschatErrorResponse(404, 'The contact does not exist in this organisation.');
  const value = checked.value;
  if (crmIdTaken(state, value.crmId, contactId)) {
    return saleschatErrorResponse(409, 'A contact with this crm_id already exists.');
  }
  // The chatroom's name is derived from these, so the rename is immediate.
  contact.crmId = value.crmId;
  if (value.firstName !== undefined) contact.firstName = value.firstName;
  if (value.lastName !== undefined) contact.lastName = value.lastName;
  return Response.json(contactBody(contact));
}

function assign(state: FakeState, contactId: string, body: unknown): Response {
  const checked = validateAssignBody(body);
  if (!checked.ok) return invalid(checked) as Response;
  const contact = state.contacts.get(contactId);
  if (!contact)
    return saleschatErrorResponse(404, 'The contact does not exist in this organisation.');
  const { userId, groupId, assignOnHandover } = checked.value;
  if (userId !== null && !state.users.has(userId)) {
    return saleschatErrorResponse(404, 'The user does not exist in this organisation.');
  }
  const chatroomId = assignChatroom(state, contact, { userId, groupId, assignOnHandover });
  return Response.json(assignBody(contactId, chatroomId, userId, groupId));
}
