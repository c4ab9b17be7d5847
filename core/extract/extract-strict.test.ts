// Issue 11.6 for the pull tester's extractor: deep nesting and escape sequences in a paste.
import { describe, expect, test } from 'vitest';
import { hasControlCharacter, MESSAGE_MAX } from '../input-text.ts';
import { extractReferences } from './index.ts';

describe('extractor on hostile pastes', () => {
  test('10,000 nested brackets give a plain note, not a stack overflow', () => {
    const result = extractReferences('image: nginx:1.27\nx: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n');
    const notes = result.notes.join('\n');
    expect(notes).toMatch(/nests more than 500 levels deep/);
    expect(notes).not.toMatch(/call stack/i);
    // the rest of the paste is still read, line by line
    expect(result.references.map((r) => r.text)).toContain('nginx:1.27');
  });

  test('notes never carry raw control characters or unbounded input', () => {
    const result = extractReferences(`services:\n  web:\n    image: "nginx\u001b[2J\n  bad: [${'x'.repeat(5000)}\n`);
    for (const note of result.notes) {
      expect(hasControlCharacter(note)).toBe(false);
      expect(note.length).toBeLessThanOrEqual(MESSAGE_MAX);
    }
  });
});
