import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDatadogClient } from '@/lib/providers/datadog/client';
import { authorizeUrl, readCallback, stateAccepted } from '@/lib/providers/datadog/oauth/authorize';
import {
  buildClient,
  DATADOG_OAUTH_SCOPES,
  forbiddenSentence,
  type OAuthClient,
  oauthApiBaseUrl,
  oauthBaseUrl,
  REFRESH_MARGIN_MS,
  signInOffered,
} from '@/lib/providers/datadog/oauth/config';
import { createGrantKeeper, type Grant, SIGNED_OUT_SENTENCE } from '@/lib/providers/datadog/oauth/grant';
import { createPkce, s256 } from '@/lib/providers/datadog/oauth/pkce';
import { createClientRegistry } from '@/lib/providers/datadog/oauth/registration';
import { type SignInDeps, signIn } from '@/lib/providers/datadog/oauth/sign-in';
import {
  createTokenEndpoint,
  type TokenEndpoint,
  type TokenResult,
} from '@/lib/providers/datadog/oauth/token-endpoint';
import { createBody } from './fixtures';
import { registryOver } from './oauth-fixtures';

const BASE = 'https://app.datadoghq.eu';
const API_BASE = 'https://api.datadoghq.eu';

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

const TOKENS = {
  access_token: 'at-1',
  refresh_token: 'rt-1',
  token_type: 'bearer',
  expires_in: 3600,
  scope: 'a b',
};

describe('PKCE', () => {
  it('S256 is base64url(SHA-256(verifier)) without padding, as Node computes it', async () => {
    for (const verifier of ['dBjftJeZ4CVP-mJ92ZbDnHJEZKhGXJHwQUsY-Rbuv8', 'a'.repeat(128)]) {
      expect(await s256(verifier)).toBe(createHash('sha256').update(verifier).digest('base64url'));
    }
  });

  it('a fresh verifier is 43 base64url characters, its challenge its S256, and two sign-ins differ', async () => {
    const one = await createPkce();
    const two = await createPkce();
    expect(one.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(one.challenge).toBe(await s256(one.verifier));
    expect(one.state).not.toBe(two.state);
    expect(one.verifier).not.toBe(two.verifier);
  });
});

describe('where and whether sign-in is offered', () => {
  it('on every build (a client of its own or a registered one), never on government sites', () => {
    expect(signInOffered('datadoghq.eu')).toBe(true);
    expect(signInOffered('datadoghq.com')).toBe(true);
    expect(signInOffered('ddog-gov.com')).toBe(false);
    expect(signInOffered('us2.ddog-gov.com')).toBe(false);
  });

  it('the build’s client: its id, and its secret only when one is configured', () => {
    expect(buildClient('', 'secret')).toBeNull();
    expect(buildClient('cid', '')).toEqual({ clientId: 'cid' });
    expect(buildClient('cid', 'sec')).toEqual({ clientId: 'cid', clientSecret: 'sec' });
  });

  it('consent on the site’s web app host, or the custom app URL', () => {
    expect(oauthBaseUrl({ site: 'us3.datadoghq.com', appUrl: '' })).toBe('https://us3.datadoghq.com');
    expect(oauthBaseUrl({ site: 'datadoghq.eu', appUrl: 'http://127.0.0.1:8787/' })).toBe(
      'http://127.0.0.1:8787',
    );
  });

  it('token, revoke and registration on api.{domain}, or the custom API URL: never the app host', () => {
    expect(oauthApiBaseUrl({ apiUrl: '' }, 'datadoghq.com')).toBe('https://api.datadoghq.com');
    expect(oauthApiBaseUrl({ apiUrl: '' }, 'datadoghq.eu')).toBe('https://api.datadoghq.eu');
    expect(oauthApiBaseUrl({ apiUrl: 'http://127.0.0.1:8787/' }, 'datadoghq.eu')).toBe(
      'http://127.0.0.1:8787',
    );
  });

  it('asks only for documented Datadog permissions, the least the extension needs', () => {
    // DataDog/documentation permissions.md; `rum_session_replay_write` is no Datadog permission.
    expect(DATADOG_OAUTH_SCOPES).toEqual(['rum_session_replay_read']);
  });

  it('a 403 on a signed-in request names the permission the sign-in holds', () => {
    expect(forbiddenSentence('rum_session_replay_read')).toContain('grants only rum_session_replay_read');
    expect(forbiddenSentence('')).toContain('grants only rum_session_replay_read');
  });

  it('the authorize URL carries the code flow, S256 challenge, state and scopes', () => {
    const url = new URL(
      authorizeUrl({
        base: BASE,
        clientId: 'cid',
        redirectUri: 'https://x.chromiumapp.org/',
        challenge: 'ch',
        state: 'st',
        scopes: ['a', 'b'],
      }),
    );
    expect(url.origin + url.pathname).toBe(`${BASE}/oauth2/v1/authorize`);
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'cid',
      redirect_uri: 'https://x.chromiumapp.org/',
      scope: 'a b',
      state: 'st',
      code_challenge: 'ch',
      code_challenge_method: 'S256',
    });
  });
});

