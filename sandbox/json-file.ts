import fs from 'node:fs';
import type { z } from 'zod';

/**
 * The sandbox's JSON state files (`snapshots.json`, `posthog/heatmaps.json`). Writes are synchronous
 * temp-file + rename: atomic on one filesystem and never interleaved.
 */

/**
 * Reads and validates `file`; undefined when it does not exist. A damaged file must not stop the
 * sandbox: it is kept aside (`<file>.corrupt-<ms>`) for inspection, logged, and read as missing.
 */
export function readJsonFile<S extends z.ZodType>(
  file: string,
  schema: S,
  what: string,
  log: (line: string) => void,
): z.output<S> | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    return schema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
  } catch (error) {
    const aside = `${file}.corrupt-${Date.now()}`;
    fs.renameSync(file, aside);
    log(`${what} was unreadable (${String(error)}); moved to ${aside}`);
    return undefined;
  }
}

export function writeJsonFile(file: string, value: unknown): void {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(value, null, 2));
  fs.renameSync(tmp, file);
}
