import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from '../json-file';
import { MAX_SAVED_HEATMAPS } from './defaults';
import { invalid } from './errors';
import { type HeatmapRecord, HeatmapRecordSchema } from './model';

/**
 * Saved heatmaps under `<dataDir>/posthog/`: `heatmaps.json` (metadata, written through
 * `sandbox/json-file.ts`) and `images/<id>-<width>.jpg`. Soft-deleted heatmaps stay on disk.
 */

const FileSchema = z.object({ version: z.literal(1), heatmaps: z.array(HeatmapRecordSchema) });
const SHORT_ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export class HeatmapStore {
  private heatmaps: HeatmapRecord[];
  private readonly file: string;
  private readonly imageDir: string;

  constructor(
    dataDir: string,
    private readonly log: (line: string) => void,
  ) {
    const dir = path.join(dataDir, 'posthog');
    this.file = path.join(dir, 'heatmaps.json');
    this.imageDir = path.join(dir, 'images');
    fs.mkdirSync(this.imageDir, { recursive: true });
    this.heatmaps = this.load();
  }

  all(): HeatmapRecord[] {
    return structuredClone(this.heatmaps);
  }

  /** Not-deleted heatmap by short id (how the API addresses `saved/`). */
  byShortId(shortId: string): HeatmapRecord | undefined {
    return structuredClone(this.heatmaps.find((h) => h.short_id === shortId && !h.deleted));
  }

  /** Any heatmap by UUID, deleted ones included (callers decide). */
  byId(id: string): HeatmapRecord | undefined {
    return structuredClone(this.heatmaps.find((h) => h.id === id));
  }

  newShortId(): string {
    for (;;) {
      const id = Array.from({ length: 8 }, () => SHORT_ID_ALPHABET[randomInt(SHORT_ID_ALPHABET.length)]).join(
        '',
      );
      if (!this.heatmaps.some((h) => h.short_id === id)) return id;
    }
  }

  put(record: HeatmapRecord): void {
    const i = this.heatmaps.findIndex((h) => h.id === record.id);
    if (i === -1) {
      if (this.heatmaps.length >= MAX_SAVED_HEATMAPS) {
        throw invalid('non_field_errors', `the sandbox keeps at most ${MAX_SAVED_HEATMAPS} saved heatmaps`);
      }
      this.heatmaps.push(structuredClone(record));
    } else {
      this.heatmaps[i] = structuredClone(record);
    }
    this.save();
  }

  /** Applies `change` to the stored record (if it still exists) and saves; returns the new record. */
  update(id: string, change: (record: HeatmapRecord) => void): HeatmapRecord | undefined {
    const record = this.heatmaps.find((h) => h.id === id);
    if (!record) return undefined;
    change(record);
    this.save();
    return structuredClone(record);
  }

  writeImage(id: string, width: number, jpeg: Buffer): void {
    fs.writeFileSync(this.imagePath(id, width), jpeg);
  }

  readImage(id: string, width: number): Buffer | undefined {
    const file = this.imagePath(id, width);
    return fs.existsSync(file) ? fs.readFileSync(file) : undefined;
  }

  clear(): void {
    this.heatmaps = [];
    this.save();
    fs.rmSync(this.imageDir, { recursive: true, force: true });
    fs.mkdirSync(this.imageDir, { recursive: true });
  }

  private imagePath(id: string, width: number): string {
    // Ids are server-made UUIDs and widths integers; checked anyway, since the path is built from them.
    if (!/^[0-9a-f-]{36}$/.test(id) || !Number.isInteger(width))
      throw new Error(`bad image key ${id}/${width}`);
    return path.join(this.imageDir, `${id}-${width}.jpg`);
  }

  private load(): HeatmapRecord[] {
    const heatmaps = readJsonFile(this.file, FileSchema, 'PostHog heatmaps file', this.log)?.heatmaps ?? [];
    // A render that was running when the sandbox stopped will never finish.
    for (const h of heatmaps) {
      if (h.status === 'processing')
        Object.assign(h, { status: 'failed', exception: 'sandbox restarted while rendering' });
    }
    return heatmaps;
  }

  private save(): void {
    writeJsonFile(this.file, { version: 1, heatmaps: this.heatmaps });
  }
}
