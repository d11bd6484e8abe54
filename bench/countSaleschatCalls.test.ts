import { describe, expect, it } from 'vitest';
import { countSaleschatCalls } from './countSaleschatCalls';

describe('countSaleschatCalls', () => {
  it('counts what reaches the fake Saleschat per action: the floors 1, 0, 2, 0, 1, 1', async () => {
    const { figures } = await countSaleschatCalls();
    expect(Object.fromEntries(figures.map((figure) => [figure.key, figure.value]))).toEqual({
      calls_first_login_count: 1,
      calls_cached_login_count: 0,
      calls_new_lead_count: 2,
      calls_repeat_chat_count: 0,
      calls_reassign_count: 1,
      calls_repeat_after_window_count: 1,
    });
    expect(figures.filter((figure) => figure.over)).toEqual([]);
  });
});
