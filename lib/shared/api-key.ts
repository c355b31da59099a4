import { z } from 'zod/mini';

/**
 * The one rule for API keys of every provider: printable ASCII and bounded. Keys are opaque to
 * us, but every provider's keys are ASCII tokens, and a key that is not cannot be sent in a
 * header at all: refusing it here names the real problem (a paste that carried a space, an
 * invisible or a typographic character) instead of a "network" error later.
 */
export const MAX_API_KEY = 200;

/** The problem with `key`, as a sentence fragment naming the field; null when it is fine. */
export function apiKeyProblem(key: string, label: string, max = MAX_API_KEY): string | null {
  if (key.length > max) return `${label} is over ${max} characters`;
  if (/\s/.test(key)) return `${label} contains spaces or line breaks`;
  if (/[\p{Cc}\p{Cf}\p{Cs}]/u.test(key)) {
    return `${label} contains an invisible character (such as a zero-width space): copy it again`;
  }
  const foreign = /[^\x21-\x7E]/u.exec(key);
  if (foreign) return `${label} contains “${foreign[0]}”, which keys never contain: copy it again`;
  return null;
}

export function apiKeySchema(label: string, max = MAX_API_KEY) {
  return z.string().check(
    z.superRefine((key, context) => {
      const message = apiKeyProblem(key, label, max);
      if (message !== null) context.addIssue({ code: 'custom', message });
    }),
  );
}
