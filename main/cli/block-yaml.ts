// A reader for the plain block YAML rule-set files are written in: nested block mappings and
// sequences whose leaves are one-line scalars, as writeRuleSet writes them and people edit them.
// The yaml package reads a 1,000-rule file in about 300 ms of CPU on a cold process, twice the
// whole budget of `acr-cache lint` in CI (issue 14); this reads it in a few milliseconds.
//
// It is not a second YAML implementation: it accepts only text whose meaning it is certain of, and
// answers undefined for everything else, so the caller parses that with yaml and the result is
// always what yaml gives. Refused: flow collections other than [] and {}, multi-line and block
// scalars, anchors, aliases, tags, escapes in double quotes, directives and document markers,
// numbers, booleans and null (plain scalars must start with a letter, `_`, `$` or `/`), empty
// values, duplicate keys, tabs, CR and other control characters. block-yaml.test.ts checks the
// data and every node's range against yaml's on generated files.

/** A node and its source range, as yaml's `node.range[0]` and `node.range[1]`. */
export interface SourceNode {
  readonly start: number;
  readonly end: number;
  /** A scalar's value (collections have none). */
  readonly value?: unknown;
  /** A mapping's values by key (the first of duplicates, as yaml's `get`). */
  readonly entries?: ReadonlyMap<string, SourceNode>;
  readonly items?: readonly SourceNode[];
}

export interface BlockYaml {
  /** The value, as yaml's `doc.toJS()`. */
  readonly data: unknown;
  readonly root: SourceNode;
  /** Offsets where lines start, as yaml's LineCounter holds them. */
  readonly lineStarts: readonly number[];
  /**
   * Whether the text has comments after its first content line. yaml stretches a collection's
   * range over some of the comments after it, by rules this reader does not follow; scalars'
   * ranges are exact either way, but collections' ends are then to be asked of yaml.
   */
  readonly comments: boolean;
}

interface Line {
  /** Column of the content (the key, `-`, or the value after `- `). */
  readonly indent: number;
  /** Offset of the content. */
  readonly at: number;
  /** Offset of the line's end (its `\n`, or the end of the text). */
  readonly end: number;
  /** Offset after the line's `\n` (yaml's end of a node on this line). */
  readonly next: number;
  readonly lineStart: number;
}

interface Parsed {
  readonly node: SourceNode;
  readonly data: unknown;
  /** Where the node ends with what follows it on its line: yaml's `range[2]`. */
  readonly nodeEnd: number;
}

const REFUSE = Symbol('not plain block YAML');
// Characters that make yaml read a text differently (line breaks other than \n, control
// characters yaml rejects or treats specially, a BOM inside the text).
const UNSURE_CHARS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;
/** Plain scalars the YAML 1.2 core schema reads as something other than a string. */
const NOT_STRINGS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
const KEY = /[A-Za-z_$][A-Za-z0-9_$-]*/y;
const PLAIN_START = /[A-Za-z_$/]/;

function refuse(): never {
  throw REFUSE;
}

class BlockReader {
  private i = 0;
  comments = false;

  constructor(
    private readonly text: string,
    private readonly lines: Line[],
  ) {}

  parse(): Parsed {
    const first = this.lines[0] as Line;
    const parsed = this.node(first.indent);
    if (this.i !== this.lines.length) refuse();
    return parsed;
  }

  private isItem(line: Line): boolean {
    return this.text.charCodeAt(line.at) === 0x2d /* - */ && (line.at + 1 === line.end || this.text.charCodeAt(line.at + 1) === 0x20);
  }

  private node(indent: number): Parsed {
    const line = this.lines[this.i] as Line;
    return this.isItem(line) ? this.sequence(indent) : this.mapping(indent);
  }

