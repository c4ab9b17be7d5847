// What the system browser shows after the sign-in redirect reaches the app's loopback listener.
// Inline (no files to locate once packaged) and self-contained (no scripts, no remote content).
const page = (title: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:16px system-ui,sans-serif;margin:15vh auto;max-width:34em;padding:0 1em;color:#1b1d23}h1{font-size:1.4em}</style>
</head><body><h1>${title}</h1><p>${body}</p></body></html>`;

export const SIGN_IN_SUCCESS_PAGE = page('Signed in to ACR Cache Studio', 'You can close this tab and return to the app.');
export const SIGN_IN_ERROR_PAGE = page(
  'Sign-in did not complete',
  'ACR Cache Studio did not get your sign-in. Close this tab and return to the app; it shows what went wrong and lets you try again.',
);
