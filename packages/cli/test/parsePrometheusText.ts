/** One sample of a Prometheus text exposition. */
export interface PrometheusSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`;
const SAMPLE = new RegExp(
  `^(${NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (\\S+)(?: -?\\d+)?$`,
);
const VALUE = /^(?:[+-]?(?:\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+)|[+-]Inf|NaN)$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);

/**
 * Reads Prometheus's text exposition format (version 0.0.4) strictly: a line that is not a
 * `# HELP`/`# TYPE` comment or a well-formed sample, a sample whose family has no `# TYPE`, or a
 * family typed twice throws, naming the line. What a scraper would reject fails the test.
 */
export function parsePrometheusText(text: string): PrometheusSample[] {
  const types = new Map<string, string>();
  const samples: PrometheusSample[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    const fail = (why: string) => {
      throw new Error(`Line ${index + 1} of the exposition ${why}: ${JSON.stringify(line)}`);
    };
    if (line === '') continue;
    if (line.startsWith('#')) {
      const typed = new RegExp(`^# TYPE (${NAME}) (\\S+)$`).exec(line);
      if (typed) {
        const [, family = '', type = ''] = typed;
        if (!TYPES.has(type)) fail('has an unknown type');
        if (types.has(family)) fail('types a family twice');
        types.set(family, type);
      } else if (line.startsWith('# TYPE')) {
        fail('is a malformed TYPE line');
      }
      // Any other comment (HELP, OpenMetrics' UNIT) is free text to a 0.0.4 scraper.
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample) fail('is not a sample');
    const [, name = '', labelText = '', , , , , value = ''] = sample as RegExpExecArray;
    if (!VALUE.test(value)) fail('has a value that is not a number');
    const family = [
      name,
      ...['_bucket', '_count', '_sum', '_total', '_created']
        .filter((suffix) => name.endsWith(suffix))
        .map((suffix) => name.slice(0, -suffix.length)),
    ].find((each) => types.has(each));
    if (family === undefined) fail('has no # TYPE for its family');
    const labels: Record<string, string> = {};
    for (const [, label = '', raw = ''] of labelText.matchAll(new RegExp(LABEL, 'g'))) {
      labels[label] = raw.replace(/\\(.)/g, (_, char: string) => (char === 'n' ? '\n' : char));
    }
    samples.push({ name, labels, value: Number(value.replace('Inf', 'Infinity')) });
  }
  return samples;
}
