import { z } from 'zod';

/** Datadog's limits on names, shared by the popup's form, the saved job and the API request schema. */
export const MAX_SNAPSHOT_NAME = 200;
export const MAX_VIEW_NAME = 1000;

export const SnapshotNameSchema = z
  .string()
  .trim()
  .min(1, 'Snapshot name is empty')
  .max(MAX_SNAPSHOT_NAME, `Snapshot name is over ${MAX_SNAPSHOT_NAME} characters`);

export const ViewNameSchema = z
  .string()
  .trim()
  .min(1, 'View name is empty')
  .max(MAX_VIEW_NAME, `View name is over ${MAX_VIEW_NAME} characters`);
