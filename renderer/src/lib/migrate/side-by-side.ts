// Rows of a side-by-side view of a manifest and its rewrite. The rewrite splices new values into
// the lines they were on and never adds or removes a line, so line N of one is line N of the
// other; only the changed lines and a few around them are shown, the rest folded into gaps.

export type SideBySideRow =
  | { readonly kind: 'line'; readonly line: number; readonly before: string; readonly after: string; readonly changed: boolean }
  | { readonly kind: 'gap'; readonly from: number; readonly to: number };

export interface SideBySide {
  readonly rows: readonly SideBySideRow[];
  readonly changedLines: number;
  /** False when the two texts do not line up (never for a rewrite): the view then shows both whole. */
  readonly aligned: boolean;
}

const CONTEXT = 3;

export function sideBySide(before: string, after: string, context = CONTEXT): SideBySide {
  const left = before.split('\n');
  const right = after.split('\n');
  if (left.length !== right.length) {
    const rows: SideBySideRow[] = [];
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      rows.push({ kind: 'line', line: i + 1, before: left[i] ?? '', after: right[i] ?? '', changed: left[i] !== right[i] });
    }
    return { rows, changedLines: rows.filter((r) => r.kind === 'line' && r.changed).length, aligned: false };
  }
  const changed: number[] = [];
  for (let i = 0; i < left.length; i++) if (left[i] !== right[i]) changed.push(i);
  const shown = new Set<number>();
  for (const i of changed) for (let j = Math.max(0, i - context); j <= Math.min(left.length - 1, i + context); j++) shown.add(j);
  const rows: SideBySideRow[] = [];
  let gapStart: number | null = null;
  for (let i = 0; i < left.length; i++) {
    if (!shown.has(i)) {
      gapStart ??= i;
      continue;
    }
    if (gapStart !== null) {
      rows.push({ kind: 'gap', from: gapStart + 1, to: i });
      gapStart = null;
    }
    rows.push({ kind: 'line', line: i + 1, before: left[i]!, after: right[i]!, changed: left[i] !== right[i] });
  }
  if (gapStart !== null && rows.length > 0) rows.push({ kind: 'gap', from: gapStart + 1, to: left.length });
  return { rows, changedLines: changed.length, aligned: true };
}

/** Where a reference's parts meet: a marked difference starts and ends at one of these. */
const BOUNDARY = new Set([' ', '\t', '"', "'", '/', ':', '@', '=']);

/**
 * The part of two lines that differs: common prefix and suffix kept plain, the middle marked,
 * widened to whole parts of the reference (`ghcr.io` → `contoso.azurecr.io`, not `gh` → `contoso.azure`).
 */
export function lineDifference(before: string, after: string): { prefix: string; removed: string; added: string; suffix: string } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  const edgeAt = (text: string, i: number) => i <= 0 || i >= text.length || BOUNDARY.has(text[i - 1]!) || BOUNDARY.has(text[i]!);
  while (start > 0 && !(edgeAt(before, start) && edgeAt(after, start))) start--;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  while (end > 0 && !(edgeAt(before, before.length - end) && edgeAt(after, after.length - end))) end--;
  return {
    prefix: before.slice(0, start),
    removed: before.slice(start, before.length - end),
    added: after.slice(start, after.length - end),
    suffix: before.slice(before.length - end),
  };
}
