import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { modelJson, officialModel, v2 } from './api/official-models';
import { readJsonFile, writeJsonFile } from './json-file';

/**
 * Heatmap snapshots as instances of the official client's `SnapshotData` model, persisted to
 * `<dataDir>/snapshots.json` as Datadog's JSON for it (atomic writes, a damaged file set aside:
 * `json-file.ts`; a file that does not match the model is damaged).
 */

/**
 * Attributes `SnapshotCreateRequestDataAttributes` leaves optional: the only ones a stored snapshot
 * may lack. The sandbox sets every other attribute of `SnapshotDataAttributes` when it creates one
 * (the request's required ones, its user, org and times), so its own file must hold them.
 */
const MAY_BE_ABSENT = ['session_id', 'view_id'] as const;

/** `SnapshotData` as Datadog sends it (JSON names, typed from the client's model), as the sandbox stores it. */
export interface SnapshotData {
  id: string;
  type: 'snapshots';
  attributes: Required<Omit<AttributesJson, (typeof MAY_BE_ABSENT)[number]>> &
    Pick<AttributesJson, (typeof MAY_BE_ABSENT)[number]>;
}
type AttributesJson = SnakeCaseJson<v2.SnapshotDataAttributes>;

type SnakeCase<S extends string> = S extends `${infer Head}${infer Tail}`
  ? `${Head extends Lowercase<Head> ? Head : `_${Lowercase<Head>}`}${SnakeCase<Tail>}`
  : S;
/** A model's fields under their JSON names, dates as the RFC 3339 text the client writes. */
type SnakeCaseJson<M> = {
  [K in Exclude<keyof M, 'additionalProperties'> & string as SnakeCase<K>]?: M[K] extends Date | undefined
    ? string
    : M[K];
};

const SET_BY_SANDBOX = Object.values(v2.SnapshotDataAttributes.getAttributeTypeMap())
  .map((attribute) => attribute.baseName)
  .filter((name) => name !== 'additionalProperties' && !(MAY_BE_ABSENT as readonly string[]).includes(name));

const StoredSnapshotSchema = officialModel<v2.SnapshotData>('v2', 'SnapshotData').superRefine(
  (snapshot, ctx) => {
    const json = modelJson('v2', snapshot, 'SnapshotData') as { id?: string; attributes?: object };
    const attributes = json.attributes ?? {};
    const missing = [
      ...(json.id === undefined ? ['id'] : []),
      ...SET_BY_SANDBOX.filter((name) => !(name in attributes)),
    ];
    if (missing.length > 0)
      ctx.addIssue({ code: 'custom', message: `lacks ${missing.join(', ')}`, input: json });
  },
);

const StoreFileSchema = z.object({ version: z.literal(1), snapshots: z.array(StoredSnapshotSchema) });

export class SnapshotStore {
  private snapshots: v2.SnapshotData[];
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly log: (line: string) => void,
  ) {
    this.file = path.join(dataDir, 'snapshots.json');
    fs.mkdirSync(dataDir, { recursive: true });
    this.snapshots = this.load();
  }

  /** Every snapshot as Datadog's JSON (for `/_admin/state` and tests). */
  all(): SnapshotData[] {
    return this.snapshots.map(snapshotJson);
  }

  /** The stored instances, for the API handlers to filter (never to change in place). */
  instances(): readonly v2.SnapshotData[] {
    return this.snapshots;
  }

  get(id: string): v2.SnapshotData | undefined {
    return this.snapshots.find((s) => s.id === id);
  }

  put(snapshot: v2.SnapshotData): void {
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

  private load(): v2.SnapshotData[] {
    return readJsonFile(this.file, StoreFileSchema, 'snapshots file', this.log)?.snapshots ?? [];
  }

  private save(): void {
    writeJsonFile(this.file, { version: 1, snapshots: this.all() });
  }
}

export function snapshotJson(snapshot: v2.SnapshotData): SnapshotData {
  return modelJson('v2', snapshot, 'SnapshotData') as SnapshotData;
}
