// Line by line: plain references, `docker pull …`, Dockerfile `FROM` (with the file's global
// `ARG` defaults), `image: …` lines of a manifest the YAML parser could not read, and
// space-separated lists (`kubectl get pods -o jsonpath=…`). Prose is not a list of references:
// on a line of several words only the words that look like references are taken.

export interface LineReference {
  readonly text: string;
  /** 0-based line within the text given. */
  readonly line: number;
  /** Dockerfile `ARG`s known at that `FROM`, for interpolation. */
  readonly variables?: ReadonlyMap<string, string>;
}

export interface LineReading {
  readonly references: readonly LineReference[];
  /** Lines of several words with nothing reference-like in them. */
  readonly proseLines: number;
}

const PULL_COMMAND = /^(?:sudo\s+)?(?:docker|podman|nerdctl|crictl)\s+(?:image\s+)?pull\s+/i;
/** Flags of `docker pull` that take a value as the next word. */
const FLAGS_WITH_VALUE = new Set(['--platform']);
const FROM_INSTRUCTION = /^FROM\s+/i;
const ARG_INSTRUCTION = /^ARG\s+([A-Za-z_][A-Za-z0-9_]*)(?:=(.*))?$/i;
const IMAGE_FIELD = /^-?\s*image:\s*(.*)$/;
/** A word in a list that may be a reference: it names a path, a tag, a digest or a variable. */
const REFERENCE_LIKE = /[/:@$]/;

function unquote(word: string): string {
  return word.replace(/^[[("'`]+|[\])"'`,;]+$/g, '');
}

function afterPullFlags(words: readonly string[]): string | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (!word.startsWith('-')) return word;
    if (FLAGS_WITH_VALUE.has(word)) i++;
  }
  return undefined;
}

export function isDockerfile(lines: readonly string[]): boolean {
  return lines.some((raw) => FROM_INSTRUCTION.test(raw.trim()));
}

/** `onlyImageFields`: a broken manifest, whose `image:` lines are all that can be trusted. */
export function readLines(lines: readonly string[], onlyImageFields = false): LineReading {
  const references: LineReference[] = [];
  const stages = new Set<string>();
  const dockerfile = !onlyImageFields && isDockerfile(lines);
  const globalArgs = new Map<string, string>();
  let seenFrom = false;
  let proseLines = 0;
  lines.forEach((raw, line) => {
    const hash = raw.indexOf('#');
    // `#` cannot occur in a reference, so it always starts a comment; a leading `- ` is a list marker
    const text = (hash >= 0 ? raw.slice(0, hash) : raw).trim().replace(/^-\s+/, '');
    if (text === '') return;
    const push = (word: string | undefined, variables?: ReadonlyMap<string, string>) => {
      const reference = word === undefined ? '' : unquote(word);
      if (reference === '') return;
      references.push(variables === undefined ? { text: reference, line } : { text: reference, line, variables });
    };
    const field = IMAGE_FIELD.exec(text);
    if (onlyImageFields) {
      if (field) push(field[1]?.trim());
      return;
    }
    if (PULL_COMMAND.test(text)) {
      push(afterPullFlags(text.replace(PULL_COMMAND, '').split(/\s+/)));
      return;
    }
    if (dockerfile) {
      const arg = ARG_INSTRUCTION.exec(text);
      if (arg && !seenFrom) {
        const value = arg[2]?.trim().replace(/^(["'])(.*)\1$/, '$2');
        if (value !== undefined) globalArgs.set(arg[1] as string, value);
        return;
      }
      if (!FROM_INSTRUCTION.test(text)) return;
      seenFrom = true;
      const words = text.replace(FROM_INSTRUCTION, '').split(/\s+/).filter((w) => !w.startsWith('--'));
      const image = words[0];
      if (words.length >= 3 && words[1]?.toLowerCase() === 'as') stages.add((words[2] as string).toLowerCase());
      // `FROM scratch` and `FROM <earlier stage>` pull nothing
      if (image !== undefined && image.toLowerCase() !== 'scratch' && !stages.has(image.toLowerCase())) push(image, globalArgs);
      return;
    }
    if (field) {
      push(field[1]?.trim());
      return;
    }
    const words = text.split(/[\s,]+/).filter((w) => w !== '');
    if (words.length === 1) {
      push(words[0]);
      return;
    }
    let taken = 0;
    for (const word of words) {
      if (!REFERENCE_LIKE.test(word) || /^https?:\/\//i.test(word)) continue;
      push(word);
      taken++;
    }
    if (taken === 0 && words.length >= 3) proseLines++;
  });
  return { references, proseLines };
}
