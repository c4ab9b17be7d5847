import type { Problem } from '../../../../../../core/index.ts';

/** The class a field's frame takes from its most serious problem shown (problems come sorted). */
export function severityClass(problems: readonly Problem[]): string {
  const first = problems[0];
  return first === undefined ? '' : first.severity === 'error' ? 'invalid' : first.severity === 'warning' ? 'warned' : '';
}

/** aria-invalid follows what is shown: a blank form's hidden errors do not make a field invalid yet. */
export function invalid(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
