import { createHash } from 'node:crypto';
import { v2 } from '@datadog/datadog-api-client';
import { describe, expect, test } from 'vitest';
import {
  OAUTH_SCOPES,
  SANDBOX_OAUTH_CLIENT_ID,
  SANDBOX_OAUTH_CLIENT_SECRET,
  SANDBOX_SITE,
} from '../../sandbox/oauth/server';
import type { Sandbox } from '../../sandbox/server';
import { referenceCreateBody, useSandbox } from './helpers';

/**
 * The sandbox's Datadog OAuth server, driven over HTTP as the extension drives it: consent on the
 * app origin, registration, code exchange with PKCE, refresh with rotation and revocation on the
 * API origin, and bearer tokens on the API.
 */

const REDIRECT = `https://${'a'.repeat(32)}.chromiumapp.org/`;
const VERIFIER = 'v'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const SCOPES = OAUTH_SCOPES.read;
const BUILD_CLIENT = { client_id: SANDBOX_OAUTH_CLIENT_ID, client_secret: SANDBOX_OAUTH_CLIENT_SECRET };
const SNAPSHOTS = '/api/v2/replay/heatmap/snapshots';

interface Tokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  token_type: string;
  scope: string;
}

function authorizeQuery(overrides: Record<string, string> = {}) {
  return {
    response_type: 'code',
    client_id: SANDBOX_OAUTH_CLIENT_ID,
    redirect_uri: REDIRECT,
    state: 'state-123456',
    scope: SCOPES,
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...overrides,
  };
}

/** Consent as the person would (the page's form), returning the callback URL. */
async function consent(
  sandbox: Sandbox,
  decision = 'allow',
  overrides: Record<string, string> = {},
): Promise<URL> {
  const page = await fetch(
    `${sandbox.appUrl}/oauth2/v1/authorize?${new URLSearchParams(authorizeQuery(overrides))}`,
  );
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Authorize');
  const answer = await fetch(`${sandbox.appUrl}/oauth2/v1/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ ...authorizeQuery(overrides), decision }),
    redirect: 'manual',
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location') ?? '');
}

async function tokenCall(sandbox: Sandbox, form: Record<string, string>, client: object = BUILD_CLIENT) {
  const res = await fetch(`${sandbox.url}/oauth2/v1/token`, {
    method: 'POST',
    body: new URLSearchParams({ ...client, ...form }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function signedIn(sandbox: Sandbox, scope: string = SCOPES): Promise<Tokens> {
  const callback = await consent(sandbox, 'allow', { scope });
  const { status, json } = await tokenCall(sandbox, {
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code') ?? '',
    code_verifier: VERIFIER,
    redirect_uri: REDIRECT,
  });
  expect(status).toBe(200);
  return json as unknown as Tokens;
}

function bearerCall(sandbox: Sandbox, path: string, accessToken: string, init: RequestInit = {}) {
  return fetch(`${sandbox.url}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
  });
}

