import { describe, expect, it } from 'vitest';
import { createRedactedLog, describeError, redact, redactValue } from './redact';

describe('redact', () => {
  it('removes the given secrets, case-insensitively, and the digits of a given phone', () => {
    expect(redact('token abcSECRETxyz and Asha Verma', ['abcsecretxyz', 'Asha', 'Verma'])).toBe(
      'token [redacted] and [redacted] [redacted]',
    );
    expect(redact('called 919876543210 twice', ['+91 98765 43210'])).toBe(
      'called [redacted] twice',
    );
  });

  it('removes anything phone-like even when it was never given', () => {
    expect(redact('number +91 98765-43210 is bad')).toBe('number [redacted] is bad');
    expect(redact('E.164 +14155550123.')).toBe('E.164 [redacted].');
  });

  it('leaves ordinary text, ids and very short secrets alone', () => {
    expect(redact('POST /api/saleschat/chat 200 in 12 ms, contact 4090001', ['Al', ''])).toBe(
      'POST /api/saleschat/chat 200 in 12 ms, contact 4090001',
    );
  });

  it('walks JSON-like values and flattens errors with their causes', () => {
    const error = new Error('outer', {
      cause: Object.assign(new Error('ECONNRESET to +4915112345678'), { code: 'ECONNRESET' }),
    });
    expect(redactValue({ a: ['Asha'], b: { c: error }, n: 1 }, ['Asha'])).toEqual({
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
    log('warn', 'sent tok-abcdef for Asha', { phone: '+91 98765 43210', who: 'Asha' }, ['Asha']);
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
