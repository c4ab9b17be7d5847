// Steps the drafts specs share, written the way a user works: through the visible UI only.
import { expect, type Page } from '@playwright/test';

export interface RuleInput {
  name: string;
  upstream: string;
  path: string;
  target: string;
  credentialSet?: string;
}

/** The seed documentation's example set (shared/notes/acr-facts.md §2 and DESIGN.md). */
export const SEED_RULES: RuleInput[] = [
  { name: 'dotnet-mcr', upstream: 'mcr.microsoft.com', path: 'dotnet/*', target: 'library/dotnet/*' },
  { name: 'python-hub', upstream: 'docker.io', path: 'library/python/*', target: 'library/python/*', credentialSet: 'dockerhub' },
  { name: 'Hello-World-Cache', upstream: 'docker.io', path: 'library/hello-world', target: 'hello-world', credentialSet: 'dockerhub' },
  { name: 'quay-all', upstream: 'quay.io', path: '*', target: 'quay/*' },
  { name: 'dotnet-sdk-pin', upstream: 'mcr.microsoft.com', path: 'dotnet/sdk', target: 'library/dotnet/sdk' },
];

export async function createDraft(page: Page, name: string, registry = 'contoso.azurecr.io'): Promise<void> {
  await page.getByRole('button', { name: 'New draft' }).first().click();
  await page.getByTestId('prompt-name').fill(name);
  await page.getByTestId('prompt-registry').fill(registry);
  await page.getByRole('button', { name: 'Create draft' }).click();
  await expect(page.getByTestId('draft-title')).toHaveText(name);
}

export async function addCredentialSet(page: Page, name: string, loginServer: string): Promise<void> {
  await page.getByRole('tab', { name: /Credential sets/ }).click();
  await page.getByRole('button', { name: '+ New set' }).click();
  await page.getByTestId('cred-name').fill(name);
  await page.getByTestId('cred-login-server').selectOption(loginServer);
  await page.getByTestId('cred-username').fill(`https://contosokv.vault.azure.net/secrets/${name}-user`);
  await page.getByTestId('cred-password').fill(`https://contosokv.vault.azure.net/secrets/${name}-token`);
  await page.getByTestId('cred-save').click();
  await expect(page.getByTestId('credential-form')).toBeHidden();
}

/** Opens the editor for a new rule with the N shortcut and fills it in (without saving). */
export async function fillNewRule(page: Page, rule: RuleInput): Promise<void> {
  await page.getByTestId('rules-grid').focus();
  await page.keyboard.press('n');
  await expect(page.getByTestId('rule-editor')).toBeVisible();
  await page.getByTestId('rule-name').fill(rule.name);
  await page.getByTestId('rule-upstream').selectOption(rule.upstream);
  await page.getByTestId('rule-source').fill(rule.path);
  await page.getByTestId('rule-target').fill(rule.target);
  if (rule.credentialSet) await page.getByTestId('rule-credential-set').selectOption(rule.credentialSet);
}

export async function addRule(page: Page, rule: RuleInput): Promise<void> {
  await fillNewRule(page, rule);
  await expect(page.getByTestId('rule-save')).toBeEnabled();
  await page.getByTestId('rule-save').click();
  await expect(page.getByTestId('rule-editor')).toBeHidden();
}

export async function seedDraft(page: Page, name = 'contoso-prod'): Promise<void> {
  await createDraft(page, name);
  await addCredentialSet(page, 'dockerhub', 'docker.io');
  for (const rule of SEED_RULES) await addRule(page, rule);
  await expect(page.getByTestId('rule-row')).toHaveCount(SEED_RULES.length);
}
