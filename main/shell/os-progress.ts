// Long work shown at OS level: the taskbar/dock progress bar during an apply or a registry import,
// and a notification when an apply ends while the user is in another window. No electron import:
// the window and the notifier are injected, so unit tests drive it with plain objects.
import type { ApiResult, ApplyOutcomeView, ApplyProgressEvent, DraftState, PlanRequest, PlanView } from '../../preload/api.ts';
import type { IpcRouter } from '../ipc/router.ts';

export type ProgressMode = 'none' | 'normal' | 'indeterminate' | 'error' | 'paused';

/** What of a BrowserWindow this module uses. */
export interface ProgressWindow {
  isDestroyed(): boolean;
  isFocused(): boolean;
  isMinimized(): boolean;
  restore(): void;
  show(): void;
  focus(): void;
  setProgressBar(progress: number, options?: { mode: ProgressMode }): void;
  once(event: 'focus', listener: () => void): void;
}

export interface OsNotice {
  title: string;
  body: string;
  onClick: () => void;
}

export interface OsProgressDeps {
  window: () => ProgressWindow | null;
  /** Shows an OS notification; absent when the platform has none (Notification.isSupported()). */
  notify?: (notice: OsNotice) => void;
  /** Only Windows draws the taskbar bar red ('error') or yellow ('paused'); elsewhere the mode is ignored. */
  platform: NodeJS.Platform;
}

export interface OsProgress {
  /** Every main → renderer event goes through here (subscribe it to the services' EventHub). */
  onEvent(channel: string, payload: unknown): void;
  /** The router with apply and import calls observed: start, end and outcome of each. */
  observe(router: IpcRouter): IpcRouter;
}

