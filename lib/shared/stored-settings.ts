import type { z } from 'zod/mini';
import { isRecord } from './is-record';

/** Settings read from storage, and why they need fixing when they no longer pass the rules. */
export interface CheckedSettings<T> {
  settings: T;
  /** A sentence saying what to fix; null when what is stored passes (or nothing is stored). */
  problem: string | null;
}

/**
 * Settings stored by an older version may fail today's rules (an `http:` proxy, a key with an
 * invisible character). They must not crash anything nor be used as they are: each field that
 * fails reads as its default, and the sentence names it, so the options page and every call
 * that would send keys can say what to fix.
 */
export function checkStoredSettings<T>(
  schema: z.ZodMiniObject,
  defaults: T,
  stored: unknown,
  provider: string,
): CheckedSettings<T> {
  if (stored === undefined) return { settings: defaults, problem: null };
  const whole = schema.safeParse(stored);
  if (whole.success) return { settings: whole.data as T, problem: null };
  const fix = (what: string) =>
    `Your saved ${provider} settings need fixing: ${what}. Correct them in the extension settings and Save.`;
  if (!isRecord(stored)) return { settings: defaults, problem: fix('they could not be read') };
  const settings: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  const problems: string[] = [];
  for (const [field, fieldSchema] of Object.entries(schema.shape)) {
    const parsed = (fieldSchema as z.ZodMiniType).safeParse(stored[field]);
    if (parsed.success) {
      settings[field] = parsed.data;
    } else {
      const issue = parsed.error.issues[0];
      problems.push(issue?.code === 'custom' ? issue.message : `${field} could not be read`);
    }
  }
  return { settings: settings as T, problem: fix(problems.join('; ')) };
}
