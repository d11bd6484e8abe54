import { describeInvalidFault, isEndpoint } from './faultTable';
import type { FakeSaleschat, Fault } from './types';

/** The admin endpoint's error shape; not Saleschat's, so nobody mistakes one for the other. */
function adminError(status: number, message: string): Response {
  return Response.json({ error: message }, { status });
}

async function readJson(request: Request): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    return { ok: true, value: (await request.json()) as unknown };
  } catch {
    return { ok: false };
  }
}

const noContent = () => new Response(null, { status: 204 });

/**
 * `/__admin`: what tests and the demo use over HTTP to look at and steer the fake. No bearer
 * token: it is not part of the Saleschat API, and the server binds to loopback by default.
 */
export async function handleAdmin(
  fake: FakeSaleschat,
  request: Request,
  url: URL,
): Promise<Response> {
  const path = url.pathname.replace(/\/+$/, '');
  const { method } = request;

  if (path === '/__admin/requests') {
    if (method === 'GET') {
      const endpoint = url.searchParams.get('endpoint');
      const requests =
        endpoint === null
          ? fake.requests
          : fake.requests.filter((entry) => entry.endpoint === endpoint);
      return Response.json(requests);
    }
    if (method === 'DELETE') {
      fake.clearRequests();
      return noContent();
    }
  }

  if (path === '/__admin/faults' && method === 'DELETE') {
    fake.clearFaults();
    return noContent();
  }

  const faultMatch = /^\/__admin\/faults\/([^/]+)$/.exec(path);
  if (faultMatch && (method === 'PUT' || method === 'DELETE')) {
    const endpoint = faultMatch[1] ?? '';
    if (!isEndpoint(endpoint)) return adminError(404, `Unknown endpoint "${endpoint}".`);
    if (method === 'DELETE') {
      fake.setFault(endpoint, null);
      return noContent();
    }
    const body = await readJson(request);
    if (!body.ok) return adminError(400, 'The body must be a JSON fault.');
    const problem = describeInvalidFault(body.value, endpoint);
    if (problem !== null) return adminError(400, problem);
    fake.setFault(endpoint, body.value as Fault);
    return noContent();
  }

  if (path === '/__admin/users' && method === 'POST') {
    const body = await readJson(request);
    if (!body.ok) return adminError(400, 'The body must be JSON: { email, firstName, lastName }.');
    try {
      const user = body.value as { email: string; firstName: string; lastName: string };
      return Response.json(fake.seedUser(user), { status: 201 });
    } catch (error) {
      // seedUser throws a TypeError for invalid input, a plain Error for a taken email.
      const message = error instanceof Error ? error.message : String(error);
      return adminError(error instanceof TypeError ? 400 : 409, message);
    }
  }

  const chatroomsMatch = /^\/__admin\/users\/([^/]+)\/chatrooms$/.exec(path);
  if (chatroomsMatch && method === 'GET') {
    let userId: string;
    try {
      userId = decodeURIComponent(chatroomsMatch[1] ?? '');
    } catch {
      return adminError(400, 'The user id is not valid percent-encoding.');
    }
    return Response.json(fake.chatroomsOf(userId));
  }

  if (path === '/__admin/contacts' && method === 'GET') {
    return Response.json([...fake.contacts.values()].map(({ id, crmId }) => ({ id, crmId })));
  }

  const contactMatch = /^\/__admin\/contacts\/([^/]+)$/.exec(path);
  if (contactMatch && method === 'DELETE') {
    const contactId = decodeURIComponent(contactMatch[1] ?? '');
    return fake.deleteContact(contactId)
      ? noContent()
      : adminError(404, `No contact with id "${contactId}".`);
  }

  if (path === '/__admin/conflict-payload' && method === 'PUT') {
    const body = await readJson(request);
    const mode = body.ok ? (body.value as { mode?: unknown } | null)?.mode : undefined;
    if (mode !== 'empty' && mode !== 'existing-id') {
      return adminError(400, 'The body must be {"mode": "empty"} or {"mode": "existing-id"}.');
    }
    fake.setConflictPayload(mode);
    return noContent();
  }

  const groupMatch = /^\/__admin\/groups\/([^/]+)$/.exec(path);
  if (groupMatch && method === 'PUT') {
    const body = await readJson(request);
    const group = body.ok ? (body.value as { name?: unknown; members?: unknown } | null) : null;
    const members = group?.members;
    if (
      !Array.isArray(members) ||
      !members.every((member) => typeof member === 'string') ||
      (group?.name !== undefined && typeof group.name !== 'string')
    ) {
      return adminError(400, 'The body must be JSON: { "members": ["userId", …], "name"?: "…" }.');
    }
    const id = decodeURIComponent(groupMatch[1] ?? '');
    fake.setGroup({ id, name: group?.name as string | undefined, members: members as string[] });
    return noContent();
  }

  const replyMatch = /^\/__admin\/contacts\/([^/]+)\/reply$/.exec(path);
  if (replyMatch && method === 'POST') {
    const contactId = decodeURIComponent(replyMatch[1] ?? '');
    return fake.simulateReply(contactId)
      ? noContent()
      : adminError(404, `No contact with id "${contactId}".`);
  }

  const reassignMatch = /^\/__admin\/contacts\/([^/]+)\/assignee$/.exec(path);
  if (reassignMatch && method === 'PUT') {
    const body = await readJson(request);
    const userId = body.ok ? (body.value as { userId?: unknown } | null)?.userId : undefined;
    if (typeof userId !== 'string')
      return adminError(400, 'The body must be JSON: { "userId": "…" }.');
    const contactId = decodeURIComponent(reassignMatch[1] ?? '');
    return fake.reassignInDashboard(contactId, userId)
      ? noContent()
      : adminError(404, `No contact "${contactId}" or no user "${userId}".`);
  }

  if (path === '/__admin/reset' && method === 'POST') {
    fake.reset();
    return noContent();
  }

  return adminError(404, `No admin route at ${method} ${path}.`);
}
