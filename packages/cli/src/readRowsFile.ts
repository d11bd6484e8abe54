import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { CliError, EXIT } from './cliError';
import { findJsonSyntaxError } from './findJsonSyntaxError';
import { lineOfOffset, locateJsonRows } from './locateJsonRows';
import { parseCsv, type LineProblem } from './parseCsv';

/** One row of an input file: its fields by column name, and the line it starts on. */
export interface RawRow {
  line: number;
  values: Record<string, unknown>;
}

export interface RowsFile {
  rows: RawRow[];
  /** Problems that concern the file or a row as a whole (quoting, missing columns, field counts). */
  problems: LineProblem[];
  /** Columns (CSV) or keys (JSON) the command does not read. */
  ignoredColumns: string[];
}

export type RowsFormat = 'csv' | 'json';

/** The format a file name implies: `.json` is JSON, anything else CSV. */
export function formatOf(path: string): RowsFormat {
  return extname(path).toLowerCase() === '.json' ? 'json' : 'csv';
}

/** An import command's file argument, resolved against `cwd`, and its `--format` (or implied one). */
export function rowsFileArgument(
  file: string,
  cwd: string,
  formatFlag: unknown,
): { path: string; format: RowsFormat } {
  if (formatFlag !== undefined && formatFlag !== 'csv' && formatFlag !== 'json') {
    throw new CliError('--format must be csv or json.', EXIT.usage);
  }
  const path = resolve(cwd, file);
  return { path, format: (formatFlag as RowsFormat | undefined) ?? formatOf(path) };
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

function fromJson(text: string, columns: readonly string[]): RowsFile {
  const syntaxError = findJsonSyntaxError(text);
  if (syntaxError) {
    return {
      rows: [],
      problems: [
        {
          line: lineOfOffset(text, syntaxError.offset),
          message: `not valid JSON: ${syntaxError.message}.`,
        },
      ],
      ignoredColumns: [],
    };
  }
  const value: unknown = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  if (!Array.isArray(value)) {
    return {
      rows: [],
      problems: [{ line: 1, message: 'a JSON file must hold an array of row objects.' }],
      ignoredColumns: [],
    };
  }
  const lines = locateJsonRows(text);
  const rows: RawRow[] = [];
  const problems: LineProblem[] = [];
  const ignored = new Set<string>();
  value.forEach((item: unknown, index) => {
    const line = lines[index] ?? 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      problems.push({ line, message: `row ${index + 1} is not an object.` });
      return;
    }
    for (const key of Object.keys(item)) if (!columns.includes(key)) ignored.add(key);
    rows.push({ line, values: item as Record<string, unknown> });
  });
  return { rows, problems, ignoredColumns: [...ignored] };
}

/**
 * Reads a CSV (with a header line) or a JSON array of objects. `columns` are the names the
 * command reads, `required` those a CSV header must have (a JSON row's missing keys are
 * reported by the row validation, with the row's line).
 */
export async function readRowsFile(
  path: string,
  format: RowsFormat,
  columns: readonly string[],
  required: readonly string[],
): Promise<RowsFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(
      `${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      EXIT.usage,
    );
  }
  return format === 'json' ? fromJson(text, columns) : fromCsv(text, columns, required);
}
