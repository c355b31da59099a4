import { z } from 'zod/mini';
import { ProviderIdSchema, type SaveJob } from '@/lib/providers/registry';
import { JobBaseSchema } from './job';

/** How many finished saves the popup's "Recent saves" keeps; older ones are dropped. */
export const MAX_RECENT_SAVES = 20;

/** One finished save, kept locally so the popup can link to it later, whatever the provider. */
export const RecentSaveSchema = z.object({
  /** The save's job id: a save is listed once, however often its final write is retried. */
  jobId: JobBaseSchema.shape.id,
  provider: ProviderIdSchema,
  label: JobBaseSchema.shape.label,
  savedAt: z.int().check(z.positive()),
  /** Where the result is in the provider's web app (the link its popup offers); null when unknown. */
  link: z.nullable(z.url({ protocol: /^https?$/ }).check(z.maxLength(4096))),
});
export type RecentSave = z.infer<typeof RecentSaveSchema>;

export const RecentSavesSchema = z.array(RecentSaveSchema).check(z.maxLength(MAX_RECENT_SAVES));

/** The list with `save` added: newest first, each job once, at most `MAX_RECENT_SAVES`. */
export function withRecentSave(list: readonly RecentSave[], save: RecentSave): RecentSave[] {
  if (list.some((entry) => entry.jobId === save.jobId)) return [...list];
  return [save, ...list].sort((a, b) => b.savedAt - a.savedAt).slice(0, MAX_RECENT_SAVES);
}

/** The entry for a finished save; `link` is its provider's (`ProviderJobs.resultLink`). */
export function recentSaveOf(job: SaveJob, link: string | null, savedAt: number): RecentSave {
  return { jobId: job.id, provider: job.provider, label: job.label, savedAt, link };
}
