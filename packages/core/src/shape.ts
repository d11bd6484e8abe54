/**
 * Field → its `typeof`, or a list of allowed values or `typeof`s: enough to trust what came off
 * the wire before the client hands it out typed. (Hand-rolled rather than a schema library,
 * because core ships in every host's bundle and has a 2 kB budget.)
 */
export type BodyShape = Record<string, string | readonly string[]>;

export function matches(body: Record<string, unknown>, shape: BodyShape): boolean {
  return Object.entries(shape).every(([key, expected]) => {
    const value = body[key];
    return typeof expected === 'string'
      ? typeof value === expected
      : expected.includes(value as string) || expected.includes(typeof value);
  });
}
