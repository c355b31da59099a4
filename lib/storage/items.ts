import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { type RecentSave, RecentSavesSchema, withRecentSave } from '@/lib/jobs/recent';
import {
  type ManagedRead,
  type MergedProfile,
  mergeManaged,
  readManagedPolicy,
} from '@/lib/profiles/managed';
import {
  firstProfiles,
  type StoredProviderProfiles,
  StoredProviderProfilesSchema,
} from '@/lib/profiles/profile';
import {
  PROVIDERS,
  type ProviderId,
  type SaveJob,
  SaveJobSchema,
  type SettingsOf,
} from '@/lib/providers/registry';
import { isRecord } from '@/lib/shared/is-record';
import { type CheckedSettings, checkStoredSettings } from '@/lib/shared/stored-settings';
import { jobV1ToV2, jobV2ToV3, settingsV1ToV2, settingsV2ToV3, settingsV3ToV4 } from './migrations';

/**
 * Every storage item of the extension, declared once, each with its version and migrations.
 * Values are typed `unknown` on purpose: storage is a boundary (older versions, manual edits,
 * corruption), so each read goes through zod. Only the background imports this module; pages get
 * what they need through messages.
 */

/**
 * `{[providerId]: {defaultId, profiles}}` (lib/profiles/profile.ts): each profile holds that
 * provider's settings, keys included.
 */
const settingsItem = storage.defineItem<unknown>('local:settings', {
  version: 4,
  migrations: { 2: settingsV1ToV2, 3: settingsV2ToV3, 4: settingsV3ToV4 },
});

const JOB_PREFIX = 'job:';
const JOB_VERSION = 3;
/**
 * One item per save, so concurrent saves never overwrite each other's progress. Defining an item
 * costs storage round trips (its migration check), so it is used only to migrate an outdated job:
 * current jobs are read in one call with their version mark (`<key>$`, @wxt-dev/storage's), and
 * written with it, because every save reads all jobs and writes its own several times.
 */
const jobItem = (id: string) =>
  storage.defineItem<unknown>(`local:${JOB_PREFIX}${id}`, {
    version: JOB_VERSION,
    migrations: { 2: jobV1ToV2, 3: jobV2ToV3 },
  });
const jobKey = (id: string) => `${JOB_PREFIX}${id}`;
const versionMarkKey = (key: string) => `${key}$`;

async function storedSettings(): Promise<Record<string, unknown>> {
  const value = await settingsItem.getValue();
  return isRecord(value) ? value : {};
}

/** One provider's stored profiles; nothing stored (or unreadable) reads as one profile of defaults. */
async function storedProfiles(provider: ProviderId): Promise<StoredProviderProfiles> {
  const entry = (await storedSettings())[provider];
  const parsed = StoredProviderProfilesSchema.safeParse(entry);
  return parsed.success ? parsed.data : firstProfiles(entry);
}

/**
 * Where the organisation's policy is read from. Production: `storage.managed`. The e2e build reads
 * a test-only `session:e2eManagedPolicy` instead (tests cannot install an enterprise policy); that
 * branch is compiled out of production builds. Unit tests replace it with `setManagedSource`.
 */
let managedSource: () => Promise<unknown> =
  import.meta.env.MODE === 'e2e'
    ? () => storage.getItem<unknown>('session:e2eManagedPolicy')
    : () => browser.storage.managed.get(null);

/** Tests: read the policy from `source` instead. */
export function setManagedSource(source: () => Promise<unknown>): void {
  managedSource = source;
}

/** The organisation's policy (lib/profiles/managed.ts), or why it is ignored. */
export function readManaged(): Promise<ManagedRead> {
  return readManagedPolicy(managedSource);
}

/** A profile as the background uses it: its settings checked by the provider's rules. */
export interface CheckedProfile<P extends ProviderId> extends CheckedSettings<SettingsOf<P>> {
  id: string;
  name: string;
  bindings: string[];
  /** The settings fields the organisation fixed; null for the person's own profiles. */
  managedFields: string[] | null;
}

export interface ProviderProfiles<P extends ProviderId> {
  defaultId: string;
  profiles: CheckedProfile<P>[];
}

/** One provider's profiles, the person's and the organisation's merged (settings unchecked). */
export async function readMergedProfiles(
  provider: ProviderId,
): Promise<{ defaultId: string; profiles: MergedProfile[] }> {
  const { policy } = await readManaged();
  return mergeManaged(await storedProfiles(provider), policy[provider], PROVIDERS[provider].defaultSettings);
}

