/**
 * The demo CRM's rule for a lead's names, written once: the edit form checks it before sending,
 * the server checks it again before saving (the browser is not trusted).
 */

export interface LeadNames {
  firstName: string;
  lastName: string;
}

/** Longest name the demo keeps; Saleschat takes 128 characters, the proxy trims to that anyway. */
export const NAME_MAX_LENGTH = 64;

/** What is wrong with each field, in words for the form; an empty object when both are fine. */
export function leadNameProblems(input: unknown): Partial<Record<keyof LeadNames, string>> {
  const problems: Partial<Record<keyof LeadNames, string>> = {};
  const fields = { firstName: 'First name', lastName: 'Last name' } as const;
  for (const [field, label] of Object.entries(fields) as [keyof LeadNames, string][]) {
    const value = (input as Partial<Record<string, unknown>> | null)?.[field];
    const name = typeof value === 'string' ? value.trim() : '';
    if (!name) problems[field] = `${label} is required.`;
    else if (name.length > NAME_MAX_LENGTH) {
      problems[field] = `${label} must be at most ${NAME_MAX_LENGTH} characters.`;
    } else if (/\p{Cc}/u.test(name)) problems[field] = `${label} contains a control character.`;
  }
  return problems;
}