describe('the callback', () => {
  const at = (query: string) => `https://x.chromiumapp.org/?${query}`;

  it('its domain is the site: US1 and EU1 sign-ins are accepted on their own site', () => {
    expect(readCallback(at('code=c&state=st&domain=datadoghq.com'), 'st', 'datadoghq.com')).toEqual({
      ok: true,
      code: 'c',
      domain: 'datadoghq.com',
    });
    expect(readCallback(at('code=c&state=st&domain=datadoghq.eu'), 'st', 'datadoghq.eu')).toEqual({
      ok: true,
      code: 'c',
      domain: 'datadoghq.eu',
    });
  });

  it('another site’s domain (or the app host, or an unknown one) is refused with a sentence', () => {
    expect(readCallback(at('code=c&state=st&domain=datadoghq.com'), 'st', 'datadoghq.eu')).toMatchObject({
      ok: false,
      refusal: 'domain',
      message: expect.stringContaining('on datadoghq.com, not datadoghq.eu'),
    });
    // The app host is not the site (app.datadoghq.eu ≠ datadoghq.eu).
    expect(readCallback(at('code=c&state=st&domain=app.datadoghq.eu'), 'st', 'datadoghq.eu')).toMatchObject({
      ok: false,
      refusal: 'domain',
    });
    expect(readCallback(at('code=c&state=st&domain=evil.example'), 'st', 'datadoghq.eu')).toMatchObject({
      ok: false,
      refusal: 'domain',
      message: expect.stringContaining('on evil.example, not datadoghq.eu'),
    });
    expect(readCallback(at('code=c&state=st&domain=%3Cb%3E'), 'st', 'datadoghq.eu')).toMatchObject({
      message: expect.stringContaining('on another site'),
    });
  });

  it('a state that comes back must be ours; an absent one is accepted (PKCE binds the code)', () => {
    expect(stateAccepted('st', 'st')).toBe(true);
    expect(stateAccepted(null, 'st')).toBe(true);
    expect(stateAccepted('other', 'st')).toBe(false);
    expect(readCallback(at('code=c&state=other&domain=datadoghq.eu'), 'st', 'datadoghq.eu')).toMatchObject({
      ok: false,
      refusal: 'state',
    });
    expect(readCallback(at('error=access_denied&state=other'), 'st', 'datadoghq.eu')).toMatchObject({
      ok: false,
      refusal: 'state',
    });
    expect(readCallback(at('code=c&domain=datadoghq.eu'), 'st', 'datadoghq.eu')).toEqual({
      ok: true,
      code: 'c',
      domain: 'datadoghq.eu',
    });
  });

  it('a refusal or an answer without code or domain is not a sign-in', () => {
    expect(readCallback(at('error=access_denied&state=st'), 'st', 'datadoghq.eu')).toMatchObject({
      ok: false,
      refusal: 'denied',
    });
    expect(readCallback(at('state=st&domain=datadoghq.eu'), 'st', 'datadoghq.eu')).toMatchObject({
      ok: false,
      refusal: 'malformed',
    });
    expect(readCallback(at('code=c&state=st'), 'st', 'datadoghq.eu')).toMatchObject({
      ok: false,
      refusal: 'malformed',
    });
  });
});

