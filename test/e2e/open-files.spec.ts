// A rule-set file the OS opens with the app (issue 15.4: the .acrcache.yaml association, a second
// launch, the macOS dock) reaches the window as a draft to open, from any view; a file that
// cannot be read is a notice naming it. main/shell/open-files.ts runs here as in Electron, on the
// harness's real services; only Electron's app events (unit-tested with electron mocked) are left out.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenFiles } from '../../main/shell/open-files.ts';
import { emitEvent } from '../../main/typed-events.ts';
import { test, expect } from './fixtures.ts';
import { screenshotsAtSizes } from './screenshot-path.ts';

test('an opened .acrcache.yaml becomes the open draft from any view; a missing file is named in a notice', async ({ page, app }) => {
  const folder = await mkdtemp(join(tmpdir(), 'acs-open-files-'));
  try {
    const file = join(folder, 'contoso-prod.acrcache.yaml');
    await copyFile(join(import.meta.dirname, '../../examples/rules.yaml'), file);
    const missing = join(folder, 'gone.acrcache.yaml');
    const openFiles = createOpenFiles();
    openFiles.open([file, missing]);
    openFiles.start({ importPath: app.services.importPath, deliver: (event) => emitEvent(app.services.events, 'drafts.onFileOpened', event) });
    // the window is on another view when the file arrives
    await page.getByRole('button', { name: /Settings/ }).first().click();
    await expect(page.getByRole('heading', { name: 'Settings' }).first()).toBeVisible();
    openFiles.windowListening(true);
    await openFiles.settled();

    await expect(page.getByTestId('draft-title')).toHaveText('contoso-prod');
    await expect(page.getByTestId('rule-row')).toHaveCount(6);
    await expect(page).toHaveTitle('contoso-prod — ACR Cache Studio');
    await expect(page.getByTestId('notice').filter({ hasText: 'Imported "contoso-prod" with 6 rules.' })).toBeVisible();
    const refusal = page.getByTestId('notice').filter({ hasText: `${missing} could not be read (ENOENT)` });
    await expect(refusal).toBeVisible();
    await screenshotsAtSizes(page, 'open-file', refusal, [
      [900, 560],
      [1024, 700],
      [1440, 900],
    ]);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});
