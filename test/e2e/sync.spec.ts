// Drafts meet live registries, end to end: the real renderer in Chromium, the real main-process
// services, signed in against the Entra emulator and writing to the ARM emulator. Import (through
// IPC: the registry browser is another view) → edit in the UI → plan (a conflict and mixed
// changes) → apply with progress → the registry equals the draft; a failure shown per operation
// and "Plan again" converging; compare; the IaC export.
import { screenshotPath } from './screenshot-path.ts';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import type { DraftState } from '../../preload/api.ts';
import { startAzureTestEnvironment, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { ApplyJournal } from '../../main/apply/journal.ts';
import type { PlanView } from '../../preload/api.ts';
import { addCredentialSet, addRule } from './drafts-helpers.ts';
import { invoke, signInAndImport } from './azure-session.ts';
import { cspViolations, openApp, type OpenedApp } from './harness.ts';

const KV = 'https://kv-contoso.vault.azure.net/secrets';

interface SyncFixtures {
  env: AzureTestEnvironment;
  app: OpenedApp;
  /** Where the injected save dialog for IaC exports answers. */
  exportDir: string;
  pageErrors: string[];
}

const test = base.extend<SyncFixtures>({
  pageErrors: async ({ page }, use) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    await use(errors);
  },
  env: async ({}, use) => {
    const env = await startAzureTestEnvironment();
    env.registry.putCredentialSet({ name: 'dockerhub', loginServer: 'docker.io', usernameSecret: `${KV}/hub-user`, passwordSecret: `${KV}/hub-token` });
    env.registry.putRule({ name: 'hub-python', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' });
    env.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' });
    env.registry.putRule({ name: 'quay-legacy', source: 'quay.io/legacy/*', target: 'legacy/*' });
    env.registry.addRepositories('teams/payments/api');
    await use(env);
    await env.close();
  },
  exportDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'acs-iac-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  app: async ({ page, env, exportDir, pageErrors }, use) => {
    const app = await openApp(page, {
      services: {
        azure: env.options(),
        dialogs: { openRuleSetFile: async () => null, saveRuleSetFile: async () => null, saveExportFile: async (name) => join(exportDir, name) },
      },
    });
    await use(app);
    expect(await cspViolations(page).catch(() => [])).toEqual([]);
    expect(pageErrors).toEqual([]);
    await app.close();
  },
});

async function openDraft(page: Page, name: string): Promise<void> {
  // the list was read when the page loaded, before the import
  await page.reload();
  await page.getByRole('button', { name: `Open draft ${name}` }).click();
  await expect(page.getByTestId('draft-title')).toHaveText(name);
}

/** The registry's rules and the draft's, in one comparable shape. */
function liveRules(env: AzureTestEnvironment) {
  return env.registry
    .rules()
    .map((r) => ({ name: r.name, source: r.sourceRepository, target: r.targetRepository, credentialSet: r.credentialSetResourceId?.split('/').pop() ?? null }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
async function draftRules(app: OpenedApp, id: string) {
  const { draft } = await invoke<DraftState>(app, 'drafts.open', id);
  return draft.ruleSet.rules.map((r) => ({ name: r.name, source: r.source, target: r.target, credentialSet: r.credentialSet ?? null })).sort((a, b) => a.name.localeCompare(b.name));
}

async function editTarget(page: Page, rule: string, target: string): Promise<void> {
  await page.getByTestId('rule-row').filter({ hasText: rule }).dblclick();
  await expect(page.getByTestId('rule-editor')).toBeVisible();
  await page.getByTestId('rule-target').fill(target);
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-editor')).toBeHidden();
}

async function deleteRule(page: Page, rule: string): Promise<void> {
  await page.getByTestId('rule-row').filter({ hasText: rule }).click();
  await page.getByTestId('rules-grid').press('Delete');
  await page.getByRole('dialog', { name: 'Delete rule?' }).getByRole('button', { name: 'Delete rule' }).click();
  await expect(page.getByTestId('rule-row').filter({ hasText: rule })).toHaveCount(0);
}

/** Screenshots at the four window sizes, light and dark; the page ends at 1280×800, light. */
async function shootEverySize(page: Page, name: string): Promise<void> {
  await page.mouse.move(5, 5);
  for (const [width, height] of [[900, 560], [1024, 700], [1280, 800], [1440, 900]] as const) {
    await page.setViewportSize({ width, height });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.screenshot({ path: screenshotPath(`${name}-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 800 });
}

test('import → edit → plan with a conflict → resolve → apply: the registry equals the draft, and planning again finds nothing', async ({ page, app, env }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const { draft } = await signInAndImport(app, env, 'contoso live');
  await openDraft(page, 'contoso live');
  await expect(page.getByTestId('rule-row')).toHaveCount(3);

  // edits in the UI: a replace (target), a delete (with prune), a create
  await editTarget(page, 'mcr-dotnet', 'dotnet/*');
  await deleteRule(page, 'quay-legacy');
  await addRule(page, { name: 'ghcr-tools', upstream: 'ghcr.io', path: 'contoso/tools/*', target: 'tools/*' });
  // someone else changes a rule in the registry behind the draft's back
  env.registry.putRule({ name: 'hub-python', source: 'docker.io/library/python/*', target: 'python/*', credentialSet: 'dockerhub' });

  await page.getByTestId('open-plan').click();
  const sheet = page.getByTestId('sync-sheet');
  await expect(sheet).toBeVisible();
  await expect(page.getByTestId('target-linked')).toBeChecked();
  await expect(sheet).toContainText(`${env.registry.loginServer}`);
  await expect(sheet).toContainText('imported just now');
  await expect(page.getByTestId('plan-empty')).toContainText(`Plan against ${env.registry.loginServer}`);
  // prune is off by default, and says what that means
  await expect(page.getByTestId('prune')).not.toBeChecked();
  await expect(sheet).toContainText('Off: nothing is deleted from the registry');
  await page.getByTestId('prune').check();
  await page.getByTestId('plan').click();

  await expect(page.getByTestId('plan-view')).toBeVisible();
  await expect(page.getByTestId('count-create')).toContainText('1');
  await expect(page.getByTestId('count-replace')).toContainText('2');
  await expect(page.getByTestId('count-delete')).toContainText('1');
  const conflict = page.getByTestId('conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict).toContainText('hub-python');
  await expect(conflict).toContainText('changed in the registry');
  await expect(conflict.locator('tr.differs')).toContainText(['python/*']);
  await expect(page.getByTestId('apply')).toBeDisabled();
  await expect(page.getByTestId('apply-gate')).toContainText('1 item changed in the registry since import');
  await expect(page.getByTestId('plan-change').filter({ hasText: 'mcr-dotnet' })).toContainText('its target changes, which ACR cannot update');
  await expect(page.getByTestId('plan-steps')).toContainText('Step 1');
  await page.mouse.move(5, 5);
  await page.screenshot({ path: screenshotPath('plan.png') });
  // the same in the dark theme (kept with the run's output, for a look)
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/plan-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });

  // keep mine: the draft's hub-python goes back in; the plan is made again with the choice
  await conflict.getByTestId('keep-mine').click();
  await expect(conflict.getByTestId('conflict-resolution')).toHaveText('keeping mine');
  await expect(page.getByTestId('apply')).toBeEnabled();
  await page.getByTestId('apply').click();
  const confirm = page.getByRole('dialog', { name: `Apply to ${env.registry.loginServer}?` });
  await expect(confirm).toContainText('1 create, 2 replaces and 1 delete (6 operations)');
  await expect(confirm.getByTestId('confirm-deletes')).toContainText('rule quay-legacy');
  await confirm.getByTestId('confirm-apply').click();

  await expect(page.getByTestId('apply-verdict')).toContainText(`${env.registry.loginServer} now matches the draft`);
  await expect(page.getByTestId('converged')).toBeVisible();
  await expect(page.getByTestId('apply-row')).toHaveCount(6);
  await expect(page.getByTestId('apply-row').and(page.locator('[data-status=succeeded]'))).toHaveCount(6);
  await expect(page.getByTestId('apply-progress')).toHaveAttribute('value', '6');
  expect(liveRules(env)).toEqual(await draftRules(app, draft.id));
  expect(liveRules(env).map((r) => r.name)).toEqual(['ghcr-tools', 'hub-python', 'mcr-dotnet']);

  await page.getByTestId('plan-again').click();
  await expect(page.getByTestId('plan-nothing')).toContainText('already matches the draft');
  await expect(page.getByTestId('apply-gate')).toContainText('Nothing to do');
  await expect(page.getByTestId('plan-view').getByTestId('conflict')).toHaveCount(0);

  // Escape closes the sheet; the workspace is where it was
  await page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
  await expect(page.getByTestId('rule-row')).toHaveCount(3);
});

test('take theirs keeps the colleague’s change: the draft takes it, apply leaves it, and planning again proposes nothing for it', async ({ page, app, env }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { draft } = await signInAndImport(app, env, 'contoso theirs');
  await openDraft(page, 'contoso theirs');
  await addRule(page, { name: 'ghcr-tools', upstream: 'ghcr.io', path: 'contoso/tools/*', target: 'tools/*' });
  // a colleague changes two rules in the registry after the import
  env.registry.putRule({ name: 'hub-python', source: 'docker.io/library/python/*', target: 'python/*', credentialSet: 'dockerhub' });
  env.registry.removeRule('mcr-dotnet');
  env.registry.putRule({ name: 'mcr-dotnet', source: 'mcr.microsoft.com/dotnet/*', target: 'ms/dotnet/*' });
  env.registry.putRule({ name: 'quay-legacy', source: 'quay.io/legacy/*', target: 'old/legacy/*' });

  await page.getByTestId('open-plan').click();
  await page.getByTestId('plan').click();
  const conflicts = page.getByTestId('plan-view').getByTestId('conflict');
  await expect(conflicts).toHaveCount(3);
  await expect(page.getByTestId('take-all-theirs')).toBeVisible();
  await shootEverySize(page, 'take-theirs');

  // one by one: the conflict is gone, because the draft now holds their version
  await conflicts.filter({ hasText: 'hub-python' }).getByTestId('take-theirs').click();
  await expect(conflicts).toHaveCount(2);
  await expect(page.getByTestId('notice').getByText("The draft now holds the registry's version of hub-python")).toBeVisible();
  expect((await draftRules(app, draft.id)).find((r) => r.name === 'hub-python')?.target).toBe('python/*');
  // keep mine for one, take theirs for all the rest
  await conflicts.filter({ hasText: 'quay-legacy' }).getByTestId('keep-mine').click();
  await expect(conflicts.filter({ hasText: 'quay-legacy' }).getByTestId('conflict-resolution')).toHaveText('keeping mine');
  await page.getByTestId('take-all-theirs').click();
  await expect(conflicts).toHaveCount(1);
  expect((await draftRules(app, draft.id)).find((r) => r.name === 'mcr-dotnet')?.target).toBe('ms/dotnet/*');

  await page.getByTestId('apply').click();
  await page.getByTestId('confirm-apply').click();
  await expect(page.getByTestId('converged')).toBeVisible();
  await page.getByTestId('plan-again').click();
  await expect(page.getByTestId('plan-nothing')).toContainText('already matches the draft');
  await expect(conflicts).toHaveCount(0);
  expect(env.registry.rule('hub-python')!.targetRepository).toBe('python/*');
  expect(env.registry.rule('mcr-dotnet')!.targetRepository).toBe('ms/dotnet/*');
  expect(env.registry.rule('quay-legacy')!.targetRepository).toBe('legacy/*');
  expect(env.registry.rule('ghcr-tools')!.targetRepository).toBe('tools/*');
});

test('a Retry-After longer than the cap is shown with a countdown, and Cancel stops the wait', async ({ page, app, env }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signInAndImport(app, env, 'contoso throttled');
  await openDraft(page, 'contoso throttled');
  await addRule(page, { name: 'ghcr-tools', upstream: 'ghcr.io', path: 'contoso/tools/*', target: 'tools/*' });
  env.arm.faults.throttle('cacheRules.create', { retryAfterSeconds: 3600 });

  await page.getByTestId('open-plan').click();
  await page.getByTestId('plan').click();
  await page.getByTestId('apply').click();
  await page.getByTestId('confirm-apply').click();
  const paused = page.getByTestId('apply-paused');
  await expect(paused).toContainText('asked to wait 3600 s');
  await expect(page.getByTestId('pause-countdown')).toHaveText(/^(1:00:00|59:[0-5]\d)$/);
  const first = await page.getByTestId('pause-countdown').textContent();
  await expect(page.getByTestId('pause-countdown')).not.toHaveText(first ?? '', { timeout: 3000 });
  await shootEverySize(page, 'apply-paused');
  await page.getByTestId('cancel-wait').click();
  await expect(page.getByTestId('apply-verdict')).toContainText('Apply cancelled');
  await expect(paused).toHaveCount(0);
  expect(env.registry.rule('ghcr-tools')).toBeUndefined();
});

test('an interrupted apply is shown after a restart, and Resume applies what is left', async ({ page, app, env }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const { draft } = await signInAndImport(app, env, 'contoso resumed');
  await invoke(app, 'drafts.saveRule', draft.id, { name: 'ghcr-tools', source: 'ghcr.io/contoso/tools/*', target: 'tools/*' }, null);
  await invoke(app, 'drafts.saveRule', draft.id, { name: 'quay-apps', source: 'quay.io/contoso/*', target: 'quay/*' }, null);
  // what a killed app leaves behind (the SIGKILL itself is test/integration/apply-interrupted.test.ts):
  // the journal of an apply whose first create reached the registry, and no saved result
  const plan = await invoke<PlanView>(app, 'sync.plan', { draftId: draft.id, prune: false, resolutions: {} });
  expect(plan.operations.map((op) => op.id)).toEqual(['create-rule:ghcr-tools', 'create-rule:quay-apps']);
  const journal = await ApplyJournal.begin(join(app.dataDir, 'apply-journal'), { draftId: draft.id, registry: plan.registry, loginServer: plan.loginServer, prune: false, startedAt: new Date().toISOString(), operations: [...plan.operations] });
  env.registry.putRule({ name: 'ghcr-tools', source: 'ghcr.io/contoso/tools/*', target: 'tools/*' });
  journal.note('create-rule:ghcr-tools', 'succeeded');
  journal.note('create-rule:quay-apps', 'running');
  await journal.flush();
  await app.restart();
  await page.getByRole('button', { name: 'Open draft contoso resumed' }).click();

  await page.getByTestId('open-plan').click();
  await page.getByTestId('plan').click();
  const banner = page.getByTestId('apply-interrupted');
  await expect(banner).toContainText('was interrupted: 1 of 2 operations are in the registry');
  await expect(page.getByTestId('plan-view').getByTestId('conflict')).toHaveCount(0);
  await expect(page.getByTestId('count-create')).toContainText('1');
  await shootEverySize(page, 'apply-interrupted');
  await banner.getByTestId('resume-apply').click();
  await page.getByTestId('confirm-apply').click();
  await expect(page.getByTestId('converged')).toBeVisible();
  await page.getByTestId('plan-again').click();
  await expect(page.getByTestId('plan-nothing')).toContainText('already matches the draft');
  await expect(banner).toHaveCount(0);
  expect(liveRules(env)).toEqual(await draftRules(app, draft.id));
});

test('a failed operation is shown with its reason, its dependents skipped, and Plan again converges', async ({ page, app, env }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const { draft } = await signInAndImport(app, env, 'contoso tools');
  await openDraft(page, 'contoso tools');
  await addCredentialSet(page, 'ghcr-creds', 'ghcr.io');
  await page.getByRole('tab', { name: 'Rule', exact: true }).click();
  await addRule(page, { name: 'ghcr-tools', upstream: 'ghcr.io', path: 'contoso/tools/*', target: 'tools/*', credentialSet: 'ghcr-creds' });
  await addRule(page, { name: 'quay-apps', upstream: 'quay.io', path: 'contoso/*', target: 'quay/*' });
  await addRule(page, { name: 'k8s-pause', upstream: 'registry.k8s.io', path: 'pause', target: 'k8s/pause' });

  env.arm.faults.fail('credentialSets.create', { status: 403, code: 'AuthorizationFailed', message: "The client does not have authorization to perform action 'Microsoft.ContainerRegistry/registries/credentialSets/write'." }, 1);
  env.arm.faults.throttle('cacheRules.create', { times: 2, retryAfterMs: 300 });

  await page.getByTestId('open-plan').click();
  await page.getByTestId('plan').click();
  await expect(page.getByTestId('count-create')).toContainText('4');
  await page.getByTestId('apply').click();
  await page.getByTestId('confirm-apply').click();

  await expect(page.getByTestId('apply-verdict')).toContainText('Apply finished with failures');
  const rows = page.getByTestId('apply-row');
  const failed = rows.and(page.locator('[data-status=failed]'));
  await expect(failed).toHaveCount(1);
  await expect(failed).toContainText('Create credential set');
  await expect(failed).toContainText('Not allowed');
  const skipped = rows.and(page.locator('[data-status=skipped]'));
  await expect(skipped).toHaveCount(1);
  await expect(skipped).toContainText('ghcr-tools');
  await expect(skipped).toContainText('not run because “Create credential set ghcr-creds” failed');
  await expect(rows.and(page.locator('[data-status=succeeded]'))).toHaveCount(2);
  await expect(page.getByTestId('apply-verdict')).toContainText('2 succeeded, 1 failed');
  await expect(page.getByTestId('apply-verdict')).toContainText('Azure throttled 2 times');
  await expect(page.getByTestId('apply-tally')).toContainText('4 of 4 finished');
  expect(env.registry.rule('ghcr-tools')).toBeUndefined();
  await page.mouse.move(5, 5);
  await page.screenshot({ path: screenshotPath('apply.png') });

  // the fault is gone: planning again finds exactly what is left, and applying it converges
  await page.getByTestId('plan-again').click();
  await expect(page.getByTestId('count-create')).toContainText('2');
  await expect(page.getByTestId('plan-change')).toHaveCount(2);
  await page.getByTestId('apply').click();
  await page.getByTestId('confirm-apply').click();
  await expect(page.getByTestId('converged')).toBeVisible();
  expect(liveRules(env)).toEqual(await draftRules(app, draft.id));
  expect(env.registry.credentialSet('ghcr-creds')?.loginServer).toBe('ghcr.io');
});

test('compare the live registry with the draft, side by side', async ({ page, app, env }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAndImport(app, env, 'contoso compare');
  await openDraft(page, 'contoso compare');
  await editTarget(page, 'mcr-dotnet', 'dotnet/*');
  await addRule(page, { name: 'ghcr-tools', upstream: 'ghcr.io', path: 'contoso/tools/*', target: 'tools/*' });

  // Compare sits in the header's small menu, reached by keyboard
  await page.getByTestId('sync-more').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: /Compare/ })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('tab', { name: 'Compare' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('compare-left')).toHaveValue(/^registry:/);
  await expect(page.getByTestId('compare-right')).toHaveValue(/^draft:/);
  await page.getByTestId('compare').click();
  await expect(page.getByTestId('compare-counts')).toContainText('1 differ');
  await expect(page.getByTestId('compare-counts')).toContainText('1 only right');
  const mcr = page.getByTestId('compare-row').filter({ hasText: 'mcr-dotnet' });
  await expect(mcr).toHaveAttribute('data-differs', 'true');
  await expect(mcr.locator('.differs dd')).toHaveText(['library/dotnet/*', 'dotnet/*']);
  await expect(page.getByTestId('compare-row').filter({ hasText: 'ghcr-tools' })).toHaveAttribute('data-presence', 'right');
  await expect(page.getByTestId('compare-changes')).toContainText('Replace rule mcr-dotnet');
  await expect(page.getByTestId('compare-changes')).toContainText('Create rule ghcr-tools');
});

test('a draft not imported from a registry says so, and asks to sign in before listing registries', async ({ page, app }) => {
  void app;
  await page.getByRole('button', { name: 'New draft' }).first().click();
  await page.getByTestId('prompt-name').fill('offline');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.getByTestId('open-plan').click();
  await expect(page.getByTestId('target-unlinked')).toHaveText('This draft was not imported from a registry: pick one.');
  await expect(page.getByTestId('plan-empty')).toContainText('This draft was not imported from a registry: pick one');
  await expect(page.getByTestId('registry-picker')).toContainText('Sign in to Azure to pick a registry.');
  await expect(page.getByTestId('plan')).toBeDisabled();
});

test('export: a preview per format with warnings, Copy, and Save through the dialog', async ({ page, app, env, exportDir, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAndImport(app, env, 'contoso export');
  await openDraft(page, 'contoso export');
  // valid for ARM, refused by the azurerm provider: the Terraform export warns about it
  await addRule(page, { name: 'quay--mirror', upstream: 'quay.io', path: 'contoso/*', target: 'quay/*' });

  await page.getByTestId('sync-more').click();
  await page.getByTestId('open-export').click();
  const dialog = page.getByRole('dialog', { name: 'Export contoso export as code' });
  const format = (label: string) => dialog.locator('label').filter({ hasText: label }).click();
  await expect(page.getByTestId('export-preview')).toHaveValue(/az acr cache create/);
  await expect(page.getByTestId('export-preview')).toHaveValue(/az acr credential-set create/);
  await expect(page.getByTestId('export-warnings')).toContainText('No warnings');
  await format('Bicep');
  await expect(page.getByTestId('export-format-bicep')).toBeChecked();
  await expect(page.getByTestId('export-preview')).toHaveValue(/Microsoft\.ContainerRegistry\/registries\/cacheRules/);
  await format('ARM template');
  await expect(page.getByTestId('export-preview')).toHaveValue(/"\$schema"/);
  await format('Terraform');
  await expect(page.getByTestId('export-file-name')).toHaveText(/\.tf$/);
  await expect(page.getByTestId('export-preview')).toHaveValue(/resource "azurerm_container_registry_cache_rule"/);
  await expect(page.getByTestId('export-warnings')).toContainText("'quay--mirror' is valid in ARM but the azurerm provider refuses it");
  await page.getByTestId('export-copy').click();
  await expect(dialog).toContainText('Copied.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('azurerm_container_registry_cache_rule');
  await page.mouse.move(5, 5);
  await page.screenshot({ path: screenshotPath('export.png') });

  await page.getByTestId('export-save').click();
  const fileName = (await page.getByTestId('export-file-name').textContent())!.trim();
  await expect(page.getByTestId('notice').filter({ hasText: 'Saved to' })).toContainText(join(exportDir, fileName));
  const written = await readFile(join(exportDir, fileName), 'utf8');
  expect(written).toBe(await page.getByTestId('export-preview').inputValue());
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(dialog).toBeHidden();
});
