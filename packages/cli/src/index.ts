export { runCli } from './runCli';
export type { CliIo, CliStream } from './cliIo';
export { importUsers } from './importUsers';
export type { ImportUsersOptions, ImportUsersResult, UserOutcome, UserResult } from './importUsers';
export type { UserRow } from './validateUserRows';
export { generatePassword } from './generatePassword';
