import { describe, expect, test } from 'vitest';
import { count, NOUNS, plural, sentence } from '../../../renderer/src/lib/strings.ts';

describe('counted words', () => {
  test('one is singular, zero and many are plural, numbers are grouped', () => {
    expect(count(1, 'rule')).toBe('1 rule');
    expect(count(0, 'rule')).toBe('0 rules');
    expect(count(1000, 'rule')).toBe('1,000 rules');
    expect(count(1, 'repository')).toBe('1 repository');
    expect(count(2, 'registry')).toBe('2 registries');
  });

  test('sentences agree with their count', () => {
    expect(sentence(1, 'savingOff')).toBe('Saving is off until the error is fixed.');
    expect(sentence(3, 'savingOff')).toBe('Saving is off until the 3 errors are fixed.');
    expect(sentence(1200, 'azureCalls')).toBe('Azure: 1,200 calls running…');
    expect(plural(2, { one: '# thing', other: '# things' })).toBe('2 things');
  });

  test('the Migrate pane’s counted sentences', () => {
    expect(sentence(1, 'saveChangedFiles')).toBe('Save 1 changed file');
    expect(sentence(0, 'saveChangedFiles')).toBe('Save 0 changed files');
    expect(sentence(1, 'proposedRulesCover')).toBe('This rule covers');
    expect(sentence(3, 'addProposedRules')).toBe('Add these 3 rules to the draft');
    expect(sentence(2, 'needCredentialSet')).toBe('need a credential set the draft does not have');
    expect(count(1, 'unchanged line')).toBe('1 unchanged line');
    expect(count(1500, 'file')).toBe('1,500 files');
  });

  test('every noun has the two forms English needs', () => {
    for (const [key, forms] of Object.entries(NOUNS)) {
      expect(forms.one, key).not.toBe('');
      expect(forms.other, key).not.toBe(forms.one);
    }
  });
});
