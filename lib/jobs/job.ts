import { z } from 'zod';
import type { SaveJob } from '@/lib/providers/registry';

/**
 * What every save has, whatever the provider: kept in storage from the click until the provider
 * answers, so closing the popup or the service worker going to sleep never loses it. A provider's
 * job schema extends this with `provider` (its id, the discriminator) and its own context, input
 * and result.
 *
 * `waiting`: nothing was written at the provider yet, so running it again is harmless.
 * `sending`: the write request may have reached the provider.
 */
export const JobStateSchema = z.enum(['waiting', 'sending', 'done', 'failed']);
export type JobState = z.infer<typeof JobStateSchema>;

export const JobBaseSchema = z.object({
  id: z.string().min(1).max(100),
  createdAt: z.number(),
  /** How the popup names this save in lists, e.g. `“Checkout · 2026-11-25 10:00” · /checkout`. */
  label: z.string().max(1300),
  state: JobStateSchema,
  /** A sentence for the popup: what the job is doing now, or how it ended. */
  progress: z.string().max(1000),
  attempts: z.number().int().nonnegative(),
  error: z.string().max(2000).optional(),
  /** When the provider write was first sent (epoch ms): from then on the provider may hold it. */
  sentAt: z.number().int().positive().optional(),
});
export type JobBase = z.infer<typeof JobBaseSchema>;

/** What a provider's job runner gets from the core: time, sleeping, and writing progress. */
export interface JobDeps {
  now(): number;
  sleep(ms: number): Promise<void>;
  update(job: SaveJob): Promise<void>;
}

/** A new job's common fields; the provider adds its own. */
export function newJobBase(label: string, now: number): JobBase {
  return {
    id: crypto.randomUUID(),
    createdAt: now,
    label,
    state: 'waiting',
    progress: 'Starting…',
    attempts: 0,
  };
}
