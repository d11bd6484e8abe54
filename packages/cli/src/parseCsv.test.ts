import { describe, expect, it } from 'vitest';
import { parseCsv } from './parseCsv';

describe('parseCsv', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, and numbers records by their first line', () => {
    const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\nlines",z\n3,,\n';
    expect(parseCsv(text)).toEqual({
      records: [
        { line: 1, fields: ['a', 'b', 'c'] },
        { line: 2, fields: ['1', 'x, y', 'say "hi"'] },
        { line: 3, fields: ['2', 'two\nlines', 'z'] },
        { line: 5, fields: ['3', '', ''] },
      ],
      problems: [],
    });
  });

  it('skips blank lines and a byte-order mark, and reads a last line without a line break', () => {
    expect(parseCsv('\uFEFFa,b\n\n1,2\n\n3,4')).toEqual({
      records: [
        { line: 1, fields: ['a', 'b'] },
        { line: 3, fields: ['1', '2'] },
        { line: 5, fields: ['3', '4'] },
      ],
      problems: [],
    });
  });

  it('reports a quote inside an unquoted field and text after a closing quote, and keeps reading', () => {
    const { records, problems } = parseCsv('a,b\nx,ab"c\n"q"z,1\nok,2\n');
    expect(records.map((record) => record.line)).toEqual([1, 4]);
    expect(problems).toEqual([
      { line: 2, message: expect.stringMatching(/quote inside an unquoted field/) },
      { line: 3, message: expect.stringMatching(/text follows a closing quote/) },
    ]);
  });

  it('reports a quote that is never closed at the line it opens on', () => {
    const { records, problems } = parseCsv('a,b\n1,2\n3,"open\n4,5\n6,7\n');
    expect(records).toHaveLength(2);
    expect(problems).toEqual([{ line: 3, message: expect.stringMatching(/never closed/) }]);
  });
});