/**
 * One provider's profiles, each with what needs fixing when its stored settings fail today's
 * rules (fields that fail read as their defaults; see checkStoredSettings).
 */
export async function readProfiles<P extends ProviderId>(provider: P): Promise<ProviderProfiles<P>> {
  const definition = PROVIDERS[provider];
  const stored = await readMergedProfiles(provider);
  // Sentences name the profile only when there is more than one to tell apart.
  const labelOf = (name: string) =>
    stored.profiles.length > 1 ? `${definition.label} (${name})` : definition.label;
  return {
    defaultId: stored.defaultId,
    profiles: stored.profiles.map(({ id, name, bindings, settings, managedFields }) => ({
      id,
      name,
      bindings,
      managedFields,
      ...checkStoredSettings<SettingsOf<P>>(
        definition.settingsSchema,
        definition.defaultSettings as SettingsOf<P>,
        settings,
        labelOf(name),
      ),
    })),
  };
}

/**
 * The profile `profileId` names, else the default. A named profile that no longer exists is
 * refused with a sentence: a save that started with one profile's keys never goes on with another's.
 */
export async function readProfile<P extends ProviderId>(
  provider: P,
  profileId?: string,
): Promise<CheckedProfile<P>> {
  const { defaultId, profiles } = await readProfiles(provider);
  const wanted = profileId ?? defaultId;
  const profile =
    profiles.find((p) => p.id === wanted) ?? (profileId === undefined ? profiles[0] : undefined);
  if (!profile) {
    throw new Error(
      `The ${PROVIDERS[provider].label} profile this was started with has been deleted; nothing was sent with other keys.`,
    );
  }
  return profile;
}

/**
 * One profile's settings as stored (the default profile's when `profileId` is omitted), and what
 * needs fixing when they fail today's rules. Calls that send keys refuse while `problem` is set.
 */
export async function readCheckedSettings<P extends ProviderId>(
  provider: P,
  profileId?: string,
): Promise<CheckedSettings<SettingsOf<P>>> {
  const { settings, problem } = await readProfile(provider, profileId);
  return { settings, problem };
}

/** One profile's settings; fields that fail today's rules read as their defaults. */
export async function readSettings<P extends ProviderId>(
  provider: P,
  profileId?: string,
): Promise<SettingsOf<P>> {
  return (await readCheckedSettings(provider, profileId)).settings;
}

/**
 * Writes one profile's settings (the default profile's when `profileId` is omitted); every other
 * profile and provider is kept exactly as stored.
 */
export async function writeSettings<P extends ProviderId>(
  provider: P,
  settings: SettingsOf<P>,
  profileId?: string,
): Promise<void> {
  const valid = PROVIDERS[provider].settingsSchema.parse(settings);
  const stored = await storedProfiles(provider);
  const target = profileId ?? (await readMergedProfiles(provider)).defaultId;
  const managed = (await readProfiles(provider)).profiles.find((p) => p.id === target && p.managedFields);
  if (managed?.managedFields) {
    // Only what the organisation left open (typically the keys) is the person's to store.
    const open = Object.fromEntries(
      Object.entries(valid).filter(([field]) => !managed.managedFields?.includes(field)),
    );
    await writeProfiles(provider, {
      ...stored,
      managedSettings: { ...stored.managedSettings, [target]: open },
    });
    return;
  }
  if (!stored.profiles.some((p) => p.id === target)) {
    throw new Error(`This ${PROVIDERS[provider].label} profile has been deleted.`);
  }
  await writeProfiles(provider, {
    ...stored,
    profiles: stored.profiles.map((p) => (p.id === target ? { ...p, settings: valid } : p)),
  });
}

/** Replaces one provider's profiles (checked again); the other providers' entries are kept. */
export async function writeProfiles(provider: ProviderId, profiles: StoredProviderProfiles): Promise<void> {
  const valid = StoredProviderProfilesSchema.parse(profiles);
  await settingsItem.setValue({ ...(await storedSettings()), [provider]: valid });
}

/** One provider's profiles as stored (settings unchecked), for edits that keep the settings as they are. */
export function readStoredProfiles(provider: ProviderId): Promise<StoredProviderProfiles> {
  return storedProfiles(provider);
}

