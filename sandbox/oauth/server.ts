import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { HttpError, parseJson, readBody, requestUrl, send, sendJson } from '../http';
import { parseOrThrow } from '../validation';

/**
 * A strict stand-in for Datadog's OAuth server (authorization code + PKCE, public clients):
 *   GET  /oauth2/v1/authorize   the consent page ("Authorize" / "Deny")
 *   POST /oauth2/v1/authorize   the person's answer → 302 to redirect_uri ?code&state&domain
 *   POST /oauth2/v1/token       authorization_code (S256 verified, code used once) | refresh_token
 *                               (rotated: the old one is invalid once used) → tokens | 400 invalid_grant
 *   POST /oauth2/v1/revoke      RFC 7009: ends the whole grant the token belongs to; always 200
 * Test controls under /_admin/oauth (no auth):
 *   POST /_admin/oauth          {accessTokenSeconds?, callbackDomain?, forgeState?}: token lifetime,
 *                               the domain the callback reports (another site's, to test the check),
 *                               a callback whose state is not the request's (a forged answer)
 *   POST /_admin/oauth/revoke-all   end every grant (a refresh token revoked elsewhere)
 *   POST /_admin/oauth/expire-tokens   every access token issued so far expires now
 *   GET  /_admin/oauth          counts: exchanges, refreshes, revocations, live grants
 * The API side asks `bearer(token, scope)` for each request carrying `Authorization: Bearer`.
 */

export const SANDBOX_OAUTH_CLIENT_ID = 'sandbox-oauth-client';

/** What the sandbox's API requires of a bearer token: reading, or writing snapshots. */
export const OAUTH_SCOPES = { read: 'rum_session_replay_read', write: 'rum_session_replay_write' } as const;
export type OAuthScope = (typeof OAUTH_SCOPES)[keyof typeof OAUTH_SCOPES];

/** Chrome's redirect URL for an extension: `https://<32 letters a-p>.chromiumapp.org/`. */
const REDIRECT_URI = /^https:\/\/[a-p]{32}\.chromiumapp\.org\/$/;
const CODE_LIFETIME_MS = 60_000;

interface Grant {
  id: number;
  scopes: string[];
  live: boolean;
}

export type BearerCheck = { ok: true } | { ok: false; status: 401 | 403; message: string };

export interface OAuthStats {
  exchanges: number;
  refreshes: number;
  revocations: number;
  liveGrants: number;
}

const AuthorizeQuerySchema = z.object({
  response_type: z.literal('code'),
  client_id: z.literal(SANDBOX_OAUTH_CLIENT_ID),
  redirect_uri: z.string().regex(REDIRECT_URI),
  state: z.string().min(8),
  scope: z.string().min(1),
  code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  code_challenge_method: z.literal('S256'),
});

const ConsentSchema = AuthorizeQuerySchema.extend({ decision: z.enum(['allow', 'deny']) });

const AdminSchema = z.object({
  accessTokenSeconds: z.number().int().min(1).max(86_400).optional(),
  callbackDomain: z.string().min(1).nullable().optional(),
  forgeState: z.boolean().optional(),
});

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');
const token = (prefix: string) => `${prefix}_${randomBytes(24).toString('base64url')}`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function form(buf: Buffer): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(buf.toString('utf8')));
}

