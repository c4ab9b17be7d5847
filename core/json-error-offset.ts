// Where JSON text first goes wrong, for error messages with a line and column.

/**
 * Where JSON text first goes wrong, as an offset. JSON.parse's messages carry a position only for
 * some errors, so on failure this small scanner (syntax only, iterative so that deep nesting
 * cannot overflow the stack) finds it.
 */
export function jsonErrorOffset(text: string): number {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++;
  };
  const string = (): boolean => {
    if (text[i] !== '"') return false;
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === 0x5c) {
        const e = text[i + 1] ?? '';
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
        } else if ('"\\/bfnrt'.includes(e) && e !== '') i += 2;
        else return false;
      } else i++;
    }
    return false;
  };
  const scalar = (): boolean => {
    const m = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)/.exec(text.slice(i, i + 400));
    if (m === null) return false;
    i += m[0].length;
    return true;
  };
  // Each stack entry is the closing bracket we are inside; `expectValue` says what comes next.
  const stack: string[] = [];
  ws();
  for (;;) {
    // A value.
    const c = text[i];
    if (c === '{' || c === '[') {
      stack.push(c === '{' ? '}' : ']');
      i++;
      ws();
      if (text[i] === stack[stack.length - 1]) {
        stack.pop();
        i++;
      } else if (c === '{') {
        if (!string()) return i;
        ws();
        if (text[i] !== ':') return i;
        i++;
        ws();
        continue;
      } else continue;
    } else if (c === '"') {
      if (!string()) return i;
    } else if (!scalar()) return i;
    // After a value: a separator, a closing bracket, or the end.
    for (;;) {
      ws();
      const close = stack[stack.length - 1];
      if (close === undefined) return i < text.length ? i : -1;
      if (text[i] === close) {
        stack.pop();
        i++;
        continue;
      }
      if (text[i] !== ',') return i;
      i++;
      ws();
      if (close === '}') {
        if (!string()) return i;
        ws();
        if (text[i] !== ':') return i;
        i++;
        ws();
      }
      break;
    }
  }
}