/** A job as stored beside its version mark: parsed at once when current, else migrated first. */
async function parseStoredJob(id: string, value: unknown, versionMark: unknown): Promise<SaveJob | null> {
  if (value === undefined) return null;
  const current = isRecord(versionMark) && versionMark.v === JOB_VERSION;
  const parsed = SaveJobSchema.safeParse(current ? value : await jobItem(id).getValue());
  return parsed.success ? parsed.data : null;
}

export async function readJob(id: string): Promise<SaveJob | null> {
  const key = jobKey(id);
  const stored = await browser.storage.local.get([key, versionMarkKey(key)]);
  return parseStoredJob(id, stored[key], stored[versionMarkKey(key)]);
}

export async function writeJob(job: SaveJob): Promise<void> {
  const valid = SaveJobSchema.parse(job);
  const key = jobKey(job.id);
  try {
    await browser.storage.local.set({ [key]: valid, [versionMarkKey(key)]: { v: JOB_VERSION } });
  } catch (error) {
    throw new Error(
      `The browser refused to store this save's progress (${error instanceof Error ? error.message : String(error)}): its storage may be full.`,
    );
  }
}

/** Forget a job and anything kept for it (a captured picture waiting to be uploaded). */
export async function removeJob(id: string): Promise<void> {
  const key = jobKey(id);
  await browser.storage.local.remove([key, versionMarkKey(key)]);
  await removeCapturedPictures(id);
}

/**
 * All stored jobs that parse (migrated first). One that does not (corrupt, or written by a newer
 * version) is removed: nothing could ever run, show or finish it, and it must not block the others.
 */
export async function readAllJobs(): Promise<SaveJob[]> {
  const all = await browser.storage.local.get(null);
  const ids = Object.keys(all)
    .filter((key) => key.startsWith(JOB_PREFIX) && !key.endsWith('$'))
    .map((key) => key.slice(JOB_PREFIX.length));
  const jobs = await Promise.all(
    ids.map((id) => parseStoredJob(id, all[jobKey(id)], all[versionMarkKey(jobKey(id))])),
  );
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

const definedItems = new Map<string, ReturnType<typeof storage.defineItem<unknown>>>();
/**
 * An item whose schema lives with the code that reads it, defined once per key: defining an
 * item reads storage, and a signed-in save reads its grant per request.
 */
function itemDefinedOnce(key: `local:${string}` | `session:${string}`) {
  let item = definedItems.get(key);
  if (!item) {
    item = storage.defineItem<unknown>(key, { version: 1 });
    definedItems.set(key, item);
  }
  return item;
}

/**
 * A provider's sign-in (OAuth tokens) for one profile, read and parsed by the provider
 * (its schema lives in the provider's oauth folder). `session` by default: gone when the browser closes, never
 * on disk; `local` only when the person chose to stay signed in. Only one area holds it at a time.
 */
function grantItem(area: 'session' | 'local', provider: ProviderId, profileId: string) {
  return itemDefinedOnce(`${area}:grant:${provider}:${profileId}`);
}

export async function readGrant(provider: ProviderId, profileId: string): Promise<unknown> {
  return (
    (await grantItem('session', provider, profileId).getValue()) ??
    (await grantItem('local', provider, profileId).getValue())
  );
}

export async function writeGrant(
  provider: ProviderId,
  profileId: string,
  grant: unknown,
  persist: boolean,
): Promise<void> {
  await grantItem(persist ? 'local' : 'session', provider, profileId).setValue(grant);
  await grantItem(persist ? 'session' : 'local', provider, profileId).removeValue({ removeMeta: true });
}

export async function removeGrant(provider: ProviderId, profileId: string): Promise<void> {
  await grantItem('session', provider, profileId).removeValue({ removeMeta: true });
  await grantItem('local', provider, profileId).removeValue({ removeMeta: true });
}

/**
 * The OAuth clients this installation registered with a provider (Dynamic Client Registration),
 * read and parsed by the provider's oauth folder. Local: a client outlives the browser session;
 * it holds no secret (registered clients are public).
 */
function oauthClientsItem(provider: ProviderId) {
  return itemDefinedOnce(`local:oauthClients:${provider}`);
}

export const readOAuthClients = (provider: ProviderId): Promise<unknown> =>
  oauthClientsItem(provider).getValue();
export const writeOAuthClients = (provider: ProviderId, clients: unknown): Promise<void> =>
  oauthClientsItem(provider).setValue(clients);

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
