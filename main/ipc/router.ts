// The IPC handler table and its router. No electron import: unit tests and the e2e harness call
// exactly these handlers, with exactly this validation.
import type { z } from 'zod';
import type { ApiResult, DesktopApi, MethodKeys } from '../../preload/api.ts';
import { AppError } from '../app-error.ts';

type Fn = (...args: never[]) => unknown;
type ArgsOf<F> = F extends (...args: infer A) => unknown ? A : never;
type ValueOf<F> = F extends (...args: never[]) => Promise<infer R> ? R : never;

export interface HandlerSpec<F extends Fn> {
  /** Runtime schema of the argument tuple: TypeScript types do not survive the process boundary. */
  args: z.ZodType<ArgsOf<F>>;
  handle: (...args: ArgsOf<F>) => Promise<ValueOf<F>> | ValueOf<F>;
}

export type HandlerTable = {
  [A in keyof DesktopApi]: {
    [M in MethodKeys<DesktopApi[A]>]: DesktopApi[A][M] extends Fn ? HandlerSpec<DesktopApi[A][M]> : never;
  };
};

export interface IpcRouter {
  readonly channels: readonly string[];
  invoke(channel: string, args: unknown): Promise<ApiResult<unknown>>;
}

export interface RouterOptions {
  /** Called with unexpected (non-AppError) failures, which the renderer sees only as `internal`. */
  onInternalError?: (channel: string, error: unknown) => void;
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.length ? `argument ${issue.path.map(String).join('.')}` : 'arguments';
      return `${path}: ${issue.message}`;
    })
    .join('; ');
}

export function createIpcRouter(table: HandlerTable, options: RouterOptions = {}): IpcRouter {
  const routes = new Map<string, HandlerSpec<Fn>>();
  for (const [area, handlers] of Object.entries(table)) {
    for (const [method, spec] of Object.entries(handlers as Record<string, HandlerSpec<Fn>>)) {
      routes.set(`${area}.${method}`, spec);
    }
  }
  return {
    channels: [...routes.keys()],
    async invoke(channel, args) {
      const spec = typeof channel === 'string' ? routes.get(channel) : undefined;
      if (!spec) {
        return { ok: false, error: { code: 'unknown-method', message: `"${String(channel)}" is not a method of the app's API.` } };
      }
      // Validation runs inside the try too: a schema can throw (a refine or transform that hits
      // an unexpected value), and a throw here must become an answer, not a rejected invoke.
      try {
        const parsed = spec.args.safeParse(args);
        if (!parsed.success) {
          return {
            ok: false,
            error: { code: 'invalid-payload', message: `${channel} was called with invalid ${describeIssues(parsed.error)}.` },
          };
        }
        const value = await spec.handle(...(parsed.data as never[]));
        return { ok: true, value };
      } catch (err) {
        if (err instanceof AppError) return { ok: false, error: { code: err.code, message: err.message } };
        options.onInternalError?.(channel, err);
        const message = err instanceof Error ? err.message : String(err);
        return { ok: false, error: { code: 'internal', message: `${channel} failed unexpectedly: ${message}` } };
      }
    },
  };
}
