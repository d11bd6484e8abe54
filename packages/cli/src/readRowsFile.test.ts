import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureIo } from '../test/captureIo';
import { createOutput } from './createOutput';
import { readRowsFile } from './readRowsFile';
import { USER_ROWS } from './validateUserRows';

const dir = mkdtempSync(join(tmpdir(), 'saleschat-kit-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PASSWORD = 'hunter22-Secret!';

async function read(name: string, text: string, json = false) {
  writeFileSync(join(dir, name), text);
  const io = captureIo({});
  const result = await readRowsFile(USER_ROWS, {
    args: [name],
    values: { format: undefined, json },
    io: { cwd: dir },
    out: createOutput(io),
  });
  return { result, stderr: io.stderr.text, stdout: io.stdout.text };
}

const user = (id: number, extra = '') =>
  `{"crm_user_id": "crm-${id}", "email": "u${id}@example.com", "first_name": "U", "last_name": "${id}"${extra}}`;

describe('readRowsFile, JSON', () => {
  it('reads a valid array with each row at its line and column, a byte-order mark ignored', async () => {
    const { result, stderr } = await read('ok.json', `\uFEFF[${user(1)},\n  ${user(2)}]`);
    expect(stderr).toBe('');
    expect(result?.rows.map((row) => [row.line, row.crmUserId])).toEqual([
      [1, 'crm-1'],
      [2, 'crm-2'],
    ]);
  });

  it('gives a line and column to each broken row, and never echoes the file', async () => {
    const text = [
      '[',
      `  ${user(1, `, "password": "${PASSWORD}"`)},`,
      `  {"crm_user_id": "crm-2", "password": "${PASSWORD}" "email": "x"},`,
      `  ${user(3)},`,
      `  {"crm_user_id": "crm-4", "email": }`,
      ']',
    ].join('\n');
    const { result, stderr, stdout } = await read('broken.json', text);
    expect(result).toBeUndefined();
    const lines = text.split('\n');
    const missingComma = (lines[2] ?? '').indexOf(' "email"') + 2;
    const missingValue = (lines[4] ?? '').indexOf('}') + 1;
    expect(stderr).toContain(
      `broken.json:3:${missingComma}: not valid JSON: expected ',' between values.`,
    );
    expect(stderr).toContain(
      `broken.json:5:${missingValue}: not valid JSON: expected a JSON value.`,
    );
    expect(stderr).toMatch(/2 problems in broken\.json: nothing was sent to Saleschat/);
    expect(stderr + stdout).not.toContain(PASSWORD);
    expect(stderr + stdout).not.toContain('hunter22');
  });

  it('tells rows apart by column when they share a line, in text and in --json', async () => {
    const text = `[${user(1)},{"crm_user_id": "crm-2", "email": "not-an-email", "first_name": "A", "last_name": "B", "password": "${PASSWORD}"},{"crm_user_id": "crm-3"}]`;
    const column2 = text.indexOf('{"crm_user_id": "crm-2"') + 1;
    const column3 = text.indexOf('{"crm_user_id": "crm-3"') + 1;
    const plain = await read('one-line.json', text);
    expect(plain.stderr).toContain(
      `one-line.json:1:${column2}: email "not-an-email" is not an email address.`,
    );
    expect(plain.stderr).toContain(`one-line.json:1:${column3}: email is missing.`);
    expect(plain.stderr).not.toContain(PASSWORD);

    const json = await read('one-line.json', text, true);
    const event = JSON.parse(json.stdout) as { problems: { line: number; column: number }[] };
    expect(event.problems.map((problem) => `${problem.line}:${problem.column}`)).toContain(
      `1:${column3}`,
    );
    expect(json.stdout).not.toContain(PASSWORD);
  });

  it.each([
    [
      'comments',
      `[// agents\n${user(1)}]`,
      /comments\.json:1:2: not valid JSON: a comment \(JSON has none\)/,
    ],
    [
      'trailing comma',
      `[${user(1)},\n]`,
      /trailing comma\.json:2:1: not valid JSON: expected a JSON value/,
    ],
    ['an object', user(1), /an object\.json:1: a JSON file must hold an array of row objects/],
    ['a string row', `[\n  "${PASSWORD}"\n]`, /a string row\.json:2:3: row 1 is not an object/],
    ['an empty file', '', /an empty file\.json:1:1: not valid JSON: expected a JSON value/],
    [
      'an unclosed string',
      `[{"password": "${PASSWORD}`,
      /unclosed string\.json:1:15: not valid JSON: a string is never closed/,
    ],
  ])('refuses %s', async (name, text, message) => {
    const { result, stderr } = await read(`${name}.json`, text);
    expect(result).toBeUndefined();
    expect(stderr).toMatch(message);
    expect(stderr).not.toContain(PASSWORD);
  });
});
