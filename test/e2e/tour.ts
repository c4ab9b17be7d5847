// A walk through every view and dialog of the app, shared by the accessibility spec (axe at each
// stop, light and dark) and the layout sweep (each primary action on screen and clickable at
// each window size). The walk works through the visible UI, the way a user would; only the data
// it needs (a draft with rules, a signed-in account, a registry) is put in place over IPC first,
// so the walk itself is the same at 640×400 as at 2560×1440.
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import type { CacheRule, CredentialSet, DraftState } from '../../preload/api.ts';
import { startAzureTestEnvironment, TEST_REGISTRY, type AzureTestEnvironment } from '../emulators/azure-environment.ts';
import { invoke, signInAndImport } from './azure-session.ts';
import { cspViolations, openApp, type OpenedApp } from './harness.ts';
import { DEFAULT_TEST_USER } from '../emulators/entra.ts';

const KV = 'https://contosokv.vault.azure.net/secrets';

export interface TourStop {
  /** e.g. `workspace/rule-editor`; names the screenshot and the failure. */
  name: string;
  /** The actions that must be on screen and clickable here. */
  primary: Locator[];
}

export type Visit = (stop: TourStop) => Promise<void>;

interface TourFixtures {
  env: AzureTestEnvironment;
  app: OpenedApp;
  pageErrors: string[];
}

/** The app opened against the Entra and ARM emulators, with a registry that has rules and a credential set. */
export const test = base.extend<TourFixtures>({
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
    env.registry.addRepositories('teams/payments/api');
    // a vault the credential setup dialog lists
    env.arm.keyVaults.addVault({ subscriptionId: env.registry.subscriptionId, resourceGroup: env.registry.resourceGroup, name: 'contosokv', tenantId: DEFAULT_TEST_USER.tenantId, rbac: true });
    await use(env);
    await env.close();
  },
  app: async ({ page, env, pageErrors }, use) => {
    const app = await openApp(page, {
      services: { azure: env.options(), dialogs: { openRuleSetFile: async () => null, saveRuleSetFile: async () => null, saveExportFile: async () => null } },
    });
    await use(app);
    expect(await cspViolations(page).catch(() => [])).toEqual([]);
    expect(pageErrors).toEqual([]);
    await app.close();
  },
});

export { expect };

const RULES: CacheRule[] = [
  { name: 'dotnet-mcr', source: 'mcr.microsoft.com/dotnet/*', target: 'library/dotnet/*' },
  { name: 'python-hub', source: 'docker.io/library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' },
  { name: 'Hello-World-Cache', source: 'docker.io/library/hello-world', target: 'hello-world', credentialSet: 'dockerhub' },
  { name: 'quay-all', source: 'quay.io/*', target: 'quay/*' },
  { name: 'dotnet-sdk-pin', source: 'mcr.microsoft.com/dotnet/sdk', target: 'library/dotnet/sdk' },
];
const DOCKERHUB: CredentialSet = { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: `${KV}/hub-user`, passwordSecret: `${KV}/hub-token` };

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: contoso.azurecr.io/library/python:3.12
        - name: api
          image: contoso.azurecr.io/library/dotnet/aspnet:8.0
        - name: hello
          image: contoso.azurecr.io/hello-world
        - name: direct
          image: python:3.12-slim
        - name: nobody
          image: contoso.azurecr.io/nothing/here:1
