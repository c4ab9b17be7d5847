// One self-signed certificate per test process (vitest runs each test file in its own module
// graph, so this is once per suite file). Clients trust it explicitly — the Azure SDK through
// `tlsOptions.ca`, msal-node through the app's TLS network client — never via NODE_EXTRA_CA_CERTS,
// which would have to be set before node starts.
import { generate } from 'selfsigned';

export interface TestCertificate {
  /** PEM certificate; pass it as the `ca` that clients trust. */
  cert: string;
  /** PEM private key of the emulators' HTTPS servers. */
  key: string;
}

let pending: Promise<TestCertificate> | null = null;

export function testCertificate(): Promise<TestCertificate> {
  pending ??= (async () => {
    const now = Date.now();
    const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
      keyType: 'ec',
      curve: 'P-256',
      algorithm: 'sha256',
      notBeforeDate: new Date(now - 60_000),
      notAfterDate: new Date(now + 2 * 24 * 3600_000),
      extensions: [
        { name: 'basicConstraints', cA: false },
        { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    return { cert: pems.cert, key: pems.private };
  })();
  return pending;
}
