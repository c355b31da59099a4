import { z } from 'zod';

/** zod for what posthog-js posts to `/ph/...`. Only the fields the index reads are checked. */

const Id = z.union([z.string(), z.number()]).transform(String);

export const CapturedEventSchema = z.looseObject({
  event: z.string().min(1).max(400),
  distinct_id: Id.optional(),
  token: z.string().optional(),
  properties: z
    .looseObject({
      distinct_id: Id.optional(),
      token: z.string().optional(),
      $session_id: z.string().optional(),
      $current_url: z.string().optional(),
      $snapshot_data: z.array(z.unknown()).optional(),
    })
    .optional(),
});
export type CapturedEvent = z.infer<typeof CapturedEventSchema>;

const Events = z.array(CapturedEventSchema).max(10_000);

/** `/e/`, `/i/v0/e/`, `/batch/`: `{api_key, batch, sent_at}`, an array, or one event; `/s/`: an array. */
export const CapturePayloadSchema = z.union([
  z.looseObject({ api_key: z.string().optional(), batch: Events }),
  Events.transform((batch) => ({ batch, api_key: undefined })),
  CapturedEventSchema.transform((event) => ({ batch: [event], api_key: undefined })),
]);

export const FlagsRequestSchema = z.looseObject({
  token: z.string().min(1),
  distinct_id: Id.optional(),
});
