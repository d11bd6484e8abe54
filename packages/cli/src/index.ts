export { runCli } from './runCli';
export type { CliIo, CliStream } from './createOutput';
export { importUsers } from './importUsers';
export type { ImportUsersOptions, ImportUsersResult, UserOutcome, UserResult } from './importUsers';
export { validateUserRows } from './validateUserRows';
export type { UserRow } from './validateUserRows';
export type { RawRow } from './readRowsFile';
export { generatePassword } from './generatePassword';
