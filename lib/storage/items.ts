import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { type RecentSave, RecentSavesSchema, withRecentSave } from '@/lib/jobs/recent';
import {
  PROVIDERS,
  type ProviderId,
  type SaveJob,
  SaveJobSchema,
  type SettingsOf,
} from '@/lib/providers/registry';
import { isRecord } from '@/lib/shared/is-record';
import { type CheckedSettings, checkStoredSettings } from '@/lib/shared/stored-settings';
import { jobV1ToV2, jobV2ToV3, settingsV1ToV2 } from './migrations';

/**
 * Every storage item of the extension, declared once, each with its version and migrations.
 * Values are typed `unknown` on purpose: storage is a boundary (older versions, manual edits,
 * corruption), so each read goes through zod. Only the background imports this module; pages get
 * what they need through messages.
 */

/** `{[providerId]: that provider's settings}`, keys included. */
const settingsItem = storage.defineItem<unknown>('local:settings', {
  version: 2,
  migrations: { 2: settingsV1ToV2 },
});

const JOB_PREFIX = 'job:';
/** One item per save, so concurrent saves never overwrite each other's progress. */
const jobItem = (id: string) =>
  storage.defineItem<unknown>(`local:${JOB_PREFIX}${id}`, {
    version: 3,
    migrations: { 2: jobV1ToV2, 3: jobV2ToV3 },
  });

async function storedSettings(): Promise<Record<string, unknown>> {
  const value = await settingsItem.getValue();
  return isRecord(value) ? value : {};
}

/**
 * One provider's settings as stored, and what needs fixing when they fail today's rules (fields
 * that fail read as their defaults; see checkStoredSettings). Calls that send keys refuse while
 * `problem` is set.
 */
export async function readCheckedSettings<P extends ProviderId>(
  provider: P,
): Promise<CheckedSettings<SettingsOf<P>>> {
  const definition = PROVIDERS[provider];
  return checkStoredSettings<SettingsOf<P>>(
    definition.settingsSchema,
    definition.defaultSettings as SettingsOf<P>,
    (await storedSettings())[provider],
    definition.label,
  );
}

/** One provider's settings as stored; fields that fail today's rules read as their defaults. */
export async function readSettings<P extends ProviderId>(provider: P): Promise<SettingsOf<P>> {
  return (await readCheckedSettings(provider)).settings;
}

/** Writes one provider's settings; the other providers' stored settings are kept exactly as they are. */
export async function writeSettings<P extends ProviderId>(
  provider: P,
  settings: SettingsOf<P>,
): Promise<void> {
  const valid = PROVIDERS[provider].settingsSchema.parse(settings);
  await settingsItem.setValue({ ...(await storedSettings()), [provider]: valid });
}

export async function readJob(id: string): Promise<SaveJob | null> {
  const parsed = SaveJobSchema.safeParse(await jobItem(id).getValue());
  return parsed.success ? parsed.data : null;
}

export async function writeJob(job: SaveJob): Promise<void> {
  const valid = SaveJobSchema.parse(job);
  try {
    await jobItem(job.id).setValue(valid);
  } catch (error) {
    throw new Error(
      `The browser refused to store this save's progress (${error instanceof Error ? error.message : String(error)}): its storage may be full.`,
    );
  }
}

/** Forget a job and anything kept for it (a captured picture waiting to be uploaded). */
export async function removeJob(id: string): Promise<void> {
  await jobItem(id).removeValue({ removeMeta: true });
  await removeCapturedPictures(id);
}

/** Ids of every stored job (the `$` keys beside them are their version marks). */
async function storedJobIds(): Promise<string[]> {
  const all = await browser.storage.local.get(null);
  return Object.keys(all)
    .filter((key) => key.startsWith(JOB_PREFIX) && !key.endsWith('$'))
    .map((key) => key.slice(JOB_PREFIX.length));
}

/**
 * All stored jobs that parse (migrated first). One that does not (corrupt, or written by a newer
 * version) is removed: nothing could ever run, show or finish it, and it must not block the others.
 */
