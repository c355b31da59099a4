import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { type SaveJob, SaveJobSchema } from '@/lib/capture/job';
import { DEFAULT_SETTINGS, type Settings, SettingsSchema } from './settings';

/**
 * Every storage item of the extension, in one place. Values are typed `unknown` on purpose:
 * storage is a boundary (older versions, manual edits, corruption), so each read goes through zod.
 * Only the background imports this module; pages get what they need through messages.
 */
const settingsItem = storage.defineItem<unknown>('local:settings');
const JOB_PREFIX = 'job:';
const jobItem = (id: string) => storage.defineItem<unknown>(`local:${JOB_PREFIX}${id}`);

/** Settings as stored, or the defaults when nothing valid is stored. */
export async function readSettings(): Promise<Settings> {
  const parsed = SettingsSchema.safeParse(await settingsItem.getValue());
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export async function writeSettings(settings: Settings): Promise<void> {
  await settingsItem.setValue(SettingsSchema.parse(settings));
}

/** One item per job, so concurrent saves never overwrite each other's progress. */
export async function readJob(id: string): Promise<SaveJob | null> {
  const parsed = SaveJobSchema.safeParse(await jobItem(id).getValue());
  return parsed.success ? parsed.data : null;
}

export async function writeJob(job: SaveJob): Promise<void> {
  await jobItem(job.id).setValue(SaveJobSchema.parse(job));
}

export async function removeJob(id: string): Promise<void> {
  await jobItem(id).removeValue();
}

/** All stored jobs that still parse; a corrupt one is skipped, never allowed to block the others. */
export async function readAllJobs(): Promise<SaveJob[]> {
  const all = await browser.storage.local.get(null);
  return Object.entries(all)
    .filter(([key]) => key.startsWith(JOB_PREFIX))
    .flatMap(([, value]) => {
      const parsed = SaveJobSchema.safeParse(value);
      return parsed.success ? [parsed.data] : [];
    });
}

/**
 * Keep storage away from untrusted contexts where the browser allows it. This extension has no
 * content scripts, so no untrusted context of ours exists; this guards against adding one later.
 * Chrome supports the call on `session` (and, in recent versions, `local`); Firefox has none.
 */
export async function restrictStorageToTrustedContexts(): Promise<void> {
  for (const area of [browser.storage.local, browser.storage.session] as unknown[]) {
    const setAccessLevel = (area as { setAccessLevel?: (options: { accessLevel: string }) => Promise<void> })
      ?.setAccessLevel;
    try {
      await setAccessLevel?.call(area, { accessLevel: 'TRUSTED_CONTEXTS' });
    } catch {
      // Not supported for this area in this browser: nothing else to do.
    }
  }
}
