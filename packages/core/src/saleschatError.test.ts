import { describe, expect, it } from 'vitest';
import { SaleschatError, isErrorBody } from './saleschatError';

describe('SaleschatError', () => {
  it('carries the contract fields and derives the status from the code', () => {
    const cause = new Error('upstream');
    const error = new SaleschatError({
      code: 'SALESCHAT_ERROR',
      message: 'Saleschat refused',
      saleschat: { code: 4090001, message: 'UQ_CONSTRAINT_FAILED' },
      requestId: 'r-1',
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SaleschatError');
    expect(error).toMatchObject({
      code: 'SALESCHAT_ERROR',
      status: 502,
      message: 'Saleschat refused',
      saleschat: { code: 4090001, message: 'UQ_CONSTRAINT_FAILED' },
      requestId: 'r-1',
    });
    expect(error.cause).toBe(cause);
  });

  it('gives client-only codes status 0 and a message naming the code', () => {
    const error = new SaleschatError({ code: 'POPUP_BLOCKED', url: 'https://sc.test/m' });
    expect(error.status).toBe(0);
    expect(error.message).toContain('POPUP_BLOCKED');
    expect(error.url).toBe('https://sc.test/m');
  });

  describe('from', () => {
    it('returns a SaleschatError unchanged', () => {
      const error = new SaleschatError({ code: 'TIMEOUT' });
      expect(SaleschatError.from(error)).toBe(error);
    });

    it('turns an AbortError into ABORTED', () => {
      const error = SaleschatError.from(new DOMException('stop', 'AbortError'));
      expect(error.code).toBe('ABORTED');
    });

    it('turns an error body into its error', () => {
      const error = SaleschatError.from({
        error: { code: 'RATE_LIMITED', message: 'wait', requestId: 'r', retryAfterMs: 500 },
      });
      expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterMs: 500 });
    });

    it.each([[new TypeError('boom')], ['a string'], [undefined], [{ weird: true }]])(
      'turns anything else (%j) into INTERNAL, keeping the cause',
      (value) => {
        const error = SaleschatError.from(value);
        expect(error.code).toBe('INTERNAL');
        expect(error.cause).toBe(value);
        expect(error.message).toMatch(/^Unexpected error: /);
      },
    );
  });
});

describe('isErrorBody', () => {
  it.each([
    [{ error: { code: 'FORBIDDEN', message: 'm', requestId: 'r' } }, true],
    [
      {
        error: {
          code: 'SALESCHAT_ERROR',
          message: 'm',
          requestId: 'r',
          saleschat: { code: 1, message: 'x' },
        },
      },
      true,
    ],
    [{ error: { code: 'NETWORK', message: 'm', requestId: 'r' } }, false],
    [{ error: { code: 'FORBIDDEN', message: 3, requestId: 'r' } }, false],
    [{ error: { code: 'FORBIDDEN', message: 'm' } }, false],
    [{ error: { code: 'FORBIDDEN', message: 'm', requestId: 'r', retryAfterMs: '5' } }, false],
    [{ error: 'FORBIDDEN' }, false],
    [null, false],
    ['text', false],
  ])('recognises %j: %s', (value, expected) => {
    expect(isErrorBody(value)).toBe(expected);
  });
});
