import { z } from 'zod';
import { ProviderIdSchema } from '@/lib/providers/registry';
import { ProfileNameSchema } from './profile';

const ProfileIdSchema = z.string().min(1).max(100);

/** The popup asks which profile serves the page: the detected id it binds by, and its own choice. */
export const ServingProfileRequestSchema = z.object({
  provider: ProviderIdSchema,
  /** Datadog: the application id; PostHog: the project token; null when none was detected. */
  detectedId: z.string().max(200).nullable(),
  /** Chosen in the popup for this page; absent: the binding rule picks. */
  profileId: ProfileIdSchema.optional(),
});

/** Names only: pages never see a profile's keys. */
export const ServingProfileSchema = z.object({
  profiles: z.array(z.object({ id: ProfileIdSchema, name: ProfileNameSchema })),
  serving: z.object({
    id: ProfileIdSchema,
    name: ProfileNameSchema,
    reason: z.enum(['bound', 'default', 'chosen']),
  }),
});
export type ServingProfile = z.infer<typeof ServingProfileSchema>;
