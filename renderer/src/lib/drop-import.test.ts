import { describe, expect, test } from 'vitest';
import { carriesFiles, MAX_DROPPED_CHARS, readDroppedRuleSets } from './drop-import.ts';

describe('dropped files', () => {
  test('YAML and JSON become drafts named after the file; other files are refused by name', async () => {
    const outcome = await readDroppedRuleSets([
      new File(['rules: []\n'], 'contoso-prod.yaml'),
      new File(['[]'], 'live.JSON'),
      new File(['x'], 'README.md'),
    ]);
    expect(outcome.accepted).toEqual([
      { name: 'contoso-prod', text: 'rules: []\n' },
      { name: 'live', text: '[]' },
    ]);
    expect(outcome.refused).toEqual([expect.stringMatching(/^'README\.md' is not a rule set: drop a YAML or JSON file/)]);
  });

  test('a file the preload knows on disk carries its path (Open Recent records it); one made in the page does not', async () => {
    const onDisk = new File(['rules: []\n'], 'prod.acrcache.yaml');
    const outcome = await readDroppedRuleSets([onDisk, new File(['[]'], 'live.json')], (file) => (file === onDisk ? '/home/ana/prod.yaml' : null));
    expect(outcome.accepted).toEqual([
      { name: 'prod', text: 'rules: []\n', path: '/home/ana/prod.yaml' },
      { name: 'live', text: '[]' },
    ]);
  });

  test('a file larger than any rule set is refused before it is read', async () => {
    const big = new File(['x'], 'huge.yaml');
    Object.defineProperty(big, 'size', { value: MAX_DROPPED_CHARS * 2 + 1 });
    const outcome = await readDroppedRuleSets([big]);
    expect(outcome.accepted).toEqual([]);
    expect(outcome.refused[0]).toMatch(/'huge\.yaml' is 40 MB/);
  });

  test('only a drag that carries files is a drop to import', () => {
    expect(carriesFiles({ types: ['Files'] } as unknown as DataTransfer)).toBe(true);
    expect(carriesFiles({ types: ['text/plain'] } as unknown as DataTransfer)).toBe(false);
    expect(carriesFiles(null)).toBe(false);
  });
});
