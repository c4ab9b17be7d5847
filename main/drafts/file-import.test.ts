import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DraftState } from '../../preload/api.ts';
import { importFromPath, importRefusal, readRuleSetFile } from './file-import.ts';

let dir: string;
beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'acr-file-import-'))));
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('importing a rule-set file', () => {
  it('reads UTF-16 with a byte-order mark (PowerShell `>`) like UTF-8', async () => {
    const path = join(dir, 'rules.yaml');
    await writeFile(path, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('rules: []\n', 'utf16le')]));
    expect(await readRuleSetFile(path)).toBe('rules: []\n');
  });

  it('a file that cannot be read is refused with its path and why', async () => {
    const path = join(dir, 'gone.acrcache.yaml');
    await expect(readRuleSetFile(path)).rejects.toMatchObject({ code: 'import-failed', message: `${path} could not be read (ENOENT). Check the file exists and you may read it.` });
  });

  it('names the draft after the file, passes the path as the origin, and records the file only once imported', async () => {
    const path = join(dir, 'contoso-prod.acrcache.yml');
    await writeFile(path, 'rules: []\n');
    const importText = vi.fn(async () => ({ draft: { name: 'contoso-prod' } }) as DraftState);
    const onFileUsed = vi.fn();
    await importFromPath({ importText, onFileUsed })(path);
    expect(importText).toHaveBeenCalledWith('contoso-prod', 'rules: []\n', { kind: 'file', detail: path });
    expect(onFileUsed).toHaveBeenCalledWith(path, 'imported');

    const refused = vi.fn(async () => Promise.reject(importRefusal(path, ['rules[0].source: required'])));
    onFileUsed.mockClear();
    await expect(importFromPath({ importText: refused, onFileUsed })(path)).rejects.toThrow(`${path} could not be imported: rules[0].source: required.`);
    expect(onFileUsed).not.toHaveBeenCalled();
  });

  it('a refusal shows the first five problems and counts the rest', () => {
    const problems = Array.from({ length: 7 }, (_, i) => `problem ${i + 1}`);
    expect(importRefusal('rules.yaml', problems).message).toBe('rules.yaml could not be imported: problem 1; problem 2; problem 3; problem 4; problem 5 (and 2 more).');
  });
});