  /** The length of the key at `at` when the text there is `key:` then a space or the line's end, else -1. */
  private keyLength(at: number, end: number): number {
    KEY.lastIndex = at;
    if (!KEY.test(this.text)) return -1;
    const colon = KEY.lastIndex;
    if (this.text.charCodeAt(colon) !== 0x3a /* : */ || (colon + 1 !== end && this.text.charCodeAt(colon + 1) !== 0x20)) return -1;
    return colon - at;
  }

  private skipSpaces(at: number, end: number): number {
    while (at < end && this.text.charCodeAt(at) === 0x20) at++;
    return at;
  }

  /** The value of a key or item whose line ends after its indicator: a block on the next lines. */
  private blockValue(indent: number, sameIndentSequence: boolean): Parsed {
    this.i++;
    const next = this.lines[this.i];
    if (next !== undefined && next.indent > indent) return this.node(next.indent);
    if (sameIndentSequence && next !== undefined && next.indent === indent && this.isItem(next)) return this.sequence(indent);
    return refuse(); // an empty value (null)
  }

  private mapping(indent: number): Parsed {
    const entries = new Map<string, SourceNode>();
    const data: Record<string, unknown> = {};
    let start = -1;
    let end = -1;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i] as Line;
      if (line.indent !== indent) {
        if (line.indent > indent) refuse();
        break;
      }
      const length = this.keyLength(line.at, line.end);
      if (length < 0 || length > 1000) refuse();
      const key = this.text.slice(line.at, line.at + length);
      if (NOT_STRINGS.has(key) || key === '__proto__' || entries.has(key)) refuse();
      if (start < 0) start = line.at;
      const at = this.skipSpaces(line.at + length + 1, line.end);
      let value: Parsed;
      if (at === line.end || this.text.charCodeAt(at) === 0x23 /* # */) {
        if (at !== line.end) this.comments = true;
        value = this.blockValue(indent, true);
      } else {
        value = this.scalar(at, line);
        this.i++;
      }
      entries.set(key, value.node);
      data[key] = value.data;
      end = value.nodeEnd;
    }
    if (start < 0) refuse();
    return { node: { start, end, entries }, data, nodeEnd: end };
  }

  private sequence(indent: number): Parsed {
    const items: SourceNode[] = [];
    const data: unknown[] = [];
    const start = (this.lines[this.i] as Line).at;
    let end = start;
    while (this.i < this.lines.length) {
      const line = this.lines[this.i] as Line;
      if (line.indent !== indent) {
        if (line.indent > indent) refuse();
        break;
      }
      if (!this.isItem(line)) break;
      const at = this.skipSpaces(line.at + 1, line.end);
      let value: Parsed;
      if (at === line.end || this.text.charCodeAt(at) === 0x23 /* # */) {
        if (at !== line.end) this.comments = true;
        value = this.blockValue(indent, false);
      } else if (this.text.charCodeAt(at) === 0x2d /* - */ && (at + 1 === line.end || this.text.charCodeAt(at + 1) === 0x20)) {
        refuse(); // `- - x`
      } else if (this.keyLength(at, line.end) >= 0) {
        // `- key: value`: a mapping whose keys line up with this first one
        this.lines[this.i] = { ...line, indent: at - line.lineStart, at };
        value = this.mapping(at - line.lineStart);
      } else {
        value = this.scalar(at, line);
        this.i++;
      }
      items.push(value.node);
      data.push(value.data);
      end = value.nodeEnd;
    }
    return { node: { start, end, items }, data, nodeEnd: end };
  }

  /** After a quoted scalar or `[]`/`{}`: only spaces, then the end of the line or a comment. */
  private rest(from: number, line: Line): void {
    const at = this.skipSpaces(from, line.end);
    if (at === line.end) return;
    if (at === from || this.text.charCodeAt(at) !== 0x23 /* # */) refuse();
    this.comments = true;
  }

  private scalar(at: number, line: Line): Parsed {
    const text = this.text;
    const c = text[at];
    const nodeEnd = line.next;
    if (c === "'") {
      let j = at + 1;
      for (;;) {
        j = text.indexOf("'", j);
        if (j < 0 || j >= line.end) refuse(); // runs onto the next line
        if (text.charCodeAt(j + 1) !== 0x27) break;
        j += 2;
      }
      this.rest(j + 1, line);
      const value = text.slice(at + 1, j).replaceAll("''", "'");
      return { node: { start: at, end: j + 1, value }, data: value, nodeEnd };
    }
    if (c === '"') {
      const j = text.indexOf('"', at + 1);
      if (j < 0 || j >= line.end) refuse();
      const value = text.slice(at + 1, j);
      if (value.includes('\\')) refuse();
      this.rest(j + 1, line);
      return { node: { start: at, end: j + 1, value }, data: value, nodeEnd };
    }
    if (c === '[' || c === '{') {
      if (text[at + 1] !== (c === '[' ? ']' : '}')) refuse();
      this.rest(at + 2, line);
      const node = c === '[' ? { start: at, end: at + 2, items: [] } : { start: at, end: at + 2, entries: new Map<string, SourceNode>() };
      return { node, data: c === '[' ? [] : {}, nodeEnd };
    }
    if (!PLAIN_START.test(c as string)) refuse();
    // a comment starts at a `#` after a space; searched on this line only
    let stop = at;
    while (stop < line.end && !(text.charCodeAt(stop) === 0x23 && text.charCodeAt(stop - 1) === 0x20)) stop++;
    if (stop !== line.end) this.comments = true;
    let valueEnd = stop;
    while (text.charCodeAt(valueEnd - 1) === 0x20) valueEnd--;
    const value = text.slice(at, valueEnd);
    if (value.includes(': ') || value.endsWith(':') || NOT_STRINGS.has(value)) refuse();
    return { node: { start: at, end: valueEnd, value }, data: value, nodeEnd };
  }
}

