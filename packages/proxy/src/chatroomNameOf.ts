/** What Saleschat names a chatroom: crm_id, first name and last name, missing parts left out. */
export function chatroomNameOf(crmId: string, firstName?: string, lastName?: string): string {
  return [crmId, firstName, lastName].filter(Boolean).join(' ');
}