describe('the token endpoint', () => {
  function endpointAnswering(answer: Response | Error, client: OAuthClient = { clientId: 'cid' }) {
    const sent: { url: string; form: Record<string, string> }[] = [];
    const endpoint = createTokenEndpoint({
      base: API_BASE,
      client,
      fetch: (async (url: string, init: RequestInit) => {
        sent.push({ url, form: Object.fromEntries(new URLSearchParams(String(init.body))) });
        if (answer instanceof Error) throw answer;
        return answer;
      }) as typeof fetch,
    });
    return { endpoint, sent };
  }

  it('exchanges a code with its verifier on the API origin, as a public client (no secret)', async () => {
    const { endpoint, sent } = endpointAnswering(json(200, TOKENS));
    expect(await endpoint.exchangeCode('code-1', 'verifier-1', 'https://x.chromiumapp.org/')).toEqual({
      ok: true,
      tokens: { accessToken: 'at-1', refreshToken: 'rt-1', expiresIn: 3600, scope: 'a b' },
    });
    expect(sent).toEqual([
      {
        url: 'https://api.datadoghq.eu/oauth2/v1/token',
        form: {
          client_id: 'cid',
          grant_type: 'authorization_code',
          code: 'code-1',
          code_verifier: 'verifier-1',
          redirect_uri: 'https://x.chromiumapp.org/',
        },
      },
    ]);
  });

  it('a confidential client sends its secret (client_secret_post) on token and revoke calls', async () => {
    const client = { clientId: 'cid', clientSecret: 'sec' };
    const token = endpointAnswering(json(200, TOKENS), client);
    await token.endpoint.refresh('rt-1');
    expect(token.sent[0]?.form).toEqual({
      client_id: 'cid',
      client_secret: 'sec',
      grant_type: 'refresh_token',
      refresh_token: 'rt-1',
    });
    const revoke = endpointAnswering(new Response(null, { status: 200 }), client);
    await revoke.endpoint.revoke('rt-1');
    expect(revoke.sent[0]?.form).toMatchObject({ client_id: 'cid', client_secret: 'sec' });
  });

  it('tells invalid_grant and invalid_client apart from other refusals, unreadable tokens and the network', async () => {
    expect(
      await endpointAnswering(json(400, { error: 'invalid_grant' })).endpoint.refresh('rt'),
    ).toMatchObject({ ok: false, failure: 'invalid-grant' });
    expect(
      await endpointAnswering(json(401, { error: 'invalid_client' })).endpoint.refresh('rt'),
    ).toMatchObject({ ok: false, failure: 'invalid-client' });
    expect(
      await endpointAnswering(json(400, { error: 'invalid_client' })).endpoint.refresh('rt'),
    ).toMatchObject({ ok: false, failure: 'invalid-client' });
    expect(
      await endpointAnswering(json(400, { error: 'invalid_request' })).endpoint.refresh('rt'),
    ).toMatchObject({ ok: false, failure: 'refused' });
    expect(
      await endpointAnswering(json(200, { ...TOKENS, token_type: 'mac' })).endpoint.refresh('rt'),
    ).toMatchObject({ ok: false, failure: 'bad-response' });
    expect(await endpointAnswering(new TypeError('Failed to fetch')).endpoint.refresh('rt')).toMatchObject({
      ok: false,
      failure: 'network',
    });
  });

  it('revokes the refresh token (RFC 7009) on the API origin and says when it could not', async () => {
    const ok = endpointAnswering(new Response(null, { status: 200 }));
    expect(await ok.endpoint.revoke('rt-9')).toEqual({ ok: true });
    expect(ok.sent[0]).toEqual({
      url: 'https://api.datadoghq.eu/oauth2/v1/revoke',
      form: { client_id: 'cid', token: 'rt-9', token_type_hint: 'refresh_token' },
    });
    expect(await endpointAnswering(json(503, {})).endpoint.revoke('rt-9')).toMatchObject({
      ok: false,
      message: expect.stringContaining('503'),
    });
  });
});

