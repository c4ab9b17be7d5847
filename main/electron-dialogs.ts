// The OS file dialogs for import/export; the only part of drafts that needs Electron.
import { dialog, type BrowserWindow } from 'electron';
import type { FileDialogs } from './drafts/service.ts';
import type { ExportFormat } from '../preload/api.ts';

const RULE_SET_FILTERS = [
  { name: 'Rule sets (YAML, JSON)', extensions: ['yaml', 'yml', 'json'] },
  { name: 'All files', extensions: ['*'] },
];

export function electronFileDialogs(window: () => BrowserWindow | null): FileDialogs {
  return {
    async openRuleSetFile() {
      const options = { title: 'Import rule set', properties: ['openFile' as const], filters: RULE_SET_FILTERS };
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async saveRuleSetFile(suggestedName, format) {
      const options = {
        title: 'Export rule set',
        defaultPath: suggestedName,
        filters: [format === 'yaml' ? { name: 'YAML', extensions: ['yaml', 'yml'] } : { name: 'JSON', extensions: ['json'] }],
      };
      const parent = window();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
    async saveExportFile(suggestedName, format) {
      const filters: Record<ExportFormat, { name: string; extensions: string[] }> = {
        az: { name: 'Shell script', extensions: ['sh'] },
        bicep: { name: 'Bicep', extensions: ['bicep'] },
        arm: { name: 'ARM template', extensions: ['json'] },
        terraform: { name: 'Terraform', extensions: ['tf'] },
      };
      const options = { title: 'Export as infrastructure as code', defaultPath: suggestedName, filters: [filters[format]] };
      const parent = window();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
    async saveCsvFile(suggestedName) {
      const options = { title: 'Export as CSV', defaultPath: suggestedName, filters: [{ name: 'CSV', extensions: ['csv'] }] };
      const parent = window();
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
    async openManifests(pick) {
      const options =
        pick === 'folder'
          ? { title: 'Rewrite the manifests in a folder', properties: ['openDirectory' as const] }
          : {
              title: 'Rewrite manifests',
              properties: ['openFile' as const, 'multiSelections' as const],
              filters: [
                { name: 'Manifests, compose files, Helm values, Dockerfiles', extensions: ['yaml', 'yml', 'Dockerfile', 'dockerfile', 'Containerfile'] },
                { name: 'All files', extensions: ['*'] },
              ],
            };
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : result.filePaths;
    },
  };
}
