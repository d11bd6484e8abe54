import { describe, expect, it } from 'vitest';
import { fr } from './locales/fr';
import { chatSuccessMessage, en, formatMessage } from './messages';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogues', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(formatMessage('Chat with {name}', { name: 'Ada' })).toBe('Chat with Ada');
    expect(formatMessage('Try again in {seconds} s ({oops})', { seconds: 7 })).toBe(
      'Try again in 7 s ({oops})',
    );
  });

  it('gives the French catalogue the same keys and placeholders as the English one', () => {
    expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect({ key, placeholders: placeholders(fr[key]) }).toEqual({
        key,
        placeholders: placeholders(en[key]),
      });
      expect(fr[key].trim()).not.toBe('');
    }
  });

  it('says where a chat went: the agent, a group by name, or once the lead replies', () => {
    const chat = { contact: 'existing', assignment: 'assigned' } as const;
    expect(chatSuccessMessage(en, 'Ada Lovelace', chat)).toBe(
      'Chat with Ada Lovelace ready — existing contact, assigned to you',
    );
    expect(
      chatSuccessMessage(en, 'Ada Lovelace', {
        ...chat,
        assignedTo: { to: 'group', groupName: 'Sales' },
      }),
    ).toBe('Chat with Ada Lovelace ready — existing contact, assigned to the Sales team');
    expect(
      chatSuccessMessage(fr, 'Ada Lovelace', {
        contact: 'created',
        assignment: 'assigned',
        assignedTo: { to: 'handover' },
      }),
    ).toBe(
      `Discussion avec Ada Lovelace prête — ${fr['chat.contact.created']}, attribuée quand le prospect répondra`,
    );
  });
});
