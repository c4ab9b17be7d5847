// block-yaml.ts against yaml itself: on generated rule-set files in every layout the reader
// accepts (comments, blank lines, quotes, `- ` spacing, sequences at the key's indent, nested
// mappings, no final newline), it must give yaml's data and yaml's range for every node, or
// decline. Texts it must decline are listed, and the repository's own YAML examples must be read.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, test } from 'vitest';
import { writeRuleSet } from '../../core/rule-set-file.ts';
import { makeRuleSet } from '../../test/bench/core.bench.ts';
import { linePos, readBlockYaml, type SourceNode } from './block-yaml.ts';
import { yamlSourceNode } from './yaml-positions.ts';

function yamlOf(text: string) {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: true, lineCounter });
  return { doc, lineCounter };
}

/** Every node of both trees has the same range (collections' ends only when exact). */
function sameRanges(ours: SourceNode, theirs: SourceNode, collectionsToo: boolean, path = '$'): void {
  const collection = ours.items !== undefined || ours.entries !== undefined;
  expect(ours.start, `${path} start`).toBe(theirs.start);
  if (!collection || collectionsToo) expect(ours.end, `${path} end`).toBe(theirs.end);
  expect(ours.value, `${path} value`).toEqual(theirs.value);
  if (ours.items !== undefined) {
    expect(theirs.items?.length, `${path} items`).toBe(ours.items.length);
    ours.items.forEach((item, i) => sameRanges(item, theirs.items?.[i] as SourceNode, collectionsToo, `${path}[${i}]`));
  }
  if (ours.entries !== undefined) {
    expect([...(theirs.entries?.keys() ?? [])], `${path} keys`).toEqual([...ours.entries.keys()]);
    for (const [key, node] of ours.entries) sameRanges(node, theirs.entries?.get(key) as SourceNode, collectionsToo, `${path}.${key}`);
  }
}

function agreesWithYaml(text: string): boolean {
  const ours = readBlockYaml(text);
  if (ours === undefined) return false;
  const { doc, lineCounter } = yamlOf(text);
  expect(doc.errors, text).toEqual([]);
  expect(ours.data, text).toEqual(doc.toJS());
  expect(ours.lineStarts, text).toEqual(lineCounter.lineStarts);
  sameRanges(ours.root, yamlSourceNode(doc.contents) as SourceNode, !ours.comments);
  return true;
}