export function createOAuthServer(options: { now: () => number; baseUrl: () => string }) {
  const { now } = options;
  let accessTokenSeconds = 3600;
  let callbackDomain: string | null = null;
  let forgeState = false;
  let nextGrant = 1;
  const codes = new Map<
    string,
    { challenge: string; redirectUri: string; scopes: string[]; expiresAt: number }
  >();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  const stats = { exchanges: 0, refreshes: 0, revocations: 0 };

  function issue(grant: Grant) {
    const access = token('ddoa');
    const refresh = token('ddor');
    accessTokens.set(access, { grant, expiresAt: now() + accessTokenSeconds * 1000 });
    refreshTokens.set(refresh, grant);
    return {
      access_token: access,
      refresh_token: refresh,
      token_type: 'Bearer',
      expires_in: accessTokenSeconds,
      scope: grant.scopes.join(' '),
    };
  }

  const invalidGrant = (res: ServerResponse, why: string) =>
    sendJson(res, 400, { error: 'invalid_grant', error_description: why });

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = form(await readBody(req));
    if (body.client_id !== SANDBOX_OAUTH_CLIENT_ID) return sendJson(res, 401, { error: 'invalid_client' });
    if (body.grant_type === 'authorization_code') {
      const code = codes.get(body.code ?? '');
      codes.delete(body.code ?? ''); // One use, whatever the outcome.
      if (!code || code.expiresAt < now()) return invalidGrant(res, 'unknown or expired code');
      if (body.redirect_uri !== code.redirectUri) return invalidGrant(res, 'redirect_uri differs');
      if (!body.code_verifier || s256(body.code_verifier) !== code.challenge) {
        return invalidGrant(res, 'code_verifier does not match the challenge');
      }
      stats.exchanges += 1;
      return sendJson(res, 200, issue({ id: nextGrant++, scopes: code.scopes, live: true }));
    }
    if (body.grant_type === 'refresh_token') {
      const grant = refreshTokens.get(body.refresh_token ?? '');
      refreshTokens.delete(body.refresh_token ?? ''); // Rotation: a refresh token works once.
      if (!grant?.live) return invalidGrant(res, 'unknown, used or revoked refresh token');
      stats.refreshes += 1;
      return sendJson(res, 200, issue(grant));
    }
    return sendJson(res, 400, { error: 'unsupported_grant_type' });
  }

  async function revokeEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = form(await readBody(req));
    if (body.client_id !== SANDBOX_OAUTH_CLIENT_ID) return sendJson(res, 401, { error: 'invalid_client' });
    const grant = refreshTokens.get(body.token ?? '') ?? accessTokens.get(body.token ?? '')?.grant;
    if (grant?.live) {
      grant.live = false;
      stats.revocations += 1;
    }
    // RFC 7009 §2.2: an unknown token is answered 200 too.
    return send(res, 200, '');
  }

  function consentPage(query: z.infer<typeof AuthorizeQuerySchema>): string {
    const hidden = Object.entries(query)
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value)}">`)
      .join('');
    return `<!doctype html><meta charset="utf-8"><title>Authorize Heatmap Snapshots</title>
<h1>Sandbox Datadog: authorize this extension?</h1>
<p>It asks for: ${escapeHtml(query.scope)}</p>
<form method="post" action="/oauth2/v1/authorize">${hidden}
<button name="decision" value="allow">Authorize</button>
<button name="decision" value="deny">Deny</button></form>`;
  }

  async function authorize(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET') {
      const query = AuthorizeQuerySchema.safeParse(Object.fromEntries(requestUrl(req).searchParams));
      if (!query.success)
        throw new HttpError(400, `invalid authorize request: ${query.error.issues[0]?.message}`);
      return send(res, 200, consentPage(query.data), { 'Content-Type': 'text/html; charset=utf-8' });
    }
    const answer = ConsentSchema.safeParse(form(await readBody(req)));
    if (!answer.success) throw new HttpError(400, 'invalid consent');
    const { redirect_uri: redirectUri, state, decision } = answer.data;
    const target = new URL(redirectUri);
    target.searchParams.set('state', forgeState ? `forged-${state}` : state);
    if (decision === 'deny') {
      target.searchParams.set('error', 'access_denied');
    } else {
      const code = token('ddoc');
      codes.set(code, {
        challenge: answer.data.code_challenge,
        redirectUri,
        scopes: answer.data.scope.split(' '),
        expiresAt: now() + CODE_LIFETIME_MS,
      });
      target.searchParams.set('code', code);
      target.searchParams.set('domain', callbackDomain ?? new URL(options.baseUrl()).host);
    }
    return send(res, 302, '', { Location: target.href });
  }

  async function admin(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    const route = `${req.method} ${pathname}`;
    if (route === 'POST /_admin/oauth') {
      const body = parseOrThrow(AdminSchema, parseJson(await readBody(req), 'request body'));
      control.configure(body);
      return sendJson(res, 200, control.stats());
    }
    if (route === 'POST /_admin/oauth/revoke-all') {
      control.revokeAll();
      return sendJson(res, 200, control.stats());
    }
    if (route === 'POST /_admin/oauth/expire-tokens') {
      control.expireAccessTokens();
      return sendJson(res, 200, control.stats());
    }
    if (route === 'GET /_admin/oauth') return sendJson(res, 200, control.stats());
    throw new HttpError(404, `no admin endpoint ${route}`);
  }

  const control = {
    configure(settings: z.infer<typeof AdminSchema>) {
      if (settings.accessTokenSeconds !== undefined) accessTokenSeconds = settings.accessTokenSeconds;
      if (settings.callbackDomain !== undefined) callbackDomain = settings.callbackDomain;
      if (settings.forgeState !== undefined) forgeState = settings.forgeState;
    },
    /** Every access token issued so far expires now (their grants live on: a refresh works). */
    expireAccessTokens() {
      for (const entry of accessTokens.values()) entry.expiresAt = now();
    },
    /** Every grant ends, as if each was revoked in Datadog's settings. */
    revokeAll() {
      for (const grant of refreshTokens.values()) grant.live = false;
    },
    stats(): OAuthStats {
      const live = new Set(
        [...refreshTokens.values()].filter((grant) => grant.live).map((grant) => grant.id),
      );
      return { ...stats, liveGrants: live.size };
    },
  };

  return {
    control,
    owns: (pathname: string) => pathname.startsWith('/oauth2/v1/') || pathname.startsWith('/_admin/oauth'),
    async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
      if (pathname.startsWith('/_admin/oauth')) return admin(req, res, pathname);
      if (pathname === '/oauth2/v1/authorize' && (req.method === 'GET' || req.method === 'POST')) {
        return authorize(req, res);
      }
      if (pathname === '/oauth2/v1/token' && req.method === 'POST') return tokenEndpoint(req, res);
      if (pathname === '/oauth2/v1/revoke' && req.method === 'POST') return revokeEndpoint(req, res);
      throw new HttpError(404, `nothing at ${req.method} ${pathname}`);
    },
    /** Whether a bearer token may do what needs `scope`: 401 unknown/expired/revoked, 403 without the scope. */
    bearer(accessToken: string, scope: OAuthScope): BearerCheck {
      const entry = accessTokens.get(accessToken);
      if (!entry?.grant.live || entry.expiresAt <= now()) {
        return { ok: false, status: 401, message: 'The access token is unknown, expired or revoked.' };
      }
      if (!entry.grant.scopes.includes(scope)) {
        return { ok: false, status: 403, message: `The access token lacks the ${scope} scope.` };
      }
      return { ok: true };
    },
  };
}

export type OAuthServer = ReturnType<typeof createOAuthServer>;
