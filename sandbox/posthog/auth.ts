import type { IncomingMessage } from 'node:http';
import { sameSecret } from '../api/auth';
import type { PostHogKey, Scope } from './defaults';
import { authenticationFailed, permissionDenied } from './errors';

/** Personal API keys: `Authorization: Bearer <key>` → the key's scopes, or 401; a scope → 403. */

export function authenticate(req: IncomingMessage, keys: readonly PostHogKey[]): PostHogKey {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || header.trim() === '') {
    throw authenticationFailed('Authentication credentials were not provided.');
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  const given = match?.[1];
  const key = given === undefined ? undefined : keys.find((k) => sameSecret(given, k.key));
  if (!key) throw authenticationFailed('Personal API key found in request Authorization header is invalid.');
  return key;
}

export function requireScope(key: PostHogKey, scope: Scope): void {
  if (!key.scopes.includes(scope)) throw permissionDenied(scope);
}