describe('sandbox OAuth: sign-in', () => {
  test('consent redirects with the code, the state and domain = the org’s site; a denial with access_denied', async () => {
    const sandbox = await useSandbox();
    const callback = await consent(sandbox);
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('state-123456');
    expect(callback.searchParams.get('code')).toMatch(/^ddoc_/);
    expect(callback.searchParams.get('domain')).toBe(SANDBOX_SITE);
    sandbox.oauth.configure({ callbackDomain: 'datadoghq.com', forgeState: true });
    const forged = await consent(sandbox);
    expect(forged.searchParams.get('domain')).toBe('datadoghq.com');
    expect(forged.searchParams.get('state')).toBe('forged-state-123456');
    sandbox.oauth.configure({ echoState: false });
    const stateless = await consent(sandbox);
    expect(stateless.searchParams.has('state')).toBe(false);
    expect(stateless.searchParams.get('code')).toMatch(/^ddoc_/);
    const denied = await consent(sandbox, 'deny');
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('code')).toBeNull();
  });

  test('refuses an authorize request that is not code + S256 to a chromiumapp.org redirect of the known client', async () => {
    const sandbox = await useSandbox();
    const refused: Record<string, string>[] = [
      { code_challenge_method: 'plain' },
      { redirect_uri: 'https://evil.example/' },
      { client_id: 'someone-else' },
      { response_type: 'token' },
    ];
    for (const bad of refused) {
      const res = await fetch(
        `${sandbox.appUrl}/oauth2/v1/authorize?${new URLSearchParams(authorizeQuery(bad))}`,
      );
      expect(res.status).toBe(400);
    }
  });

  test('a scope that is not a Datadog permission is refused (invalid_scope), as rum_session_replay_write', async () => {
    const sandbox = await useSandbox();
    const res = await fetch(
      `${sandbox.appUrl}/oauth2/v1/authorize?${new URLSearchParams(
        authorizeQuery({ scope: 'rum_session_replay_read rum_session_replay_write' }),
      )}`,
      { redirect: 'manual' },
    );
    expect(res.status).toBe(302);
    const callback = new URL(res.headers.get('location') ?? '');
    expect(callback.searchParams.get('error')).toBe('invalid_scope');
    expect(callback.searchParams.get('error_description')).toContain('rum_session_replay_write');
    expect(callback.searchParams.get('code')).toBeNull();
  });

  test('consent is on the app origin only; token, revoke and registration on the API origin only', async () => {
    const sandbox = await useSandbox();
    const query = new URLSearchParams(authorizeQuery());
    expect((await fetch(`${sandbox.url}/oauth2/v1/authorize?${query}`)).status).toBe(404);
    expect((await fetch(`${sandbox.appUrl}/oauth2/v1/token`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${sandbox.appUrl}/oauth2/v1/revoke`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(`${sandbox.appUrl}/api/v2/oauth2/register`, { method: 'POST' })).status).toBe(404);
    expect(new URL(sandbox.appUrl).host).not.toBe(new URL(sandbox.url).host);
  });

  test('the build’s client is confidential: a token call without its secret, or a wrong one, is 401 invalid_client', async () => {
    const sandbox = await useSandbox();
    const code = (await consent(sandbox)).searchParams.get('code') ?? '';
    const form = { grant_type: 'authorization_code', code, code_verifier: VERIFIER, redirect_uri: REDIRECT };
    const bare = await tokenCall(sandbox, form, { client_id: SANDBOX_OAUTH_CLIENT_ID });
    expect(bare).toMatchObject({ status: 401, json: { error: 'invalid_client' } });
    const wrong = await tokenCall(sandbox, form, {
      client_id: SANDBOX_OAUTH_CLIENT_ID,
      client_secret: 'nope',
    });
    expect(wrong.status).toBe(401);
    expect(sandbox.oauth.stats()).toMatchObject({ exchanges: 0 });
    expect(sandbox.oauth.stats().tokenRequestHosts).toEqual([
      new URL(sandbox.url).host,
      new URL(sandbox.url).host,
    ]);
  });

  test('a code is exchanged only with its verifier and redirect URI, and only once', async () => {
    const sandbox = await useSandbox();
    const exchange = (code: string, form: Record<string, string> = {}) =>
      tokenCall(sandbox, {
        grant_type: 'authorization_code',
        code,
        code_verifier: VERIFIER,
        redirect_uri: REDIRECT,
        ...form,
      });
    const codeOf = async () => (await consent(sandbox)).searchParams.get('code') ?? '';
    const first = await codeOf();
    expect((await exchange(first, { code_verifier: 'w'.repeat(43) })).json).toEqual({
      error: 'invalid_grant',
      error_description: 'code_verifier does not match the challenge',
    });
    // A code is used once, whatever the outcome: the right verifier comes too late.
    expect((await exchange(first)).json.error_description).toBe('unknown or expired code');
    expect(
      (await exchange(await codeOf(), { redirect_uri: `https://${'b'.repeat(32)}.chromiumapp.org/` })).json
        .error_description,
    ).toBe('redirect_uri differs');
    const good = await codeOf();
    const ok = await exchange(good);
    expect(ok.status).toBe(200);
    expect(ok.json).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: SCOPES });
    expect((await exchange(good)).json.error).toBe('invalid_grant');
  });
});

