// What JSON.parse lets through that a rule-set reader must not: a key given twice in one object
// (JSON.parse keeps the last silently, so a rule's second `target` would win unseen; YAML refuses
// it) and nesting deeper than any rule set needs. One pass over text JSON.parse has accepted,
// iterative (no recursion, so depth cannot overflow the stack), with string ends found by indexOf.

/** Deeper than any rule set or `az acr cache list` output (they nest 4 levels). */
export const MAX_NESTING = 64;

export type JsonStructureProblem =
  | { readonly kind: 'duplicate-key'; readonly key: string; readonly offset: number; readonly firstOffset: number }
  | { readonly kind: 'too-deep'; readonly offset: number };

/** The end (index of the closing quote) of the string whose opening quote is at `start`. */
function stringEnd(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  for (;;) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === 0x5c) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
}

interface Frame {
  /** Keys seen so far in an object, with the offset of each; undefined for an array. */
  readonly keys: Map<string, number> | undefined;
  /** In an object: whether the next string is a key. */
  expectKey: boolean;
}

/**
 * The first duplicate key or over-deep nesting in `text`, which must be valid JSON (call after
 * JSON.parse succeeded). Keys compare after unescaping (`"a"` and `"\u0061"` are the same key).
 */
export function jsonStructureProblem(text: string, maxNesting = MAX_NESTING): JsonStructureProblem | undefined {
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      const end = stringEnd(text, i);
      const frame = stack[stack.length - 1];
      if (frame?.keys !== undefined && frame.expectKey) {
        const raw = text.slice(i + 1, end);
        const key = raw.includes('\\') ? (JSON.parse(text.slice(i, end + 1)) as string) : raw;
        const first = frame.keys.get(key);
        if (first !== undefined) return { kind: 'duplicate-key', key, offset: i, firstOffset: first };
        frame.keys.set(key, i);
        frame.expectKey = false;
      }
      i = end;
    } else if (c === 0x7b || c === 0x5b) {
      if (stack.length >= maxNesting) return { kind: 'too-deep', offset: i };
      stack.push({ keys: c === 0x7b ? new Map() : undefined, expectKey: c === 0x7b });
    } else if (c === 0x7d || c === 0x5d) {
      stack.pop();
    } else if (c === 0x2c) {
      const frame = stack[stack.length - 1];
      if (frame?.keys !== undefined) frame.expectKey = true;
    }
  }
  return undefined;
}

/** 1-based line and column of an offset, as editors count. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
