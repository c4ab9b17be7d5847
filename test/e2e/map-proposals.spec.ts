// 17.2 on the map: the Migrate tab's proposed rules drawn on the overlap map as ghosts — dashed,
// labelled "proposed", not counted as rules or conflicts, with what they would meet if added
// (here a pinned static the proposed bitnami/* would sit over) — and added to the draft in one
// click from the map, after which they are ordinary rules there.
import AxeBuilder from '@axe-core/playwright';
import { stringify } from 'yaml';
import { screenshotPath } from './screenshot-path.ts';
import { expect, test } from './fixtures.ts';

const RULES = {
  registry: 'contoso.azurecr.io',
  rules: [
    { name: 'hub-library', source: 'docker.io/library/*', target: 'library/*', credentialSet: 'dockerhub' },
    { name: 'ghcr-acme', source: 'ghcr.io/acme/*', target: 'acme/*' },
    { name: 'bitnami-redis', source: 'docker.io/bitnami/redis', target: 'bitnami/redis', credentialSet: 'dockerhub' },
  ],
  credentialSets: [
    { name: 'dockerhub', loginServer: 'docker.io', usernameSecret: 'https://contoso-kv.vault.azure.net/secrets/hub-user', passwordSecret: 'https://contoso-kv.vault.azure.net/secrets/hub-token' },
  ],
};

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: storefront
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/storefront:2.4.1
        - name: db
          image: bitnami/postgresql:16.4.0
        - name: cache
          image: bitnami/redis:7.4
        - name: flux
          image: ghcr.io/fluxcd/source-controller:v1.4.1
        - name: metrics
          image: quay.io/prometheus/node-exporter:v1.8.2
`;

const PROPOSED = [
  { path: 'bitnami', name: 'docker-hub-bitnami' },
  { path: 'fluxcd', name: 'ghcr-fluxcd' },
  { path: 'quay/prometheus', name: 'quay-prometheus' },
];

test('proposed rules are ghosts on the map, not counted, with their would-be overlaps, and one click adds them', async ({ page, app }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  const imported = await app.services.router.invoke('drafts.importText', ['fleet', stringify(RULES)]);
  expect(imported.ok).toBe(true);
  await page.reload();
  await page.getByRole('button', { name: 'Open draft fleet' }).click();
  await expect(page.getByTestId('rule-row')).toHaveCount(3);

  // paste a manifest in Migrate: three images nothing covers, three rules proposed
  await page.getByRole('tab', { name: /Migrate/ }).click();
  const pane = page.getByTestId('migrate-pane');
  await pane.getByLabel('Or paste a manifest').fill(MANIFEST);
  await pane.getByRole('button', { name: 'Rewrite' }).click();
  await expect(pane.getByRole('heading', { name: 'Not covered by a rule (3)' })).toBeVisible();

  // on the map: the bar says so, each proposal is a dashed ghost labelled "proposed"
  await page.getByRole('tab', { name: /Overlap map/ }).click();
  const bar = page.getByTestId('map-proposals');
  await expect(bar).toContainText('Migrate proposes 3 rules');
  const tree = page.getByRole('tree');
  // not counted: the tree still has the draft's 3 rules and no conflict
  await expect(tree).toHaveAttribute('aria-label', 'Target namespace: 3 rules, 0 conflicts');
  await expect(page.getByTestId('map-conflict')).toHaveCount(0);
  for (const { path, name } of PROPOSED) {
    const ghost = page.locator(`[data-testid=map-node][data-path="${path}"]`);
    await expect(ghost).toHaveClass(/proposed/);
    await expect(ghost).toHaveAttribute('aria-label', new RegExp(`proposed wildcard rule ${name}, not in the draft yet`));
  }
  await expect(page.locator('[data-testid=map-node][data-path="fluxcd"] [data-testid=map-label]').first()).toContainText('fluxcd/* · proposed');
  // the existing static under the proposed wildcard stays a rule, drawn as one
  await expect(page.locator('[data-testid=map-node][data-path="bitnami/redis"]')).not.toHaveClass(/proposed/);

  // its would-be overlap: hovering the proposed bitnami/* names the pinned static it would sit over
  await page.locator(`[data-testid=map-node][data-path="bitnami"] > rect.block`).hover();
  const tip = page.getByTestId('map-tooltip');
  await expect(tip.getByTestId('map-tooltip-proposed')).toContainText('docker-hub-bitnami → docker.io/bitnami/*');
  await expect(tip).toContainText('If added, it meets bitnami-redis');
  await expect(tip).toContainText('bitnami/redis');

  // Show brings a ghost into view and focuses it
  await page.mouse.move(5, 5);
  await bar.getByTestId('map-proposals-show').click();
  await expect(page.locator('[data-testid=map-node][data-path="bitnami"]')).toBeFocused();
  expect((await new AxeBuilder({ page }).include('[data-testid=overlap-map]').analyze()).violations.map((v) => v.id)).toEqual([]);

  // the screenshots show the ghosts themselves, not the focused block's tooltip over them
  await page.getByTestId('map-search').focus();
  await page.mouse.move(5, 5);
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    for (const [width, height] of [[1024, 700], [1440, 900]] as const) {
      await page.setViewportSize({ width, height });
      await expect(bar).toBeVisible();
      await page.screenshot({ path: screenshotPath(`overlap-map-proposed-${width}-${scheme}.png`) });
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // one click from the map adds all three; they are rules now, and the bar is gone
  await bar.getByTestId('map-proposals-add').click();
  await expect(page.getByTestId('map-proposals')).toHaveCount(0);
  await expect(tree).toHaveAttribute('aria-label', 'Target namespace: 6 rules, 0 conflicts');
  for (const { path } of PROPOSED) await expect(page.locator(`[data-testid=map-node][data-path="${path}"]`)).not.toHaveClass(/proposed/);
  await page.getByRole('tab', { name: /Rules/ }).click();
  await expect(page.getByTestId('rule-row')).toHaveCount(6);
  // one undoable edit: Undo takes all three back
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('rule-row')).toHaveCount(3);
});
