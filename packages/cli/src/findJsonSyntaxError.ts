/**
 * Where a JSON text first breaks the grammar, and what was expected there — without echoing
 * the text (which may hold passwords), unlike `JSON.parse`'s messages. `null` when it is valid.
 */
export function findJsonSyntaxError(text: string): { offset: number; message: string } | null {
  let index = 0;

  class Fail {
    constructor(readonly message: string) {}
  }
  const fail = (message: string): never => {
    throw new Fail(message);
  };
  const skipSpace = () => {
    while (index < text.length && ' \t\r\n'.includes(text[index] as string)) index++;
  };
  const expectChar = (char: string, what: string) => {
    if (text[index] !== char) fail(`expected ${what}`);
    index++;
  };

  function string(): void {
    expectChar('"', 'a string');
    while (index < text.length) {
      const char = text[index] as string;
      if (char === '"') {
        index++;
        return;
      }
      if (char === '\\') {
        const next = text[index + 1] ?? '';
        if (next === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6))) {
            fail('a \\u escape needs four hex digits');
          }
          index += 6;
          continue;
        }
        if (!'"\\/bfnrt'.includes(next) || next === '') fail('an unknown escape in a string');
        index += 2;
        continue;
      }
      if (char < ' ') fail('a line break or control character inside a string (escape it)');
      index++;
    }
    fail('a string is never closed');
  }

  function value(): void {
    skipSpace();
    const char = text[index];
    if (char === '{') {
      index++;
      skipSpace();
      if (text[index] === '}') {
        index++;
        return;
      }
      for (;;) {
        skipSpace();
        string();
        skipSpace();
        expectChar(':', "':' after a key");
        value();
        skipSpace();
        if (text[index] === ',') {
          index++;
          continue;
        }
        expectChar('}', "',' or '}' after a value in an object");
        return;
      }
    }
    if (char === '[') {
      index++;
      skipSpace();
      if (text[index] === ']') {
        index++;
        return;
      }
      for (;;) {
        value();
        skipSpace();
        if (text[index] === ',') {
          index++;
          continue;
        }
        expectChar(']', "',' or ']' after an array element");
        return;
      }
    }
    if (char === '"') return string();
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(
      text.slice(index, index + 400),
    );
    if (!literal) fail(index >= text.length ? 'the text ends early' : 'expected a JSON value');
    index += (literal as RegExpExecArray)[0].length;
  }

  try {
    if (text.startsWith('\uFEFF')) index = 1;
    value();
    skipSpace();
    if (index < text.length) fail('expected the end of the text after the top-level value');
    return null;
  } catch (error) {
    if (error instanceof Fail) return { offset: index, message: error.message };
    throw error;
  }
}
