import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createDatadogClient } from '@/lib/providers/datadog/client';
import { authorizeUrl, readCallback } from '@/lib/providers/datadog/oauth/authorize';
import { oauthBaseUrl, REFRESH_MARGIN_MS, signInOffered } from '@/lib/providers/datadog/oauth/config';
import { createGrantKeeper, type Grant, SIGNED_OUT_SENTENCE } from '@/lib/providers/datadog/oauth/grant';
import { createPkce, s256 } from '@/lib/providers/datadog/oauth/pkce';
import { signIn } from '@/lib/providers/datadog/oauth/sign-in';
import {
  createTokenEndpoint,
  type TokenEndpoint,
  type TokenResult,
} from '@/lib/providers/datadog/oauth/token-endpoint';
import { createBody } from './fixtures';

const BASE = 'https://app.datadoghq.eu';

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
  it('never on government sites, never without a client id', () => {
    expect(signInOffered('datadoghq.eu', 'client')).toBe(true);
    expect(signInOffered('ddog-gov.com', 'client')).toBe(false);
    expect(signInOffered('us2.ddog-gov.com', 'client')).toBe(false);
    expect(signInOffered('datadoghq.eu', '')).toBe(false);
  });

  it('on the site’s web app host, or the custom app URL', () => {
    expect(oauthBaseUrl({ site: 'us3.datadoghq.com', appUrl: '' })).toBe('https://us3.datadoghq.com');
    expect(oauthBaseUrl({ site: 'datadoghq.eu', appUrl: 'http://127.0.0.1:8787/' })).toBe(
      'http://127.0.0.1:8787',
    );
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

  it('checks the state before anything else, then the domain against the chosen app host', () => {
    expect(readCallback(at('code=c&state=other&domain=app.datadoghq.com'), 'st', BASE)).toMatchObject({
      ok: false,
      refusal: 'state',
    });
    expect(readCallback(at('error=access_denied&state=other'), 'st', BASE)).toMatchObject({
      ok: false,
      refusal: 'state',
    });
    expect(readCallback(at('code=c&state=st&domain=app.datadoghq.com'), 'st', BASE)).toMatchObject({
      ok: false,
      refusal: 'domain',
      message: expect.stringContaining('app.datadoghq.com, not app.datadoghq.eu'),
    });
    expect(readCallback(at('code=c&state=st&domain=app.datadoghq.eu'), 'st', BASE)).toEqual({
      ok: true,
      code: 'c',
    });
    expect(readCallback(at('code=c&state=st&domain=https://app.datadoghq.eu'), 'st', BASE)).toEqual({
      ok: true,
      code: 'c',
    });
  });

  it('a refusal or an answer without code or domain is not a sign-in', () => {
    expect(readCallback(at('error=access_denied&state=st'), 'st', BASE)).toMatchObject({
      ok: false,
      refusal: 'denied',
    });
    expect(readCallback(at('state=st&domain=app.datadoghq.eu'), 'st', BASE)).toMatchObject({
      ok: false,
      refusal: 'malformed',
    });
    expect(readCallback(at('code=c&state=st'), 'st', BASE)).toMatchObject({
      ok: false,
      refusal: 'malformed',
    });
  });
});

