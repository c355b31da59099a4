import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { sameSecret } from '../api/auth';
import { HttpError, parseJson, readBody, requestUrl, send, sendJson } from '../http';
import { parseOrThrow } from '../validation';

/**
 * A strict stand-in for Datadog's OAuth server, on two origins as at Datadog:
 *   APP origin (`app.{site}`, the sandbox's second listener):
 *     GET  /oauth2/v1/authorize   the consent page ("Authorize" / "Deny")
 *     POST /oauth2/v1/authorize   the person's answer → 302 to redirect_uri ?code&domain[&state]
 *   API origin (`api.{site}`, the sandbox's main listener):
 *     POST /api/v2/oauth2/register  Dynamic Client Registration (RFC 7591) → 201, a public client
 *     POST /oauth2/v1/token         authorization_code (S256 verified, code used once) | refresh_token
 *                                   (rotated: the old one is invalid once used)
 *     POST /oauth2/v1/revoke        RFC 7009: ends the whole grant the token belongs to; 200
 * Sources, each rule citing its own below:
 *   DOCS  = DataDog/documentation `content/en/extend/authorization/oauth2_endpoints.md` and
 *           `oauth2_in_datadog.md` (callback `code` + `domain`; token and revoke on
 *           `https://api.<domain>`; `client_secret` "if issued", 401 without it; 400 `error`)
 *   SPEC  = datadog-api-client-typescript v2 `OAuth2ClientPublicApi.registerOAuthClient` and its
 *           models `OAuthClientRegistrationRequest` / `Response` / `Error` (201; 400 with `error`
 *           and `error_description`; auth method "Only `none` is supported", no security scheme)
 *   PUP   = DataDog/pup `src/auth/dcr.rs`, `src/auth/callback.rs` (the register body, `state`
 *           sent and echoed, scopes space-joined)
 *   RFC   = RFC 6749 (§4.1.2.1 redirect errors, §5.2 token errors), 7009, 7591, 7636
 * Test controls under /_admin/oauth (no auth, API origin):
 *   POST /_admin/oauth   {accessTokenSeconds?, callbackDomain?, echoState?, forgeState?}: token
 *                        lifetime; the site the callback's `domain` names (default SANDBOX_SITE);
 *                        whether the callback carries `state` (not documented); a forged `state`
 *   POST /_admin/oauth/revoke-all      end every grant (a refresh token revoked elsewhere)
 *   POST /_admin/oauth/expire-tokens   every access token issued so far expires now
 *   GET  /_admin/oauth   counts (exchanges, refreshes, revocations, live grants, registrations)
 *                        and the Host of every token/revoke request (which origin it came to)
 * The API side asks `bearer(token, scope)` for each request carrying `Authorization: Bearer`.
 */

/** The build's client in the e2e build (.env.e2e): a confidential one, so it must send its secret (DOCS). */
export const SANDBOX_OAUTH_CLIENT_ID = 'sandbox-oauth-client';
export const SANDBOX_OAUTH_CLIENT_SECRET = 'sandbox-oauth-secret';

/** The site the sandbox's org lives on (the harness's profiles choose it): the callback's `domain`. */
export const SANDBOX_SITE = 'datadoghq.eu';

/**
 * Datadog permission names the sandbox grants as scopes: the RUM permissions DataDog/pup
 * `src/auth/types.rs` requests, and `rum_playlist_write` (DataDog/documentation
 * `content/en/account_management/rbac/permissions.md`). Anything else (`rum_session_replay_write`
 * is no permission) is refused as `invalid_scope` (RFC 6749 §4.1.2.1).
 */
const DOCUMENTED_PERMISSIONS = new Set([
  'rum_apps_read',
  'rum_apps_write',
  'rum_generate_metrics',
  'rum_playlist_write',
  'rum_retention_filters_read',
  'rum_retention_filters_write',
  'rum_session_replay_read',
]);

/**
 * What the sandbox's API requires of a bearer token, to read and to write. The spec names no
 * permission for the snapshot or segments operations (they accept `AuthZ`, without
 * `x-permission`), so the sandbox asks both of the one documented replay permission, which is
 * what the extension requests (lib/providers/datadog/oauth/config.ts).
 */
export const OAUTH_SCOPES = { read: 'rum_session_replay_read', write: 'rum_session_replay_read' } as const;
export type OAuthScope = (typeof OAUTH_SCOPES)[keyof typeof OAUTH_SCOPES];

