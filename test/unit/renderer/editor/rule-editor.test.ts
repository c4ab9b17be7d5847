import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, test, vi } from 'vitest';
import type { RuleSet } from '../../../../core/index.ts';
import RuleEditor from '../../../../renderer/src/lib/components/workspace/RuleEditor.svelte';
import { DraftDocument } from '../../../../renderer/src/lib/documents/draft-document.svelte.ts';
import { Workspace } from '../../../../renderer/src/lib/drafts/workspace.svelte.ts';
import { draftState, fakeDraftsApi } from '../fake-drafts-api.ts';

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
  test('a new rule starts without red: empty fields show hints until they are left', async () => {
    openEditor();
    expect(slot('rule-name-problems')).toHaveTextContent('5–50 letters, digits and hyphens');
    expect(slot('rule-name-problems')).toHaveAttribute('data-severity', 'none');
    // …but saving is off, and says why
    expect(screen.getByTestId('rule-save')).toBeDisabled();
    expect(screen.getByTestId('save-note')).toHaveTextContent('Saving is off until the 3 errors are fixed.');
    await fireEvent.blur(field('rule-name'));
    expect(slot('rule-name-problems')).toHaveAttribute('data-severity', 'error');
    expect(slot('rule-name-problems')).toHaveTextContent("is 0 characters long; ARM names are 5–50 characters");
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
    // once the source reads, Docker Hub without a credential set is shown at the credential set
    await type('rule-source', 'library/*');
    expect(slot('rule-source-problems')).toHaveAttribute('data-severity', 'none');
    expect(slot('rule-credential-set-problems')).toHaveTextContent('pulls from Docker Hub (docker.io) without a credential set');
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
