import { z } from 'zod';
import type { AboutInfo } from '../../preload/api.ts';
import { AppError } from '../app-error.ts';
import { allowedExternalHref } from '../external-links.ts';
import type { HandlerTable } from '../ipc/router.ts';

export interface RuntimeInfo {
  name: string;
  version: string;
  versions: Partial<Record<'electron' | 'chrome' | 'node', string>>;
  platform: string;
}

export function appHandlers(deps: {
  runtime: RuntimeInfo;
  dataDir: string;
  openExternal: (url: string) => Promise<void>;
}): HandlerTable['app'] {
  return {
    about: {
      args: z.tuple([]),
      handle: (): AboutInfo => ({
        name: deps.runtime.name,
        version: deps.runtime.version,
        electron: deps.runtime.versions.electron ?? null,
        chromium: deps.runtime.versions.chrome ?? null,
        node: deps.runtime.versions.node ?? 'unknown',
        platform: deps.runtime.platform,
        dataDir: deps.dataDir,
      }),
    },
    openExternal: {
      args: z.tuple([z.string().max(2048)]),
      handle: async (url) => {
        const href = allowedExternalHref(url);
        if (href === null) {
          throw new AppError(
            'link-not-allowed',
            `The link ${JSON.stringify(url.slice(0, 200))} was not opened: only https links to Azure, Microsoft Learn, GitHub and Docker Hub are allowed.`,
          );
        }
        await deps.openExternal(href);
      },
    },
  };
}
