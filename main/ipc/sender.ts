// Which IPC senders are the app's own UI. Pure so it can be tested without Electron.

export interface SenderFrameInfo {
  url: string;
  /** true for a top-level frame; iframes (which the app never creates) are refused. */
  isMainFrame: boolean;
}

export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    // `new URL('app://renderer/x').origin` is "null" for non-special schemes, so build it by hand.
    return `${parsed.protocol}//${parsed.host}`;
  } catch {
    return null;
  }
}

/**
 * Whether the frame is the app's window. Scheme, host and port are compared one by one and must
 * be equal (no prefix or origin-string tricks), and a URL with userinfo (`app://x@renderer/`) is
 * refused outright: the app never loads one, and such a URL is how look-alike origins are built.
 */
export function isTrustedSender(frame: SenderFrameInfo | null | undefined, trustedOrigin: string): boolean {
  if (!frame || !frame.isMainFrame) return false;
  let sender: URL;
  let trusted: URL;
  try {
    sender = new URL(frame.url);
    trusted = new URL(trustedOrigin);
  } catch {
    return false;
  }
  if (sender.username !== '' || sender.password !== '') return false;
  if (sender.hostname === '') return false; // `app:renderer/x`, `app:///x`: no host at all
  return sender.protocol === trusted.protocol && sender.hostname === trusted.hostname && sender.port === trusted.port;
}
