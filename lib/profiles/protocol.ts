import { z } from 'zod/mini';
import { ProviderIdSchema } from '@/lib/providers/registry';
import { ProfileChoice, ProfileIdSchema, ProfileNameSchema } from './profile';

/** The popup asks which profile serves the page: the detected id it binds by, and its own choice. */
export const ServingProfileRequestSchema = z.object({
  provider: ProviderIdSchema,
  /** Datadog: the application id; PostHog: the project token; null when none was detected. */
  detectedId: z.nullable(z.string().check(z.maxLength(200))),
  ...ProfileChoice,
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

/** One provider's profiles as the options page lists them: names and bindings, never keys. */
export const ProfilesListSchema = z.object({
  defaultId: ProfileIdSchema,
  profiles: z.array(
    z.object({
      id: ProfileIdSchema,
      name: ProfileNameSchema,
      bindings: z.array(z.string().check(z.maxLength(200))),
      /** Set by the organisation (lib/profiles/managed.ts): `all` fixes every field, `some` leaves some open (keys). */
      managed: z.enum(['no', 'some', 'all']),
    }),
  ),
  /** Why the organisation's policy is ignored, when it is; else null. */
  policyProblem: z.nullable(z.string()),
});
export type ProfilesList = z.infer<typeof ProfilesListSchema>;

/** An edit from the options page; bindings come as typed (commas or lines), checked in the background. */
export const ProfileChangeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('add'), name: ProfileNameSchema }),
  z.object({ kind: z.literal('rename'), id: ProfileIdSchema, name: ProfileNameSchema }),
  z.object({ kind: z.literal('delete'), id: ProfileIdSchema }),
  z.object({ kind: z.literal('set-default'), id: ProfileIdSchema }),
  z.object({ kind: z.literal('bindings'), id: ProfileIdSchema, text: z.string().check(z.maxLength(20_000)) }),
]);
export type ProfileChange = z.infer<typeof ProfileChangeSchema>;

export const PROFILE_MESSAGES = {
  /** Which profile serves the page, and the others to switch to. */
  'serving-profile': { request: ServingProfileRequestSchema, response: ServingProfileSchema },
  'list-profiles': { request: z.object({ provider: ProviderIdSchema }), response: ProfilesListSchema },
  'change-profiles': {
    request: z.object({ provider: ProviderIdSchema, change: ProfileChangeSchema }),
    response: ProfilesListSchema,
  },
} as const;
