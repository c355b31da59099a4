import { type BrowserContext, chromium } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/harness/browser';
import { type BrowserBench, launchExtension, RUNS } from './browser-session';
import { type Figure, ratioFigure } from './stats';

/**
 * Figure 3: what the installed but unused extension costs a page. The demo SPA is loaded in a
 * profile with the extension and in one without (two persistent contexts, loads alternating):
 * its load event time, its long tasks, and every script parsed for it in any world (CDP
 * `Debugger.scriptParsed`, so an injected content script would count). Goal 1.00×: nothing is
 * injected. Counts must match exactly; the load time is a time, so 1.00× within 10 % of noise.
 */

const LOAD_NOISE = 1.1;

interface Load {
  loadMs: number;
  longTasks: number;
  scripts: number;
}

/** Collects long tasks from the start of every document (the observer must exist before they happen). */
const LONG_TASKS_SCRIPT = `(() => { const seen = []; window.__benchLongTasks = seen;
  new PerformanceObserver((list) => { for (const entry of list.getEntries()) seen.push(entry.duration); })
    .observe({ type: 'longtask', buffered: true }); })()`;

async function loadOnce(context: BrowserContext, url: string): Promise<Load> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    let scripts = 0;
    cdp.on('Debugger.scriptParsed', () => {
      scripts += 1;
    });
    await cdp.send('Debugger.enable');
    await page.goto(url, { waitUntil: 'load' });
    // Long tasks are reported a little after they end; a settled page has reported them.
    await page.waitForTimeout(300);
    const { loadMs, longTasks } = await page.evaluate(() => {
      const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
      const seen = (window as { __benchLongTasks?: number[] }).__benchLongTasks ?? [];
      return { loadMs: navigation?.loadEventStart ?? Number.NaN, longTasks: seen.length };
    });
    await cdp.detach();
    return { loadMs, longTasks, scripts };
  } finally {
    await page.close();
  }
}

export async function measurePageCost(bench: BrowserBench): Promise<Figure[]> {
  const withExtension = (await launchExtension(bench)).context;
  const without = await chromium.launchPersistentContext(await bench.tempDir('bench-plain-'), {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: null,
    args: CHROMIUM_ARGS,
  });
  try {
    const url = `${bench.sandbox.url}/demo/`;
    const loads = { with: [] as Load[], without: [] as Load[] };
    for (const context of [withExtension, without]) await context.addInitScript(LONG_TASKS_SCRIPT);
    for (let run = 0; run < RUNS; run++) {
      loads.without.push(await loadOnce(without, url));
      loads.with.push(await loadOnce(withExtension, url));
    }
    const figure = (key: keyof Load, name: string, unit: string, goal: number, goalLabel: string): Figure =>
      ratioFigure({
        name: `page cost, extension installed but unused: ${name}`,
        baselineLabel: 'same page, profile without the extension',
        value: loads.with.map((load) => load[key]),
        baseline: loads.without.map((load) => load[key]),
        unit,
        goal,
        goalLabel,
      });
    return [
      figure('loadMs', 'load event', 'ms', LOAD_NOISE, `1.00× (≤ ${LOAD_NOISE}× noise)`),
      figure('longTasks', 'long tasks', 'tasks', 1, '1.00×'),
      figure('scripts', 'scripts parsed', 'scripts', 1, '1.00×'),
    ];
  } finally {
    await withExtension.close();
    await without.close();
  }
}