/** A token endpoint that rotates: each refresh token works once. */
function rotatingEndpoint(first = 'rt-1') {
  let valid = first;
  let counter = 1;
  const refreshes: string[] = [];
  const endpoint: TokenEndpoint = {
    exchangeCode: async () => ({ ok: false, failure: 'refused', message: 'unused' }),
    async refresh(token): Promise<TokenResult> {
      refreshes.push(token);
      await new Promise((resolve) => setTimeout(resolve, 5));
      if (token !== valid)
        return { ok: false, failure: 'invalid-grant', message: 'Signed out: sign in again.' };
      counter += 1;
      valid = `rt-${counter}`;
      return {
        ok: true,
        tokens: { accessToken: `at-${counter}`, refreshToken: valid, expiresIn: 600, scope: '' },
      };
    },
    revoke: async () => ({ ok: true }),
  };
  return { endpoint, refreshes, revokeAll: () => (valid = 'none') };
}

function keeperWith(grant: Grant, endpoint: TokenEndpoint, clock: { now: number }) {
  const stored = new Map<string, { grant: Grant; persist: boolean }>([['p1', { grant, persist: false }]]);
  const keeper = createGrantKeeper({
    storage: {
      read: async (id) => stored.get(id)?.grant,
      write: async (id, next, persist) => void stored.set(id, { grant: next, persist }),
      remove: async (id) => void stored.delete(id),
    },
    endpointFor: () => endpoint,
    now: () => clock.now,
  });
  return { keeper, stored };
}

const signedIn = (expiresAt: number): Grant => ({
  status: 'signed-in',
  accessToken: 'at-1',
  refreshToken: 'rt-1',
  expiresAt,
  scope: '',
  apiBase: API_BASE,
  clientId: 'cid',
  site: 'datadoghq.eu',
  signedInAt: 0,
});

describe('the grant keeper', () => {
  it('uses the stored token until the margin before expiry, then refreshes and stores the rotated pair', async () => {
    const clock = { now: 1_000_000 };
    const { endpoint, refreshes } = rotatingEndpoint();
    const { keeper, stored } = keeperWith(signedIn(clock.now + REFRESH_MARGIN_MS + 1000), endpoint, clock);
    expect(await keeper.accessToken('p1', false)).toEqual({ ok: true, token: 'at-1' });
    expect(refreshes).toEqual([]);
    clock.now += 2000;
    expect(await keeper.accessToken('p1', false)).toEqual({ ok: true, token: 'at-2' });
    expect(refreshes).toEqual(['rt-1']);
    expect(stored.get('p1')).toMatchObject({
      grant: { accessToken: 'at-2', refreshToken: 'rt-2', expiresAt: clock.now + 600_000 },
      persist: false,
    });
  });

  it('refreshes once for calls that need it together (a rotated refresh token works once)', async () => {
    const clock = { now: 1_000_000 };
    const { endpoint, refreshes } = rotatingEndpoint();
    const { keeper } = keeperWith(signedIn(clock.now), endpoint, clock);
    const tokens = await Promise.all([
      keeper.accessToken('p1', false),
      keeper.accessToken('p1', false),
      keeper.afterRefusal('p1', false, 'at-1'),
    ]);
    expect(tokens).toEqual([1, 2, 3].map(() => ({ ok: true, token: 'at-2' })));
    expect(refreshes).toEqual(['rt-1']);
  });

  it('a token refused by the API is replaced once; a refusal of an already replaced token uses the new one', async () => {
    const clock = { now: 1_000_000 };
    const { endpoint, refreshes } = rotatingEndpoint();
    const { keeper } = keeperWith(signedIn(clock.now + 3_600_000), endpoint, clock);
    expect(await keeper.afterRefusal('p1', false, 'at-1')).toEqual({ ok: true, token: 'at-2' });
    expect(await keeper.afterRefusal('p1', false, 'at-1')).toEqual({ ok: true, token: 'at-2' });
    expect(refreshes).toEqual(['rt-1']);
  });

  it('refreshes on the grant’s API origin as the client it was issued to', async () => {
    const clock = { now: 1_000_000 };
    const { endpoint } = rotatingEndpoint();
    const asked: unknown[] = [];
    const keeper = createGrantKeeper({
      storage: { read: async () => signedIn(clock.now), write: async () => {}, remove: async () => {} },
      endpointFor: (origin) => {
        asked.push(origin);
        return endpoint;
      },
      now: () => clock.now,
    });
    await keeper.accessToken('p1', false);
    expect(asked).toEqual([expect.objectContaining({ apiBase: API_BASE, clientId: 'cid' })]);
  });

  it('invalid_grant marks the profile signed out, stored, and says so as a tagged result', async () => {
    const clock = { now: 1_000_000 };
    const { endpoint, revokeAll } = rotatingEndpoint();
    revokeAll();
    const { keeper, stored } = keeperWith(signedIn(clock.now), endpoint, clock);
    expect(await keeper.accessToken('p1', false)).toEqual({
      ok: false,
      why: 'signed-out',
      message: SIGNED_OUT_SENTENCE,
    });
    expect(stored.get('p1')?.grant).toEqual({ status: 'signed-out', site: 'datadoghq.eu', signedInAt: 0 });
    expect(await keeper.accessToken('p1', false)).toMatchObject({ ok: false, why: 'signed-out' });
  });
});

