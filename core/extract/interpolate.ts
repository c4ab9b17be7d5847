// Variable interpolation as docker compose does it (compose-spec "Interpolation"), also used for
// Dockerfile `FROM ${BASE}` with the file's `ARG` defaults. Nothing about the environment the
// file will really run in is known here, so an unset variable takes its default when the syntax
// gives one (`${VAR:-default}`, `${VAR-default}`), is empty for `${VAR:+alt}`, and is otherwise
// reported as unresolved: the reference cannot be known, which is not the same as invalid.

export interface Interpolated {
  readonly value: string;
  /** Variables with no value and no default, in order of appearance, without repeats. */
  readonly unresolved: readonly string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

export function hasVariables(text: string): boolean {
  return text.includes('$');
}

/** `text` with its variables replaced; `variables` holds the values known (Dockerfile ARGs). */
export function interpolate(text: string, variables: ReadonlyMap<string, string> = new Map()): Interpolated {
  const unresolved: string[] = [];
  const value = expand(text, variables, unresolved, 0);
  return { value, unresolved: [...new Set(unresolved)] };
}

/** Depth-limited so that a pathological `${a:-${a:-${…}}}` cannot recurse without bound. */
function expand(text: string, variables: ReadonlyMap<string, string>, unresolved: string[], depth: number): string {
  if (depth > 8 || !text.includes('$')) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch !== '$') {
      out += ch;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i += 2;
      continue;
    }
    if (next === '{') {
      const close = matchingBrace(text, i + 2);
      if (close < 0) {
        // an unclosed `${`: keep it, the reference parser will say it is not valid
        out += text.slice(i);
        break;
      }
      out += substitute(text.slice(i + 2, close), variables, unresolved, depth);
      i = close + 1;
      continue;
    }
    const name = NAME.exec(text.slice(i + 1))?.[0];
    if (name === undefined) {
      out += '$';
      i++;
      continue;
    }
    const known = variables.get(name);
    if (known === undefined) {
      unresolved.push(name);
      out += `\${${name}}`;
    } else out += known;
    i += 1 + name.length;
  }
  return out;
}

function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '$' && text[i + 1] === '{') {
      depth++;
      i++;
    } else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}

/** The inside of `${…}`: `NAME`, then optionally one of `:-` `-` `:?` `?` `:+` `+` and a word. */
function substitute(inner: string, variables: ReadonlyMap<string, string>, unresolved: string[], depth: number): string {
  const name = NAME.exec(inner)?.[0];
  if (name === undefined) {
    unresolved.push(inner);
    return `\${${inner}}`;
  }
  const rest = inner.slice(name.length);
  const value = variables.get(name);
  const operator = /^(:?[-?+])/.exec(rest)?.[1];
  if (operator === undefined) {
    if (value !== undefined) return value;
    unresolved.push(name);
    return `\${${name}}`;
  }
  const word = rest.slice(operator.length);
  const empty = value === undefined || (operator.startsWith(':') && value === '');
  switch (operator) {
    case ':-':
    case '-':
      return empty ? expand(word, variables, unresolved, depth + 1) : (value as string);
    case ':+':
    case '+':
      return empty ? '' : expand(word, variables, unresolved, depth + 1);
    default:
      // `${VAR:?message}`: compose refuses to run without it
      if (!empty) return value as string;
      unresolved.push(name);
      return `\${${name}}`;
  }
}
