import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { readJsonFile, writeJsonFile } from './json-file';

/**
 * Heatmap snapshots, persisted to `<dataDir>/snapshots.json` so a restart keeps them
 * (atomic writes, a damaged file set aside: `json-file.ts`).
 */

export const SnapshotAttributesSchema = z.object({
  application_id: z.string(),
  created_at: z.string(),
  created_by: z.string(),
  created_by_handle: z.string(),
  created_by_user_id: z.int(),
  device_type: z.string(),
  event_id: z.string(),
  is_device_type_selected_by_user: z.boolean(),
  modified_at: z.string(),
  org_id: z.int(),
  session_id: z.string().optional(),
  snapshot_name: z.string(),
  start: z.int(),
  view_id: z.string().optional(),
  view_name: z.string(),
});
export const SnapshotDataSchema = z.object({
  id: z.string(),
  type: z.literal('snapshots'),
  attributes: SnapshotAttributesSchema,
});
export type SnapshotData = z.infer<typeof SnapshotDataSchema>;

const StoreFileSchema = z.object({ version: z.literal(1), snapshots: z.array(SnapshotDataSchema) });

export class SnapshotStore {
  private snapshots: SnapshotData[];
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.file = path.join(dataDir, 'snapshots.json');
    fs.mkdirSync(dataDir, { recursive: true });
    this.snapshots = this.load();
  }

  all(): SnapshotData[] {
    return structuredClone(this.snapshots);
  }

  get(id: string): SnapshotData | undefined {
    return this.snapshots.find((s) => s.id === id);
  }

  put(snapshot: SnapshotData): void {
    const i = this.snapshots.findIndex((s) => s.id === snapshot.id);
    if (i === -1) this.snapshots.push(snapshot);
    else this.snapshots[i] = snapshot;
    this.save();
  }

  delete(id: string): boolean {
    const before = this.snapshots.length;
    this.snapshots = this.snapshots.filter((s) => s.id !== id);
    if (this.snapshots.length === before) return false;
    this.save();
    return true;
  }

  clear(): void {
    this.snapshots = [];
    this.save();
  }

  private load(): SnapshotData[] {
    return readJsonFile(this.file, StoreFileSchema, 'snapshots file', this.log)?.snapshots ?? [];
  }

  private save(): void {
    writeJsonFile(this.file, { version: 1, snapshots: this.snapshots });
  }
}
