// The window's title names what is open ("contoso-prod — ACR Cache Studio"), so the taskbar and
// the OS window switcher tell several windows' work apart. Electron follows document.title.
export const APP_TITLE = 'ACR Cache Studio';

export function windowTitle(open: string | null): string {
  return open ? `${open} — ${APP_TITLE}` : APP_TITLE;
}

/** Shows `open` in the title while the caller's effect lives; back to the app's name after. */
export function titleWhileOpen(open: string): () => void {
  document.title = windowTitle(open);
  return () => {
    document.title = APP_TITLE;
  };
}
