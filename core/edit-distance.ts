// Edit distance for "did you mean" lookups (the resolver's nearest rules), kept allocation-free.

// Two reusable rows for editDistance: a miss must stay cheap in a batch of a million references.
const ROW_A = new Int32Array(257);
const ROW_B = new Int32Array(257);

/** Edit distance between short strings, giving up past `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit || a.length > 256 || b.length > 256) return limit + 1;
  // A shared prefix and suffix never change the distance; dropping them shrinks the table
  // (look-alike names share most of their letters: `mirror-120` and `mirror-128`).
  let start = 0;
  while (start < a.length && start < b.length && a.charCodeAt(start) === b.charCodeAt(start)) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a.charCodeAt(endA - 1) === b.charCodeAt(endB - 1)) {
    endA--;
    endB--;
  }
  if (start > 0 || endA < a.length || endB < b.length) {
    a = a.slice(start, endA);
    b = b.slice(start, endB);
  }
  if (a.length === 0 || b.length === 0) return Math.max(a.length, b.length) > limit ? limit + 1 : Math.max(a.length, b.length);
  let previous = ROW_A;
  let current = ROW_B;
  for (let j = 0; j <= b.length; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      let value = (previous[j] as number) + 1;
      const insert = (current[j - 1] as number) + 1;
      if (insert < value) value = insert;
      const replace = (previous[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      if (replace < value) value = replace;
      current[j] = value;
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    const swap = previous;
    previous = current;
    current = swap;
  }
  return previous[b.length] as number;
}

