import type { Command } from './command';
import { contactsImport } from './commands/contactsImport';
import { doctor } from './commands/doctor';
import { fake } from './commands/fake';
import { migrate } from './commands/migrate';
import { usersImport } from './commands/usersImport';
import { usersLink } from './commands/usersLink';
import { usersList } from './commands/usersList';
import { usersUnlink } from './commands/usersUnlink';

/** Every command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [
  usersImport,
  usersLink,
  usersList,
  usersUnlink,
  contactsImport,
  migrate,
  doctor,
  fake,
];
