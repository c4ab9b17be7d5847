// Main-thread CPU time of measured intervals in Chromium, from a performance trace (CDP Tracing):
// on a machine shared by many processes, wall-clock time includes the time the renderer thread
// waited for a core, which says more about the neighbours than about the code. The page marks each
// interval with performance.mark('<prefix>:<i>:start' / ':end'); the work in it is the thread
// time (tdur) of the outermost trace events on the page's main thread between the two marks:
// script, event dispatch, style and layout.
import type { CDPSession, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  cat: string;
  ph: string;
  ts: number;
  dur?: number;
  tdur?: number;
  pid: number;
  tid: number;
}

export interface MainThreadTrace {
  /** Main-thread CPU milliseconds of each interval marked with `prefix`, in order. */
  cpuMs(prefix: string): number[];
}

export async function traceMainThread(page: Page, run: () => Promise<void>): Promise<MainThreadTrace> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (data) => events.push(...(data.value as unknown as TraceEvent[])));
  const complete = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,blink.user_timing,toplevel,v8', transferMode: 'ReportEvents' });
  try {
    await run();
  } finally {
    await cdp.send('Tracing.end');
    await complete;
    await cdp.detach();
  }
  return {
    cpuMs(prefix: string): number[] {
      const marks = new Map<string, TraceEvent>();
      for (const e of events) if (e.cat.includes('blink.user_timing') && e.name.startsWith(`${prefix}:`)) marks.set(e.name, e);
      const out: number[] = [];
      for (let i = 0; ; i++) {
        const start = marks.get(`${prefix}:${i}:start`);
        const end = marks.get(`${prefix}:${i}:end`);
        if (start === undefined || end === undefined) break;
        const inside = events
          .filter((e) => e.ph === 'X' && e.pid === start.pid && e.tid === start.tid && typeof e.tdur === 'number' && e.ts >= start.ts && e.ts + (e.dur ?? 0) <= end.ts)
          .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
        let covered = -Infinity;
        let micros = 0;
        for (const e of inside) {
          // outermost events only: a nested event's thread time is already in its parent's
          if (e.ts < covered) continue;
          covered = e.ts + (e.dur ?? 0);
          micros += e.tdur ?? 0;
        }
        out.push(micros / 1000);
      }
      return out;
    },
  };
}
