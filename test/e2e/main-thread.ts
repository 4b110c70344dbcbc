/**
 * Every task the page's main thread ran while `work` went on, from a Chromium trace. The Long
 * Tasks API only names tasks over 50 ms; this gives the longest task even when it is under the
 * bar, so a bench shows how much room is left before the page would block.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  dur?: number;
  args?: { name?: string };
}

/** What a task of the thread's scheduler is called in a trace ('RunTask' in older Chromium). */
const TASK_EVENTS = new Set(['ThreadControllerImpl::RunTask', 'RunTask']);

/** Durations (ms) of the renderer main thread's tasks while `work` ran, longest first. */
export async function mainThreadTasks(
  browser: Browser,
  page: Page,
  work: () => Promise<void>,
): Promise<number[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pbx-trace-'));
  const path = join(dir, 'trace.json');
  // 'toplevel' alone keeps the trace small: one event per task.
  await browser.startTracing(page, { path, categories: ['toplevel'] });
  try {
    await work();
  } finally {
    await browser.stopTracing();
  }
  const parsed = JSON.parse(await readFile(path, 'utf8')) as { traceEvents: TraceEvent[] } | TraceEvent[];
  await rm(dir, { recursive: true, force: true });
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents;
  const mains = new Set(
    events
      .filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain')
      .map((e) => `${e.pid}:${e.tid}`),
  );
  // One renderer per page here; if there are more, the busiest main thread is the page's.
  const byThread = new Map<string, number[]>();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph !== 'X' || !TASK_EVENTS.has(e.name) || !mains.has(key)) continue;
    const list = byThread.get(key) ?? [];
    list.push((e.dur ?? 0) / 1000);
    byThread.set(key, list);
  }
  const sum = (l: number[]): number => l.reduce((a, b) => a + b, 0);
  const busiest = [...byThread.values()].sort((a, b) => sum(b) - sum(a))[0] ?? [];
  return busiest.sort((a, b) => b - a);
}