/** Chrome's redirect URL for an extension: `https://<32 letters a-p>.chromiumapp.org/`. */
const CHROMIUM_REDIRECT_URI = /^https:\/\/[a-p]{32}\.chromiumapp\.org\/$/;
const CODE_LIFETIME_MS = 60_000;

interface Grant {
  id: number;
  clientId: string;
  scopes: string[];
  live: boolean;
}

/** A client the server knows: the build's (confidential, with its secret) or a registered (public) one. */
interface Client {
  secret: string | null;
  redirectUriAllowed: (uri: string) => boolean;
}

export type BearerCheck = { ok: true } | { ok: false; status: 401 | 403; message: string };

export interface OAuthStats {
  exchanges: number;
  refreshes: number;
  revocations: number;
  liveGrants: number;
  registrations: number;
  /** The Host header of every token and revoke request, in order. */
  tokenRequestHosts: string[];
}

/** DOCS' authorize parameters, plus `state` and `scope` as PUP sends them; `state` is optional (not documented). */
const AuthorizeQuerySchema = z.object({
  response_type: z.literal('code'),
  client_id: z.string().min(1),
  redirect_uri: z.string().min(1),
  state: z.string().min(8).optional(),
  scope: z.string().min(1),
  code_challenge: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  code_challenge_method: z.literal('S256'),
});

const ConsentSchema = AuthorizeQuerySchema.extend({ decision: z.enum(['allow', 'deny']) });

/** SPEC `OAuthClientRegistrationRequest`: names as the model's `attributeTypeMap` spells them. */
const RegistrationSchema = z.object({
  // "Human-readable name of the client. Control characters are rejected."
  client_name: z
    .string()
    .min(1)
    .refine(
      (name) => ![...name].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
      'control characters',
    ),
  redirect_uris: z.array(z.string().url()).min(1),
  grant_types: z.array(z.enum(['authorization_code', 'refresh_token'])).optional(),
  // "Only `code` is supported."
  response_types: z.array(z.literal('code')).optional(),
  // "Only `none` is supported."
  token_endpoint_auth_method: z.literal('none').optional(),
  scope: z.string().optional(),
  client_uri: z.string().optional(),
  logo_uri: z.string().optional(),
  policy_uri: z.string().optional(),
  tos_uri: z.string().optional(),
  jwks_uri: z.string().optional(),
});

