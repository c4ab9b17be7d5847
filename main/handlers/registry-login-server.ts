// A registry's own login server as it crosses IPC (the import and plan target, a draft's target
// registry): checked by core's parseRegistryLoginServer, the same rule lint and the file import
// apply to a rule set's `registry`, so `contoso.azurecr` is refused with the same words and fix
// everywhere, and the sovereign `.azurecr.us` / `.azurecr.cn` pass. Upstream login servers
// (a credential set's `docker.io`) are another thing: loginServerSchema in azure-schemas.ts.
import { z } from 'zod';
import { parseRegistryLoginServer } from '../../core/upstreams.ts';
import { AppError } from '../app-error.ts';

/** The refusal as one sentence: the error, then its fix, as core's `invalid-login-server` problem words it. */
export function registryLoginServerError(input: string): string | undefined {
  const parsed = parseRegistryLoginServer(input);
  if (parsed.ok) return undefined;
  const lead = `${parsed.error.charAt(0).toUpperCase()}${parsed.error.slice(1)}`;
  if (parsed.fix === undefined) return /[.!?]$/.test(lead) ? lead : `${lead}.`;
  return `${lead}: ${parsed.fix}.`;
}

/** The login server, lowercased; a mistake throws `invalid-login-server` with the corrected text. */
export function checkRegistryLoginServer(input: string): string {
  const parsed = parseRegistryLoginServer(input);
  if (parsed.ok) return parsed.value;
  throw new AppError('invalid-login-server', registryLoginServerError(input) ?? parsed.error);
}

/** zod form for payloads the app itself builds from ARM's answer (sync.*): lowercased on the way in. */
export const registryLoginServerSchema = z
  .string()
  .max(253)
  .transform((value, ctx) => {
    const parsed = parseRegistryLoginServer(value);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: registryLoginServerError(value) ?? parsed.error });
    return z.NEVER;
  });
