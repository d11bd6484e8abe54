import { describe, expect, it } from 'vitest';
import { createRedactedLog, describeError, redact, redactValue } from './redact';

describe('redact', () => {
  it('removes the exact token and the names as whole words', () => {
    expect(redact('token abcSECRETxyz and Asha Verma.', ['abcSECRETxyz', 'Asha', 'Verma'])).toBe(
      'token [redacted] and [redacted] [redacted].',
    );
    // Not inside other words, and not in another case: those are not the secret's value.
    expect(redact('Ashaland, ASHA, asha', ['Asha'])).toBe('Ashaland, ASHA, asha');
  });

  it.each([
    ['+91 98765 43210'],
    ['+919876543210'],
    ['0091 98765-43210'],
    ['919876543210'],
    ['(+91) 98765.43210'],
  ])('removes a given phone written as %s', (written) => {
    expect(redact(`called ${written} twice`, ['+91 98765 43210'])).toBe('called [redacted] twice');
    expect(redact(`called ${written} twice`, ['919876543210'])).toBe('called [redacted] twice');
  });

  it("leaves the kit's own texts alone, whatever the lead is called", () => {
    const assigned =
      "This lead's chatroom was assigned moments ago; Saleschat allows one assignment per 10 s per contact.";
    expect(redact(assigned, ['Lead', 'Chatroom', 'Moments', '+919876543210'])).toBe(assigned);
    const noPhone =
      'This lead has no phone number in international format (like +919999999999), so Saleschat cannot reach them.';
    expect(redact(noPhone, ['Lead', '+919876543210', 'Reach'])).toBe(noPhone);
  });

  it('leaves ordinary text, ids, other numbers and very short secrets alone', () => {
    expect(redact('POST /api/saleschat/chat 200 in 12 ms, contact 4090001', ['Al', ''])).toBe(
      'POST /api/saleschat/chat 200 in 12 ms, contact 4090001',
    );
    expect(redact('id 19198765432100', ['+919876543210'])).toBe('id 19198765432100');
  });

  it('walks JSON-like values and flattens errors with their causes', () => {
    const error = new Error('outer', {
      cause: Object.assign(new Error('ECONNRESET to +4915112345678'), { code: 'ECONNRESET' }),
    });
    expect(
      redactValue({ a: ['Asha'], b: { c: error }, n: 1 }, ['Asha', '+49 151 12345678']),
    ).toEqual({
      a: ['[redacted]'],
      b: { c: 'Error: outer ← Error ECONNRESET: ECONNRESET to [redacted]' },
      n: 1,
    });
    expect(describeError('plain')).toBe('plain');
  });
});

describe('createRedactedLog', () => {
  it("removes the log's secrets and the line's own from message and fields", () => {
    const lines: unknown[] = [];
    const write = (message: string, fields?: Record<string, unknown>) =>
      lines.push({ message, fields });
    const log = createRedactedLog({ info: write, warn: write, error: write }, ['tok-abcdef']);
    log('warn', 'sent tok-abcdef for Asha', { phone: '+91 98765 43210', who: 'Asha' }, [
      'Asha',
      '+919876543210',
    ]);
    expect(lines).toEqual([
      {
        message: 'sent [redacted] for [redacted]',
        fields: { phone: '[redacted]', who: '[redacted]' },
      },
    ]);
  });

  it('ignores a logger that throws, and writes nothing without one', () => {
    const broken = () => {
      throw new Error('disk full');
    };
    const log = createRedactedLog({ info: broken, warn: broken, error: broken }, []);
    expect(() => log('error', 'a line')).not.toThrow();
    expect(() => createRedactedLog(null, [])('info', 'dropped')).not.toThrow();
  });
});