const AdminSchema = z.object({
  accessTokenSeconds: z.number().int().min(1).max(86_400).optional(),
  callbackDomain: z.string().min(1).optional(),
  echoState: z.boolean().optional(),
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

export function createOAuthServer(options: { now: () => number }) {
  const { now } = options;
  let accessTokenSeconds = 3600;
  let callbackDomain = SANDBOX_SITE;
  let echoState = true;
  let forgeState = false;
  let nextGrant = 1;
  const clients = new Map<string, Client>([
    [
      SANDBOX_OAUTH_CLIENT_ID,
      {
        secret: SANDBOX_OAUTH_CLIENT_SECRET,
        redirectUriAllowed: (uri) => CHROMIUM_REDIRECT_URI.test(uri),
      },
    ],
  ]);
  const codes = new Map<
    string,
    { clientId: string; challenge: string; redirectUri: string; scopes: string[]; expiresAt: number }
  >();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, { grant: Grant; expiresAt: number }>();
  const stats = { exchanges: 0, refreshes: 0, revocations: 0, registrations: 0 };
  const tokenRequestHosts: string[] = [];

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

  /**
   * The client a token or revoke request names, authenticated, else null (answered 401
   * `invalid_client`). DOCS: a confidential client without its secret gets 401. A public
   * (registered, SPEC: auth method `none`) client sending a secret is refused too: the sandbox's
   * choice, since Datadog's answer to that is not documented and the extension never sends one.
   */
  function authenticated(body: Record<string, string>): string | null {
    const clientId = body.client_id ?? '';
    const client = clients.get(clientId);
    if (!client) return null;
    if (client.secret === null) return body.client_secret === undefined ? clientId : null;
    return sameSecret(body.client_secret, client.secret) ? clientId : null;
  }

  const invalidClient = (res: ServerResponse) =>
    sendJson(res, 401, { error: 'invalid_client', error_description: 'unknown client or wrong secret' });

  async function tokenEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    tokenRequestHosts.push(req.headers.host ?? '');
    const body = form(await readBody(req));
    const clientId = authenticated(body);
    if (clientId === null) return invalidClient(res);
    if (body.grant_type === 'authorization_code') {
      const code = codes.get(body.code ?? '');
      codes.delete(body.code ?? ''); // One use, whatever the outcome.
      if (!code || code.expiresAt < now()) return invalidGrant(res, 'unknown or expired code');
      if (code.clientId !== clientId) return invalidGrant(res, 'the code was issued to another client');
      if (body.redirect_uri !== code.redirectUri) return invalidGrant(res, 'redirect_uri differs');
      if (!body.code_verifier || s256(body.code_verifier) !== code.challenge) {
        return invalidGrant(res, 'code_verifier does not match the challenge');
      }
      stats.exchanges += 1;
      return sendJson(res, 200, issue({ id: nextGrant++, clientId, scopes: code.scopes, live: true }));
    }
    if (body.grant_type === 'refresh_token') {
      const grant = refreshTokens.get(body.refresh_token ?? '');
      refreshTokens.delete(body.refresh_token ?? ''); // Rotation: a refresh token works once.
      if (!grant?.live || grant.clientId !== clientId) {
        return invalidGrant(res, 'unknown, used or revoked refresh token');
      }
      stats.refreshes += 1;
      return sendJson(res, 200, issue(grant));
    }
    return sendJson(res, 400, { error: 'unsupported_grant_type' });
  }

  async function revokeEndpoint(req: IncomingMessage, res: ServerResponse): Promise<void> {
    tokenRequestHosts.push(req.headers.host ?? '');
    const body = form(await readBody(req));
    const clientId = authenticated(body);
    if (clientId === null) return invalidClient(res);
    const grant = refreshTokens.get(body.token ?? '') ?? accessTokens.get(body.token ?? '')?.grant;
    if (grant?.live && grant.clientId === clientId) {
      grant.live = false;
      stats.revocations += 1;
    }
    // RFC 7009 §2.2 and DOCS: an unknown token is answered 200 too.
    return send(res, 200, '');
  }

  /** SPEC `registerOAuthClient`: no credentials asked; 201 with the registered metadata, or 400. */
  async function register(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const parsed = RegistrationSchema.safeParse(parseJson(await readBody(req), 'request body'));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return sendJson(res, 400, {
        error: issue?.path[0] === 'redirect_uris' ? 'invalid_redirect_uri' : 'invalid_client_metadata',
        error_description: `${issue?.path.join('.') ?? 'body'}: ${issue?.message ?? 'invalid'}`,
      });
    }
    const metadata = parsed.data;
    const clientId = `dcr-${randomBytes(12).toString('hex')}`;
    const redirectUris = metadata.redirect_uris;
    clients.set(clientId, { secret: null, redirectUriAllowed: (uri) => redirectUris.includes(uri) });
    stats.registrations += 1;
    return sendJson(res, 201, {
      client_id: clientId,
      client_name: metadata.client_name,
      redirect_uris: redirectUris,
      // "Defaults to `authorization_code` and `refresh_token` when omitted."
      grant_types: metadata.grant_types ?? ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    });
  }

  function consentPage(query: z.infer<typeof AuthorizeQuerySchema>): string {
    const hidden = Object.entries(query)
      .map(([name, value]) => `<input type="hidden" name="${name}" value="${escapeHtml(value ?? '')}">`)
      .join('');
    return `<!doctype html><meta charset="utf-8"><title>Authorize Heatmap Snapshots</title>
<h1>Sandbox Datadog: authorize this extension?</h1>
<p>It asks for: ${escapeHtml(query.scope)}</p>
<form method="post" action="/oauth2/v1/authorize">${hidden}
<button name="decision" value="allow">Authorize</button>
<button name="decision" value="deny">Deny</button></form>`;
  }

  /**
   * DOCS: an invalid `client_id` or `redirect_uri` shows an error page (no redirect); other
   * failures redirect with `error` (RFC 6749 §4.1.2.1), e.g. `invalid_scope` for a name that is
   * not a Datadog permission.
   */
  function checkedAuthorize(fields: Record<string, string>) {
    const clientId = fields.client_id ?? '';
    const client = clients.get(clientId);
    if (!client) throw new HttpError(400, `unknown client_id ${clientId}`);
    if (!client.redirectUriAllowed(fields.redirect_uri ?? '')) {
      throw new HttpError(400, 'redirect_uri is not registered for this client');
    }
    const query = AuthorizeQuerySchema.safeParse(fields);
    if (!query.success)
      throw new HttpError(400, `invalid authorize request: ${query.error.issues[0]?.message}`);
    const unknownScopes = query.data.scope.split(' ').filter((scope) => !DOCUMENTED_PERMISSIONS.has(scope));
    return { query: query.data, unknownScopes };
  }

  function redirectTo(redirectUri: string, state: string | undefined, params: Record<string, string>) {
    const target = new URL(redirectUri);
    for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
    // Whether Datadog echoes `state` is not documented (PUP's callbacks carry it): configurable.
    if (state !== undefined && echoState)
      target.searchParams.set('state', forgeState ? `forged-${state}` : state);
    return target.href;
  }

  async function authorize(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === 'GET') {
      const { query, unknownScopes } = checkedAuthorize(Object.fromEntries(requestUrl(req).searchParams));
      if (unknownScopes.length > 0) {
        const location = redirectTo(query.redirect_uri, query.state, {
          error: 'invalid_scope',
          error_description: `not Datadog permissions: ${unknownScopes.join(' ')}`,
        });
        return send(res, 302, '', { Location: location });
      }
      return send(res, 200, consentPage(query), { 'Content-Type': 'text/html; charset=utf-8' });
    }
    const fields = form(await readBody(req));
    const { query } = checkedAuthorize(fields);
    const decision = ConsentSchema.shape.decision.safeParse(fields.decision);
    if (!decision.success) throw new HttpError(400, 'invalid consent');
    if (decision.data === 'deny') {
      return send(res, 302, '', {
        Location: redirectTo(query.redirect_uri, query.state, { error: 'access_denied' }),
      });
    }
    const code = token('ddoc');
    codes.set(code, {
      clientId: query.client_id,
      challenge: query.code_challenge,
      redirectUri: query.redirect_uri,
      scopes: query.scope.split(' '),
      expiresAt: now() + CODE_LIFETIME_MS,
    });
    // DOCS: the redirect carries `code` and `domain`, the org's site (the API host is api.<domain>).
    const location = redirectTo(query.redirect_uri, query.state, { code, domain: callbackDomain });
    return send(res, 302, '', { Location: location });
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
      if (settings.echoState !== undefined) echoState = settings.echoState;
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
    /** Datadog forgets every registered client (their next token call is `invalid_client`). */
    forgetRegisteredClients() {
      for (const clientId of clients.keys())
        if (clientId !== SANDBOX_OAUTH_CLIENT_ID) clients.delete(clientId);
    },
    stats(): OAuthStats {
      const live = new Set(
        [...refreshTokens.values()].filter((grant) => grant.live).map((grant) => grant.id),
      );
      return { ...stats, liveGrants: live.size, tokenRequestHosts: [...tokenRequestHosts] };
    },
  };

  return {
    control,
    /** Routes of the API origin (the main listener). */
    ownsApi: (pathname: string) =>
      pathname === '/oauth2/v1/token' ||
      pathname === '/oauth2/v1/revoke' ||
      pathname === '/api/v2/oauth2/register' ||
      pathname.startsWith('/_admin/oauth'),
    async handleApi(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
      if (pathname.startsWith('/_admin/oauth')) return admin(req, res, pathname);
      if (req.method !== 'POST') throw new HttpError(405, `${req.method} ${pathname} is POST only`);
      if (pathname === '/oauth2/v1/token') return tokenEndpoint(req, res);
      if (pathname === '/oauth2/v1/revoke') return revokeEndpoint(req, res);
      return register(req, res);
    },
    /** The app origin (the second listener): the consent page only. */
    async handleApp(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
      if (pathname === '/oauth2/v1/authorize' && (req.method === 'GET' || req.method === 'POST')) {
        return authorize(req, res);
      }
      throw new HttpError(404, `nothing at ${req.method} ${pathname} on the app origin`);
    },
    /** Whether a bearer token may do what needs `scope`: 401 unknown/expired/revoked, 403 without the scope. */
    bearer(accessToken: string, scope: OAuthScope): BearerCheck {
      const entry = accessTokens.get(accessToken);
      if (!entry?.grant.live || entry.expiresAt <= now()) {
        return { ok: false, status: 401, message: 'The access token is unknown, expired or revoked.' };
      }
      if (!entry.grant.scopes.includes(scope)) {
        return { ok: false, status: 403, message: `The access token lacks the ${scope} permission.` };
      }
      return { ok: true };
    },
  };
}

export type OAuthServer = ReturnType<typeof createOAuthServer>;
