import type { z } from 'zod/mini';
import { messageOf } from '@/lib/errors';
import {
  EnvelopeSchema,
  type MessageType,
  PROTOCOL,
  type Reply,
  type RequestOf,
  type ResponseOf,
} from '@/lib/messages/protocol';

/** What the background does for each message type `T` (all of them by default). */
export type Handlers<T extends MessageType = MessageType> = {
  [K in T]: (payload: RequestOf<K>) => Promise<ResponseOf<K>>;
};

/** Who sent a message, as the browser reports it (a subset of `runtime.MessageSender`). */
export interface Sender {
  id?: string;
  url?: string;
}

/**
 * Only our own extension pages (popup, options) may ask the background for anything: a web page
 * or another extension asking us to save or to reveal settings is refused before parsing.
 */
export function isOwnPage(sender: Sender, extensionId: string, extensionOrigin: string): boolean {
  return (
    sender.id === extensionId && typeof sender.url === 'string' && sender.url.startsWith(extensionOrigin)
  );
}

/** Validate a message, run its handler, and wrap the outcome in the reply envelope. Never throws. */
export async function route(message: unknown, handlers: Handlers): Promise<Reply> {
  const envelope = EnvelopeSchema.safeParse(message);
  if (!envelope.success) return { ok: false, error: 'Unknown message.' };
  const { type } = envelope.data;
  const schemas = PROTOCOL[type] as { request: z.ZodMiniType; response: z.ZodMiniType };
  const payload = schemas.request.safeParse(envelope.data.payload);
  if (!payload.success) {
    const issue = payload.error.issues[0];
    return {
      ok: false,
      error:
        `Invalid "${type}" request: ${issue?.path.join('.') || 'payload'} ${issue?.message ?? ''}`.trim(),
    };
  }
  try {
    const handler = handlers[type] as (payload: unknown) => Promise<unknown>;
    const data = schemas.response.parse(await handler(payload.data));
    return { ok: true, data };
  } catch (error) {
    return { ok: false, error: messageOf(error) };
  }
}
