/** Deterministic answers for the benchmarks, of any size. */

/** A deterministic markdown answer of about `bytes` bytes: prose, lists, tables and code. */
export function markdownAnswer(bytes: number): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const section = [
      `## Step ${i + 1}: handling case ${i}`,
      '',
      `This section explains **case ${i}** in some detail, with \`inline code\`, a [link](https://example.com/${i}) and enough prose to wrap over several lines in a narrow panel, as real answers do.`,
      '',
      `- first point about ${i}`,
      `- second point, with *emphasis*`,
      `- third point, ending the list`,
      '',
      i % 2 === 0 ? '```typescript' : '```python',
      ...(i % 2 === 0
        ? [`export function handle${i}(input: string[]): number {`, '  let total = 0;', '  for (const item of input) {', `    total += item.length * ${i};`, '  }', '  return total;', '}']
        : [`def handle_${i}(items: list[str]) -> int:`, '    total = 0', '    for item in items:', `        total += len(item) * ${i}`, '    return total']),
      '```',
      '',
      '| input | output |',
      '|-------|--------|',
      `| a | ${i} |`,
      `| bb | ${2 * i} |`,
      '',
    ].join('\n');
    parts.push(section);
    size += Buffer.byteLength(section);
  }
  return parts.join('\n');
}

/** An answer that is one TypeScript code block of about `bytes` bytes, functions with blank lines between them, as a model writes a long file. */
export function codeAnswer(bytes: number): string {
  const lines = ['Here is the whole module:', '', '```typescript'];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const fn = [
      `/** Totals the lengths of the items, weighted by ${i}. */`,
      `export function handle${i}(input: readonly string[]): number {`,
      '  let total = 0;',
      '  for (const item of input) {',
      `    total += item.length * ${i}; // "weighted"`,
      '  }',
      '  return total;',
      '}',
      '',
    ];
    lines.push(...fn);
    size += Buffer.byteLength(fn.join('\n'));
  }
  lines.push('```', '', 'Each function is independent.');
  return lines.join('\n');
}
