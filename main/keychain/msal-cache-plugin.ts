// msal-node's persistence hook over the encrypted token store. Every PublicClientApplication of
// the app (one per cloud) shares one store; MSAL brackets each cache access with these two calls.
import type { ICachePlugin, TokenCacheContext } from '@azure/msal-node';
import type { TokenCacheStore } from './token-cache-store.ts';

export function createMsalCachePlugin(store: TokenCacheStore): ICachePlugin {
  return {
    async beforeCacheAccess(context: TokenCacheContext): Promise<void> {
      await store.ready();
      const serialized = store.read();
      if (serialized) context.tokenCache.deserialize(serialized);
    },
    async afterCacheAccess(context: TokenCacheContext): Promise<void> {
      if (context.cacheHasChanged) await store.write(context.tokenCache.serialize());
    },
  };
}
