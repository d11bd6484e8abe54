import type { Endpoint } from './types';

/** A request matched to an API endpoint, with its path parameters (decoded). */
export interface ApiRoute {
  endpoint: Endpoint;
  orgId: string;
  /** Present for `magicLink`. */
  userId?: string;
  /** Present for `updateContact` and `assign`. */
  contactId?: string;
}

export type RouteMatch =
  { kind: 'route'; route: ApiRoute } | { kind: 'wrong-method'; allowed: string } | { kind: 'none' };

const SEGMENT = '([^/]+)';

/** The exact documented paths; their prefixes are inconsistent on the vendor's side, on purpose. */
const ROUTES: { endpoint: Endpoint; method: string; pattern: RegExp; params: string[] }[] = [
  {
    endpoint: 'createUser',
    method: 'POST',
    pattern: new RegExp(`^/v1/org/${SEGMENT}/user$`),
    params: ['orgId'],
  },
  {
    endpoint: 'magicLink',
    method: 'GET',
    pattern: new RegExp(`^/v1/org/${SEGMENT}/user/${SEGMENT}/magiclink$`),
    params: ['orgId', 'userId'],
  },
  {
    endpoint: 'createContact',
    method: 'POST',
    pattern: new RegExp(`^/v2/org/${SEGMENT}/contact$`),
    params: ['orgId'],
  },
  {
    endpoint: 'updateContact',
    method: 'PUT',
    pattern: new RegExp(`^/v1/orgs/${SEGMENT}/contact/${SEGMENT}$`),
    params: ['orgId', 'contactId'],
  },
  {
    endpoint: 'assign',
    method: 'POST',
    pattern: new RegExp(`^/v3/orgs/${SEGMENT}/contacts/${SEGMENT}/assign$`),
    params: ['orgId', 'contactId'],
  },
];

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

/** Finds the endpoint for a method and path (no query string). */
export function matchApiRoute(method: string, path: string): RouteMatch {
  for (const route of ROUTES) {
    const match = route.pattern.exec(path);
    if (!match) continue;
    if (route.method !== method) return { kind: 'wrong-method', allowed: route.method };
    const values = match.slice(1).map((segment) => decode(segment));
    if (values.some((value) => value === null)) return { kind: 'none' };
    const params = Object.fromEntries(route.params.map((name, index) => [name, values[index]]));
    return { kind: 'route', route: { endpoint: route.endpoint, ...params } as ApiRoute };
  }
  return { kind: 'none' };
}
