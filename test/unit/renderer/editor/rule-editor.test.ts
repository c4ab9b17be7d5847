import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, test, vi } from 'vitest';
import type { RuleSet } from '../../../../core/index.ts';
import RuleEditor from '../../../../renderer/src/lib/components/workspace/RuleEditor.svelte';
import { DraftDocument } from '../../../../renderer/src/lib/documents/draft-document.svelte.ts';
import { Workspace } from '../../../../renderer/src/lib/drafts/workspace.svelte.ts';
import { draftState, fakeDraftsApi } from '../fake-drafts-api.ts';
import { handleKeydown } from '../../../../renderer/src/lib/commands/commands.ts';

const SEED: RuleSet = {
  registry: 'contoso.azurecr.io',
  rules: [
    { name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' },
    { name: 'python-hub', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' },
  ],
  credentialSets: [
    {
      name: 'dockerhub',
      loginServer: 'docker.io',
      usernameSecret: 'https://contosokv.vault.azure.net/secrets/hub-user',
      passwordSecret: 'https://contosokv.vault.azure.net/secrets/hub-token',
    },
  ],
};

function openEditor(editIndex: number | null = null) {
  const fake = fakeDraftsApi(SEED);
  const host = { notify: vi.fn() };
  const workspace = new Workspace(new DraftDocument(fake.api, draftState(SEED)), host);
  if (editIndex === null) workspace.newRule();
  else workspace.editRule(editIndex);
  const onclose = vi.fn();
  const form = workspace.ruleForm;
  if (!form) throw new Error('no form');
  render(RuleEditor, { workspace, form, onclose });
  return { workspace, fake, onclose };
}

const field = (testId: string) => screen.getByTestId(testId) as HTMLInputElement;
const slot = (id: string) => document.getElementById(id) as HTMLElement;

async function type(testId: string, value: string) {
  await fireEvent.input(field(testId), { target: { value } });
}

describe('RuleEditor', () => {
  test('a blank new rule shows no errors anywhere: fields and save note wait for typing (11.8)', async () => {
    openEditor();
    expect(slot('rule-name-problems')).toHaveTextContent('5–50 letters, digits and hyphens');
    for (const id of ['rule-name-problems', 'rule-source-problems', 'rule-target-problems', 'rule-credential-set-problems']) expect(slot(id)).toHaveAttribute('data-severity', 'none');
    for (const id of ['rule-name', 'rule-source', 'rule-target']) expect(field(id)).toHaveAttribute('aria-invalid', 'false');
    expect(document.getElementById('rule-form-problems')).toBeNull();
    // the note says what to fill in, not that saving is off
    expect(screen.getByTestId('save-note')).toHaveTextContent('Give the rule a name, a source, and a target to add it.');
    expect(document.querySelector('.save-note.error')).toBeNull();
    // typing in one field shows that field's problems only, and the note names what is left
    await type('rule-name', 'ab');
    expect(slot('rule-name-problems')).toHaveAttribute('data-severity', 'error');
    expect(slot('rule-source-problems')).toHaveAttribute('data-severity', 'none');
    expect(screen.getByTestId('save-note')).toHaveTextContent('Saving is off until the error is fixed.');
    // leaving an empty field faults it
    await fireEvent.blur(field('rule-target'));
    expect(slot('rule-target-problems')).toHaveAttribute('data-severity', 'error');
    expect(field('rule-target')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('save-note')).toHaveTextContent('Saving is off until the 2 errors are fixed.');
  });

  test('trying to save the blank form shows every error, and saves nothing', async () => {
    const { fake, onclose } = openEditor();
    const save = screen.getByTestId('rule-save');
    expect(save).toBeEnabled();
    await fireEvent.click(save);
    expect(fake.saveRule).not.toHaveBeenCalled();
    expect(onclose).not.toHaveBeenCalled();
    for (const id of ['rule-name-problems', 'rule-source-problems', 'rule-target-problems']) expect(slot(id)).toHaveAttribute('data-severity', 'error');
    expect(slot('rule-name-problems')).toHaveTextContent('is 0 characters long; ARM names are 5–50 characters');
    expect(screen.getByTestId('save-note')).toHaveTextContent('Saving is off until the 3 errors are fixed.');
    expect(screen.getByTestId('rule-save')).toBeDisabled();
  });

  test('Ctrl+Enter on the blank form is a try to save too', async () => {
    // the app's one key handler (App.svelte installs it on the window) runs the keymap's form.save
    window.addEventListener('keydown', handleKeydown);
    try {
      const { fake } = openEditor();
      await fireEvent.keyDown(field('rule-name'), { key: 'Enter', code: 'Enter', ctrlKey: true });
      expect(slot('rule-target-problems')).toHaveAttribute('data-severity', 'error');
      expect(fake.saveRule).not.toHaveBeenCalled();
    } finally {
      window.removeEventListener('keydown', handleKeydown);
    }
  });

  test("a Docker Hub rule gets the draft's only docker.io set preselected, not counted as a change", async () => {
    const { workspace } = openEditor();
    expect(screen.getByTestId('rule-credential-set')).toHaveValue('dockerhub');
    expect(workspace.ruleForm?.dirty).toBe(false);
    expect(screen.getByTestId('save-note')).not.toHaveTextContent('Ready to save');
    // moving to an upstream that takes none clears what the form chose itself…
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'mcr.microsoft.com' } });
    expect(screen.getByTestId('rule-credential-set')).toHaveValue('');
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'docker.io' } });
    expect(screen.getByTestId('rule-credential-set')).toHaveValue('dockerhub');
    // …but never a set the user picked
    await fireEvent.change(screen.getByTestId('rule-credential-set'), { target: { value: '' } });
    expect(workspace.ruleForm?.dirty).toBe(true);
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'ghcr.io' } });
    await fireEvent.change(screen.getByTestId('rule-credential-set'), { target: { value: 'dockerhub' } });
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'quay.io' } });
    expect(screen.getByTestId('rule-credential-set')).toHaveValue('dockerhub');
  });

  test('with two sets for the upstream none is guessed; a saved rule opens untouched', async () => {
    const twoSets: RuleSet = {
      ...SEED,
      rules: [...SEED.rules, { name: 'hub-anon', source: 'docker.io/library/nginx', target: 'library/nginx' }],
      credentialSets: [...SEED.credentialSets, { ...SEED.credentialSets[0]!, name: 'dockerhub-ci' }],
    };
    const fake = fakeDraftsApi(twoSets);
    const workspace = new Workspace(new DraftDocument(fake.api, draftState(twoSets)), { notify: vi.fn() });
    workspace.newRule();
    expect(workspace.ruleForm?.credentialSet).toBe('');
    workspace.closeEditor();
    // a saved Docker Hub rule without a set stays without one until the user changes it
    workspace.editRule(2);
    const form = workspace.ruleForm;
    if (!form) throw new Error('no form');
    render(RuleEditor, { workspace, form, onclose: vi.fn() });
    expect(screen.getByTestId('rule-credential-set')).toHaveValue('');
    expect(form.dirty).toBe(false);
  });

  test('a fix is one click: Apply at the field writes it and the problem goes away (11.3)', async () => {
    openEditor();
    await type('rule-source', 'library/Python:3.12');
    expect(slot('rule-source-problems')).toHaveTextContent("write 'docker.io/library/python'");
    await fireEvent.click(screen.getByTestId('rule-source-problems-apply'));
    expect(field('rule-source')).toHaveValue('library/python');
    expect(slot('rule-source-problems')).toHaveAttribute('data-severity', 'none');
    // a URL pasted into the path: the fix switches the upstream and drops the scheme
    await type('rule-source', 'https://ghcr.io/org/app');
    expect(slot('rule-source-problems')).toHaveTextContent('drop the scheme');
    await fireEvent.click(screen.getByTestId('rule-source-problems-apply'));
    expect(screen.getByTestId('rule-upstream')).toHaveValue('ghcr.io');
    expect(field('rule-source')).toHaveValue('org/app');
    // MCR with a credential set: Apply removes it
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'mcr.microsoft.com' } });
    await fireEvent.change(screen.getByTestId('rule-credential-set'), { target: { value: 'dockerhub' } });
    expect(slot('rule-credential-set-problems')).toHaveTextContent('remove the credential set');
    await fireEvent.click(screen.getByTestId('rule-credential-set-problems-apply'));
    expect(screen.getByTestId('rule-credential-set')).toHaveValue('');
    expect(slot('rule-credential-set-problems')).toHaveAttribute('data-severity', 'none');
  });

  test('a problem without a one-value fix has no Apply button', async () => {
    openEditor();
    await type('rule-target', 'library/*');
    expect(slot('rule-target-problems')).toHaveTextContent('remove one of the two rules');
    expect(within(slot('rule-target-problems')).queryByRole('button', { name: /Apply/ })).toBeNull();
  });

  test('each problem shows at its field, with the fix, as you type', async () => {
    openEditor();
    await type('rule-name', 'bad_name!');
    expect(slot('rule-name-problems')).toHaveTextContent("contains '_', '!'; ARM names hold only letters, digits and hyphens");
    expect(slot('rule-name-problems')).toHaveTextContent("use 5–50 letters, digits and hyphens, e.g. 'bad-name'");
    expect(field('rule-name')).toHaveAttribute('aria-invalid', 'true');

    await type('rule-source', 'library/Python:3.11');
    expect(slot('rule-source-problems')).toHaveTextContent("has a tag (':3.11')");
    expect(slot('rule-source-problems')).toHaveTextContent("write 'docker.io/library/python' and give the tag or digest when pulling");

    // a wildcard target that overlaps two saved ones: the reason and the fix, at the target
    await type('rule-target', 'library/*');
    const target = slot('rule-target-problems');
    expect(target).toHaveAttribute('data-severity', 'error');
    expect(target).toHaveTextContent("overlaps wildcard rule 'python-hub'");
    expect(target).toHaveTextContent('remove one of the two rules');
    // the second overlap in full at the same field, not clamped away or sent to a list below
    expect(within(target).getByText(/'library\/\*' covers everything under 'library\/dotnet\/\*'/)).toBeInTheDocument();
    expect(target.querySelectorAll('.problem')).toHaveLength(2);
    expect(screen.queryByLabelText('All problems of this rule')).toBeNull();
    // once the source reads, Docker Hub without a credential set (the preselected one taken
    // away) is shown at the credential set, with the draft's docker.io set as the one-click fix
    await type('rule-source', 'library/*');
    expect(slot('rule-source-problems')).toHaveAttribute('data-severity', 'none');
    await fireEvent.change(screen.getByTestId('rule-credential-set'), { target: { value: '' } });
    expect(slot('rule-credential-set-problems')).toHaveTextContent('pulls from Docker Hub (docker.io) without a credential set');
    expect(slot('rule-credential-set-problems')).toHaveTextContent("use credential set 'dockerhub'");
    await fireEvent.click(screen.getByRole('button', { name: /^Apply the fix: use credential set 'dockerhub'/ }));
    expect(screen.getByTestId('rule-credential-set')).toHaveValue('dockerhub');
  });

  test('saving stays disabled while errors remain, is allowed with warnings, and sends the candidate', async () => {
    const { fake, onclose, workspace } = openEditor();
    await type('rule-name', 'hub-mirror');
    await type('rule-source', 'library/*');
    await type('rule-target', 'library/*');
    await fireEvent.change(screen.getByTestId('rule-credential-set'), { target: { value: 'dockerhub' } });
    expect(screen.getByTestId('rule-save')).toBeDisabled();
    expect(screen.getByTestId('save-note')).toHaveTextContent('Saving is off until the 2 errors are fixed.');

    // the classic `X/* → docker.io/library/*` remap is a warning: saving is allowed
    await type('rule-target', 'hub/*');
    expect(slot('rule-target-problems')).toHaveAttribute('data-severity', 'none');
    expect(slot('rule-source-problems')).toHaveAttribute('data-severity', 'warning');
    expect(slot('rule-source-problems')).toHaveTextContent('only official images live under library/');
    expect(screen.getByTestId('save-note')).toHaveTextContent('Can be saved with a warning.');
    const save = screen.getByTestId('rule-save');
    expect(save).toBeEnabled();
    await fireEvent.click(save);
    await vi.waitFor(() => expect(onclose).toHaveBeenCalledWith(true));
    expect(fake.saveRule).toHaveBeenCalledWith('draft-1', { name: 'hub-mirror', source: 'docker.io/library/*', target: 'hub/*', credentialSet: 'dockerhub' }, null);
    expect(workspace.rules.map((r) => r.name)).toEqual(['dotnet-mcr', 'python-hub', 'hub-mirror']);
    expect(workspace.ruleForm).toBeNull();
  });

  test('the editor rechecks at once when the draft changes under it', async () => {
    const { workspace } = openEditor();
    await type('rule-name', 'quay-all');
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'quay.io' } });
    await type('rule-source', '*');
    await type('rule-target', 'quay/*');
    expect(screen.getByTestId('rule-save')).toBeEnabled();
    // a rule with the same name arrives (an undo, another window…)
    workspace.replace(draftState({ ...SEED, rules: [...SEED.rules, { name: 'quay-all', source: 'quay.io/*', target: 'mirror/*' }] }));
    flushSync();
    expect(screen.getByTestId('rule-save')).toBeDisabled();
    expect(slot('rule-name-problems')).toHaveTextContent("both have the name 'quay-all'");
  });

  test("main's refusal is shown at the button while the form still holds what was refused", async () => {
    // main's copy of the draft already has a 'quay-all' the renderer has not seen yet
    const fake = fakeDraftsApi({ ...SEED, rules: [...SEED.rules, { name: 'quay-all', source: 'quay.io/*', target: 'mirror/*' }] });
    const workspace = new Workspace(new DraftDocument(fake.api, draftState(SEED)), { notify: vi.fn() });
    workspace.newRule();
    const onclose = vi.fn();
    render(RuleEditor, { workspace, form: workspace.ruleForm!, onclose });
    await type('rule-name', 'quay-all');
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'quay.io' } });
    await type('rule-source', '*');
    await type('rule-target', 'quay/*');
    await fireEvent.click(screen.getByTestId('rule-save'));
    const note = await screen.findByRole('alert');
    expect(note).toHaveTextContent(`Rule "quay-all" was not saved: Rules both have the name 'quay-all'`);
    expect(onclose).not.toHaveBeenCalled();
    expect(workspace.ruleForm).not.toBeNull();
    // a change to the form retires the refusal: it was about the old values
    await type('rule-name', 'quay-mirror');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByTestId('save-note')).toHaveTextContent('Ready to save.');
  });

  test('the upstream catalog says whether credentials are required, optional or not supported', async () => {
    openEditor();
    expect(screen.getByTestId('credential-support')).toHaveTextContent('Credentials required');
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'mcr.microsoft.com' } });
    expect(screen.getByTestId('credential-support')).toHaveTextContent('Anonymous only');
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'quay.io' } });
    expect(screen.getByTestId('credential-support')).toHaveTextContent('Credentials optional');
    // a registry outside the catalog is kept as typed and warned about (the catalog lags the service)
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'other' } });
    await type('rule-host', 'registry.example.com');
    await type('rule-source', 'team/app');
    expect(slot('rule-source-problems')).toHaveTextContent('is not in the upstream catalog as of');
  });

  test('quick fill writes the common patterns: all of quay.io under quay/*', async () => {
    openEditor();
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'quay.io' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Cache all of quay.io: quay/* → quay.io/*' }));
    expect(field('rule-source')).toHaveValue('*');
    expect(field('rule-target')).toHaveValue('quay/*');
    expect(field('rule-name')).toHaveValue('quay-all');
    expect(screen.getByTestId('rule-save')).toBeEnabled();
    await fireEvent.change(screen.getByTestId('rule-upstream'), { target: { value: 'docker.io' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Docker Hub official images: library/* → docker.io/library/*' }));
    expect(field('rule-source')).toHaveValue('library/*');
    expect(field('rule-target')).toHaveValue('library/*');
  });

  test('editing a saved rule starts from its values and checks it against the others only', async () => {
    openEditor(1);
    expect(screen.getByRole('heading', { name: 'Edit rule python-hub' })).toBeInTheDocument();
    expect(field('rule-target')).toHaveValue('library/python/*');
    expect(field('rule-source')).toHaveValue('library/python/*');
    expect(screen.getByTestId('rule-upstream')).toHaveValue('docker.io');
    expect(screen.getByTestId('save-note')).toHaveTextContent('No changes yet.');
    expect(screen.getByTestId('rule-save')).toBeEnabled();
  });

  test('the fields keep their place while messages come and go (fixed-height slots)', async () => {
    openEditor();
    const slots = ['rule-name-problems', 'rule-source-problems', 'rule-target-problems', 'rule-credential-set-problems'].map(slot);
    for (const s of slots) expect(s.classList.contains('slot')).toBe(true);
    // the slot element is the same one before and after a message appears: nothing is inserted above the fields below
    const before = slot('rule-target-problems');
    await type('rule-target', 'library/*');
    expect(slot('rule-target-problems')).toBe(before);
  });
});
