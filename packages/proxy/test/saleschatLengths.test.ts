import type { ChatResponse, ErrorBody } from '@saleschat-kit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWorld, type TestWorld } from './createTestWorld';
import { createTestDataDir } from './testStores';

// Saleschat is a Java service: the kit guesses its 128-character limits count UTF-16 code
// units, so 65 emoji (130 units) must never be sent — the fake refuses them as Saleschat would.
const SIXTY_FIVE_EMOJI = '😀'.repeat(65);

describe('lengths as Saleschat counts them (UTF-16 code units), at the edge', () => {
  let world: TestWorld;
  let removeData: () => void;

  beforeAll(async () => {
    const { dataDir, remove } = createTestDataDir();
    removeData = remove;
    world = await createTestWorld({ option: { dataDir }, remove });
    await world.agent();
  });

  afterAll(async () => {
    await world?.close();
    removeData?.();
  });

  it('refuses a crm id of 65 emoji with 400 INVALID_INPUT, and sends nothing upstream', async () => {
    world.leads.set(SIXTY_FIVE_EMOJI, {
      firstName: 'Asha',
      lastName: 'Verma',
      phone: '+919876543210',
      optInDate: '2025-01-15T09:30:00.000Z',
    });
    const contactsBefore = world.fake.contacts.size;
    const { status, body } = await world.json<ErrorBody>('/chat', {
      body: { crmCustomerId: SIXTY_FIVE_EMOJI },
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('INVALID_INPUT');
    expect(body.error.message).toContain('UTF-16');
    expect(world.fake.contacts.size).toBe(contactsBefore);
  });

  it('accepts a crm id of 64 emoji (128 units), which the fake takes too', async () => {
    const crmCustomerId = '😀'.repeat(64);
    world.leads.set(crmCustomerId, {
      firstName: 'Asha',
      lastName: 'Verma',
      phone: '+919876543211',
      optInDate: '2025-01-15T09:30:00.000Z',
    });
    const { status, body } = await world.json<ChatResponse>('/chat', { body: { crmCustomerId } });
    expect(status).toBe(200);
    expect(body.contact).toBe('created');
  });

  it('cuts a first name of 65 emoji to 64 (128 units) before it goes upstream', async () => {
    const { crmCustomerId } = world.lead({ firstName: SIXTY_FIVE_EMOJI });
    const { status } = await world.json<ChatResponse>('/chat', { body: { crmCustomerId } });
    expect(status).toBe(200);
    const [made] = [...world.fake.contacts.values()].filter((c) => c.crmId === crmCustomerId);
    expect(made?.firstName).toBe('😀'.repeat(64));
  });
});
