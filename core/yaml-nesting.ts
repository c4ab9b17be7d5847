// How deep YAML text nests, estimated in one pass over the lines before the YAML parser sees it.
// The parser (and toJS after it) recurse per level: 10,000 nested `[` took it 0.7 s to end in
// "Maximum call stack size exceeded". Block nesting is counted from indentation (and compact
// `- - x` entries), flow nesting from brackets outside quoted scalars and comments; block scalars
// (`|`, `>`) are skipped. An estimate that errs high only for text no rule set or manifest has.

export interface NestingExcess {
  /** Offset in the text where the nesting passed the limit. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** Characters after which a scalar or flow collection may start. */
function isValueStart(previous: string | undefined): boolean {
  return previous === undefined || previous === ':' || previous === '-' || previous === ',' || previous === '[' || previous === '{' || previous === '?';
}

/** Where the nesting of `text` first goes past `max` levels, or undefined. */
export function yamlNestingExcess(text: string, max: number): NestingExcess | undefined {
  const columns: number[] = [];
  let flow = 0;
  let quote: '"' | "'" | undefined;
  let blockScalarIndent = -1;
  let lineStart = 0;
  for (let line = 1; lineStart <= text.length; line++) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    let pos = lineStart;
    while (pos < lineEnd && text[pos] === ' ') pos++;
    const indent = pos - lineStart;
    const blank = pos >= lineEnd || text[pos] === '\r' || (text[pos] === '#' && quote === undefined);
    if (blockScalarIndent >= 0 && (blank || indent > blockScalarIndent)) {
      lineStart = lineEnd + 1;
      continue;
    }
    blockScalarIndent = -1;
    if (!blank && quote === undefined && flow === 0) {
      while (columns.length > 0 && (columns[columns.length - 1] as number) >= indent) columns.pop();
      columns.push(indent);
      // compact nested entries on one line: `- - - x`, `? - x`
      while ((text[pos] === '-' || text[pos] === '?') && (text[pos + 1] === ' ' || pos + 1 >= lineEnd)) {
        pos += 2;
        while (pos < lineEnd && text[pos] === ' ') pos++;
        columns.push(pos - lineStart);
      }
    }
    let previous: string | undefined = quote === undefined && flow === 0 ? undefined : ',';
    for (let i = pos; i < lineEnd; i++) {
      const c = text[i] as string;
      if (quote === "'") {
        if (c === "'") {
          if (text[i + 1] === "'") i++;
          else quote = undefined;
        }
        continue;
      }
      if (quote === '"') {
        if (c === '\\') i++;
        else if (c === '"') quote = undefined;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') continue;
      if (c === '#' && (i === lineStart || text[i - 1] === ' ' || text[i - 1] === '\t')) break;
      const start = flow > 0 || isValueStart(previous);
      if ((c === '"' || c === "'") && start) quote = c;
      else if ((c === '[' || c === '{') && start) {
        flow++;
        if (columns.length + flow > max) return { offset: i, line, column: i - lineStart + 1 };
      } else if ((c === ']' || c === '}') && flow > 0) flow--;
      else if ((c === '|' || c === '>') && flow === 0 && isValueStart(previous)) {
        // a block scalar header: its content lines (indented deeper) are text, not structure
        if (/^[|>][-+0-9]*\s*(?:#.*)?$/.test(text.slice(i, lineEnd).trimEnd())) {
          blockScalarIndent = indent;
          break;
        }
      }
      previous = c;
    }
    if (columns.length + flow > max) return { offset: lineStart + indent, line, column: indent + 1 };
    lineStart = lineEnd + 1;
  }
  return undefined;
}
