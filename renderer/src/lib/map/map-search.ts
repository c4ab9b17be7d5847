// Finding nodes on the overlap map by path or by the name of a rule drawn there.
import type { CacheRule } from '../../../../core/index.ts';
import type { MapNode } from './overlap-tree.ts';

/** Paths of the nodes that match `query`, in depth-first order; at most `limit`. */
export function searchMap(root: MapNode, query: string, rules: readonly CacheRule[], limit = 200): string[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const found: string[] = [];
  const visit = (node: MapNode): void => {
    if (found.length >= limit) return;
    const hit =
      (node.path !== '' && node.path.includes(needle)) ||
      node.wildcards.some((i) => rules[i]?.name.toLowerCase().includes(needle)) ||
      node.statics.some((i) => rules[i]?.name.toLowerCase().includes(needle)) ||
      node.proposed.some((p) => p.name.toLowerCase().includes(needle));
    if (hit) found.push(node.path);
    for (const child of node.children) visit(child);
  };
  visit(root);
  return found;
}
