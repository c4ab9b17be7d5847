// The upstream username and password between the IPC call that brings them and the two Key Vault
// writes that use them. Held as Buffers that are zero-filled when the flow is done with them, and
// redacted from every log line meanwhile (log/redact.ts). JavaScript strings cannot be wiped: the
// copies the IPC layer and the SDK's request body make are dropped and left to the collector.
import { AppError } from '../../app-error.ts';
import { redactWhileInUse } from '../../log/redact.ts';

export class SecretMaterial {
  #username: Buffer | null;
  #password: Buffer | null;
  readonly #release: () => void;

  constructor(username: string, password: string) {
    this.#username = Buffer.from(username, 'utf8');
    this.#password = Buffer.from(password, 'utf8');
    this.#release = redactWhileInUse([username, password]);
  }

  get wiped(): boolean {
    return this.#username === null;
  }

  /** The value, for the one call that writes it. */
  reveal(which: 'username' | 'password'): string {
    const buffer = which === 'username' ? this.#username : this.#password;
    if (!buffer) throw new AppError('credentials-gone', 'The username and password were already cleared; start the setup again to enter them.');
    return buffer.toString('utf8');
  }

  /** Zero-fills both buffers: called as soon as both secrets are written, or the flow stops. */
  wipe(): void {
    this.#username?.fill(0);
    this.#password?.fill(0);
    this.#username = null;
    this.#password = null;
  }

  /** Wipes, and stops redacting the values: at the end of the flow, when no call in flight can log them. */
  dispose(): void {
    this.wipe();
    this.#release();
  }
}
