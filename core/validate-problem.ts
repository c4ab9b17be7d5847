// The problem vocabulary of the rule engine (codes, fields, severities) and the one way a message
// is built: what is wrong, naming the rules at fault, then the fix. Problem codes are a stable
// contract (CLI JSON, UI, tests).

export type Severity = 'error' | 'warning' | 'info';

export type ProblemCode =
  | 'invalid-name'
  | 'duplicate-name'
  | 'invalid-repository'
  | 'wildcard-mismatch'
  | 'wildcard-overlap'
  | 'duplicate-target'
  | 'rule-limit'
  | 'unsupported-upstream'
  | 'credentials-required'
  | 'credentials-not-supported'
  | 'unknown-credential-set'
  | 'credential-login-server-mismatch'
  | 'invalid-secret-uri'
  | 'library-remap'
  | 'static-under-wildcard'
  | 'target-exists'
  | 'identity-required'
  | 'invalid-identity'
  | 'setting-dropped'
  | 'invalid-login-server';

/** The field of a rule or credential set a problem belongs to, so an editor can show it there. */
export type ProblemField =
  | 'name'
  | 'source'
  | 'target'
  | 'credentialSet'
  | 'identity'
  | 'loginServer'
  | 'usernameSecret'
  | 'passwordSecret'
  | 'rules'
  | 'registry';

export interface Problem {
  readonly severity: Severity;
  readonly code: ProblemCode;
  /** Name of the rule at fault — or of the credential set, for a credential-set problem. */
  readonly rule: string;
  /** The other rule (or credential set) of a problem about a pair. */
  readonly with?: string;
  /**
   * Every rule (or credential set) of a grouped problem, in rule order: N rules sharing one
   * target (or name) are one problem listing them, never N·(N-1)/2 pairs. Absent on pair and
   * single-rule problems.
   */
  readonly rules?: readonly string[];
  readonly field?: ProblemField;
  /** Says what is wrong, names the rules involved, and ends with the fix. */
  readonly message: string;
  /** The fix alone, for a UI that shows it apart. */
  readonly fix?: string;
  /** The fix as one field's new value, when it is one: what an editor's "Apply" writes. */
  readonly edit?: ProblemEdit;
}

/**
 * A fix as a change to one field of the rule (or credential set, or the rule set's registry):
 * `value` is the whole new text, `''` to clear the field. Applied, it makes its problem go away.
 */
export interface ProblemEdit {
  readonly field: ProblemField;
  readonly value: string;
}

/** `p` with the one-click form of its fix. */
export function withEdit(p: Problem, field: ProblemField, value: string): Problem {
  return { ...p, edit: { field, value } };
}


export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** Most rules have no problem of their own; they share this array instead of allocating one. */
export const NO_PROBLEMS: readonly Problem[] = Object.freeze([]);

export function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function quote(value: string): string {
  return `'${value}'`;
}

export function problem(
  severity: Severity,
  code: ProblemCode,
  rule: string,
  field: ProblemField | undefined,
  what: string,
  fix: string | undefined,
  other?: string,
): Problem {
  const lead = what.charAt(0).toUpperCase() + what.slice(1);
  const message = fix === undefined ? lead : `${lead} ${fix.charAt(0).toUpperCase()}${fix.slice(1)}${/[.!?]$/.test(fix) ? '' : '.'}`;
  const out: { -readonly [K in keyof Problem]: Problem[K] } = { severity, code, rule, message };
  if (other !== undefined) out.with = other;
  if (field !== undefined) out.field = field;
  if (fix !== undefined) out.fix = fix;
  return out;
}

export function sentence(s: string): string {
  return /[.!?]$/.test(s) ? s : s + '.';
}

