import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './findJsonSyntaxError';
import { lineOfOffset, locateJsonRows } from './locateJsonRows';

describe('findJsonSyntaxError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of ['[]', ' {"a": [1, -2.5e3, true, null, "x\\"\\u00e9"]} ', '"s"']) {
      expect(findJsonSyntaxError(text)).toBeNull();
      expect(() => JSON.parse(text) as unknown).not.toThrow();
    }
  });

  it('points at the first error without echoing the text', () => {
    const text = '[\n  {"password": "hunter22-secret"},\n  {"a": }\n]';
    const error = findJsonSyntaxError(text);
    expect(error).not.toBeNull();
    expect(lineOfOffset(text, error?.offset ?? 0)).toBe(3);
    expect(error?.message).not.toContain('hunter22');
    expect(findJsonSyntaxError('[1, 2')).toMatchObject({ message: expect.stringMatching(/','/) });
    expect(findJsonSyntaxError('{"a": 1} x')).toMatchObject({ offset: 9 });
    expect(findJsonSyntaxError('["a\nb"]')).toMatchObject({
      message: expect.stringMatching(/line break/),
    });
  });
});

describe('locateJsonRows', () => {
  it('gives the line each top-level element starts on, whatever the strings hold', () => {
    const text = '[\n  {"a": "[,{"},\n\n  {\n    "b": ["x", "y"]\n  }, {"c": "\\"],"}\n]';
    expect(locateJsonRows(text)).toEqual([2, 4, 6]);
  });
});
