import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeSaleschatServer } from './startFakeSaleschatServer';

const ORG = 'org_fake';
const server = await startFakeSaleschatServer({
  // Validation is under test here, not the rate limits.
  limits: { perEndpointPerSecond: 10_000, assignIntervalMs: 0 },
});
afterAll(() => server.close());
beforeEach(() => server.fake.reset());

function send(method: string, path: string, body: unknown) {
  return fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: 'Bearer fake-saleschat-token', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const user = {
  email: 'ann@example.com',
  password: 'eight888',
  first_name: 'Ann',
  last_name: 'Lee',
};
const contact = { crm_id: 'C-1', opt_in_date: '2026-01-02T03:04:05Z' };
const x = (length: number) => 'x'.repeat(length);
const emailOfLength = (length: number) => `${x(length - '@example.com'.length)}@example.com`;

describe('create user', () => {
  it.each([
    ['email', 'missing', { email: undefined }],
    ['email', 'not a string', { email: 42 }],
    ['email', 'not an address', { email: 'ann.example.com' }],
    ['email', '320 characters', { email: emailOfLength(320) }],
    ['password', 'missing', { password: undefined }],
    ['password', '7 characters', { password: x(7) }],
    ['password', '33 characters', { password: x(33) }],
    ['first_name', 'missing', { first_name: undefined }],
    ['first_name', 'blank', { first_name: '  ' }],
    ['first_name', '41 characters', { first_name: x(41) }],
    ['last_name', 'missing', { last_name: undefined }],
    ['last_name', '41 characters', { last_name: x(41) }],
    [
      'ask_user_to_update_password_on_login',
      'not a boolean',
      { ask_user_to_update_password_on_login: 'yes' },
    ],
  ])('refuses %s when %s with 400 naming the field', async (field, _, change) => {
    const response = await send('POST', `/v1/org/${ORG}/user`, { ...user, ...change });
    expect(response.status).toBe(400);
    const body = (await response.json()) as {
      error_code: number;
      error_description: string;
      payload: unknown;
    };
    expect(body).toMatchObject({
      error_code: 4000001,
      error_message: 'INVALID_INPUT',
      payload: { field },
    });
    expect(body.error_description).toContain(field);
    expect(server.fake.users.size).toBe(0);
  });

  it('accepts the limits themselves: email 319, password 8 and 32, names 40', async () => {
    const limits = [
      { email: emailOfLength(319), password: x(8), first_name: x(40), last_name: x(40) },
      { email: 'b@example.com', password: x(32), first_name: 'B', last_name: 'C' },
    ];
    for (const body of limits) {
      expect((await send('POST', `/v1/org/${ORG}/user`, body)).status).toBe(200);
    }
  });
});

describe('create contact', () => {
  it.each([
    ['crm_id', 'missing', { crm_id: undefined }],
    ['crm_id', 'empty', { crm_id: '' }],
    ['crm_id', '129 characters', { crm_id: x(129) }],
    ['crm_id', '65 emoji (130 UTF-16 units)', { crm_id: '😀'.repeat(65) }],
    ['crm_id', 'a number', { crm_id: 7 }],
    ['opt_in_date', 'missing', { opt_in_date: undefined }],
    ['opt_in_date', 'a date without time', { opt_in_date: '2026-01-02' }],
    ['opt_in_date', 'epoch seconds', { opt_in_date: 1767323045 }],
    ['opt_in_date', 'not a date', { opt_in_date: 'yesterday' }],
    ['opt_in_date', 'an impossible date', { opt_in_date: '2026-13-45T00:00:00Z' }],
    ['opt_in_date', 'without a zone', { opt_in_date: '2026-01-02T03:04:05' }],
    ['first_name', 'containing *', { first_name: 'Bo*' }],
    ['first_name', '129 characters', { first_name: x(129) }],
    ['first_name', '65 emoji (130 UTF-16 units)', { first_name: '😀'.repeat(65) }],
    ['first_name', 'null', { first_name: null }],
    ['last_name', 'containing *', { last_name: '*' }],
    ['last_name', '129 characters', { last_name: x(129) }],
    ['phone_number', 'without +', { phone_number: '919999999999' }],
    ['phone_number', 'with a leading 0 country code', { phone_number: '+0999999999' }],
    ['phone_number', 'with 6 digits', { phone_number: '+123456' }],
    ['phone_number', 'with 16 digits', { phone_number: '+1234567890123456' }],
    ['phone_number', 'with spaces', { phone_number: '+91 99999 99999' }],
    ['governance_level_id', '129 characters', { governance_level_id: x(129) }],
    ['is_inbound', 'not a boolean', { is_inbound: 'true' }],
  ])('refuses %s when %s with 400 naming the field', async (field, _, change) => {
    const response = await send('POST', `/v2/org/${ORG}/contact`, { ...contact, ...change });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_code: 4000001, payload: { field } });
    expect(server.fake.contacts.size).toBe(0);
  });

  it('accepts the limits: crm_id and names of 128, 7 and 15 digit phones, offsets in dates', async () => {
    const bodies = [
      {
        crm_id: x(128),
        opt_in_date: '2026-01-02T03:04:05.123+05:30',
        first_name: x(128),
        last_name: x(128),
      },
      { crm_id: 'b', opt_in_date: '2026-01-02T03:04Z', phone_number: '+1234567' },
      { crm_id: 'c', opt_in_date: '2026-01-02T03:04:05Z', phone_number: '+123456789012345' },
      {
        crm_id: 'd',
        opt_in_date: '2026-01-02T03:04:05Z',
        governance_level_id: x(128),
        is_inbound: true,
        source: 'crm',
      },
    ];
    for (const body of bodies) {
      expect((await send('POST', `/v2/org/${ORG}/contact`, body)).status).toBe(200);
    }
    expect(server.fake.contacts.size).toBe(4);
  });
});

