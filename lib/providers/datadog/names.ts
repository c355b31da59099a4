import { nameSchema } from '@/lib/shared/names';

/** Datadog's limits on names, shared by the popup's form, the saved job and the API request schema. */
export const MAX_SNAPSHOT_NAME = 200;
export const MAX_VIEW_NAME = 1000;

export const SnapshotNameSchema = nameSchema('Snapshot name', MAX_SNAPSHOT_NAME);
export const ViewNameSchema = nameSchema('View name', MAX_VIEW_NAME);
