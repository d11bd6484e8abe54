import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { getNodeValue, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { CliError, EXIT } from './command';
import type { CliIo, Output } from './createOutput';
import { parseCsv, type LineProblem } from './parseCsv';

/** One row of an input file: its fields by column name, and where it starts. */
export interface RawRow {
  line: number;
  /** JSON only: the column its object starts at, as rows may share a line. */
  column?: number;
  values: Record<string, unknown>;
}

interface RowsFile {
  rows: RawRow[];
  /** Problems that concern the file or a row as a whole (syntax, missing columns, field counts). */
  problems: LineProblem[];
  /** Columns (CSV) or keys (JSON) the command does not read. */
  ignoredColumns: string[];
}

/** What each syntax error means, in words that never quote the file (passwords live there). */
const JSON_ERRORS: Record<ReturnType<typeof printParseErrorCode>, string> = {
  InvalidSymbol: 'a character that cannot start a JSON value',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'expected a key in double quotes',
  ValueExpected: 'expected a JSON value',
  ColonExpected: "expected ':' after a key",
  CommaExpected: "expected ',' between values",
  CloseBraceExpected: "expected '}' to close an object",
  CloseBracketExpected: "expected ']' to close an array",
  EndOfFileExpected: 'expected the end of the file after the top-level value',
  InvalidCommentToken: 'a comment (JSON has none)',
  UnexpectedEndOfComment: 'a comment (JSON has none)',
  UnexpectedEndOfString: 'a string is never closed (write a line break inside a string as \\n)',
  UnexpectedEndOfNumber: 'a number ends early',
  InvalidUnicode: 'a \\u escape needs four hex digits',
  InvalidEscapeCharacter: 'an unknown escape in a string',
  InvalidCharacter: 'a control character inside a string (escape it)',
  '<unknown ParseErrorCode>': 'not JSON here',
};

/** The 1-based line and column of an offset, from one index of where the lines start. */
function positionsIn(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if ((starts[middle] as number) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] as number) + 1 };
  };
}

function fromJson(input: string, columns: readonly string[]): RowsFile {
  // A byte-order mark becomes a space, so offsets and columns still match the file.
  const text = input.startsWith('\uFEFF') ? ` ${input.slice(1)}` : input;
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const at = positionsIn(text);
  const elements = tree?.type === 'array' ? (tree.children ?? []) : [];
  if (errors.length > 0) {
    // One problem per broken row (the first error in it): the parser's recovery after that is a guess.
    const reported = new Set<number>();
    const problems: LineProblem[] = [];
    for (const error of errors) {
      const row = elements.findLastIndex((element) => element.offset <= error.offset);
      if (reported.has(row)) continue;
      reported.add(row);
      problems.push({
        ...at(error.offset),
        message: `not valid JSON: ${JSON_ERRORS[printParseErrorCode(error.error)]}.`,
      });
    }
    return { rows: [], problems, ignoredColumns: [] };
  }
  if (tree?.type !== 'array') {
    return {
      rows: [],
      problems: [{ line: 1, message: 'a JSON file must hold an array of row objects.' }],
      ignoredColumns: [],
    };
  }
  const rows: RawRow[] = [];
  const problems: LineProblem[] = [];
  const ignored = new Set<string>();
  elements.forEach((element, index) => {
    const place = at(element.offset);
    if (element.type !== 'object') {
      problems.push({ ...place, message: `row ${index + 1} is not an object.` });
      return;
    }
    const values = getNodeValue(element) as Record<string, unknown>;
    for (const key of Object.keys(values)) if (!columns.includes(key)) ignored.add(key);
    rows.push({ ...place, values });
  });
  return { rows, problems, ignoredColumns: [...ignored] };
}

