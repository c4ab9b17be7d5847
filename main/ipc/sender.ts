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

export function isTrustedSender(frame: SenderFrameInfo | null | undefined, trustedOrigin: string): boolean {
  if (!frame || !frame.isMainFrame) return false;
  const origin = originOf(frame.url);
  return origin !== null && origin === trustedOrigin;
}
