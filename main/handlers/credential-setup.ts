// IPC area `credentialSetup` (preload/api-credential-setup.ts). The username and password are
// checked for shape only (length, no control characters other than none at all): what an
// upstream accepts is its business. They are never echoed in a refusal: zod's messages name the
// field and the rule, not the value.
import { z } from 'zod';
import type { CredentialSetupRequest } from '../../preload/api-credential-setup.ts';
import type { CredentialSetupService } from '../azure/credential-setup/credential-setup-service.ts';
import type { HandlerTable } from '../ipc/router.ts';
import { armNameSchema, loginServerSchema, registryRefSchema, subscriptionRefSchema } from './azure-schemas.ts';

// Key Vault's own rules: vault names 3–24 letters, digits and hyphens (a letter first, no "--");
// secret names 1–127 letters, digits and hyphens.
const vaultName = z.string().regex(/^[a-zA-Z](?!.*--)[a-zA-Z0-9-]{1,22}[a-zA-Z0-9]$/, 'expected a Key Vault name: 3–24 letters, digits or hyphens, starting with a letter');
const secretName = z.string().regex(/^[0-9a-zA-Z-]{1,127}$/, 'expected a secret name: 1–127 letters, digits or hyphens');
const vaultId = z
  .string()
  .max(400)
  .regex(/^\/subscriptions\/[0-9a-fA-F-]{36}\/resourceGroups\/[\w.()-]{1,90}\/providers\/Microsoft\.KeyVault\/vaults\/[a-zA-Z0-9-]{3,24}$/i, 'expected the resource ID of a Key Vault');
const resourceGroup = z.string().regex(/^[\w.()-]{1,90}$/, 'expected a resource group name');
const location = z.string().regex(/^[a-z0-9]{2,40}$/, 'expected an Azure region name such as westeurope');
// Printable text without line breaks: a token pasted with a trailing newline would be stored with it.
const credentialText = (max: number) => z.string().min(1).max(max).regex(/^[^\u0000-\u001f\u007f]+$/, 'expected one line of text without control characters');

const requestSchema: z.ZodType<CredentialSetupRequest> = z
  .object({
    registry: registryRefSchema,
    setName: armNameSchema,
    loginServer: loginServerSchema,
    vault: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('existing'), id: vaultId }).strict(),
      z.object({ kind: z.literal('new'), resourceGroup, name: vaultName, location }).strict(),
    ]),
    usernameSecretName: secretName,
    passwordSecretName: secretName,
    username: credentialText(256),
    password: credentialText(8192),
  })
  .strict()
  .refine((r) => r.usernameSecretName.toLowerCase() !== r.passwordSecretName.toLowerCase(), { message: 'the username and password secrets need two different names', path: ['passwordSecretName'] });

export function credentialSetupHandlers(service: CredentialSetupService): HandlerTable['credentialSetup'] {
  const flowId = z.string().uuid();
  return {
    listKeyVaults: { args: z.tuple([subscriptionRefSchema]), handle: (ref) => service.listKeyVaults(ref) },
    start: { args: z.tuple([requestSchema]), handle: (request) => service.start(request) },
    undo: { args: z.tuple([flowId]), handle: (id) => service.undo(id) },
    cancel: { args: z.tuple([flowId]), handle: (id) => service.cancel(id) },
    unfinished: { args: z.tuple([]), handle: () => service.unfinished() },
    keep: { args: z.tuple([flowId]), handle: (id) => service.keep(id) },
  };
}