describe('sandbox OAuth: Dynamic Client Registration', () => {
  const register = (sandbox: Sandbox, body: unknown) =>
    fetch(`${sandbox.url}/api/v2/oauth2/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  const PUP_BODY = {
    client_name: 'Heatmap Snapshots browser extension',
    redirect_uris: [REDIRECT],
    grant_types: ['authorization_code', 'refresh_token'],
  };

  test('registers a public client (201, the official response model) that signs in without a secret', async () => {
    const sandbox = await useSandbox();
    const res = await register(sandbox, PUP_BODY);
    expect(res.status).toBe(201);
    const answer = (await res.json()) as Record<string, unknown>;
    const model = v2.ObjectSerializer.deserialize(answer, 'OAuthClientRegistrationResponse');
    expect(model).toMatchObject({ redirectUris: [REDIRECT], tokenEndpointAuthMethod: 'none' });
    expect(model._unparsed).toBeUndefined();
    expect(answer).not.toHaveProperty('client_secret');
    const client = { client_id: String(answer.client_id) };

    const code = (await consent(sandbox, 'allow', client)).searchParams.get('code') ?? '';
    const form = { grant_type: 'authorization_code', code, code_verifier: VERIFIER, redirect_uri: REDIRECT };
    const tokens = await tokenCall(sandbox, form, client);
    expect(tokens.status).toBe(200);
    // A public client sending a secret is refused (the sandbox's stated choice).
    const withSecret = await tokenCall(
      sandbox,
      { grant_type: 'refresh_token', refresh_token: String(tokens.json.refresh_token) },
      { ...client, client_secret: 'x' },
    );
    expect(withSecret.status).toBe(401);
    expect(sandbox.oauth.stats()).toMatchObject({ registrations: 1, exchanges: 1 });
  });

  test('its codes and tokens are its own; an unregistered redirect URI gets no consent page', async () => {
    const sandbox = await useSandbox();
    const client = {
      client_id: String(
        ((await (await register(sandbox, PUP_BODY)).json()) as { client_id: string }).client_id,
      ),
    };
    const code = (await consent(sandbox, 'allow', client)).searchParams.get('code') ?? '';
    // The build's client cannot exchange a code issued to the registered one.
    const stolen = await tokenCall(sandbox, {
      grant_type: 'authorization_code',
      code,
      code_verifier: VERIFIER,
      redirect_uri: REDIRECT,
    });
    expect(stolen.json).toMatchObject({ error: 'invalid_grant' });
    const other = `https://${'b'.repeat(32)}.chromiumapp.org/`;
    const page = await fetch(
      `${sandbox.appUrl}/oauth2/v1/authorize?${new URLSearchParams(authorizeQuery({ ...client, redirect_uri: other }))}`,
    );
    expect(page.status).toBe(400);
  });

  test('refuses what the spec refuses: no name, control characters, other grant or auth methods, no redirect URI', async () => {
    const sandbox = await useSandbox();
    const refused = [
      { redirect_uris: [REDIRECT] },
      { ...PUP_BODY, client_name: 'a\u0007b' },
      { ...PUP_BODY, grant_types: ['implicit'] },
      { ...PUP_BODY, response_types: ['token'] },
      { ...PUP_BODY, token_endpoint_auth_method: 'client_secret_post' },
      { ...PUP_BODY, redirect_uris: [] },
    ];
    for (const body of refused) {
      const res = await register(sandbox, body);
      expect(res.status).toBe(400);
      const error = (await res.json()) as Record<string, unknown>;
      expect(v2.ObjectSerializer.deserialize(error, 'OAuthClientRegistrationError')).toMatchObject({
        error: expect.stringMatching(/^invalid_(client_metadata|redirect_uri)$/),
      });
    }
    expect(sandbox.oauth.stats().registrations).toBe(0);
  });

  test('a forgotten registered client is invalid_client on its next token call', async () => {
    const sandbox = await useSandbox();
    const client = {
      client_id: String(
        ((await (await register(sandbox, PUP_BODY)).json()) as { client_id: string }).client_id,
      ),
    };
    const code = (await consent(sandbox, 'allow', client)).searchParams.get('code') ?? '';
    sandbox.oauth.forgetRegisteredClients();
    const form = { grant_type: 'authorization_code', code, code_verifier: VERIFIER, redirect_uri: REDIRECT };
    expect(await tokenCall(sandbox, form, client)).toMatchObject({
      status: 401,
      json: { error: 'invalid_client' },
    });
  });
});

