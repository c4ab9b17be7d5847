// Reads a WWW-Authenticate header (RFC 7235) as registries send it, quirks included: gcr.io sends
// unquoted parameters, Quay has sent two challenges on one line (`Basic realm="quay.io", Bearer
// realm=…`), Google Artifact Registry omits `service`, schemes are case-insensitive and quoted
// values may hold commas.

export interface AuthChallenge {
  /** Lower-cased: `bearer`, `basic`, … */
  scheme: string;
  params: Record<string, string>;
}

const TOKEN = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y;

export function parseWwwAuthenticate(header: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  let i = 0;
  const skip = () => {
    while (i < header.length && /[\s,]/.test(header[i]!)) i++;
  };
  const token = (): string | null => {
    TOKEN.lastIndex = i;
    const match = TOKEN.exec(header);
    if (!match) return null;
    i = TOKEN.lastIndex;
    return match[0];
  };
  while (i < header.length) {
    skip();
    const scheme = token();
    if (!scheme) break;
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    for (;;) {
      const save = i;
      skip();
      const name = token();
      if (!name) {
        i = save;
        break;
      }
      let j = i;
      while (j < header.length && header[j] === ' ') j++;
      if (header[j] !== '=') {
        // not a parameter: the next challenge's scheme
        i = save;
        break;
      }
      i = j + 1;
      while (i < header.length && header[i] === ' ') i++;
      let value = '';
      if (header[i] === '"') {
        i++;
        while (i < header.length && header[i] !== '"') {
          if (header[i] === '\\' && i + 1 < header.length) i++;
          value += header[i];
          i++;
        }
        i++;
      } else {
        const start = i;
        while (i < header.length && header[i] !== ',' && header[i] !== ' ') i++;
        value = header.slice(start, i);
      }
      challenge.params[name.toLowerCase()] = value;
    }
  }
  return challenges;
}
