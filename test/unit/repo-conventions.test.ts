import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The repo's own rules (docs/architecture.md), enforced so they do not erode. */
const root = path.resolve(__dirname, '../..');

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    return statSync(path.join(root, relative)).isDirectory() ? filesUnder(relative) : [relative];
  });
}
const source = (file: string) => readFileSync(path.join(root, file), 'utf8');
const codeFiles = (dir: string) => filesUnder(dir).filter((file) => /\.tsx?$/.test(file));

describe('repo conventions', () => {
  it('entrypoints stay thin: a few lines that delegate to lib/ or components/', () => {
    for (const file of codeFiles('entrypoints')) {
      const lines = source(file)
        .split('\n')
        .filter((line) => line.trim() !== '');
      expect(lines.length, `${file} has ${lines.length} lines`).toBeLessThanOrEqual(8);
    }
  });

  it('content scripts are injected on demand only (runtime registration, no matches, no global)', () => {
    const contentScripts = filesUnder('entrypoints').filter((file) => /\.content\.ts$/.test(file));
    expect(contentScripts.length).toBeGreaterThan(0);
    for (const file of contentScripts) {
      const text = source(file);
      expect(text, file).toMatch(/registration: 'runtime'/);
      expect(text, file).toMatch(/globalName: false/);
      expect(text, file).not.toMatch(/matches:/);
    }
  });

  it.each(['entrypoints/probe.content.ts', 'entrypoints/frames.content.ts'])(
    'the page script %s imports only probe modules: never zod, never wxt/browser',
    (entrypoint) => {
      // Follow the entrypoint's runtime imports (type-only imports are erased by the bundler).
      const seen = new Set<string>();
      const queue = [entrypoint];
      while (queue.length > 0) {
        const file = queue.pop() as string;
        if (seen.has(file)) continue;
        seen.add(file);
        for (const match of source(file).matchAll(/^import (?!type )[^;]*? from '([^']+)';/gms)) {
          const target = match[1] as string;
          expect(target, `${file} imports ${target}`).toMatch(/^(@\/|\.)/);
          const resolved = target.startsWith('@/') ? target.slice(2) : path.join(path.dirname(file), target);
          queue.push(`${resolved}.ts`);
        }
      }
      const allowed =
        /^(entrypoints\/(probe|frames)\.content|lib\/page\/(run-probes|probe|frame-presence)|lib\/probe\/safe-read|lib\/providers\/page-probes|lib\/providers\/[a-z]+\/probe)\.ts$/;
      for (const file of seen) expect(file).toMatch(allowed);
      expect(seen.size).toBeGreaterThan(3);
    },
  );

  it('shipped code imports zod/mini, never classic zod (its chain methods cannot be tree-shaken)', () => {
    const shipped = ['lib', 'components', 'entrypoints'].flatMap(codeFiles);
    const zodUsers = shipped.filter((file) => /from 'zod(\/[a-z]+)?'/.test(source(file)));
    expect(zodUsers.length).toBeGreaterThan(10);
    for (const file of zodUsers) expect(source(file), file).not.toMatch(/from 'zod'/);
  });

  it('only the background reads storage and the API clients (keys never reach a page)', () => {
    const pageCode = [
      ...codeFiles('components'),
      ...codeFiles('entrypoints').filter((f) => !f.includes('background')),
    ];
    for (const file of pageCode) {
      expect(source(file), file).not.toMatch(
        /lib\/storage\/|providers\/[a-z]+\/(client|background|client-from-settings)|lib\/background|storage\.local|lib\/shared\/http/,
      );
    }
  });

  it('pages talk to the background only through the message client', () => {
    for (const file of codeFiles('components')) {
      expect(source(file), file).not.toMatch(/runtime\.sendMessage/);
    }
  });

  it('the shared core knows no provider: only the registries import provider folders', () => {
    const core = [...codeFiles('lib'), ...codeFiles('components')].filter(
      (file) => !/providers\//.test(file) && !/^lib\/tab-capture/.test(file),
    );
    for (const file of core) expect(source(file), file).not.toMatch(/providers\/(datadog|posthog)/);
  });

  it('zod schemas for wire shapes live in the schema modules, not in UI code', () => {
    for (const file of codeFiles('components')) {
      expect(source(file), file).not.toMatch(/z\.object\(/);
    }
  });
});
