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

  it('no content scripts: pages are touched only on demand, through scripting.executeScript', () => {
    expect(filesUnder('entrypoints').filter((file) => /content/.test(file))).toEqual([]);
  });

  it('only the background reads storage and the Datadog client (keys never reach a page)', () => {
    const pageCode = [
      ...codeFiles('components'),
      ...codeFiles('entrypoints').filter((f) => !f.includes('background')),
    ];
    for (const file of pageCode) {
      expect(source(file), file).not.toMatch(
        /lib\/settings\/storage|lib\/datadog\/client|lib\/background|storage\.local/,
      );
    }
  });

  it('pages talk to the background only through the message client', () => {
    for (const file of codeFiles('components')) {
      expect(source(file), file).not.toMatch(/runtime\.sendMessage/);
    }
  });

  it('zod schemas for wire shapes live in the schema modules, not in UI code', () => {
    for (const file of codeFiles('components')) {
      expect(source(file), file).not.toMatch(/z\.object\(/);
    }
  });
});
