import { EMAIL_PATTERN, ISO_DATE_TIME_PATTERN } from './guesses';

/** What is wrong with a request body: the field and a sentence for `error_description`. */
export interface Invalid {
  field: string;
  message: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; invalid: Invalid };

export interface CreateUserBody {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  askUserToUpdatePasswordOnLogin: boolean;
}

export interface CreateContactBody {
  crmId: string;
  optInDate: string;
  firstName: string | null;
  lastName: string | null;
  phoneNumber: string | null;
  governanceLevelId: string | null;
  isInbound: boolean;
  source: string | null;
}

export interface UpdateContactBody {
  crmId: string;
  /** `undefined` when absent: the name is left as it is. */
  firstName: string | undefined;
  lastName: string | undefined;
}

export interface AssignBody {
  userId: string | null;
  groupId: string | null;
  assignOnHandover: boolean;
}

/** E.164: a plus, a country code that does not start with 0, 7 to 15 digits in all. */
const E164 = /^\+[1-9]\d{6,14}$/;

class InvalidBody extends Error {
  constructor(readonly invalid: Invalid) {
    super(invalid.message);
  }
}

function fail(field: string, message: string): never {
  throw new InvalidBody({ field, message });
}

function asObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    fail('body', 'The request body must be a JSON object.');
  }
  return body as Record<string, unknown>;
}

interface StringRule {
  required: boolean;
  min?: number;
  max: number;
  pattern?: RegExp;
  patternMessage?: string;
  noAsterisk?: boolean;
}

function string(body: Record<string, unknown>, field: string, rule: StringRule): string | null {
  const value = body[field];
  if (value === undefined) {
    if (rule.required) fail(field, `${field} is required.`);
    return null;
  }
  if (typeof value !== 'string') fail(field, `${field} must be a string.`);
  if (rule.required && value.trim() === '') fail(field, `${field} is required.`);
  // Guess (guesses.ts): lengths in UTF-16 code units, as Java's String.length() counts them.
  const length = value.length;
  if (length > rule.max) fail(field, `${field} must be at most ${rule.max} characters.`);
  if (rule.min !== undefined && length < rule.min) {
    fail(field, `${field} must be at least ${rule.min} characters.`);
  }
  if (rule.noAsterisk && value.includes('*')) fail(field, `${field} must not contain "*".`);
  if (rule.pattern && !rule.pattern.test(value)) {
    fail(field, rule.patternMessage ?? `${field} is not valid.`);
  }
  return value;
}

function boolean(body: Record<string, unknown>, field: string): boolean {
  const value = body[field];
  if (value === undefined) return false;
  if (typeof value !== 'boolean') fail(field, `${field} must be a boolean.`);
  return value;
}

function check<T>(read: () => T): Checked<T> {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof InvalidBody) return { ok: false, invalid: error.invalid };
    throw error;
  }
}

function isoDateTime(body: Record<string, unknown>, field: string): string {
  const value = string(body, field, {
    required: true,
    max: 64,
    pattern: ISO_DATE_TIME_PATTERN,
    patternMessage: `${field} must be an ISO-8601 date-time.`,
  }) as string;
  if (Number.isNaN(Date.parse(value))) fail(field, `${field} must be an ISO-8601 date-time.`);
  return value;
}

/** `POST /v1/org/{orgId}/user`: email ≤ 319, password 8–32, first and last name ≤ 40. */
export function validateCreateUserBody(body: unknown): Checked<CreateUserBody> {
  return check(() => {
    const object = asObject(body);
    return {
      email: string(object, 'email', {
        required: true,
        max: 319,
        pattern: EMAIL_PATTERN,
        patternMessage: 'email must be a valid email address.',
      }) as string,
      password: string(object, 'password', { required: true, min: 8, max: 32 }) as string,
      firstName: string(object, 'first_name', { required: true, max: 40 }) as string,
      lastName: string(object, 'last_name', { required: true, max: 40 }) as string,
      askUserToUpdatePasswordOnLogin: boolean(object, 'ask_user_to_update_password_on_login'),
    };
  });
}

const NAME_RULE: StringRule = { required: false, max: 128, noAsterisk: true };

/** `POST /v2/org/{orgId}/contact`: crm_id ≤ 128, opt_in_date ISO-8601, names without `*`, E.164 phone. */
export function validateCreateContactBody(body: unknown): Checked<CreateContactBody> {
  return check(() => {
    const object = asObject(body);
    return {
      crmId: string(object, 'crm_id', { required: true, max: 128 }) as string,
      optInDate: isoDateTime(object, 'opt_in_date'),
      firstName: string(object, 'first_name', NAME_RULE),
      lastName: string(object, 'last_name', NAME_RULE),
      phoneNumber: string(object, 'phone_number', {
        required: false,
        max: 16,
        pattern: E164,
        patternMessage: 'phone_number must be in E.164 format, like +919999999999.',
      }),
      governanceLevelId: string(object, 'governance_level_id', { required: false, max: 128 }),
      isInbound: boolean(object, 'is_inbound'),
      source: string(object, 'source', { required: false, max: 128 }),
    };
  });
}

/** `PUT /v1/orgs/{orgId}/contact/{contactId}`: crm_id required, names optional without `*`. */
export function validateUpdateContactBody(body: unknown): Checked<UpdateContactBody> {
  return check(() => {
    const object = asObject(body);
    return {
      crmId: string(object, 'crm_id', { required: true, max: 128 }) as string,
      firstName: string(object, 'first_name', NAME_RULE) ?? undefined,
      lastName: string(object, 'last_name', NAME_RULE) ?? undefined,
    };
  });
}

/** `POST /v3/orgs/{orgId}/contacts/{contactId}/assign`: `user_id` or `group_id` (user wins). */
export function validateAssignBody(body: unknown): Checked<AssignBody> {
  return check(() => {
    const object = asObject(body);
    const userId = string(object, 'user_id', { required: false, max: 128 });
    const groupId = string(object, 'group_id', { required: false, max: 128 });
    string(object, 'remote_waba_id', { required: false, max: 128 });
    string(object, 'remote_phone_id', { required: false, max: 128 });
    const assignOnHandover = boolean(object, 'assign_on_handover');
    if (userId === null && groupId === null) fail('user_id', 'user_id or group_id is required.');
    return { userId, groupId: userId === null ? groupId : null, assignOnHandover };
  });
}
