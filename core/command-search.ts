// Fuzzy search over command names, for the command palette and the shortcut help sheet. Pure.
//
// Every character of the query must appear in the label, in order (so "exy" finds "Export
// YAML…"); a label scores higher when the characters fall on word starts and run together, and
// when the label starts with the query. Several words match independently, so the order in which
// someone types them does not matter ("yaml export").

export interface Searchable {
  id: string;
  label: string;
}

export interface SearchHit<T> {
  item: T;
  score: number;
  /** Indexes of the label's characters that matched, for highlighting. */
  positions: number[];
}

function isWordStart(text: string, at: number): boolean {
  if (at === 0) return true;
  const before = text[at - 1]!;
  return /[\s\-./&(]/.test(before) || (/[a-z]/.test(before) && /[A-Z]/.test(text[at]!));
}

/** The best way `word` fits into `text` as a subsequence, or null when it does not. */
function matchWord(text: string, word: string): { score: number; positions: number[] } | null {
  const lower = text.toLowerCase();
  // a contiguous run at a word start beats anything scattered: try that first
  for (let at = lower.indexOf(word); at >= 0; at = lower.indexOf(word, at + 1)) {
    if (isWordStart(text, at)) return { score: 100 + word.length * 10 - at, positions: range(at, word.length) };
  }
  const contiguous = lower.indexOf(word);
  if (contiguous >= 0) return { score: 60 + word.length * 6 - contiguous, positions: range(contiguous, word.length) };
  // scattered: greedy from the left, preferring word starts for each character
  const positions: number[] = [];
  let from = 0;
  let score = 0;
  for (const ch of word) {
    let pick = -1;
    for (let i = lower.indexOf(ch, from); i >= 0; i = lower.indexOf(ch, i + 1)) {
      if (isWordStart(text, i)) {
        pick = i;
        break;
      }
      if (pick < 0) pick = i;
    }
    if (pick < 0) return null;
    const previous = positions[positions.length - 1];
    score += isWordStart(text, pick) ? 8 : previous !== undefined && pick === previous + 1 ? 5 : 1;
    positions.push(pick);
    from = pick + 1;
  }
  return { score, positions };
}

function range(start: number, length: number): number[] {
  return Array.from({ length }, (_, i) => start + i);
}

/**
 * The items whose label (or, failing that, id) fuzzily contains every word of the query, best
 * first; ties keep the items' own order. An empty query returns every item, in order.
 */
export function searchCommands<T extends Searchable>(items: readonly T[], query: string): SearchHit<T>[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return items.map((item) => ({ item, score: 0, positions: [] }));
  const hits: (SearchHit<T> & { order: number })[] = [];
  items.forEach((item, order) => {
    let score = 0;
    const positions = new Set<number>();
    for (const word of words) {
      const inLabel = matchWord(item.label, word);
      // the id ("draft.export-yaml") is a fallback with a lower score and no highlight
      const inId = inLabel ? null : matchWord(item.id, word);
      const best = inLabel ?? (inId ? { score: inId.score / 2, positions: [] } : null);
      if (best === null) return;
      score += best.score;
      for (const p of best.positions) positions.add(p);
    }
    if (item.label.toLowerCase().startsWith(words[0]!)) score += 50;
    hits.push({ item, score, positions: [...positions].sort((a, b) => a - b), order });
  });
  return hits.sort((a, b) => b.score - a.score || a.order - b.order).map(({ item, score, positions }) => ({ item, score, positions }));
}
