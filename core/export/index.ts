// Exports of a rule set to the tools people deploy with: an az CLI script, Bicep, an ARM template
// and Terraform. Pure functions of the rule set: the same input gives the same text.

import type { RuleSet } from '../model.ts';
import { armTemplateOf, exportArmTemplate, type ArmTemplate } from './arm-template.ts';
import { exportAzScript, exportPlanAzScript, shellQuote } from './az-script.ts';
import { bicepString, exportBicep } from './bicep.ts';
import { EXPORT_FORMATS, type ExportFormat, type ExportOptions, type ExportResult, type ExportWarning } from './export-common.ts';
import { exportTerraform, hclString } from './terraform.ts';

export function exportRuleSet(ruleSet: RuleSet, format: ExportFormat, options: ExportOptions = {}): ExportResult {
  switch (format) {
    case 'az':
      return exportAzScript(ruleSet, options);
    case 'bicep':
      return exportBicep(ruleSet, options);
    case 'arm':
      return exportArmTemplate(ruleSet, options);
    case 'terraform':
      return exportTerraform(ruleSet, options);
  }
}

export {
  armTemplateOf,
  bicepString,
  EXPORT_FORMATS,
  exportArmTemplate,
  exportAzScript,
  exportBicep,
  exportPlanAzScript,
  exportTerraform,
  hclString,
  shellQuote,
  type ArmTemplate,
  type ExportFormat,
  type ExportOptions,
  type ExportResult,
  type ExportWarning,
};