const FORBIDDEN = async () => forbiddenSentence('rum_session_replay_read');

describe('the API client with a bearer token', () => {
  it('a 403 says which permission the sign-in holds, not "check the keys", with what Datadog said', async () => {
    const { fetch } = scripted([json(403, { errors: ['Forbidden'] })]);
    const client = createDatadogClient({
      baseUrl: 'https://api.datadoghq.eu',
      fetch,
      bearer: { current: async () => 'at-1', afterRefusal: async () => 'at-2', forbidden: FORBIDDEN },
    });
    const refusal = client.createSnapshot(createBody());
    await expect(refusal).rejects.toMatchObject({ kind: 'auth', status: 403 });
    await expect(refusal).rejects.toThrow(/grants only rum_session_replay_read.*Datadog said: Forbidden/);
  });

  function scripted(answers: Response[]) {
    const calls: { method: string; headers: Record<string, string> }[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      calls.push({ method: init.method ?? 'GET', headers: init.headers as Record<string, string> });
      const next = answers.shift();
      if (!next) throw new Error('unexpected request');
      return next;
    }) as typeof globalThis.fetch;
    return { fetch, calls };
  }

  it('sends Authorization: Bearer and no key headers', async () => {
    const { fetch, calls } = scripted([json(200, { data: [] })]);
    const client = createDatadogClient({
      baseUrl: 'https://api.datadoghq.eu',
      fetch,
      bearer: { current: async () => 'at-1', afterRefusal: async () => 'at-2', forbidden: FORBIDDEN },
    });
    await client.listSnapshots({ viewName: '/home' });
    expect(calls[0]?.headers).toEqual({ Accept: 'application/json', Authorization: 'Bearer at-1' });
  });

  it('a create refused with 401 (token expired meanwhile) is sent once more with the refreshed token, and creates once', async () => {
    const created = { data: { id: 'snap-1', type: 'snapshots', attributes: { snapshot_name: 'x' } } };
    const { fetch, calls } = scripted([json(401, { errors: ['expired'] }), json(201, created)]);
    const refused: string[] = [];
    const client = createDatadogClient({
      baseUrl: 'https://api.datadoghq.eu',
      fetch,
      bearer: {
        current: async () => 'at-1',
        afterRefusal: async (token) => {
          refused.push(token);
          return 'at-2';
        },
        forbidden: FORBIDDEN,
      },
    });
    expect((await client.createSnapshot(createBody())).id).toBe('snap-1');
    expect(refused).toEqual(['at-1']);
    expect(calls.map((call) => [call.method, call.headers.Authorization])).toEqual([
      ['POST', 'Bearer at-1'],
      ['POST', 'Bearer at-2'],
    ]);
  });

  it('a second 401 is the answer (no loop), as an auth error', async () => {
    const { fetch, calls } = scripted([json(401, {}), json(401, {})]);
    const client = createDatadogClient({
      baseUrl: 'https://api.datadoghq.eu',
      fetch,
      bearer: { current: async () => 'at-1', afterRefusal: async () => 'at-2', forbidden: FORBIDDEN },
    });
    await expect(client.listSnapshots({ viewName: '/home' })).rejects.toMatchObject({
      kind: 'auth',
      status: 401,
    });
    expect(calls).toHaveLength(2);
  });
});

