// The infrastructure-as-code formats the Export dialog offers, in the words people know them by.
import type { ExportFormat } from '../../../../core/export/export-common.ts';

export interface ExportFormatOption {
  readonly format: ExportFormat;
  readonly label: string;
  readonly hint: string;
}

export const EXPORT_FORMAT_OPTIONS: readonly ExportFormatOption[] = [
  { format: 'az', label: 'az CLI script', hint: 'A shell script of az acr credential-set and az acr cache commands.' },
  { format: 'bicep', label: 'Bicep', hint: 'A Bicep file for az deployment group create.' },
  { format: 'arm', label: 'ARM template', hint: 'A JSON deployment template.' },
  { format: 'terraform', label: 'Terraform', hint: 'azurerm_container_registry_cache_rule and _credential_set resources.' },
];

export function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
