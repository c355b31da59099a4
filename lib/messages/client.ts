import { browser } from 'wxt/browser';
import { type MessageType, PROTOCOL, ReplySchema, type RequestOf, type ResponseOf } from './protocol';

/**
 * Ask the background for something. Resolves with the validated answer; rejects with an Error
 * whose message is a sentence the page can show as is.
 */
export async function request<T extends MessageType>(type: T, payload: RequestOf<T>): Promise<ResponseOf<T>> {
  let raw: unknown;
  try {
    raw = await browser.runtime.sendMessage({ type, payload });
  } catch (error) {
    throw new Error(
      `The extension's background did not answer (${(error as Error).message}). Reload the extension.`,
    );
  }
  const reply = ReplySchema.safeParse(raw);
  if (!reply.success)
    throw new Error('The extension background sent an answer this page does not understand.');
  if (!reply.data.ok) throw new Error(reply.data.error);
  const data = PROTOCOL[type].response.safeParse(reply.data.data);
  if (!data.success) throw new Error(`The answer to "${type}" did not have the expected shape.`);
  return data.data as ResponseOf<T>;
}
