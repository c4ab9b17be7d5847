// Input text as people's tools write it, and input echoed back in messages. Rule sets, `az acr
// cache list` output and manifests come from editors, pipes and PowerShell: UTF-16 (what
// PowerShell 5's `>` writes) is decoded, and every piece of the input a message quotes is cut to a
// length and has its control characters escaped, so a 20 MB value or a terminal escape sequence in
// a file cannot flood or take over the terminal (or the app's message) that shows the message.

/** The most characters of one input value a message quotes. */
export const ECHO_MAX = 80;
/** The most characters one message about the input may have, quoted values included. */
export const MESSAGE_MAX = 400;

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** The platform's TextDecoder (node and browsers have it; core's tsconfig has neither's types). */
const Decoder = (globalThis as unknown as { TextDecoder: new (label: string) => { decode(bytes: Uint8Array): string } }).TextDecoder;

/**
 * UTF-16 without a byte order mark, told by its zero bytes: ASCII text (all a rule set needs)
 * has a zero in every other byte. Looks at the first 512 code units only, so it is cheap.
 */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const units = Math.min(512, Math.floor(bytes.length / 2));
  if (units < 2) return undefined;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < units; i++) {
    if (bytes[2 * i] === 0) evenZero++;
    if (bytes[2 * i + 1] === 0) oddZero++;
  }
  // UTF-8 text has no zero bytes at all (a NUL is not text), so a clear majority is decisive.
  if (oddZero >= units * 0.6 && evenZero === 0) return 'utf-16le';
  if (evenZero >= units * 0.6 && oddZero === 0) return 'utf-16be';
  return undefined;
}

/** The encoding of input bytes: a UTF-16 BOM, UTF-16 told by its zero bytes, else UTF-8. */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return utf16WithoutBom(bytes) ?? 'utf-8';
}

/**
 * Input bytes as text: UTF-8 (with or without BOM) or UTF-16 LE/BE (with or without BOM). A BOM
 * is dropped. Invalid sequences become U+FFFD, as a text editor shows them.
 */
export function decodeInput(bytes: Uint8Array): string {
  const encoding = detectEncoding(bytes);
  let text: string;
  if (encoding === 'utf-16be') {
    // Swapped into little-endian, which every TextDecoder build supports.
    const swapped = new Uint8Array(bytes.length - (bytes.length % 2));
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      swapped[i] = bytes[i + 1] as number;
      swapped[i + 1] = bytes[i] as number;
    }
    text = new Decoder('utf-16le').decode(swapped);
  } else {
    text = new Decoder(encoding).decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * Whether text is UTF-16 that was read as if it were UTF-8 (or Latin-1): the zero bytes of its
 * ASCII characters came through as NUL characters between the others. The caller names the cause
 * (the text cannot be recovered reliably once decoded wrongly).
 */
export function looksLikeMisreadUtf16(text: string): boolean {
  const sample = text.slice(0, 1024);
  if (sample.length < 4) return false;
  let nul = 0;
  for (let i = 0; i < sample.length; i++) if (sample.charCodeAt(i) === 0) nul++;
  return nul >= sample.length * 0.3;
}

export const UTF16_HINT =
  "the input is UTF-16 text read as UTF-8 (PowerShell 5's '>' and Out-File write UTF-16); save it as UTF-8, e.g. 'az acr cache list -r NAME -o json | Out-File -Encoding utf8 rules.json', or read the file with the acr-cache CLI, which decodes UTF-16";

/**
 * Characters never shown raw: C0 controls, DEL, C1 controls (0x9b is a one-byte CSI), the line and
 * paragraph separators, and the bidirectional overrides that reorder what a reader sees.
 */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_TEST = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
/** The same, but keeping newlines and tabs, for multi-line text output. */
const CONTROL_BUT_LAYOUT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\t') return '\\t';
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Whether text holds a character escapeControls would escape. */
export function hasControlCharacter(text: string): boolean {
  return CONTROL_TEST.test(text);
}

/** Control characters written as escapes (`\x1b`, `\n`, `\u202e`); everything else unchanged. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, escapeChar);
}

/** For terminal output that is meant to span lines: escapes all but newline and tab. */
export function escapeControlsKeepingLayout(text: string): string {
  return text.replace(CONTROL_BUT_LAYOUT, escapeChar);
}

/** Cuts text to `max` characters (ending in "…"), never between the halves of a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}

/**
 * A piece of the input as a message quotes it: cut to `max` characters first (so a 20 MB value
 * costs nothing to escape), then its control characters escaped.
 */
export function echo(value: string, max = ECHO_MAX): string {
  return escapeControls(cut(value, max));
}

/** A whole message about the input: its control characters escaped, at most MESSAGE_MAX long. */
export function safeMessage(message: string, max = MESSAGE_MAX): string {
  return cut(escapeControls(cut(message, max * 4)), max);
}