describe('the token endpoint', () => {
  function endpointAnswering(answer: Response | Error) {
    const sent: { url: string; form: Record<string, string> }[] = [];
    const endpoint = createTokenEndpoint({
      base: BASE,
      clientId: 'cid',
      fetch: (async (url: string, init: RequestInit) => {
        sent.push({ url, form: Object.fromEntries(new URLSearchParams(String(init.body))) });
        if (answer instanceof Error) throw answer;
        return answer;
      }) as typeof fetch,
    });
    return { endpoint, sent };
  }

  it('exchanges a code with its verifier as a public client', async () => {
    const { endpoint, sent } = endpointAnswering(json(200, TOKENS));
    expect(await endpoint.exchangeCode('code-1', 'verifier-1', 'https://x.chromiumapp.org/')).toEqual({
      ok: true,
      tokens: { accessToken: 'at-1', refreshToken: 'rt-1', expiresIn: 3600, scope: 'a b' },
    });
    expect(sent).toEqual([
      {
        url: `${BASE}/oauth2/v1/token`,
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

  it('tells invalid_grant apart from other refusals, unreadable tokens and the network', async () => {
    expect(
      await endpointAnswering(json(400, { error: 'invalid_grant' })).endpoint.refresh('rt'),
    ).toMatchObject({ ok: false, failure: 'invalid-grant' });
    expect(
      await endpointAnswering(json(400, { error: 'invalid_client' })).endpoint.refresh('rt'),
    ).toMatchObject({ ok: false, failure: 'refused' });
    expect(
      await endpointAnswering(json(200, { ...TOKENS, token_type: 'mac' })).endpoint.refresh('rt'),
    ).toMatchObject({ ok: false, failure: 'bad-response' });
    expect(await endpointAnswering(new TypeError('Failed to fetch')).endpoint.refresh('rt')).toMatchObject({
      ok: false,
      failure: 'network',
    });
  });

  it('revokes the refresh token (RFC 7009) and says when it could not', async () => {
    const ok = endpointAnswering(new Response(null, { status: 200 }));
    expect(await ok.endpoint.revoke('rt-9')).toEqual({ ok: true });
    expect(ok.sent[0]).toEqual({
      url: `${BASE}/oauth2/v1/revoke`,
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
  base: BASE,
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
    expect(stored.get('p1')?.grant).toEqual({ status: 'signed-out', base: BASE, signedInAt: 0 });
    expect(await keeper.accessToken('p1', false)).toMatchObject({ ok: false, why: 'signed-out' });
  });
});

describe('the API client with a bearer token', () => {
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
      bearer: { current: async () => 'at-1', afterRefusal: async () => 'at-2' },
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
      bearer: { current: async () => 'at-1', afterRefusal: async () => 'at-2' },
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

  function endpointRecording() {
    const exchanged: string[][] = [];
    const endpoint: TokenEndpoint = {
      exchangeCode: async (code, verifier, redirect) => {
        exchanged.push([code, verifier, redirect]);
        return { ok: true, tokens };
      },
      refresh: async () => ({ ok: false, failure: 'refused', message: '' }),
      revoke: async () => ({ ok: true }),
    };
    return { endpoint, exchanged };
  }

  it('opens the authorize URL, exchanges the code with the verifier, and keeps the app URL in the grant', async () => {
    const { endpoint, exchanged } = endpointRecording();
    const launched: string[] = [];
    const result = await signIn(BASE, {
      clientId: 'cid',
      redirectUri: 'https://x.chromiumapp.org/',
      launch: async (url) => {
        launched.push(url);
        return 'https://x.chromiumapp.org/?code=c1&state=st&domain=app.datadoghq.eu';
      },
      endpoint,
      now: () => 5000,
      createPkce: pkce,
    });
    expect(new URL(launched[0] ?? '').searchParams.get('code_challenge')).toBe('cha');
    expect(exchanged).toEqual([['c1', 'ver', 'https://x.chromiumapp.org/']]);
    expect(result).toEqual({
      ok: true,
      grant: {
        status: 'signed-in',
        accessToken: 'at-1',
        refreshToken: 'rt-1',
        expiresAt: 3_605_000,
        scope: 'x',
        base: BASE,
        signedInAt: 5000,
      },
    });
  });

  it('never exchanges a code from a callback with the wrong state or another site’s domain', async () => {
    for (const query of [
      'code=c1&state=forged&domain=app.datadoghq.eu',
      'code=c1&state=st&domain=app.datadoghq.com',
    ]) {
      const { endpoint, exchanged } = endpointRecording();
      const result = await signIn(BASE, {
        clientId: 'cid',
        redirectUri: 'r',
        launch: async () => `https://x.chromiumapp.org/?${query}`,
        endpoint,
        createPkce: pkce,
      });
      expect(result.ok).toBe(false);
      expect(exchanged).toEqual([]);
    }
  });

  it('a closed window is a sentence, not a crash', async () => {
    const { endpoint } = endpointRecording();
    const result = await signIn(BASE, {
      clientId: 'cid',
      redirectUri: 'r',
      launch: async () => {
        throw new Error('The user did not approve access.');
      },
      endpoint,
      createPkce: pkce,
    });
    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('did not finish') });
  });
});
