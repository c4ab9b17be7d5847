import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { removeStaleTemporaries } from './atomic-file.ts';

test('removes the temporary copies of killed processes and keeps those of running ones', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'acr-atomic-'));
  const file = join(dir, 'draft.json');
  writeFileSync(file, '{}');
  // a pid that has exited: a finished child's
  const dead = spawnSync(process.execPath, ['-e', '0']).pid as number;
  writeFileSync(`${file}.${dead}.0123456789ab.tmp`, '{"torn');
  writeFileSync(`${file}.${process.pid}.ba9876543210.tmp`, '{"mine');
  writeFileSync(join(dir, 'other.json.1.0123456789ab.tmp'), 'another file');
  expect(await removeStaleTemporaries(file)).toBe(1);
  expect(readdirSync(dir).sort()).toEqual(['draft.json', `draft.json.${process.pid}.ba9876543210.tmp`, 'other.json.1.0123456789ab.tmp'].sort());
});