`;

/** Signs in over IPC (device code approved by the emulator), imports the registry, and makes the offline draft the walk edits. */
export async function prepare(page: Page, app: OpenedApp, env: AzureTestEnvironment): Promise<void> {
  const imported = await signInAndImport(app, env, 'contoso live copy');
  // one change against the registry, so its plan has a create and zero counts beside it
  await invoke(app, 'drafts.saveRule', imported.draft.id, { name: 'ghcr-tools', source: 'ghcr.io/contoso/tools/*', target: 'tools/*' }, null);
  const { draft } = await invoke<DraftState>(app, 'drafts.create', { name: 'contoso-prod', registry: 'contoso.azurecr.io' });
  await invoke(app, 'drafts.saveCredentialSet', draft.id, DOCKERHUB, null);
  for (const rule of RULES) await invoke(app, 'drafts.saveRule', draft.id, rule, null);
  await page.reload();
}

/** Escape closes the dialog or menu that is open, and the walk waits until it has. */
async function escape(page: Page, gone: Locator): Promise<void> {
  await page.keyboard.press('Escape');
  await expect(gone).toBeHidden();
}

/** Walks every view and dialog; `visit` runs at each stop with the page settled there. */
export async function tour(page: Page, visit: Visit): Promise<void> {
  const nav = (name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: new RegExp(`^${name}`) });
  const sidebar = [nav('Drafts'), nav('Registries'), nav('About'), page.getByTestId('account-menu-button')];

  // Drafts
  await nav('Drafts').click();
  await expect(page.getByRole('button', { name: 'Open draft contoso-prod' })).toBeVisible();
  await visit({ name: 'drafts/list', primary: [...sidebar, page.getByRole('button', { name: 'New draft' }), page.getByRole('button', { name: 'Open draft contoso-prod' })] });

  await page.getByRole('button', { name: 'New draft' }).click();
  const newDraft = page.getByRole('dialog', { name: 'New draft' });
  await expect(newDraft).toBeVisible();
  await visit({ name: 'drafts/new-draft-dialog', primary: [newDraft.getByRole('button', { name: 'Create draft' }), newDraft.getByRole('button', { name: 'Cancel' })] });
  await escape(page, newDraft);

  await page.getByRole('button', { name: 'Paste…' }).click();
  const paste = page.getByRole('dialog', { name: /Paste/ });
  await expect(paste).toBeVisible();
  await visit({ name: 'drafts/paste-dialog', primary: [paste.getByRole('button', { name: 'Cancel' })] });
  await escape(page, paste);

  await page.getByRole('button', { name: 'Delete contoso live copy' }).click();
  const deleteDraft = page.getByRole('dialog', { name: /Delete/ });
  await expect(deleteDraft).toBeVisible();
  await visit({ name: 'drafts/delete-dialog', primary: [deleteDraft.getByRole('button', { name: 'Cancel' })] });
  await escape(page, deleteDraft);

  // The draft workspace
  await page.getByRole('button', { name: 'Open draft contoso-prod' }).click();
  await expect(page.getByTestId('draft-title')).toHaveText('contoso-prod');
  const header = [
    page.getByRole('button', { name: 'Back to all drafts' }),
    page.getByRole('button', { name: 'Rename draft' }),
    page.getByRole('button', { name: 'Export YAML' }),
    page.getByTestId('open-plan'),
    page.getByTestId('sync-more'),
  ];
  const tabs = [/^Rules/, /^Overlap map/, /^(Rule|Edit rule|New rule)$/, /^Credential sets/, /^Pull tester/].map((name) => page.getByRole('tab', { name }));
  await expect(page.getByTestId('rule-row')).toHaveCount(RULES.length);
  await visit({ name: 'workspace/table', primary: [...header, ...tabs, page.getByRole('button', { name: '+ Add rule' }), page.getByTestId('rules-filter')] });

  await page.getByTestId('rule-row').filter({ hasText: 'python-hub' }).click();
  const details = page.getByRole('button', { name: 'Edit', exact: true });
  await expect(details).toBeVisible();
  await visit({ name: 'workspace/rule-details', primary: [...header, details, page.getByRole('button', { name: 'Test a pull' }), page.getByRole('button', { name: 'Delete', exact: true })] });

  await details.click();
  await expect(page.getByTestId('rule-editor')).toBeVisible();
  // an overlap and a refused name: the field messages show at their longest
  await page.getByTestId('rule-target').fill('library/*');
  await page.getByTestId('rule-name').fill('py');
  await page.getByTestId('rule-name').blur();
  await visit({
    name: 'workspace/rule-editor',
    primary: [...header, page.getByRole('button', { name: 'Cancel' }), page.getByTestId('rule-save'), page.getByRole('group', { name: 'Common patterns' }).getByRole('button').last()],
  });
  await page.getByRole('button', { name: 'Cancel' }).click();
  const discard = page.getByRole('dialog', { name: 'Discard changes?' });
  await expect(discard).toBeVisible();
  await visit({ name: 'workspace/discard-dialog', primary: [discard.getByRole('button', { name: 'Discard' }), discard.getByRole('button', { name: 'Cancel' })] });
  await discard.getByRole('button', { name: 'Discard' }).click();
  await expect(page.getByTestId('rule-editor')).toBeHidden();

  await page.getByTestId('rule-row').filter({ hasText: 'quay-all' }).click();
  await page.getByTestId('rules-grid').press('Delete');
  const deleteRule = page.getByRole('dialog', { name: 'Delete rule?' });
  await expect(deleteRule).toBeVisible();
  await visit({ name: 'workspace/delete-rule-dialog', primary: [deleteRule.getByRole('button', { name: 'Delete rule' }), deleteRule.getByRole('button', { name: 'Cancel' })] });
  await escape(page, deleteRule);

  await page.getByRole('button', { name: 'Rename draft' }).click();
  const rename = page.getByRole('dialog', { name: 'Rename draft' });
  await expect(rename).toBeVisible();
  await visit({ name: 'workspace/rename-dialog', primary: [rename.getByRole('button', { name: 'Rename' }), rename.getByRole('button', { name: 'Cancel' })] });
  await escape(page, rename);

  await tabs[1]!.click();
  await expect(page.getByTestId('overlap-map')).toBeVisible();
  await visit({ name: 'workspace/overlap-map', primary: [...header, ...tabs] });
  await tabs[0]!.click();

  await tabs[3]!.click();
  await visit({ name: 'workspace/credential-sets', primary: [...header, page.getByRole('button', { name: '+ New set' }), page.getByRole('button', { name: 'Edit credential set dockerhub' })] });
  await page.getByRole('button', { name: '+ New set' }).click();
  await expect(page.getByTestId('credential-form')).toBeVisible();
  await visit({ name: 'workspace/credential-form', primary: [...header, page.getByTestId('cred-save'), page.getByTestId('credential-form').getByRole('button', { name: 'Cancel' })] });
  await page.getByTestId('credential-form').getByRole('button', { name: 'Cancel' }).click();

  await tabs[4]!.click();
  await page.getByLabel('Image references, a Kubernetes manifest or a compose file').fill(MANIFEST);
  await expect(page.getByTestId('tester-summary')).toContainText('from YAML');
  // a served pull: its detail offers Check upstream
  await page.getByTestId('pull-tester').getByRole('option').filter({ hasText: 'library/dotnet/aspnet:8.0' }).click();
  await expect(page.getByTestId('tester-outcome')).toBeVisible();
  await visit({ name: 'workspace/pull-tester', primary: [...header, page.getByTestId('tester-detail').getByRole('button', { name: /Check upstream|Test this pull/ }).first()] });

  await page.getByTestId('sync-more').click();
  const menu = page.getByRole('menu', { name: 'Live registry and export' });
  await expect(menu).toBeVisible();
  await visit({ name: 'workspace/more-menu', primary: [page.getByTestId('open-compare'), page.getByTestId('open-export')] });
  await page.getByTestId('open-export').click();
  const exportDialog = page.getByRole('dialog', { name: /^Export contoso-prod/ });
  await expect(exportDialog.getByTestId('export-save')).toBeEnabled();
  await visit({ name: 'workspace/export-dialog', primary: [exportDialog.getByRole('button', { name: 'Close' }), exportDialog.getByTestId('export-copy'), exportDialog.getByTestId('export-save')] });
  await escape(page, exportDialog);

  await page.getByTestId('open-plan').click();
  const sheet = page.getByTestId('sync-sheet');
  await expect(sheet).toBeVisible();
  await visit({ name: 'workspace/plan-sheet', primary: [page.getByRole('tab', { name: 'Compare' }), sheet.getByRole('button', { name: /Close/ }).first()] });
  await page.getByRole('tab', { name: 'Compare' }).click();
  await page.getByTestId('compare').click();
  await expect(page.getByTestId('compare-counts')).toBeVisible();
  await visit({ name: 'workspace/compare', primary: [page.getByTestId('compare'), sheet.getByRole('button', { name: /Close/ }).first()] });
  await escape(page, sheet);

  // Plan & apply for the draft imported from the registry
  await page.getByRole('button', { name: 'Back to all drafts' }).click();
  await page.getByRole('button', { name: 'Open draft contoso live copy' }).click();
  await expect(page.getByTestId('draft-title')).toHaveText('contoso live copy');
  await page.getByTestId('open-plan').click();
  await expect(sheet).toBeVisible();
  await expect(page.getByTestId('plan')).toBeEnabled();
  await page.getByTestId('plan').click();
  await expect(page.getByTestId('apply')).toBeEnabled();
  await visit({ name: 'workspace/plan', primary: [page.getByTestId('plan'), page.getByTestId('apply'), sheet.getByRole('button', { name: /Close/ }).first()] });
  await page.getByTestId('apply').click();
  const confirmApply = page.getByRole('dialog', { name: /^Apply to/ });
  await expect(confirmApply).toBeVisible();
  await visit({ name: 'workspace/apply-confirm-dialog', primary: [confirmApply.getByRole('button', { name: 'Cancel' })] });
  await escape(page, confirmApply);
  await escape(page, sheet);

  // Registries (signed in)
  await nav('Registries').click();
  const open = page.getByRole('button', { name: 'Open', exact: true }).first();
  await expect(open).toBeVisible();
  await visit({ name: 'registries/list', primary: [...sidebar, open] });
  await open.click();
  await expect(page.getByTestId('registry-workspace')).toBeVisible();
  await expect(page.getByTestId('rule-row').first()).toBeVisible();
  const registryHeader = [page.getByRole('button', { name: 'Back to all registries' }), page.getByRole('button', { name: 'Reload' }), page.getByRole('button', { name: 'Import into draft' })];
  await visit({ name: 'registries/workspace', primary: [...registryHeader, ...tabs.slice(0, 4)] });
  await tabs[3]!.click();
  await visit({ name: 'registries/credential-sets', primary: [...registryHeader, page.getByTestId('open-credential-setup')] });
  await page.getByTestId('open-credential-setup').click();
  const setup = page.getByRole('dialog', { name: /^Set up credentials for/ });
  await expect(setup.getByTestId('setup-vault')).toHaveValue(/vaults\/contosokv$/);
  await visit({ name: 'registries/credential-setup-dialog', primary: [setup.getByTestId('setup-start'), setup.getByRole('button', { name: 'Cancel' })] });
  await escape(page, setup);
  await page.getByRole('tab', { name: 'Cache contents' }).click();
  await page.getByTestId('contents-read').click();
  await expect(page.getByTestId('contents-table')).toBeVisible();
  await visit({ name: 'registries/cache-contents', primary: [page.getByTestId('contents-read'), page.getByTestId('contents-export'), page.getByTestId('contents-filter')] });
  await tabs[4]!.click();
  await page.getByTestId('tester-input').fill(`${TEST_REGISTRY}.azurecr.io/library/python/app:3.12`);
  await page.getByTestId('warm-open').click();
  const warmDialog = page.getByRole('dialog', { name: 'Warm the cache' });
  await expect(warmDialog).toBeVisible();
  await visit({ name: 'registries/warm-cache-dialog', primary: [warmDialog.getByTestId('warm-start')] });
  await escape(page, warmDialog);
  await page.getByRole('button', { name: 'Back to all registries' }).click();

  await page.getByTestId('account-menu-button').click();
  const accounts = page.getByTestId('account-menu');
  await expect(accounts).toBeVisible();
  await visit({ name: 'shell/account-menu', primary: [page.getByTestId('sign-in-device-code'), accounts.getByRole('button', { name: /^Sign out/ })] });
  await page.getByTestId('sign-in-device-code').click();
  const signIn = page.getByTestId('sign-in-dialog');
  await expect(page.getByTestId('device-code')).toHaveText(/\S+/);
  await visit({ name: 'shell/sign-in-dialog', primary: [page.getByTestId('copy-device-code'), page.getByTestId('cancel-sign-in')] });
  await page.getByTestId('cancel-sign-in').click();
  await expect(signIn).toBeHidden();
  await expect(accounts).toBeHidden();

  await nav('About').click();
  await expect(page.getByRole('heading', { name: 'About ACR Cache Studio' })).toBeVisible();
  await visit({ name: 'about', primary: sidebar });
}
