// The Migrate pane: open a folder of manifests, see each covered reference rewritten to pull
// through the registry side by side, add the proposed rule for what nothing covers (one click,
// and the rewrite then covers it), save the files back — a file someone changed on disk since it
// was opened is refused, the others are written with their comments and layout kept.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { cspViolations, openApp } from './harness.ts';
import { screenshotPath } from './screenshot-path.ts';

const RULES = `registry: contoso.azurecr.io
rules:
  - name: hub-library
    source: docker.io/library/*
    target: library/*
    credentialSet: dockerhub
  - name: ghcr-acme
    source: ghcr.io/acme/*
    target: acme/*
credentialSets:
  - name: dockerhub
    loginServer: docker.io
    usernameSecret: https://contoso-kv.vault.azure.net/secrets/hub-user
    passwordSecret: https://contoso-kv.vault.azure.net/secrets/hub-token
`;

const DEPLOYMENT = `# storefront, as deployed today
apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/storefront:2.4.1 # pinned by release
        - name: cache
          image: "redis:7.4"
        - name: metrics
          image: quay.io/prometheus/node-exporter:v1.8.2
`;

const DOCKERFILE = 'FROM python:3.12-slim\nRUN pip install uv\n';

test('rewrite a folder through the cache, add the proposed rule, save the files back', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const dataDir = await mkdtemp(join(tmpdir(), 'acs-e2e-migrate-'));
  const repo = join(dataDir, 'fleet');
  await mkdir(join(repo, 'k8s'), { recursive: true });
  await mkdir(join(repo, 'node_modules/x'), { recursive: true });
  await writeFile(join(repo, 'k8s/deployment.yaml'), DEPLOYMENT);
  await writeFile(join(repo, 'Dockerfile'), DOCKERFILE);
  await writeFile(join(repo, 'node_modules/x/values.yaml'), 'image: nginx\n');
  await writeFile(join(dataDir, 'rules.yaml'), RULES);
  const app = await openApp(page, {
    dataDir,
    services: {
      dialogs: {
        openRuleSetFile: async () => join(dataDir, 'rules.yaml'),
        saveRuleSetFile: async () => null,
        saveExportFile: async () => null,
        openManifests: async (pick) => (pick === 'folder' ? [repo] : null),
      },
    },
  });
  try {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.getByRole('button', { name: 'Import file…' }).first().click();
    await expect(page.getByTestId('rule-row')).toHaveCount(2);
    await page.getByRole('tab', { name: /Migrate/ }).click();
    const pane = page.getByTestId('migrate-pane');
    await pane.getByRole('button', { name: 'Open folder…' }).click();

    // node_modules is not read; the ghcr and Docker Hub references are covered, quay is not
    const summary = pane.getByTestId('migrate-summary');
    await expect(summary).toContainText('fleet: 3 references rewritten in 2 of 2 files');
    await pane.getByRole('button', { name: /k8s\/deployment\.yaml/ }).click();
    const diff = pane.getByRole('region', { name: 'Changes to k8s/deployment.yaml' });
    await expect(diff).toContainText('contoso.azurecr.io/acme/storefront:2.4.1 # pinned by release');
    await expect(diff).toContainText('"contoso.azurecr.io/library/redis:7.4"');
    await expect(pane.getByTestId('migrate-skipped')).toContainText('quay.io/prometheus/node-exporter:v1.8.2 — no rule covers it');

    // one click adds the proposed rule; the rewrite then covers the quay image too
    await expect(pane.getByRole('heading', { name: 'Not covered by a rule (1)' })).toBeVisible();
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      for (const [width, height] of [[900, 560], [1024, 700], [1280, 800], [1440, 900]] as const) {
        await page.setViewportSize({ width, height });
        await page.screenshot({ path: screenshotPath(`migrate-${width}-${scheme}.png`) });
      }
    }
    await page.emulateMedia({ colorScheme: 'light' });
    await pane.getByTestId('migrate-add-proposal').click();
    await expect(page.getByRole('tab', { name: /Rules/ })).toContainText('3');
    await expect(summary).toContainText('4 references rewritten in 2 of 2 files');
    await expect(pane.getByRole('heading', { name: 'Not covered by a rule (0)' })).toBeVisible();
    await expect(diff).toContainText('contoso.azurecr.io/quay/prometheus/node-exporter:v1.8.2');

    // a colleague edits the Dockerfile meanwhile: it is refused, the manifest is written
    await writeFile(join(repo, 'Dockerfile'), 'FROM python:3.13-slim\n');
    await pane.getByTestId('migrate-save-all').click();
    await expect(pane.getByRole('alert')).toContainText("Saved 1 of 2 files. 'Dockerfile' changed on disk since it was opened; nothing was written.");
    expect(await readFile(join(repo, 'Dockerfile'), 'utf8')).toBe('FROM python:3.13-slim\n');
    const written = await readFile(join(repo, 'k8s/deployment.yaml'), 'utf8');
    expect(written).toBe(
      DEPLOYMENT.replace('ghcr.io/acme/storefront', 'contoso.azurecr.io/acme/storefront')
        .replace('"redis:7.4"', '"contoso.azurecr.io/library/redis:7.4"')
        .replace('quay.io/prometheus/', 'contoso.azurecr.io/quay/prometheus/'),
    );
    // the saved file now shows as unchanged: only the refused one is left to save
    await expect(pane.getByTestId('migrate-save-all')).toHaveText('Save 1 changed file');
    expect(await cspViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  } finally {
    await app.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});