describe('one sign-in', () => {
  const tokens = { accessToken: 'at-1', refreshToken: 'rt-1', expiresIn: 3600, scope: 'x' };
  const pkce = async () => ({ verifier: 'ver', challenge: 'cha', state: 'st' });
  const REDIRECT = 'https://x.chromiumapp.org/';
  const EU = { site: 'datadoghq.eu', apiUrl: '', appUrl: '' } as const;

  /** Records every exchange with the API origin and client it went to; answers `answers` in turn. */
  function endpoints(answers: TokenResult[] = []) {
    const exchanged: { apiBase: string; client: OAuthClient; args: string[] }[] = [];
    const endpointFor = (apiBase: string, client: OAuthClient): TokenEndpoint => ({
      exchangeCode: async (...args) => {
        exchanged.push({ apiBase, client, args });
        return answers.shift() ?? { ok: true, tokens };
      },
      refresh: async () => ({ ok: false, failure: 'refused', message: '' }),
      revoke: async () => ({ ok: true }),
    });
    return { endpointFor, exchanged };
  }

  function deps(overrides: Partial<SignInDeps> & Pick<SignInDeps, 'endpointFor'>): SignInDeps {
    return {
      buildClient: { clientId: 'cid', clientSecret: 'sec' },
      clients: registryOver({}, 7).clients,
      redirectUri: REDIRECT,
      launch: async () => `${REDIRECT}?code=c1&state=st&domain=datadoghq.eu`,
      createPkce: pkce,
      ...overrides,
    };
  }

  it('consents on the app host, exchanges the code on the API origin as the build’s client, and keeps where in the grant', async () => {
    const { endpointFor, exchanged } = endpoints();
    const launched: string[] = [];
    const result = await signIn(
      EU,
      deps({
        endpointFor,
        launch: async (url) => {
          launched.push(url);
          return `${REDIRECT}?code=c1&state=st&domain=datadoghq.eu`;
        },
        now: () => 5000,
      }),
    );
    const authorize = new URL(launched[0] ?? '');
    expect(authorize.origin).toBe('https://app.datadoghq.eu');
    expect(authorize.searchParams.get('code_challenge')).toBe('cha');
    expect(authorize.searchParams.get('client_id')).toBe('cid');
    expect(exchanged).toEqual([
      { apiBase: API_BASE, client: { clientId: 'cid', clientSecret: 'sec' }, args: ['c1', 'ver', REDIRECT] },
    ]);
    expect(result).toEqual({
      ok: true,
      grant: {
        status: 'signed-in',
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        expiresAt: 3_605_000,
        scope: 'x',
        apiBase: API_BASE,
        clientId: 'cid',
        site: 'datadoghq.eu',
        signedInAt: 5000,
      },
    });
  });

  it('US1 signs in with domain=datadoghq.com and exchanges on api.datadoghq.com', async () => {
    const { endpointFor, exchanged } = endpoints();
    const result = await signIn(
      { site: 'datadoghq.com', apiUrl: '', appUrl: '' },
      deps({ endpointFor, launch: async () => `${REDIRECT}?code=c1&state=st&domain=datadoghq.com` }),
    );
    expect(result).toMatchObject({
      ok: true,
      grant: { site: 'datadoghq.com', apiBase: 'https://api.datadoghq.com' },
    });
    expect(exchanged.map((call) => call.apiBase)).toEqual(['https://api.datadoghq.com']);
  });

  it('with a custom API URL, the exchange goes there and consent to the custom app URL', async () => {
    const { endpointFor, exchanged } = endpoints();
    const launched: string[] = [];
    await signIn(
      { site: 'datadoghq.eu', apiUrl: 'http://127.0.0.1:9000', appUrl: 'http://127.0.0.1:9001' },
      deps({
        endpointFor,
        launch: async (url) => {
          launched.push(url);
          return `${REDIRECT}?code=c1&domain=datadoghq.eu`;
        },
      }),
    );
    expect(new URL(launched[0] ?? '').origin).toBe('http://127.0.0.1:9001');
    expect(exchanged.map((call) => call.apiBase)).toEqual(['http://127.0.0.1:9000']);
  });

  it('never exchanges a code from a callback with the wrong state or another site’s domain', async () => {
    for (const query of [
      'code=c1&state=forged&domain=datadoghq.eu',
      'code=c1&state=st&domain=datadoghq.com',
    ]) {
      const { endpointFor, exchanged } = endpoints();
      const result = await signIn(EU, deps({ endpointFor, launch: async () => `${REDIRECT}?${query}` }));
      expect(result.ok).toBe(false);
      expect(exchanged).toEqual([]);
    }
  });

  it('without a build client: registers one on the API origin first, then reuses it', async () => {
    const { endpointFor, exchanged } = endpoints();
    const { clients, registered, stored } = registryOver({}, 7);
    const first = await signIn(EU, deps({ buildClient: null, clients, endpointFor }));
    expect(first).toMatchObject({ ok: true, grant: { clientId: 'reg-1' } });
    expect(registered).toEqual([API_BASE]);
    expect(stored()).toEqual({ [API_BASE]: { clientId: 'reg-1', redirectUri: REDIRECT, registeredAt: 7 } });
    // Registered clients are public: no secret goes with their token calls.
    expect(exchanged[0]?.client).toEqual({ clientId: 'reg-1' });

    await signIn(EU, deps({ buildClient: null, clients, endpointFor }));
    expect(registered).toEqual([API_BASE]);
    expect(exchanged.map((call) => call.client.clientId)).toEqual(['reg-1', 'reg-1']);
  });

  it('a registered client Datadog refuses (invalid_client) is replaced once, and the sign-in runs again', async () => {
    const refusedClient: TokenResult = { ok: false, failure: 'invalid-client', message: 'no such client' };
    const { endpointFor, exchanged } = endpoints([refusedClient]);
    const { clients, registered } = registryOver({}, 7);
    const launched: string[] = [];
    const result = await signIn(
      EU,
      deps({
        buildClient: null,
        clients,
        endpointFor,
        launch: async (url) => {
          launched.push(new URL(url).searchParams.get('client_id') ?? '');
          return `${REDIRECT}?code=c1&state=st&domain=datadoghq.eu`;
        },
      }),
    );
    expect(result).toMatchObject({ ok: true, grant: { clientId: 'reg-2' } });
    expect(registered).toEqual([API_BASE, API_BASE]);
    expect(launched).toEqual(['reg-1', 'reg-2']);
    expect(exchanged.map((call) => call.client.clientId)).toEqual(['reg-1', 'reg-2']);
  });

  it('only once: a second refusal is a sentence; the build’s own client is never replaced', async () => {
    const refusedClient: TokenResult = { ok: false, failure: 'invalid-client', message: 'no such client' };
    const twice = registryOver({}, 7);
    const result = await signIn(
      EU,
      deps({
        buildClient: null,
        clients: twice.clients,
        endpointFor: endpoints([refusedClient, refusedClient]).endpointFor,
      }),
    );
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('even newly registered') });
    expect(twice.registered).toHaveLength(2);

    const build = registryOver({}, 7);
    const own = await signIn(
      EU,
      deps({ clients: build.clients, endpointFor: endpoints([refusedClient]).endpointFor }),
    );
    expect(own).toEqual({ ok: false, message: 'no such client' });
    expect(build.registered).toEqual([]);
  });

  it('a refused registration is a sentence, and no consent window opens', async () => {
    const launched: string[] = [];
    const clients = createClientRegistry({
      storage: { read: async () => ({}), write: async () => {} },
      register: async () => ({
        ok: false,
        message: 'Datadog refused to register this extension for sign-in (400).',
      }),
    });
    const result = await signIn(
      EU,
      deps({
        buildClient: null,
        clients,
        endpointFor: endpoints().endpointFor,
        launch: async (url) => {
          launched.push(url);
          return '';
        },
      }),
    );
    expect(result).toEqual({
      ok: false,
      message: 'Datadog refused to register this extension for sign-in (400).',
    });
    expect(launched).toEqual([]);
  });

  it('a closed window is a sentence, not a crash', async () => {
    const result = await signIn(
      EU,
      deps({
        endpointFor: endpoints().endpointFor,
        launch: async () => {
          throw new Error('The user did not approve access.');
        },
      }),
    );
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('did not finish') });
  });
});
