import { z } from 'zod';
import { HttpError } from './http';

/**
 * Turns zod issues into Datadog-style error strings that name the field path, e.g.
 * `data.attributes.start is required` or `data.attributes.start must be an integer`.
 * Parsing uses `reportInput` so a missing key (input undefined, impossible in JSON) can be told from a wrong type.
 */
export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, where: Where = {}): z.output<T> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  throw issuesToError(result.error.issues, where);
}

/** `root` names the value itself (empty path); `context` prefixes every message, e.g. "RUM batch line 3". */
export interface Where {
  root?: string;
  context?: string;
}

export function issuesToError(
  issues: readonly z.core.$ZodIssue[],
  { root = 'body', context }: Where,
): HttpError {
  const messages = issues.map((issue) => describeIssue(issue, root));
  const prefixed = context ? messages.map((m) => `${context}: ${m}`) : messages;
  return new HttpError(400, prefixed.length > 0 ? prefixed : [`${context ?? root} is invalid`]);
}

const ARTICLES: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  object: 'an object',
  array: 'an array',
};

function describeIssue(issue: z.core.$ZodIssue, root: string): string {
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : root;
  if (issue.input === undefined && (issue.code === 'invalid_type' || issue.code === 'invalid_value')) {
    return `${path} is required`;
  }
  // Schemas phrase their own messages as "must ..." so they read naturally after the path.
  if (issue.message.startsWith('must ')) return `${path} ${issue.message}`;
  switch (issue.code) {
    case 'invalid_type':
      return `${path} must be ${ARTICLES[issue.expected] ?? issue.expected}`;
    case 'invalid_value':
      return `${path} must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
    case 'too_small':
      return `${path} is out of range (${issue.message})`;
    case 'unrecognized_keys':
      return `${path} has unknown field(s): ${issue.keys.join(', ')}`;
    default:
      return `${path} is invalid: ${issue.message}`;
  }
}

/** An integer field whose every failure (wrong type, fraction, beyond 2^53) reads "must be an integer". */
export const integer = () => z.int({ error: 'must be an integer' });
