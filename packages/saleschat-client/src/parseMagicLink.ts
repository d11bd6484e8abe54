/** A magic link and the instant after which it must not be handed out. */
export interface MagicLink {
  url: string;
  expiresAt: Date;
}

export interface ParseMagicLinkOptions {
  /** Current time in epoch ms. Required. */
  now: number;
  /** Lifetime assumed when the answer carries no usable expiry. Required. */
  fallbackTtlMs: number;
  /** Accept `http:` links (only when Saleschat itself is on plain http, e.g. a local fake). Required. */
  allowHttp: boolean;
}

// Saleschat does not document this answer's fields (docs/saleschat-api.md): every guess is here.
const LINK_KEYS = [
  'magic_link',
  'magicLink',
  'magiclink',
  'link',
  'url',
  'login_url',
  'loginUrl',
  'magic_link_url',
];
/** Absolute instants: ISO-8601, or epoch seconds or milliseconds. */
const EXPIRY_KEYS = [
  'expires_at',
  'expiresAt',
  'expiry',
  'expiry_ts',
  'expires',
  'expiration',
  'expire_at',
  'valid_until',
  'exp',
];
/** Lifetimes in seconds from now. */
const LIFETIME_KEYS = ['expires_in', 'expiresIn', 'ttl'];
/** Below this a number is epoch seconds (year 5138 in seconds), above it milliseconds. */
const EPOCH_MS_THRESHOLD = 1e11;

/** Objects of the answer, breadth first: top-level keys win over nested ones. */
function objectsOf(body: unknown): Record<string, unknown>[] {
  const found: Record<string, unknown>[] = [];
  const queue: unknown[] = [body];
  while (queue.length > 0 && found.length < 100) {
    const value = queue.shift();
    if (Array.isArray(value)) queue.push(...value);
    else if (value && typeof value === 'object') {
      found.push(value as Record<string, unknown>);
      queue.push(...Object.values(value));
    }
  }
  return found;
}

function stringsOf(body: unknown): string[] {
  if (typeof body === 'string') return [body];
  return objectsOf(body).flatMap((object) =>
    Object.values(object).filter((value): value is string => typeof value === 'string'),
  );
}

function acceptableUrl(value: unknown, allowHttp: boolean): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value.trim());
    if (url.protocol === 'https:' || (allowHttp && url.protocol === 'http:')) return url.href;
  } catch {
    // Not a URL.
  }
  return null;
}

function instantOf(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value < EPOCH_MS_THRESHOLD ? value * 1000 : value;
  }
  if (typeof value === 'string' && value.trim() !== '') {
    if (/^\d+(\.\d+)?$/.test(value.trim())) return instantOf(Number(value));
    const parsed = Date.parse(value);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

function expiryOf(objects: Record<string, unknown>[], now: number): number | null {
  for (const object of objects) {
    for (const key of EXPIRY_KEYS) {
      const instant = instantOf(object[key]);
      if (instant !== null) return instant;
    }
    for (const key of LIFETIME_KEYS) {
      const seconds = object[key];
      if (typeof seconds === 'number' && Number.isFinite(seconds)) return now + seconds * 1000;
    }
  }
  return null;
}

/**
 * Reads Saleschat's magic-link answer — the one place that knows its (undocumented) shape.
 * The link is the first acceptable URL under a likely key, else the first absolute URL anywhere
 * in the answer; the expiry is a likely field when present, else
 * `now + fallbackTtlMs`. Returns `null` when the answer holds no acceptable link.
 */
export function parseMagicLink(body: unknown, options: ParseMagicLinkOptions): MagicLink | null {
  const objects = objectsOf(body);
  let url: string | null = null;
  for (const object of objects) {
    for (const key of LINK_KEYS) url ??= acceptableUrl(object[key], options.allowHttp);
    if (url) break;
  }
  for (const text of url ? [] : stringsOf(body)) {
    url = acceptableUrl(text, options.allowHttp);
    if (url) break;
  }
  if (!url) return null;
  // A past expiry is kept as is: the link is then handed out once and never cached.
  const expiresAt = expiryOf(objects, options.now) ?? options.now + options.fallbackTtlMs;
  return { url, expiresAt: new Date(expiresAt) };
}
