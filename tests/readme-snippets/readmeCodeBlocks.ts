/** One fenced code block of a Markdown file. */
export interface CodeBlock {
  /** The fence's info string (`ts`, `tsx`, `sh`…); empty when it has none. */
  language: string;
  /** 1-based line of the block's first code line in the file. */
  line: number;
  /** The code, with the fence's indentation taken off each line. */
  code: string;
  /** The last non-blank line before the fence (where a `<!-- snippet: … -->` marker sits). */
  before: string;
  /** The `## ` heading the block is under; empty before the first one. */
  section: string;
}

/**
 * The fenced code blocks of a Markdown text, in order; also fences indented inside a list item.
 * What the README snippet tests read, so a README's code is what they check and run.
 */
export function readmeCodeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split('\n');
  const blocks: CodeBlock[] = [];
  let section = '';
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] as string;
    if (text.startsWith('## ')) section = text.slice(3).trim();
    const fence = /^(\s*)```(\S*)\s*$/.exec(text);
    if (!fence) continue;
    const [, indent = '', language = ''] = fence;
    let end = lines.findIndex((line, at) => at > index && line.trim() === '```');
    if (end === -1) end = lines.length;
    const before =
      lines
        .slice(0, index)
        .reverse()
        .find((line) => line.trim() !== '') ?? '';
    blocks.push({
      language,
      line: index + 2,
      code: lines
        .slice(index + 1, end)
        .map((line) => line.slice(indent.length))
        .join('\n'),
      before: before.trim(),
      section,
    });
    index = end;
  }
  return blocks;
}
