import { Validator } from '@seriousme/openapi-schema-validator';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ERROR_STATUS,
  PROXY_ERROR_CODES,
  describeInvalidCrmCustomerId,
  type ChatRequest,
  type ChatResponse,
  type ErrorBody,
  type LoginResponse,
  type MeResponse,
  type ProxyErrorCode,
} from './contract';

const document = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));

/** Compiles `#/components/schemas/<name>` of the shipped OpenAPI document. */
function schema(name: string) {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword('components'); // the OpenAPI wrapper around the schemas, not a schema keyword
  ajv.addSchema({ $id: 'openapi', components: document.components }, 'openapi');
  return ajv.compile({ $ref: `openapi#/components/schemas/${name}` });
}

// Typed with the TypeScript contract, so a change on that side breaks typecheck; validated
// against the OpenAPI document, so a change on the other side fails here.
const login: LoginResponse = {
  url: 'https://app.saleschat.pro/magic/abc',
  expiresAt: '2026-11-24T12:00:00.000Z',
};
const chatRequest: ChatRequest = { crmCustomerId: 'lead-42' };
const chatResponses: ChatResponse[] = [
  {
    contactId: 'c1',
    chatroomName: 'lead-42 Ada Lovelace',
    contact: 'created',
    assignment: 'assigned',
  },
  {
    contactId: 'c1',
    chatroomName: 'lead-42 Ada Lovelace',
    contact: 'existing',
    assignment: 'reassigned',
  },
  {
    contactId: 'c1',
    chatroomName: 'lead-42 Ada Lovelace',
    contact: 'existing',
    assignment: 'unchanged',
  },
  {
    contactId: 'c1',
    chatroomName: 'lead-42 Ada Lovelace',
    contact: 'existing',
    assignment: 'assigned',
    assignedTo: { to: 'group', groupName: 'Sales' },
  },
  {
    contactId: 'c1',
    chatroomName: 'lead-42 Ada Lovelace',
    contact: 'created',
    assignment: 'assigned',
    assignedTo: { to: 'handover' },
  },
];
const me: MeResponse = { crmUserId: 'agent-1', linked: true };

function errorSample(code: ProxyErrorCode): ErrorBody {
  return {
    error: {
      code,
      message: 'Human text',
      requestId: 'req-1',
      ...(code === 'SALESCHAT_ERROR' && {
        saleschat: { code: 4090001, message: 'UQ_CONSTRAINT_FAILED' },
      }),
      ...(code === 'RATE_LIMITED' && { retryAfterMs: 7000 }),
    },
  };
}

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes a sample body of every route', () => {
    expect(schema('LoginResponse')(login)).toBe(true);
    expect(schema('ChatRequest')(chatRequest)).toBe(true);
    for (const response of chatResponses) expect(schema('ChatResponse')(response)).toBe(true);
    expect(schema('MeResponse')(me)).toBe(true);
  });

  it.each(PROXY_ERROR_CODES)('describes the error body of %s', (code) => {
    const validate = schema('ErrorBody');
    expect(validate(errorSample(code)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('lists exactly the error codes of the TypeScript contract', () => {
    expect([...document.components.schemas.ErrorCode.enum].sort()).toEqual(
      [...PROXY_ERROR_CODES].sort(),
    );
  });

  it('declares every error status the contract uses on the routes that can answer it', () => {
    const chatStatuses = Object.keys(document.paths['/chat'].post.responses);
    for (const status of Object.values(ERROR_STATUS)) {
      expect(chatStatuses).toContain(String(status));
    }
  });

  it('rejects bodies the contract does not allow', () => {
    expect(schema('ChatResponse')({ ...chatResponses[0], contact: 'maybe' })).toBe(false);
    expect(schema('ErrorBody')({ error: { code: 'NOPE', message: 'x', requestId: 'r' } })).toBe(
      false,
    );
    expect(schema('LoginResponse')({ url: login.url })).toBe(false);
    expect(schema('MeResponse')({ ...me, phone: '+15550100' })).toBe(false);
  });

  it('agrees with the client on which customer ids are valid', () => {
    const validate = schema('ChatRequest');
    const samples = [
      'a',
      'lead-42',
      'ü'.repeat(128),
      '😀'.repeat(64),
      '',
      '   ',
      'x'.repeat(129),
      'a\u0000b',
      'a\nb',
      'a\u0085b',
      ' padded ',
    ];
    for (const crmCustomerId of samples) {
      const clientAccepts = describeInvalidCrmCustomerId(crmCustomerId) === null;
      expect(validate({ crmCustomerId }), JSON.stringify(crmCustomerId)).toBe(clientAccepts);
    }
  });

  it('documents where it is looser: maxLength counts code points, the proxy UTF-16 units', () => {
    const sixtyFiveEmoji = '😀'.repeat(65); // 130 UTF-16 units
    expect(schema('ChatRequest')({ crmCustomerId: sixtyFiveEmoji })).toBe(true);
    expect(describeInvalidCrmCustomerId(sixtyFiveEmoji)).not.toBeNull();
    expect(document.components.schemas.ChatRequest.properties.crmCustomerId.description).toContain(
      'UTF-16 code units',
    );
  });
});

describe('describeInvalidCrmCustomerId', () => {
  it.each([
    ['lead-42'],
    ['x'.repeat(128)],
    ['😀'.repeat(64)], // 64 characters, 128 UTF-16 units
    ['Ünïcødé id'],
  ])('accepts %j', (value) => {
    expect(describeInvalidCrmCustomerId(value)).toBeNull();
  });

  it.each([
    [''],
    ['   '],
    ['x'.repeat(129)],
    ['😀'.repeat(65)], // 130 UTF-16 units: Saleschat (Java) would refuse it
    ['tab\there'],
    ['nul\u0000'],
    ['del\u007f'],
    ['c1\u0090'],
    [42],
    [null],
    [undefined],
  ])('rejects %j with a message that says what is allowed', (value) => {
    expect(describeInvalidCrmCustomerId(value)).toMatch(/crmCustomerId must be 1–128 characters/);
  });
});
