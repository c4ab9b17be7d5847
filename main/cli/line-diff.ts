// A unified diff of a rewritten file against its original, for `rewrite --diff`. The rewrite
// replaces values in place and never adds or removes a line, so lines pair up one to one; should
// the counts ever differ, the whole file is one hunk (still a valid patch).

const CONTEXT = 3;

export function lineDiff(file: string, before: string, after: string): string {
  if (before === after) return '';
  // a final newline ends the last line; it is not a line of its own
  const lines = (text: string) => (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
  const a = lines(before);
  const b = lines(after);
  const header = `--- a/${file}\n+++ b/${file}\n`;
  if (a.length !== b.length) {
    return `${header}@@ -1,${a.length} +1,${b.length} @@\n${a.map((l) => `-${l}`).join('\n')}\n${b.map((l) => `+${l}`).join('\n')}\n`;
  }
  const changed = a.map((line, i) => line !== b[i]);
  const hunks: string[] = [];
  let i = 0;
  while (i < a.length) {
    if (!changed[i]) {
      i++;
      continue;
    }
    const start = Math.max(0, i - CONTEXT);
    let end = i;
    // extend while another change is within 2×CONTEXT lines
    for (let j = i; j < a.length; j++) {
      if (changed[j]) end = j;
      else if (j - end > 2 * CONTEXT) break;
    }
    const stop = Math.min(a.length - 1, end + CONTEXT);
    const body: string[] = [];
    for (let k = start; k <= stop; k++) {
      if (changed[k]) body.push(`-${a[k]}`, `+${b[k]}`);
      else body.push(` ${a[k]}`);
    }
    const count = stop - start + 1;
    hunks.push(`@@ -${start + 1},${count} +${start + 1},${count} @@\n${body.join('\n')}\n`);
    i = stop + 1;
  }
  return header + hunks.join('');
}
