// Layout checks for the new user's walk (ux-walk.spec.ts), run at every step in both themes.
// Each names what a careful look at the screenshots once found wrong, so it cannot come back
// unnoticed; a finding says which element and by how much.
import type { Page } from '@playwright/test';

/** What is wrong with the page as laid out now; empty when nothing is. */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const describe = (e: Element) =>
      `${e.tagName.toLowerCase()}${e.getAttribute('data-testid') ? `[${e.getAttribute('data-testid')}]` : ''}.${[...e.classList].join('.')} "${(e.getAttribute('aria-label') ?? e.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)}"`;
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) out.push(`the window scrolls sideways by ${root.scrollWidth - root.clientWidth} px`);
    // under a modal dialog the page is inert: only the dialog counts
    const scope: ParentNode = document.querySelector('dialog[open]') ?? document;
    const shown = <T extends Element>(selector: string) => [...scope.querySelectorAll<T & HTMLElement>(selector)].filter((e) => e.checkVisibility() && e.clientWidth > 0 && !e.closest('.visually-hidden'));

    // a text field shows its whole value (the draft's login server was cut to "contosocache.azurec")
    for (const input of shown<HTMLInputElement>('input:not([type]), input[type=text], input[type=search], input[type=url]')) {
      if (input.value !== '' && input.scrollWidth > input.clientWidth + 1) out.push(`${describe(input)} cuts its value "${input.value}": ${input.scrollWidth} > ${input.clientWidth}`);
    }

    // an empty field's placeholder is whole ("Filter by name, sou" in a 1024 px window's table)
    const measure = document.createElement('canvas').getContext('2d')!;
    for (const input of shown<HTMLInputElement>('input[placeholder]')) {
      if (input.value !== '' || input.placeholder === '') continue;
      const style = getComputedStyle(input);
      measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = measure.measureText(input.placeholder).width;
      // a search field keeps room for its clear button (~16 px)
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - (input.type === 'search' ? 16 : 0);
      if (text > room + 1) out.push(`${describe(input)} cuts its placeholder "${input.placeholder}": ${Math.round(text)} > ${Math.round(room)}`);
    }

    // a select shows its whole chosen option ("Docker Hub — docker.i" beside the credentials chip)
    const context = document.createElement('canvas').getContext('2d')!;
    for (const select of shown<HTMLSelectElement>('select')) {
      const option = select.selectedOptions[0];
      if (!option) continue;
      const style = getComputedStyle(select);
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      const text = context.measureText(option.text).width;
      // what the text gets: the box less its padding and the drop-down arrow Chromium draws (~18 px)
      const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 18;
      if (text > room + 1) out.push(`${describe(select)} cuts its option "${option.text}": ${Math.round(text)} > ${Math.round(room)}`);
    }

    // a button is whole, not cut by a box that scrolls or clips sideways ("Import into d" at the
    // end of the registries table once its page padding grew)
    for (const button of shown<HTMLElement>('button')) {
      const box = button.getBoundingClientRect();
      for (let parent = button.parentElement; parent && parent !== document.body; parent = parent.parentElement) {
        const style = getComputedStyle(parent);
        const clip = parent.getBoundingClientRect();
        if (style.overflowX !== 'visible' && (box.left < clip.left - 1 || box.right > clip.right + 1)) {
          out.push(`${describe(button)} is cut by ${describe(parent).slice(0, 60)}: ${Math.round(box.left)}-${Math.round(box.right)} outside ${Math.round(clip.left)}-${Math.round(clip.right)}`);
          break;
        }
        // a fixed box (the plan sheet) is laid over the page: the boxes it sits in do not clip it
        if (style.position === 'fixed') break;
      }
    }

    // a one-word column header never breaks, a longer one wraps to two lines at most (the
    // registries' "Resource group" does at 900 px: on one line it pushed the actions out): its text boxes, taken top to bottom, never start below the line before them ends
    for (const header of shown<HTMLElement>('th, [role=columnheader]')) {
      const rects: DOMRect[] = [];
      const walker = document.createTreeWalker(header, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent?.trim() || node.parentElement?.closest('.visually-hidden')) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        rects.push(...[...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0));
      }
      rects.sort((a, b) => a.top - b.top);
      let lines = rects.length ? 1 : 0;
      for (let i = 1, bottom = rects[0]?.bottom ?? 0; i < rects.length; i++) {
        if (rects[i]!.top >= bottom - 1) lines++;
        bottom = Math.max(bottom, rects[i]!.bottom);
      }
      if (lines > 2 || (lines > 1 && !/\s/.test((header.textContent ?? '').trim()))) out.push(`column header ${describe(header)} wraps to ${lines} lines`);
    }

    // a tab bar is one row of tabs (a narrower inspector once sent "Pull tester" to a second row)
    for (const list of shown<HTMLElement>('[role=tablist]')) {
      const tabs = [...list.querySelectorAll<HTMLElement>('[role=tab]')].filter((t) => t.checkVisibility()).map((t) => t.getBoundingClientRect());
      if (tabs.length > 1 && Math.max(...tabs.map((t) => t.top)) > Math.min(...tabs.map((t) => t.top + t.height / 2))) out.push(`the tabs of ${describe(list)} wrap to a second row`);
    }

    // a header's group of actions wraps as one ("Import into draft" was left alone on a second row)
    for (const group of shown<HTMLElement>('header [data-testid=registry-actions], header .actions')) {
      const buttons = [...group.querySelectorAll<HTMLElement>(':scope > button, :scope > * > button')].filter((b) => b.checkVisibility());
      const tops = new Set(buttons.map((b) => Math.round(b.getBoundingClientRect().top)));
      if (group.matches('[data-testid=registry-actions]') && tops.size > 1) out.push(`the actions ${describe(group)} split over ${tops.size} rows`);
      const header = group.closest('header')!;
      // the group is on a row below the first one when it starts below where the first piece ends
      const first = [...header.children].find((c) => (c as HTMLElement).checkVisibility())!.getBoundingClientRect();
      if (group.getBoundingClientRect().top >= first.bottom) {
        // the group is on a row of its own: it must be more than one lone button
        if (buttons.length < 2) out.push(`${describe(buttons[0] ?? group)} sits alone on a row of the header`);
      }
    }
    return out;
  });
}

/** Where a top-level view's title sits relative to the main area, and how big it is. */
export function titlePlacement(page: Page): Promise<string> {
  return page.evaluate(() => {
    const main = document.querySelector('main')!.getBoundingClientRect();
    const h1 = document.querySelector<HTMLElement>('main h1')!;
    const box = h1.getBoundingClientRect();
    return `${h1.textContent?.trim()}: ${Math.round(box.left - main.left)} px from the left, ${getComputedStyle(h1).fontSize}`;
  });
}
