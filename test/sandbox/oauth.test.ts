import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { OAUTH_SCOPES, SANDBOX_OAUTH_CLIENT_ID } from '../../sandbox/oauth/server';
import type { Sandbox } from '../../sandbox/server';
import { referenceCreateBody, useSandbox } from './helpers';

/**
 * The sandbox's Datadog OAuth server, driven over HTTP as the extension drives it: consent,
 * code exchange with PKCE, refresh with rotation, revocation, and bearer tokens on the API.
 */

const REDIRECT = `https://${'a'.repeat(32)}.chromiumapp.org/`;
const VERIFIER = 'v'.repeat(43);
const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');
const SCOPES = `${OAUTH_SCOPES.read} ${OAUTH_SCOPES.write}`;
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
    `${sandbox.url}/oauth2/v1/authorize?${new URLSearchParams(authorizeQuery(overrides))}`,
  );
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('Authorize');
  const answer = await fetch(`${sandbox.url}/oauth2/v1/authorize`, {
    method: 'POST',
    body: new URLSearchParams({ ...authorizeQuery(overrides), decision }),
    redirect: 'manual',
  });
  expect(answer.status).toBe(302);
  return new URL(answer.headers.get('location') ?? '');
}

async function tokenCall(sandbox: Sandbox, form: Record<string, string>) {
  const res = await fetch(`${sandbox.url}/oauth2/v1/token`, {
    method: 'POST',
    body: new URLSearchParams({ client_id: SANDBOX_OAUTH_CLIENT_ID, ...form }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

async function signedIn(sandbox: Sandbox, scope = SCOPES): Promise<Tokens> {
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
  test('consent redirects with the code, the state and the org’s domain; a denial with access_denied', async () => {
    const sandbox = await useSandbox();
    const callback = await consent(sandbox);
    expect(callback.origin + callback.pathname).toBe(REDIRECT);
    expect(callback.searchParams.get('state')).toBe('state-123456');
    expect(callback.searchParams.get('code')).toMatch(/^ddoc_/);
    expect(callback.searchParams.get('domain')).toBe(new URL(sandbox.url).host);
    sandbox.oauth.configure({ callbackDomain: 'app.datadoghq.com', forgeState: true });
    const forged = await consent(sandbox);
    expect(forged.searchParams.get('domain')).toBe('app.datadoghq.com');
    expect(forged.searchParams.get('state')).toBe('forged-state-123456');
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
        `${sandbox.url}/oauth2/v1/authorize?${new URLSearchParams(authorizeQuery(bad))}`,
      );
      expect(res.status).toBe(400);
    }
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

  test('scopes are enforced: read-only cannot create (403); key validation takes no token (401)', async () => {
    const sandbox = await useSandbox();
    const readOnly = await signedIn(sandbox, OAUTH_SCOPES.read);
    expect(
      (await bearerCall(sandbox, `${SNAPSHOTS}?filter[view_name]=/home`, readOnly.access_token)).status,
    ).toBe(200);
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
      body: new URLSearchParams({ client_id: SANDBOX_OAUTH_CLIENT_ID, token: tokens.refresh_token }),
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
