import { z } from 'zod/mini';
import { SiteIdSchema } from '../settings';
import { REFRESH_MARGIN_MS } from './config';
import type { TokenEndpoint, TokenSet } from './token-endpoint';

/**
 * A profile's sign-in as stored (lib/storage/items.ts `grant:`): its tokens, or the mark that
 * Datadog ended it (`signed-out`, so the options page and the popup can say "sign in again").
 * `apiBase`: the API origin it is refreshed and revoked on (`https://api.{site}` or the custom API
 * URL), `clientId`: the client it was issued to (refreshes and revocation must name the same one),
 * `site`: the org's site, as the callback's `domain` said.
 */
export const GrantSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('signed-in'),
    accessToken: z.string().check(z.minLength(1)),
    refreshToken: z.string().check(z.minLength(1)),
    /** Wall-clock ms: compared with the token's lifetime, which Datadog states from its answer. */
    expiresAt: z.number(),
    scope: z.string(),
    apiBase: z.string(),
    clientId: z.string().check(z.minLength(1)),
    site: SiteIdSchema,
    signedInAt: z.number(),
  }),
  z.object({ status: z.literal('signed-out'), site: SiteIdSchema, signedInAt: z.number() }),
]);
export type Grant = z.infer<typeof GrantSchema>;

/** Where grants live, by profile (injectable: unit tests keep them in a map). */
export interface GrantStorage {
  read(profileId: string): Promise<unknown>;
  write(profileId: string, grant: Grant, persist: boolean): Promise<void>;
  remove(profileId: string): Promise<void>;
}

/** Why no token can be had: never signed in, Datadog ended the grant, or it could not be asked. */
export type NoToken = 'not-signed-in' | 'signed-out' | 'unreachable';
export type AccessResult = { ok: true; token: string } | { ok: false; why: NoToken; message: string };

export const SIGNED_OUT_SENTENCE = 'Signed out: sign in again in the extension settings.';
const NOT_SIGNED_IN_SENTENCE = 'This profile signs in with Datadog: sign in in the extension settings first.';

export type SignedInGrant = Extract<Grant, { status: 'signed-in' }>;

/** Where a grant lives at Datadog: the API origin, the client it belongs to, the org's site. */
export type GrantOrigin = Pick<SignedInGrant, 'apiBase' | 'clientId' | 'site'>;

export function grantFromTokens(
  tokens: TokenSet,
  origin: GrantOrigin,
  now: number,
  signedInAt = now,
): SignedInGrant {
  return {
    status: 'signed-in',
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: now + tokens.expiresIn * 1000,
    scope: tokens.scope,
    apiBase: origin.apiBase,
    clientId: origin.clientId,
    site: origin.site,
    signedInAt,
  };
}

export interface GrantKeeperDeps {
  storage: GrantStorage;
  /** The token endpoint of the grant's API origin, as its client. */
  endpointFor(grant: GrantOrigin): TokenEndpoint;
  now?: () => number;
}

/**
 * Hands out access tokens, refreshing `REFRESH_MARGIN_MS` before expiry. One refresh per profile
 * at a time: Datadog rotates refresh tokens, so two refreshes racing with the same one would end
 * the grant. `invalid_grant` marks the profile signed out (stored, so every page can say so).
 */
export function createGrantKeeper(deps: GrantKeeperDeps) {
  const now = deps.now ?? Date.now;
  const refreshing = new Map<string, Promise<AccessResult>>();

  async function readGrant(profileId: string): Promise<Grant | null> {
    const parsed = GrantSchema.safeParse(await deps.storage.read(profileId));
    return parsed.success ? parsed.data : null;
  }

  async function refresh(profileId: string, persist: boolean, refused: string | null): Promise<AccessResult> {
    const grant = await readGrant(profileId);
    if (grant === null) return { ok: false, why: 'not-signed-in', message: NOT_SIGNED_IN_SENTENCE };
    if (grant.status === 'signed-out') return { ok: false, why: 'signed-out', message: SIGNED_OUT_SENTENCE };
    // Replaced meanwhile (by a refresh that ended just before this one started): use that one.
    if (grant.accessToken !== refused && grant.expiresAt - REFRESH_MARGIN_MS > now()) {
      return { ok: true, token: grant.accessToken };
    }
    const answer = await deps.endpointFor(grant).refresh(grant.refreshToken);
    if (answer.ok) {
      const next = grantFromTokens(answer.tokens, grant, now(), grant.signedInAt);
      await deps.storage.write(profileId, next, persist);
      return { ok: true, token: next.accessToken };
    }
    // A client Datadog no longer knows cannot refresh anything either: this grant is over.
    if (answer.failure === 'invalid-grant' || answer.failure === 'invalid-client') {
      await deps.storage.write(
        profileId,
        { status: 'signed-out', site: grant.site, signedInAt: grant.signedInAt },
        persist,
      );
      return { ok: false, why: 'signed-out', message: SIGNED_OUT_SENTENCE };
    }
    return { ok: false, why: 'unreachable', message: answer.message };
  }

  function refreshOnce(profileId: string, persist: boolean, refused: string | null): Promise<AccessResult> {
    const running = refreshing.get(profileId);
    if (running) return running;
    const started = refresh(profileId, persist, refused).finally(() => refreshing.delete(profileId));
    refreshing.set(profileId, started);
    return started;
  }

  return {
    readGrant,
    /** A token valid for at least the margin: the stored one, or a refreshed one. */
    async accessToken(profileId: string, persist: boolean): Promise<AccessResult> {
      const grant = await readGrant(profileId);
      if (grant?.status === 'signed-in' && grant.expiresAt - REFRESH_MARGIN_MS > now()) {
        return { ok: true, token: grant.accessToken };
      }
      return refreshOnce(profileId, persist, null);
    },
    /** Datadog refused `refused` (401): refresh now, unless it has been replaced already. */
    afterRefusal(profileId: string, persist: boolean, refused: string): Promise<AccessResult> {
      return refreshOnce(profileId, persist, refused);
    },
  };
}

export type GrantKeeper = ReturnType<typeof createGrantKeeper>;
