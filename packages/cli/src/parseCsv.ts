/** One CSV record and the line it starts on (1-based; a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/** Something wrong in the file, at a line (and, in JSON, a column). */
export interface LineProblem {
  line: number;
  column?: number;
  message: string;
}

/**
 * RFC 4180 CSV: comma-separated, fields optionally in double quotes with `""` for a quote,
 * CRLF or LF line ends, a leading byte-order mark ignored. Malformed quoting is reported with
 * its line and the record dropped, instead of guessing what the author meant. Blank lines are
 * skipped.
 */
export function parseCsv(text: string): { records: CsvRecord[]; problems: LineProblem[] } {
  const input = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const problems: LineProblem[] = [];
  let line = 1;
  let index = 0;

  while (index < input.length) {
    const start = line;
    const fields: string[] = [];
    let problem: string | undefined;
    let recordDone = false;

    while (!recordDone) {
      // One field: quoted or not.
      let field = '';
      if (input[index] === '"') {
        const openedOn = line;
        index++;
        let closed = false;
        while (index < input.length) {
          const char = input[index] as string;
          if (char === '"') {
            if (input[index + 1] === '"') {
              field += '"';
              index += 2;
              continue;
            }
            index++;
            closed = true;
            break;
          }
          if (char === '\n') line++;
          field += char;
          index++;
        }
        if (!closed) {
          problems.push({
            line: openedOn,
            message: 'a quoted field starts here and is never closed (a quote is missing).',
          });
          return { records, problems };
        }
        const next = input[index];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          problem =
            'text follows a closing quote; inside a quoted field, write a quote as two quotes ("").';
        }
      } else {
        while (index < input.length) {
          const char = input[index] as string;
          if (char === ',' || char === '\n' || char === '\r') break;
          if (char === '"' && problem === undefined) {
            problem =
              'a quote inside an unquoted field; put the whole field in quotes and write the quote as two quotes ("").';
          }
          field += char;
          index++;
        }
      }
      if (problem !== undefined) {
        // Skip to the end of the physical line and drop the record.
        while (index < input.length && input[index] !== '\n') index++;
        break;
      }
      fields.push(field);
      const separator = input[index];
      if (separator === ',') {
        index++;
      } else {
        if (separator === '\r') index++;
        if (input[index] === '\n') index++;
        recordDone = true;
      }
    }

    if (problem !== undefined) {
      problems.push({ line, message: problem });
      if (input[index] === '\n') index++;
      line++;
      continue;
    }
    line++;
    const blank = fields.length === 1 && fields[0] === '';
    if (!blank) records.push({ line: start, fields });
  }
  return { records, problems };
}
