import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Which keys a route needs: `/api/v1/validate` checks the API key only, everything else both. */
export type AuthRequirement = 'apiKey' | 'apiAndAppKey';

export interface Keys {
  apiKey: string;
  appKey: string;
}

/** A Datadog organisation the sandbox knows: its keys, and a name tests use to tell orgs apart. */
export interface Org extends Keys {
  name: string;
}

export function isAuthorized(req: IncomingMessage, keys: Keys, requirement: AuthRequirement): boolean {
  const apiOk = sameSecret(req.headers['dd-api-key'], keys.apiKey);
  if (requirement === 'apiKey') return apiOk;
  return apiOk && sameSecret(req.headers['dd-application-key'], keys.appKey);
}

/** The org whose keys the request carries (as `requirement` checks them), or null: a 403. */
export function orgOf<O extends Org>(
  req: IncomingMessage,
  orgs: readonly O[],
  requirement: AuthRequirement,
): O | null {
  return orgs.find((org) => isAuthorized(req, org, requirement)) ?? null;
}

/** The token of an `Authorization: Bearer <token>` header, else null. */
export function bearerTokenOf(req: IncomingMessage): string | null {
  const match = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '');
  return match?.[1] ?? null;
}

/** Whether the request carries either Datadog key header (a bearer request must carry none). */
export function carriesKeys(req: IncomingMessage): boolean {
  return req.headers['dd-api-key'] !== undefined || req.headers['dd-application-key'] !== undefined;
}

/** Constant-time comparison; a repeated header (array) is never valid. */
export function sameSecret(given: string | string[] | undefined, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
