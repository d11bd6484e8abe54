/**
 * The existing contact's id in Saleschat's answer to a create refused with 4090001, when it
 * carries one. A guess: the documentation shows `payload: {}` and says nothing of a contact id
 * (the fake's guesses.ts lists it with the fake's `conflictPayload` option). Only an id that
 * comes with this lead's own `crm_id` counts: 4090001 also answers a phone number that another
 * contact has, and adopting that contact would chat with the wrong lead.
 */
export function existingContactIdOf(body: unknown, crmId: string): string | undefined {
  const payload = (body as { payload?: unknown } | undefined)?.payload;
  if (typeof payload !== 'object' || payload === null) return undefined;
  const { id, crm_id: payloadCrmId } = payload as { id?: unknown; crm_id?: unknown };
  if (payloadCrmId !== crmId) return undefined;
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  return typeof id === 'string' && id !== '' && id.length <= 128 ? id : undefined;
}
