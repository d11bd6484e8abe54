import { describe, expect, it } from 'vitest';
import { classifySoakAnswer } from './classifySoakAnswer';

const rateLimited = {
  error: {
    code: 'RATE_LIMITED',
    message: 'assigned moments ago',
    requestId: 'r1',
    retryAfterMs: 7000,
  },
};

describe('classifySoakAnswer', () => {
  it('accepts answers in the contract’s shape', () => {
    expect(
      classifySoakAnswer('login', 200, {
        url: 'https://x/magic/1',
        expiresAt: '2026-01-01T00:00:00Z',
      }),
    ).toBe('ok');
    const chat = {
      contactId: 'c1',
      chatroomName: 'L-1 A B',
      contact: 'existing',
      assignment: 'reassigned',
    };
    expect(classifySoakAnswer('chat', 200, chat)).toBe('ok');
    expect(classifySoakAnswer('reassign', 200, chat)).toBe('ok');
  });

  it('counts a RATE_LIMITED reassign apart, not as an error', () => {
    expect(classifySoakAnswer('reassign', 429, rateLimited)).toBe('rate-limited');
  });

  it('counts RATE_LIMITED on a login or a chat as an error', () => {
    expect(classifySoakAnswer('login', 429, rateLimited)).toBe('error');
    expect(classifySoakAnswer('chat', 429, rateLimited)).toBe('error');
  });

  it('counts any other failure, and a 200 outside the contract, as an error', () => {
    expect(classifySoakAnswer('reassign', 502, { error: { code: 'SALESCHAT_ERROR' } })).toBe(
      'error',
    );
    expect(classifySoakAnswer('reassign', 429, { error: { code: 'RATE_LIMITED' } })).toBe('error');
    expect(classifySoakAnswer('login', 0, { error: { code: 'TimeoutError' } })).toBe('error');
    expect(classifySoakAnswer('login', 200, null)).toBe('error');
    expect(classifySoakAnswer('chat', 200, { url: 'https://x' })).toBe('error');
  });
});