/** A seeded generator, so a failure names a text that can be run again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PLAIN = ['rule-1', 'docker.io/library/nginx', 'mirror/*', 'https://vault.vault.azure.net/secrets/u', 'a#b', 'x:y', 'pinned/tag,1', 'Yes', 'no', '$x', '/subscriptions/s/rg', 'ActiveSync', 'with [brackets] {}'];

function generated(seed: number): string {
  const r = random(seed);
  const pick = <T,>(values: readonly T[]): T => values[Math.floor(r() * values.length)] as T;
  const pad = (n: number) => ' '.repeat(n);
  const lines: string[] = [];
  const comment = (indent: number) => {
    if (r() < 0.15) lines.push(r() < 0.5 ? '' : `${pad(Math.floor(r() * (indent + 4)))}# note ${Math.floor(r() * 9)}`);
  };
  const scalar = (): string => {
    const v = pick(PLAIN);
    const trail = r() < 0.1 ? pad(1 + Math.floor(r() * 3)) : '';
    const note = r() < 0.08 ? '  # inline' : '';
    switch (Math.floor(r() * 4)) {
      case 0:
        return `'${v.replaceAll("'", "''")}${r() < 0.3 ? "''s" : ''}'${trail}${note}`;
      case 1:
        return `"${v}"${trail}${note}`;
      default:
        return `${v}${trail}${note}`;
    }
  };
  const item = pad(1 + Math.floor(r() * 2));
  if (r() < 0.3) lines.push('# yaml-language-server: $schema=./rule-set.schema.json');
  if (r() < 0.5) lines.push(`registry: ${scalar()}`);
  const seqIndent = r() < 0.3 ? 0 : 2;
  lines.push('rules:');
  const count = Math.floor(r() * 5);
  if (count === 0) lines[lines.length - 1] += ` ${r() < 0.5 ? '[]' : '[]  # none'}`;
  for (let i = 0; i < count; i++) {
    comment(seqIndent);
    const keyIndent = seqIndent + 1 + item.length;
    lines.push(`${pad(seqIndent)}-${item}name: ${scalar()}`);
    for (const key of ['source', 'target', 'credentialSet', 'syncMode']) {
      if (key !== 'source' && key !== 'target' && r() < 0.6) continue;
      comment(keyIndent);
      lines.push(`${pad(keyIndent)}${key}:${pad(1 + Math.floor(r() * 2))}${scalar()}`);
    }
    if (r() < 0.2) {
      lines.push(`${pad(keyIndent)}artifactSyncFilters:`);
      lines.push(`${pad(keyIndent + 2)}tags: ${scalar()}`);
      lines.push(`${pad(keyIndent + 2)}platforms:`);
      const platformIndent = keyIndent + 2 + (r() < 0.5 ? 0 : 2);
      lines.push(`${pad(platformIndent)}- linux/amd64`, `${pad(platformIndent)}-  ${scalar()}`);
      if (r() < 0.5) lines.push(`${pad(keyIndent + 2)}empty: {}`);
    }
  }
  comment(0);
  if (r() < 0.5) lines.push(`credentialSets: []`);
  else {
    lines.push('credentialSets:');
    lines.push(`  - name: ${scalar()}`);
    lines.push(`    loginServer: docker.io`);
  }
  comment(0);
  return lines.join('\n') + (r() < 0.8 ? '\n' : '');
}

describe('readBlockYaml', () => {
  test("agrees with yaml on the bench's 1,000-rule file and the examples", () => {
    expect(agreesWithYaml(writeRuleSet(makeRuleSet(1_000), 'yaml'))).toBe(true);
    for (const path of ['examples/rules.yaml', 'core/export/__golden__/sample.yaml']) {
      expect(agreesWithYaml(readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8')), path).toBe(true);
    }
  });

  test('agrees with yaml on 600 generated files in every layout it reads, and reads nearly all of them', () => {
    let read = 0;
    for (let seed = 1; seed <= 600; seed++) if (agreesWithYaml(generated(seed))) read++;
    // the generator writes only what the reader accepts, apart from rare collisions (a duplicate
    // key); a reader that declined everything would agree with yaml trivially
    expect(read).toBeGreaterThan(560);
  });

  test('declines what it cannot be sure of, so yaml reads it', () => {
    const declined = [
      'rules:\n  - name: 42\n', // a number
      'a: true\n',
      'a: null\n',
      'a: ~\n',
      'a: .inf\n',
      'a:\n', // an empty value is null
      'a: &x b\nc: *x\n',
      'a: !tag b\n',
      'a: [x]\n',
      'a: {b: c}\n',
      'a: |\n  text\n',
      'a: b\n  continued\n',
      'a: "x\\ty"\n',
      "a: 'open\n  close'\n",
      'a: b\na: c\n', // duplicate key
      '---\na: b\n',
      '%YAML 1.1\n---\na: b\n',
      'a:\tb\n',
      'a: b\r\n',
      'a: b: c\n',
      '- - a\n',
      '"key": v\n',
      '? a\n: b\n',
      'a: b\n - c\n',
      '__proto__: x\n',
      'a: "x" y\n',
      '',
      '# only a comment\n',
    ];
    for (const text of declined) expect(readBlockYaml(text), JSON.stringify(text)).toBeUndefined();
  });

  test('linePos counts as LineCounter does', () => {
    const text = 'a: b\n\n  c: d\n';
    const { lineCounter } = yamlOf('a:\n  - b\n\n  - c\n');
    for (let offset = 0; offset <= text.length; offset++) {
      expect(linePos(lineCounter.lineStarts, offset)).toEqual(lineCounter.linePos(offset));
    }
  });
});
