// Issue 11.6: inputs are read strictly and cheaply. Every fixture is built here (no big files in git).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeInput, echo, ECHO_MAX, hasControlCharacter, MESSAGE_MAX } from './input-text.ts';
import { formatReadIssue, readRuleSet, type ReadResult } from './rule-set-file.ts';

const RULES = 'rules:\n  - name: dotnet\n    source: mcr.microsoft.com/dotnet/*\n    target: dotnet/*\n';
const JSON_RULES = '{\n  "rules": [\n    { "name": "dotnet", "source": "mcr.microsoft.com/dotnet/*", "target": "dotnet/*" }\n  ]\n}\n';

function messages(result: ReadResult): string[] {
  return (result.ok ? result.warnings : result.errors).map(formatReadIssue);
}

function utf16le(text: string, bom: boolean): Uint8Array {
  const out = new Uint8Array((bom ? 2 : 0) + text.length * 2);
  if (bom) out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    out[(bom ? 2 : 0) + 2 * i] = text.charCodeAt(i) & 0xff;
    out[(bom ? 2 : 0) + 2 * i + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
}

function swap(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1] as number;
    out[i + 1] = bytes[i] as number;
  }
  return out;
}

describe('duplicate keys', () => {
  test('a JSON key given twice in one object is an error naming the key and both lines', () => {
    const text = '{\n  "rules": [\n    { "name": "a", "source": "mcr.microsoft.com/a", "target": "a",\n      "target": "b" }\n  ]\n}';
    const result = readRuleSet(text);
    expect(result.ok).toBe(false);
    expect(messages(result)).toEqual([expect.stringMatching(/the key 'target' appears twice in one object \(line 3 and line 4, column 7\)/)]);
  });

  test('JSON keys compare after unescaping, and the same key in different objects is fine', () => {
    expect(messages(readRuleSet('{"rules": [], "\\u0072ules": []}'))[0]).toMatch(/the key 'rules' appears twice/);
    const twoRules = '{"rules": [{"name": "a", "source": "mcr.microsoft.com/a", "target": "a"}, {"name": "b", "source": "mcr.microsoft.com/b", "target": "b"}]}';
    expect(readRuleSet(twoRules).ok).toBe(true);
    // a key-like string as a value is not a key
    expect(readRuleSet('{"rules": [], "registry": "rules"}').ok).toBe(true);
  });

  test("az acr cache list output with a duplicate key is refused too", () => {
    const result = readRuleSet('[{"name": "a", "sourceRepository": "mcr.microsoft.com/a", "targetRepository": "a", "name": "b"}]');
    expect(messages(result)[0]).toMatch(/the key 'name' appears twice in one object \(line 1 and line 1, column \d+\)/);
  });

  test('a YAML key given twice is named with its line', () => {
    expect(messages(readRuleSet('rules: []\nregistry: a.azurecr.io\nrules: []\n'))).toEqual(["not valid YAML at line 3, column 1: the key 'rules' appears twice in one mapping"]);
  });
});

describe('UTF-16 input', () => {
  test.each([
    ['LE with BOM', utf16le(RULES, true)],
    ['LE without BOM', utf16le(RULES, false)],
    ['BE with BOM', swap(utf16le(RULES, true))],
    ['BE without BOM', swap(utf16le(RULES, false))],
  ])('%s is decoded to the same text', (_name, bytes) => {
    expect(decodeInput(bytes)).toBe(RULES);
    const result = readRuleSet(decodeInput(bytes));
    expect(result.ok && result.ruleSet.rules[0]?.name).toBe('dotnet');
  });

  test('UTF-8 with and without BOM, non-ASCII included, is unchanged', () => {
    const text = 'rules: []\n# café ☕\n';
    const utf8 = new TextEncoder().encode(text);
    expect(decodeInput(utf8)).toBe(text);
    expect(decodeInput(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8]))).toBe(text);
    expect(decodeInput(utf16le(text, true))).toBe(text);
  });

  test('UTF-16 already decoded as UTF-8 is named as the cause, with the fix', () => {
    const misread = new TextDecoder('utf-8').decode(utf16le(JSON_RULES, true));
    const result = readRuleSet(misread);
    expect(result.ok).toBe(false);
    expect(messages(result)).toEqual([expect.stringMatching(/UTF-16 .*PowerShell.*Out-File -Encoding utf8/)]);
  });
});

