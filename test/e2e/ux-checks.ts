// Layout checks for the new user's walk (ux-walk.spec.ts), run at every step in both themes.
// Each names what a careful look at the screenshots found wrong once, so it cannot come back
// unnoticed; a finding says which element and by how much.
import type { Page } from '@playwright/test';

/** What is wrong with the page as laid out now; empty when nothing is. */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const describe = (e: Element) => `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}.${[...e.classList].join('.')} "${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`the window scrolls sideways by ${root.scrollWidth - root.clientWidth} px`);
    if (root.scrollHeight > root.clientHeight) out.push(`the window scrolls down by ${root.scrollHeight - root.clientHeight} px (the shell should scroll inside its panes)`);
    return out;
  });
}