describe('update contact', () => {
  it.each([
    ['crm_id', 'missing', { crm_id: undefined }],
    ['crm_id', '129 characters', { crm_id: x(129) }],
    ['first_name', 'containing *', { first_name: 'A*B' }],
    ['last_name', 'containing *', { last_name: '**' }],
  ])('refuses %s when %s with 400 and changes nothing', async (field, _, change) => {
    const created = await send('POST', `/v2/org/${ORG}/contact`, { ...contact, first_name: 'Bo' });
    const { id } = (await created.json()) as { id: string };
    const response = await send('PUT', `/v1/orgs/${ORG}/contact/${id}`, {
      crm_id: 'C-2',
      ...change,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_code: 4000001, payload: { field } });
    expect(server.fake.contacts.get(id)).toMatchObject({ crmId: 'C-1', firstName: 'Bo' });
  });
});

describe('assign', () => {
  it.each([
    ['user_id', 'neither user_id nor group_id', {}],
    ['user_id', 'user_id is a number', { user_id: 5 }],
    ['group_id', 'group_id is a number', { group_id: 5 }],
    [
      'assign_on_handover',
      'assign_on_handover is a string',
      { user_id: 'u', assign_on_handover: 'true' },
    ],
  ])('refuses a body where %s is wrong (%s) with 400', async (field, _, body) => {
    const created = await send('POST', `/v2/org/${ORG}/contact`, contact);
    const { id } = (await created.json()) as { id: string };
    const response = await send('POST', `/v3/orgs/${ORG}/contacts/${id}/assign`, body);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error_code: 4000001, payload: { field } });
    expect(server.fake.contacts.get(id)?.assignedAt).toBeNull();
  });

  it('assigns to a group when only group_id is given', async () => {
    const created = await send('POST', `/v2/org/${ORG}/contact`, contact);
    const { id } = (await created.json()) as { id: string };
    const response = await send('POST', `/v3/orgs/${ORG}/contacts/${id}/assign`, {
      group_id: 'g-1',
    });
    expect(response.status).toBe(200);
    expect(server.fake.contacts.get(id)).toMatchObject({ assignee: null, assigneeGroupId: 'g-1' });
  });
});