function fromCsv(text: string, columns: readonly string[], required: readonly string[]): RowsFile {
  const { records, problems } = parseCsv(text);
  const [header, ...body] = records;
  if (!header) {
    return {
      rows: [],
      problems: [
        ...problems,
        { line: 1, message: `no header line; expected: ${columns.join(',')}.` },
      ],
      ignoredColumns: [],
    };
  }
  const names = header.fields.map((name) => name.trim().toLowerCase());
  const missing = required.filter((column) => !names.includes(column));
  if (missing.length > 0) {
    const semicolons = names.length === 1 && (names[0] ?? '').includes(';');
    problems.push({
      line: header.line,
      message: `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${columns.join(',')}; ${columns.filter((c) => !required.includes(c)).join(', ') || 'none'} optional)${semicolons ? '. The file seems separated by semicolons: use commas.' : '.'}`,
    });
    return { rows: [], problems, ignoredColumns: [] };
  }
  const duplicated = names.find((name, index) => names.indexOf(name) !== index);
  if (duplicated !== undefined) {
    problems.push({ line: header.line, message: `the column ${duplicated} appears twice.` });
    return { rows: [], problems, ignoredColumns: [] };
  }
  const rows: RawRow[] = [];
  for (const record of body) {
    if (record.fields.length !== names.length) {
      problems.push({
        line: record.line,
        message: `${record.fields.length} field${record.fields.length === 1 ? '' : 's'}, but the header has ${names.length}.`,
      });
      continue;
    }
    const values: Record<string, unknown> = {};
    names.forEach((name, index) => {
      values[name] = record.fields[index];
    });
    rows.push({ line: record.line, values });
  }
  return {
    rows,
    problems,
    ignoredColumns: names.filter((name) => name !== '' && !columns.includes(name)),
  };
}

/** Prints a file's problems, one per line, each with its line (and column in JSON). */
function reportProblems(
  out: Output,
  json: boolean,
  file: string,
  problems: readonly LineProblem[],
): void {
  if (json) {
    out.json({ event: 'invalid', file, problems });
    return;
  }
  const shown = problems.slice(0, 100);
  for (const { line, column, message } of shown) {
    out.error(`${file}:${line}${column === undefined ? '' : `:${column}`}: ${message}`);
  }
  if (problems.length > shown.length) {
    out.error(`… and ${problems.length - shown.length} more (use --json to see every one).`);
  }
  out.error(
    `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${file}: nothing was sent to Saleschat. Fix the file and run the command again.`,
  );
}

/** What an import command reads: its columns, and how its rows are checked. */
export interface RowsKind<Row> {
  /** The columns (CSV) or keys (JSON) the command reads. */
  columns: readonly string[];
  /** Those a CSV header must have (a JSON row's missing keys are the validation's to report). */
  required: readonly string[];
  /** Checks the rows, each problem with its row's place. */
  validate: (rows: readonly RawRow[]) => { rows: Row[]; problems: LineProblem[] };
}

/** The part of an import command's context the file is read with. */
export interface RowsFileContext {
  /** The file is the first argument, relative to `io.cwd`. */
  args: readonly string[];
  /** `format` (default: from the file name, `.json` is JSON, anything else CSV); `json` reports problems as one JSON line. */
  values: { format: 'csv' | 'json' | undefined; json: boolean };
  io: Pick<CliIo, 'cwd'>;
  /** Where problems are reported. */
  out: Output;
}

/**
 * Reads an import command's file — a CSV with a header line, or a JSON array of objects — and
 * checks every row before anything is sent. With any problem, they are all printed with their
 * place and the result is `undefined`.
 */
export async function readRowsFile<Row>(
  kind: RowsKind<Row>,
  { args, values, io, out }: RowsFileContext,
): Promise<{ rows: Row[]; ignoredColumns: string[] } | undefined> {
  const file = args[0] ?? '';
  const path = resolve(io.cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      EXIT.usage,
    );
  }
  const format = values.format ?? (extname(path).toLowerCase() === '.json' ? 'json' : 'csv');
  const read =
    format === 'json' ? fromJson(text, kind.columns) : fromCsv(text, kind.columns, kind.required);
  const checked = kind.validate(read.rows);
  const problems = [...read.problems, ...checked.problems].sort(
    (a, b) => a.line - b.line || (a.column ?? 0) - (b.column ?? 0),
  );
  if (problems.length > 0) {
    reportProblems(out, values.json, file, problems);
    return undefined;
  }
  return { rows: checked.rows, ignoredColumns: read.ignoredColumns };
}
