// The CSP allows no inline style attributes (style-src 'self'), which also blocks Svelte's
// `style=` and `style:` (they write the attribute). Setting custom properties through the CSSOM
// is allowed, so geometry that must come from script (scroll offsets, tooltip positions) goes
// through this attachment and the stylesheet reads the variables.
import type { Attachment } from 'svelte/attachments';

export function cssVars(vars: Readonly<Record<string, string | number>>): Attachment<HTMLElement> {
  return (element) => {
    for (const [name, value] of Object.entries(vars)) {
      element.style.setProperty(name, typeof value === 'number' ? `${value}px` : value);
    }
  };
}
