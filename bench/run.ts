/**
 * `npm run bench`: issue #10's figures, each as a ratio to a baseline measured in the same run
 * (or against an absolute goal where there is no baseline), medians over repeated runs with the raw
 * samples kept. Prints one Markdown table, writes it with the samples to bench/results/<time>.json,
 * and exits 1 when a goal is missed. One module per figure; README "Performance" says what each means.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withBrowserBench } from './browser-session';
import { measureHeap } from './heap';
import { measurePageCost } from './page-cost';
import { measurePopupOpen } from './popup-open';
import { measureSaveOverhead } from './save-overhead';
import { measureSegmentLookup } from './segments';
import { measureSizes } from './sizes';
import { type Figure, markdownTable, passes } from './stats';
import { measureTabCapture } from './tab-capture';

/** A figure whose measurement broke is a missed goal, not a missing row. */
function broken(name: string, error: unknown): Figure {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return {
    name,
    baseline: { label: '—', value: null },
    value: Number.NaN,
    unit: '',
    goal: 0,
    goalLabel: '—',
    samples: { value: [], baseline: [] },
    note: `could not be measured: ${message}`,
  };
}

async function main() {
  const started = Date.now();
  const figures: Figure[] = [];
  const attempt = async (name: string, measure: () => Promise<Figure[]> | Figure[]) => {
    console.error(`bench: ${name}…`);
    try {
      figures.push(...(await measure()));
    } catch (error) {
      figures.push(broken(name, error));
    }
  };
  await attempt('sizes', measureSizes);
  execFileSync('npx', ['wxt', 'build', '--mode', 'e2e'], { stdio: 'ignore' });
  // A sandbox of its own: its 11,010 synthetic segments would slow every later figure's sandbox reads.
  await withBrowserBench((bench) => attempt('segment lookup', () => measureSegmentLookup(bench.sandbox)));
  await withBrowserBench(async (bench) => {
    await attempt('popup open', () => measurePopupOpen(bench));
    await attempt('save overhead', () => measureSaveOverhead(bench));
    await attempt('tab capture', () => measureTabCapture(bench));
    await attempt('page cost', () => measurePageCost(bench));
    await attempt('service-worker heap', () => measureHeap(bench));
  });
  const table = markdownTable(figures);
  console.log(table);
  const dir = path.resolve('bench/results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ startedAt: new Date(started).toISOString(), seconds: (Date.now() - started) / 1000, table, figures }, null, 2)}\n`,
  );
  console.error(
    `bench: ${((Date.now() - started) / 1000).toFixed(0)} s; results in ${path.relative('.', file)}`,
  );
  process.exit(figures.every(passes) ? 0 : 1);
}

void main();
