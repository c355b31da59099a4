import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Figure } from './stats';

/** Figure 7: gzip sizes of a production build (what people install), against issue #10's goals in kB. */

const PRODUCTION_DIR = path.resolve('.output/chrome-mv3');

function gzipKb(files: string[]): number {
  const bytes = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(path.join(PRODUCTION_DIR, file))).length,
    0,
  );
  return Math.round((bytes / 1024) * 100) / 100;
}

/** Everything popup.html loads: its scripts, module preloads and styles. */
function popupFiles(): string[] {
  const html = readFileSync(path.join(PRODUCTION_DIR, 'popup.html'), 'utf8');
  return [...html.matchAll(/(?:src|href)="\/?([^"]+\.(?:js|css))"/g)].map((match) => match[1] as string);
}

/**
 * `entry` and every module it imports statically, as built: the background is an ES module that
 * shares chunks with the pages (entrypoints/background.ts), and the worker loads them all at start.
 */
function withStaticImports(entry: string): string[] {
  const files = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const code = readFileSync(path.join(PRODUCTION_DIR, file), 'utf8');
    for (const match of code.matchAll(/(?:from|import)\s*"(\.{1,2}\/[^"]+\.js)"/g)) {
      visit(path.join(path.dirname(file), match[1] as string));
    }
  };
  visit(entry);
  return [...files];
}

function allFiles(): string[] {
  return readdirSync(PRODUCTION_DIR, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(PRODUCTION_DIR, path.join(entry.parentPath, entry.name)));
}

const sizeFigure = (name: string, kb: number, goal: number): Figure => ({
  name: `size, gzip: ${name}`,
  baseline: { label: '—', value: null },
  value: kb,
  unit: 'kB',
  goal,
  goalLabel: `≤ ${goal} kB`,
  samples: { value: [kb], baseline: [] },
});

export function measureSizes(): Figure[] {
  execFileSync('npx', ['wxt', 'build'], { stdio: 'ignore' });
  // The bench's own page would count in the package and ship to people: the build must drop it.
  if (allFiles().some((file) => file.startsWith('bench-blank')))
    throw new Error('The production build ships the bench’s blank page (wxt.config.ts hook)');
  return [
    sizeFigure('popup JS+CSS', gzipKb(popupFiles()), 25),
    sizeFigure('background', gzipKb(withStaticImports('background.js')), 25),
    sizeFigure('page probe', gzipKb(['content-scripts/probe.js']), 2),
    sizeFigure('whole package', gzipKb(allFiles()), 60),
  ];
}