export async function readAllJobs(): Promise<SaveJob[]> {
  const ids = await storedJobIds();
  const jobs = await Promise.all(ids.map(readJob));
  await Promise.all(ids.map((id, index) => (jobs[index] === null ? removeJob(id) : undefined)));
  return jobs.filter((job) => job !== null);
}

/** Finished saves, newest first, at most 20 (lib/jobs/recent.ts): one item, so the list is written whole. */
const recentSavesItem = storage.defineItem<unknown>('local:recentSaves', { version: 1 });

/** The recent saves; a stored value that does not parse reads as none. */
export async function readRecentSaves(): Promise<RecentSave[]> {
  const parsed = RecentSavesSchema.safeParse(await recentSavesItem.getValue());
  return parsed.success ? parsed.data : [];
}

/**
 * Changes to the recent saves, one after another: saves ending together would otherwise each read
 * the list before the other's write and drop it. Only the background writes the list.
 */
let recentSavesChanges: Promise<unknown> = Promise.resolve();
function changeRecentSaves(change: () => Promise<void>): Promise<void> {
  const next = recentSavesChanges.then(change);
  recentSavesChanges = next.catch(() => undefined);
  return next;
}

/** Adds a finished save to the recent saves, once per job id. */
export function rememberRecentSave(save: RecentSave): Promise<void> {
  return changeRecentSaves(async () => {
    await recentSavesItem.setValue(RecentSavesSchema.parse(withRecentSave(await readRecentSaves(), save)));
  });
}

export function clearRecentSaves(): Promise<void> {
  return changeRecentSaves(() => recentSavesItem.removeValue({ removeMeta: true }));
}

/**
 * Tab captures waiting to be uploaded, as `data:image/jpeg` URLs, by job id and width (one per
 * width the page was pictured at), with the job's list of widths under the job id so they can all
 * be forgotten at once (a key written there by version 2, a single picture, is forgotten alike).
 * Session storage: it survives the worker stopping (the job resumes and uploads them) but not the
 * browser closing, and a picture of the person's page never lands on disk. Read and written as
 * plain keys, not defined items: they have no migrations, and defining one reads the whole picture
 * (megabytes) first.
 */
const capturedWidthsKey = (jobId: string) => `session:capture:${jobId}` as const;
const capturedPictureKey = (jobId: string, width: number) => `session:capture:${jobId}:${width}` as const;

const JPEG_DATA_URL = /^data:image\/jpeg;base64,[A-Za-z0-9+/=]+$/;

async function capturedWidths(jobId: string): Promise<number[]> {
  const value = await storage.getItem<unknown>(capturedWidthsKey(jobId));
  return Array.isArray(value) ? value.filter((width) => Number.isInteger(width)) : [];
}

export async function readCapturedPicture(jobId: string, width: number): Promise<string | null> {
  const value = await storage.getItem<unknown>(capturedPictureKey(jobId, width));
  return typeof value === 'string' && JPEG_DATA_URL.test(value) ? value : null;
}

export async function writeCapturedPicture(jobId: string, width: number, dataUrl: string): Promise<void> {
  if (!JPEG_DATA_URL.test(dataUrl)) throw new Error('The captured picture is not a JPEG.');
  const widths = await capturedWidths(jobId);
  // The list first: a picture is never stored without being listed for removal.
  if (!widths.includes(width)) await storage.setItem(capturedWidthsKey(jobId), [...widths, width]);
  await storage.setItem(capturedPictureKey(jobId, width), dataUrl);
}

export async function removeCapturedPictures(jobId: string): Promise<void> {
  const widths = await capturedWidths(jobId);
  await storage.removeItems(widths.map((width) => capturedPictureKey(jobId, width)));
  await storage.removeItem(capturedWidthsKey(jobId));
}

/**
 * Keep storage away from untrusted contexts where the browser allows it. The extension's content
 * scripts (the page probe, the tab capture) never read storage; this makes sure they cannot.
 * Chrome supports the call on `session` (and, in recent versions, `local`); Firefox has none.
 */
export async function restrictStorageToTrustedContexts(): Promise<void> {
  for (const area of [browser.storage.local, browser.storage.session]) {
    try {
      await area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
    } catch {
      // Not supported for this area in this browser: nothing else to do.
    }
  }
}