describe('YAML merge keys', () => {
  test('<<: *base merges the anchored mapping, and local keys win', () => {
    const text = 'x-base: &base\n  source: mcr.microsoft.com/dotnet/*\n  target: dotnet/*\nrules:\n  - <<: *base\n    name: dotnet\n  - <<: *base\n    name: other\n    target: other/*\n';
    const result = readRuleSet(text);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.ruleSet.rules).toEqual([
      { name: 'dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'dotnet/*' },
      { name: 'other', source: 'mcr.microsoft.com/dotnet/*', target: 'other/*' },
    ]);
    expect(messages(result).filter((m) => m.includes('<<'))).toEqual([]);
  });

  test('a merge of an undefined anchor is a plain error', () => {
    const result = readRuleSet('rules:\n  - <<: *nowhere\n    name: a\n');
    expect(result.ok).toBe(false);
    expect(messages(result)).toEqual(['YAML could not be read: Merge sources must be maps or map aliases']);
  });
});

describe('deep nesting', () => {
  const N = 10_000;
  test.each([
    ['JSON arrays', '['.repeat(N) + ']'.repeat(N)],
    ['JSON objects', '{"a":'.repeat(N) + '1' + '}'.repeat(N)],
    ['YAML flow sequences', 'rules: ' + '['.repeat(N) + ']'.repeat(N)],
    ['YAML block mappings', Array.from({ length: 2_000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' x\n'],
    ['YAML compact sequences', 'rules:\n' + '- '.repeat(N) + 'x\n'],
  ])('%s give a plain message with a position', (_name, text) => {
    const result = readRuleSet(text);
    expect(result.ok).toBe(false);
    const all = messages(result).join('\n');
    expect(all).toMatch(/nests more than 64 levels deep at line \d+, column \d+/);
    expect(all).not.toMatch(/call stack/i);
  });

  test('the nesting a rule set has is read', () => {
    expect(readRuleSet(RULES).ok).toBe(true);
    expect(readRuleSet(JSON_RULES).ok).toBe(true);
    expect(readRuleSet('rules:\n  - name: a\n    source: mcr.microsoft.com/a\n    target: a\n    description: |\n      [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\n').ok).toBe(true);
  });
});

describe('echoed input', () => {
  test('a 20 MB value is cut, not echoed', () => {
    const huge = 'x'.repeat(20 * 1024 * 1024);
    for (const text of [`rules:\n  - name: a\n    source: mcr.microsoft.com/a\n    target: 42\n    ${huge}: 1\n`, `{"rules": [{"name": "a", "source": "mcr.microsoft.com/a", "target": ["${huge}"]}], "${huge}": 1}`, `{"rules": "${huge}"}`]) {
      const all = messages(readRuleSet(text));
      expect(all.length).toBeGreaterThan(0);
      for (const m of all) expect(m.length).toBeLessThanOrEqual(MESSAGE_MAX + 2 * ECHO_MAX + 2);
      expect(all.join('\n')).not.toContain('x'.repeat(ECHO_MAX + 1));
    }
  });

  test('terminal escape sequences from the input are escaped', () => {
    const text = 'rules:\n  - name: a\n    source: mcr.microsoft.com/a\n    target: b\n    "\\e]0;pwned\\a\\e[2J\\u009b31m": 1\n';
    const all = messages(readRuleSet(text)).join('\n');
    expect(hasControlCharacter(all)).toBe(false);
    expect(all).toContain('\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m');
    expect(messages(readRuleSet('{"rules": "\u001b[31mred"}'))).toEqual([expect.stringMatching(/^not valid JSON at line 1, column 12: unexpected '\\x1b' \(/)]);
    expect(messages(readRuleSet('rules: "\\e[31mred"\n'))).toEqual(["rules: expected a list of cache rules, got the string '\\x1b[31mred'"]);
  });

  test('echo cuts before escaping and never splits a surrogate pair', () => {
    expect(echo('a'.repeat(100))).toBe('a'.repeat(ECHO_MAX - 1) + '…');
    expect(echo('\u001b')).toBe('\\x1b');
    expect(echo('a'.repeat(78) + '😀😀')).toBe('a'.repeat(78) + '…');
  });
});

describe('property: messages for arbitrary input', () => {
  const pieces = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('rules:', '\n  - ', 'name: ', 'source: ', 'target: ', '{', '}', '[', ']', '"', ',', ':', '<<: *a', '&a ', '\u001b[2J', '\u009b', '\u202e', '\u0000', '\r\n', 'registry: ', '"\\u001b"'),
    fc.string({ minLength: 100, maxLength: 400 }),
  );
  test('no message has a raw control character or exceeds the bound', () => {
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        for (const format of ['auto', 'yaml', 'json', 'az-cache-list'] as const) {
          const result = readRuleSet(text, { format });
          for (const issue of result.ok ? result.warnings : result.errors) {
            expect(hasControlCharacter(issue.path) || hasControlCharacter(issue.message)).toBe(false);
            expect(issue.message.length).toBeLessThanOrEqual(MESSAGE_MAX);
            expect(issue.path.length).toBeLessThanOrEqual(2 * ECHO_MAX);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
