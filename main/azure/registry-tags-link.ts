/** `</acr/v1/<name>/_tags?last=x&n=100>; rel="next"` → that path, only if it stays on the same repository's tag list. */
export function nextTagsPath(link: string | null | undefined, repository: string): string | null {
  if (!link) return null;
  for (const part of link.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (!match) continue;
    const url = new URL(match[1]!, 'https://registry.invalid');
    if (url.pathname !== `/acr/v1/${repository}/_tags`) return null;
    return `${url.pathname}${url.search}`;
  }
  return null;
}