/** The lines with content (not blank, not only a comment), and where every line starts. */
function splitLines(text: string): { lines: Line[]; lineStarts: number[]; commentsAfterContent: boolean } {
  const lines: Line[] = [];
  const lineStarts: number[] = [];
  let commentsAfterContent = false;
  let lineStart = 0;
  while (lineStart <= text.length) {
    lineStarts.push(lineStart);
    const newline = text.indexOf('\n', lineStart);
    const end = newline < 0 ? text.length : newline;
    let at = lineStart;
    while (at < end && text.charCodeAt(at) === 0x20) at++;
    if (at < end) {
      if (text.charCodeAt(at) === 0x23 /* # */) {
        if (lines.length > 0) commentsAfterContent = true;
      } else {
        lines.push({ indent: at - lineStart, at, end, next: newline < 0 ? end : end + 1, lineStart });
      }
    }
    if (newline < 0) break;
    lineStart = newline + 1;
  }
  return { lines, lineStarts, commentsAfterContent };
}

/** The text read as plain block YAML, or undefined when it is anything else (then ask yaml). */
export function readBlockYaml(text: string): BlockYaml | undefined {
  if (UNSURE_CHARS.test(text)) return undefined;
  const { lines, lineStarts, commentsAfterContent } = splitLines(text);
  if (lines.length === 0) return undefined;
  const reader = new BlockReader(text, lines);
  try {
    const parsed = reader.parse();
    return { data: parsed.data, root: parsed.node, lineStarts, comments: commentsAfterContent || reader.comments };
  } catch (error) {
    if (error === REFUSE) return undefined;
    throw error;
  }
}

/** 1-based line and column of an offset, as yaml's `LineCounter.linePos`. */
export function linePos(lineStarts: readonly number[], offset: number): { line: number; col: number } {
  let low = 0;
  let high = lineStarts.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((lineStarts[mid] as number) < offset) low = mid + 1;
    else high = mid;
  }
  if (lineStarts[low] === offset) return { line: low + 1, col: 1 };
  if (low === 0) return { line: 0, col: offset };
  return { line: low, col: offset - (lineStarts[low - 1] as number) + 1 };
}