interface Running {
  total: number;
  done: number;
  failed: number;
  paused: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The notification of an apply that ended; exported for the tests of the wording. */
export function applyNotice(outcome: ApplyOutcomeView, loginServer: string | null): { title: string; body: string } {
  const target = loginServer ?? 'the registry';
  const applied = outcome.succeeded;
  if (outcome.failed > 0) {
    return {
      title: `Apply finished with ${plural(outcome.failed, 'failure')}`,
      body: `${plural(applied, 'change')} applied to ${target}; open ACR Cache Studio to see what failed.`,
    };
  }
  if (outcome.cancelled > 0) {
    return { title: 'Apply cancelled', body: `${plural(applied, 'change')} applied to ${target} before it stopped; ${outcome.cancelled} not sent.` };
  }
  return { title: `Applied ${plural(applied, 'change')} to ${target}`, body: outcome.converged ? 'The registry now matches the draft.' : 'Plan again to see what is left.' };
}

function isProgress(payload: unknown): payload is ApplyProgressEvent {
  const p = payload as Partial<ApplyProgressEvent> | null;
  return !!p && typeof p.draftId === 'string' && typeof p.total === 'number' && typeof p.done === 'number';
}

export function createOsProgress(deps: OsProgressDeps): OsProgress {
  const applies = new Map<string, Running>();
  const loginServers = new Map<string, string>();
  let imports = 0;
  // A failed apply leaves the bar red until the user comes back to the window (Windows only).
  let errorShown = false;

  const win = () => {
    const w = deps.window();
    return w && !w.isDestroyed() ? w : null;
  };

  function render() {
    const w = win();
    if (!w) return;
    if (applies.size > 0) {
      let total = 0;
      let done = 0;
      for (const a of applies.values()) {
        total += a.total;
        done += a.done;
      }
      const paused = [...applies.values()].some((a) => a.paused);
      // An apply planned but not yet reporting (total 0) shows as busy rather than as 0 %.
      if (total === 0) w.setProgressBar(2, { mode: 'indeterminate' });
      else w.setProgressBar(Math.min(1, done / total), { mode: paused ? 'paused' : 'normal' });
      return;
    }
    if (imports > 0) {
      w.setProgressBar(2, { mode: 'indeterminate' });
      return;
    }
    if (!errorShown) w.setProgressBar(-1, { mode: 'none' });
  }

  function focusWindow() {
    const w = win();
    if (!w) return;
    if (w.isMinimized()) w.restore();
    w.show();
    w.focus();
  }

  function finishApply(draftId: string, result: ApiResult<unknown>) {
    const run = applies.get(draftId);
    applies.delete(draftId);
    const w = win();
    const outcome = result.ok ? (result.value as ApplyOutcomeView) : null;
    const failed = outcome ? outcome.failed > 0 : run !== undefined && run.done > 0;
    if (failed && deps.platform === 'win32' && w && applies.size === 0 && imports === 0) {
      // Full red bar: the user sees from the taskbar that the apply needs a look.
      errorShown = true;
      w.setProgressBar(1, { mode: 'error' });
      w.once('focus', () => {
        errorShown = false;
        render();
      });
    } else {
      render();
    }
    // An apply refused before anything was sent (blocked plan, conflicts) answers in the window
    // the user just clicked in; only one that ran gets a notification.
    const ran = outcome !== null || (run !== undefined && run.done > 0);
    if (!w || w.isFocused() || !deps.notify || !ran) return;
    const loginServer = loginServers.get(draftId) ?? null;
    const notice = outcome
      ? applyNotice(outcome, loginServer)
      : { title: 'Apply stopped with an error', body: `${result.ok ? '' : result.error.message}`.trim() || 'Open ACR Cache Studio to see what happened.' };
    deps.notify({ ...notice, onClick: focusWindow });
  }

  return {
    onEvent(channel, payload) {
      if (channel !== 'sync.onApplyProgress' || !isProgress(payload)) return;
      const run = applies.get(payload.draftId);
      // Events after the apply answered (none expected) must not bring a finished bar back.
      if (!run) return;
      run.total = payload.total;
      run.done = payload.done;
      run.failed = payload.failed;
      run.paused = typeof payload.pausedUntil === 'number' && payload.pausedUntil > Date.now();
      render();
    },

    observe(router) {
      return {
        channels: router.channels,
        async invoke(channel, args) {
          const list = Array.isArray(args) ? (args as unknown[]) : [];
          if (channel === 'sync.apply') {
            const request = list[0] as Partial<PlanRequest> | undefined;
            const draftId = typeof request?.draftId === 'string' ? request.draftId : null;
            // A second apply of the same draft is refused by the service: leave the first's bar.
            if (!draftId || applies.has(draftId)) return router.invoke(channel, args);
            if (typeof request?.loginServer === 'string') loginServers.set(draftId, request.loginServer);
            errorShown = false;
            applies.set(draftId, { total: 0, done: 0, failed: 0, paused: false });
            render();
            let result: ApiResult<unknown> = { ok: false, error: { code: 'internal', message: 'The apply stopped unexpectedly.' } };
            try {
              result = await router.invoke(channel, args);
              return result;
            } finally {
              // Also when the router rejects (it answers errors as values; this is a backstop):
              // a bar left at 40 % would say the app is still working.
              finishApply(draftId, result);
            }
          }
          if (channel === 'sync.importRegistry') {
            imports += 1;
            errorShown = false;
            render();
            try {
              const result = await router.invoke(channel, args);
              const draft = result.ok ? (result.value as DraftState).draft : undefined;
              if (draft?.link) loginServers.set(draft.id, draft.link.loginServer);
              return result;
            } finally {
              imports -= 1;
              render();
            }
          }
          const result = await router.invoke(channel, args);
          // The plan the user applies names the registry the notification speaks of.
          if (channel === 'sync.plan' && result.ok) {
            const view = result.value as PlanView;
            const request = list[0] as Partial<PlanRequest> | undefined;
            if (typeof request?.draftId === 'string') loginServers.set(request.draftId, view.loginServer);
          }
          return result;
        },
      };
    },
  };
}
