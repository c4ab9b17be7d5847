// Focus goes back where it came from when a dialog, sheet or form closes. The browser's <dialog>
// restores focus only when close() is called while it is still in the document; Svelte removes a
// closed dialog's DOM before its cleanup runs (Escape, or a parent that unmounts it), and then
// focus falls to <body>. And the invoking control itself is often re-rendered (a list row) or
// gone (a menu item, or "New draft" once the new draft has opened). So every closing surface
// remembers what had focus and hands it back here, which tries in order: the same element, an
// element with the same `data-focus-key` (or id) in the new DOM, the caller's fallback, and last
// the current view's heading, so that keyboard and screen-reader users are never left on <body>.

export interface FocusMemory {
  element: HTMLElement | null;
  key: string | null;
}

/** What has focus now (call it before the dialog takes focus). */
export function rememberFocus(): FocusMemory {
  const active = typeof document === 'undefined' ? null : document.activeElement;
  const element = active instanceof HTMLElement && active !== document.body ? active : null;
  return { element, key: element?.dataset['focusKey'] ?? (element?.id || null) };
}

function usable(element: HTMLElement | null | undefined): element is HTMLElement {
  if (!element || !element.isConnected) return false;
  if (element.closest('[inert]') !== null || (element as HTMLButtonElement).disabled === true) return false;
  return element.getClientRects().length > 0;
}

function byKey(key: string | null): HTMLElement | null {
  if (key === null) return null;
  return document.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(key)}"]`) ?? document.getElementById(key);
}

/** The current view's heading: where focus goes when nothing better is left. */
function viewHeading(): HTMLElement | null {
  return document.querySelector<HTMLElement>('main h1') ?? document.querySelector<HTMLElement>('main');
}

/** Focuses an element, making a heading or region focusable by script only (tabindex -1) if it must. */
export function focusElement(element: HTMLElement): void {
  if (element.tabIndex < 0 && !element.hasAttribute('tabindex')) element.setAttribute('tabindex', '-1');
  element.focus();
}

/** Whether focus is somewhere deliberate (not lost to <body> or to a removed element). */
function focusIsPlaced(): boolean {
  const active = document.activeElement;
  return active !== null && active !== document.body && active.isConnected;
}

/**
 * Puts focus back after a dialog closed, once the views have re-rendered. Leaves focus alone when
 * something already took it (a parent that moved it on purpose, or another dialog).
 */
export function returnFocus(memory: FocusMemory, fallback?: () => HTMLElement | null | undefined): void {
  setTimeout(() => {
    if (focusIsPlaced()) return;
    const target = [memory.element, byKey(memory.key), fallback?.(), viewHeading()].find(usable);
    if (target) focusElement(target);
  }, 0);
}

/** Focuses what `find` returns once it is rendered (e.g. the list row of the draft just left). */
export function focusWhenRendered(find: () => HTMLElement | null | undefined): void {
  setTimeout(() => {
    const target = find();
    if (usable(target)) focusElement(target);
    else if (!focusIsPlaced()) {
      const heading = viewHeading();
      if (heading) focusElement(heading);
    }
  }, 0);
}
