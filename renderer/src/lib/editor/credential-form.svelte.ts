// A credential set being edited: its fields and core's verdict, as you type. Secret URIs are
// checked for their Key Vault shape here because a malformed one would only surface much later,
// as an "Unhealthy" credential set in Azure.
import { hasErrors, type CredentialSet, type Problem, type ProblemField, type RuleSetIndex } from '../../../../core/index.ts';

export type CredentialFormField = 'name' | 'loginServer' | 'usernameSecret' | 'passwordSecret' | 'form';

function fieldOf(field: ProblemField | undefined): CredentialFormField {
  return field === 'name' || field === 'loginServer' || field === 'usernameSecret' || field === 'passwordSecret' ? field : 'form';
}

export class CredentialForm {
  readonly #index: () => RuleSetIndex;
  readonly original: CredentialSet | null;
  name = $state('');
  loginServer = $state('docker.io');
  usernameSecret = $state('');
  passwordSecret = $state('');

  constructor(index: () => RuleSetIndex, original: CredentialSet | null, loginServer?: string) {
    this.#index = index;
    this.original = original;
    if (original !== null) {
      this.name = original.name;
      this.loginServer = original.loginServer;
      this.usernameSecret = original.usernameSecret;
      this.passwordSecret = original.passwordSecret;
    } else if (loginServer !== undefined) {
      this.loginServer = loginServer;
    }
  }

  get replacing(): string | null {
    return this.original?.name ?? null;
  }

  readonly candidate: CredentialSet = $derived({
    name: this.name.trim(),
    loginServer: this.loginServer.trim().toLowerCase(),
    usernameSecret: this.usernameSecret.trim(),
    passwordSecret: this.passwordSecret.trim(),
  });

  readonly problems: readonly Problem[] = $derived.by(() =>
    this.#index().checkCredentialSet(this.candidate, this.replacing === null ? {} : { replacing: this.replacing }),
  );

  readonly canSave: boolean = $derived(!hasErrors(this.problems));

  problemsAt(field: CredentialFormField): readonly Problem[] {
    return this.problems.filter((p) => fieldOf(p.field) === field);
  }
}
