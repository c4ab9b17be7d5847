// IPC area `auth`: sign-in state and actions. Only account summaries cross; tokens stay in main.
import { z } from 'zod';
import type { AuthSettingsUpdate, SignInRequest } from '../../preload/api.ts';
import type { AuthService } from '../auth/auth-service.ts';
import type { HandlerTable } from '../ipc/router.ts';
import { accountIdSchema, cloudNameSchema } from './azure-schemas.ts';

const tenantSchema = z.string().trim().min(1).max(253);

const signInRequestSchema: z.ZodType<SignInRequest> = z
  .object({
    mode: z.enum(['browser', 'device-code']),
    cloud: cloudNameSchema.optional(),
    tenant: tenantSchema.optional(),
    loginHint: z.string().max(320).optional(),
  })
  .strict();

const settingsUpdateSchema: z.ZodType<AuthSettingsUpdate> = z
  .object({
    cloud: cloudNameSchema.optional(),
    clientId: z.string().trim().max(64).nullable().optional(),
    tenant: tenantSchema.nullable().optional(),
  })
  .strict();

export function authHandlers(auth: AuthService): HandlerTable['auth'] {
  return {
    status: { args: z.tuple([]), handle: () => auth.status() },
    listAccounts: { args: z.tuple([]), handle: () => auth.listAccounts() },
    signIn: { args: z.tuple([signInRequestSchema]), handle: (request) => auth.signIn(request) },
    cancelSignIn: { args: z.tuple([]), handle: () => auth.cancelSignIn() },
    signOut: { args: z.tuple([accountIdSchema]), handle: (accountId) => auth.signOut(accountId) },
    updateSettings: { args: z.tuple([settingsUpdateSchema]), handle: (update) => auth.updateSettings(update) },
    dismissNotice: { args: z.tuple([]), handle: () => auth.dismissNotice() },
  };
}