describe('sandbox OAuth: tokens on the API', () => {
  test('a bearer token lists and creates snapshots; the request is recorded as bearer, without keys', async () => {
    const sandbox = await useSandbox();
    const tokens = await signedIn(sandbox);
    const created = await bearerCall(sandbox, SNAPSHOTS, tokens.access_token, {
      method: 'POST',
      body: JSON.stringify(referenceCreateBody()),
    });
    expect(created.status).toBe(201);
    expect(
      (await bearerCall(sandbox, `${SNAPSHOTS}?filter[view_name]=/home`, tokens.access_token)).status,
    ).toBe(200);
    expect(sandbox.apiRequestKeys()).toEqual([
      { request: `POST ${SNAPSHOTS}`, org: 'default', bearer: true, keyHeaders: false },
      { request: `GET ${SNAPSHOTS}`, org: 'default', bearer: true, keyHeaders: false },
    ]);
  });

  test('scopes are enforced: a token without rum_session_replay_read is 403, naming it; key validation takes no token (401)', async () => {
    const sandbox = await useSandbox();
    const readOnly = await signedIn(sandbox, 'rum_apps_read');
    const list = await bearerCall(sandbox, `${SNAPSHOTS}?filter[view_name]=/home`, readOnly.access_token);
    expect(list.status).toBe(403);
    expect(JSON.stringify(await list.json())).toContain('rum_session_replay_read');
    const create = await bearerCall(sandbox, SNAPSHOTS, readOnly.access_token, {
      method: 'POST',
      body: JSON.stringify(referenceCreateBody()),
    });
    expect(create.status).toBe(403);
    expect((await bearerCall(sandbox, '/api/v2/validate_keys', readOnly.access_token)).status).toBe(401);
    expect((await bearerCall(sandbox, SNAPSHOTS, 'ddoa_forged')).status).toBe(401);
  });

  test('an expired access token is refused; a refresh rotates (the old refresh token then fails)', async () => {
    const sandbox = await useSandbox();
    sandbox.oauth.configure({ accessTokenSeconds: 1 });
    const tokens = await signedIn(sandbox);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(
      (await bearerCall(sandbox, `${SNAPSHOTS}?filter[view_name]=/home`, tokens.access_token)).status,
    ).toBe(401);
    const refreshed = await tokenCall(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).not.toBe(tokens.refresh_token);
    expect(
      (await bearerCall(sandbox, `${SNAPSHOTS}?filter[view_name]=/home`, String(refreshed.json.access_token)))
        .status,
    ).toBe(200);
    const reused = await tokenCall(sandbox, {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(reused.json.error).toBe('invalid_grant');
    expect(sandbox.oauth.stats()).toMatchObject({ exchanges: 1, refreshes: 1 });
  });

  test('revocation (RFC 7009) ends the grant: its access token is refused and its refresh token is invalid_grant', async () => {
    const sandbox = await useSandbox();
    const tokens = await signedIn(sandbox);
    const revoke = await fetch(`${sandbox.url}/oauth2/v1/revoke`, {
      method: 'POST',
      body: new URLSearchParams({ ...BUILD_CLIENT, token: tokens.refresh_token }),
    });
    expect(revoke.status).toBe(200);
    expect(
      (await bearerCall(sandbox, `${SNAPSHOTS}?filter[view_name]=/home`, tokens.access_token)).status,
    ).toBe(401);
    expect(
      (await tokenCall(sandbox, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json
        .error,
    ).toBe('invalid_grant');
    expect(sandbox.oauth.stats()).toMatchObject({ revocations: 1, liveGrants: 0 });
  });

  test('the admin API sets the token lifetime and ends every grant', async () => {
    const sandbox = await useSandbox();
    const tokens = await signedIn(sandbox);
    const post = (path: string, body: unknown) =>
      fetch(`${sandbox.url}${path}`, { method: 'POST', body: JSON.stringify(body) }).then((res) =>
        res.json(),
      );
    expect(await post('/_admin/oauth', { accessTokenSeconds: 5 })).toMatchObject({ liveGrants: 1 });
    expect((await signedIn(sandbox)).expires_in).toBe(5);
    const fresh = await signedIn(sandbox);
    await post('/_admin/oauth/expire-tokens', {});
    expect(
      (await bearerCall(sandbox, `${SNAPSHOTS}?filter[view_name]=/home`, fresh.access_token)).status,
    ).toBe(401);
    expect(
      (await tokenCall(sandbox, { grant_type: 'refresh_token', refresh_token: fresh.refresh_token })).status,
    ).toBe(200);
    expect(await post('/_admin/oauth/revoke-all', {})).toMatchObject({ liveGrants: 0 });
    expect(
      (await tokenCall(sandbox, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token })).json
        .error,
    ).toBe('invalid_grant');
  });
});
