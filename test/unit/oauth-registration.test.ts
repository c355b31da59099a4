import { v2 } from '@datadog/datadog-api-client';
import { describe, expect, it } from 'vitest';
import { REGISTERED_CLIENT_NAME, registerClient } from '@/lib/providers/datadog/oauth/registration';
import { registryOver } from './oauth-fixtures';

/**
 * Dynamic Client Registration (RFC 7591) as DataDog/pup does it (`src/auth/dcr.rs`), read as the
 * official clients' models say (`OAuthClientRegistrationRequest` / `Response`).
 */

const API_BASE = 'https://api.datadoghq.eu';
const REDIRECT = `https://${'a'.repeat(32)}.chromiumapp.org/`;

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** Datadog's 201, built as the official model's fields (SPEC: auth method always `none`). */
const REGISTERED = {
  client_id: 'dcr-1',
  client_name: REGISTERED_CLIENT_NAME,
  redirect_uris: [REDIRECT],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
};

function registering(answer: Response | Error) {
  const sent: { url: string; method: string; body: unknown }[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, method: init.method ?? 'GET', body: JSON.parse(String(init.body)) });
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof globalThis.fetch;
  return { sent, register: () => registerClient({ apiBase: API_BASE, redirectUri: REDIRECT, fetch }) };
}

describe('registering a client', () => {
  it('POSTs pup’s body to /api/v2/oauth2/register on the API origin, and it parses with the official model', async () => {
    const { sent, register } = registering(json(201, REGISTERED));
    expect(await register()).toEqual({ ok: true, clientId: 'dcr-1' });
    expect(sent).toEqual([
      {
        url: 'https://api.datadoghq.eu/api/v2/oauth2/register',
        method: 'POST',
        body: {
          client_name: REGISTERED_CLIENT_NAME,
          redirect_uris: [REDIRECT],
          grant_types: ['authorization_code', 'refresh_token'],
        },
      },
    ]);
    const model = v2.ObjectSerializer.deserialize(sent[0]?.body, 'OAuthClientRegistrationRequest');
    expect(model).toMatchObject({ clientName: REGISTERED_CLIENT_NAME, redirectUris: [REDIRECT] });
    expect(model._unparsed).toBeUndefined();
    // And the answer the sandbox and this test give is the official response model.
    expect(v2.ObjectSerializer.deserialize(REGISTERED, 'OAuthClientRegistrationResponse')).toMatchObject({
      clientId: 'dcr-1',
      tokenEndpointAuthMethod: 'none',
    });
  });

  it('a refusal (RFC 7591 error body), an unreadable answer, another redirect URI or the network: a sentence each', async () => {
    expect(
      await registering(json(400, { error: 'invalid_redirect_uri', error_description: 'no' })).register(),
    ).toEqual({
      ok: false,
      message:
        'Datadog refused to register this extension for sign-in (400: invalid_redirect_uri). Use keys instead.',
    });
    expect(await registering(json(201, { client_name: 'x' })).register()).toMatchObject({
      ok: false,
      message: expect.stringContaining('does not understand'),
    });
    expect(
      await registering(
        json(201, { ...REGISTERED, redirect_uris: ['http://127.0.0.1:8000/oauth/callback'] }),
      ).register(),
    ).toMatchObject({ ok: false, message: expect.stringContaining('return address') });
    expect(await registering(new TypeError('Failed to fetch')).register()).toMatchObject({
      ok: false,
      message: expect.stringContaining('Could not reach api.datadoghq.eu'),
    });
    // 200 is not pup's or the spec's 201.
    expect(await registering(json(200, REGISTERED)).register()).toMatchObject({ ok: false });
  });
});

describe('the registered clients, per API origin', () => {
  it('registers once per origin and reuses the stored client; another origin gets its own', async () => {
    const { clients, registered, stored } = registryOver(undefined);
    expect(await clients.clientFor(API_BASE, REDIRECT)).toEqual({ ok: true, client: { clientId: 'reg-1' } });
    expect(await clients.clientFor(API_BASE, REDIRECT)).toEqual({ ok: true, client: { clientId: 'reg-1' } });
    expect(await clients.clientFor('https://api.datadoghq.com', REDIRECT)).toEqual({
      ok: true,
      client: { clientId: 'reg-2' },
    });
    expect(registered).toEqual([API_BASE, 'https://api.datadoghq.com']);
    expect(stored()[API_BASE]).toEqual({ clientId: 'reg-1', redirectUri: REDIRECT, registeredAt: 42 });
  });

  it('a client registered with another redirect URI is not reused', async () => {
    const { clients, registered } = registryOver({
      [API_BASE]: { clientId: 'old', redirectUri: 'https://other.chromiumapp.org/', registeredAt: 1 },
    });
    expect(await clients.clientFor(API_BASE, REDIRECT)).toEqual({ ok: true, client: { clientId: 'reg-1' } });
    expect(registered).toEqual([API_BASE]);
  });

  it('forgets only the client Datadog refused, so the next sign-in registers again', async () => {
    const { clients, registered, stored } = registryOver(undefined);
    await clients.clientFor(API_BASE, REDIRECT);
    await clients.forget(API_BASE, 'someone-else');
    expect(stored()[API_BASE]?.clientId).toBe('reg-1');
    await clients.forget(API_BASE, 'reg-1');
    expect(stored()).toEqual({});
    expect(await clients.clientFor(API_BASE, REDIRECT)).toEqual({ ok: true, client: { clientId: 'reg-2' } });
    expect(registered).toHaveLength(2);
  });

  it('stored clients that do not parse are registered anew, not a crash', async () => {
    const { clients } = registryOver({ [API_BASE]: { clientId: 7 } });
    expect(await clients.clientFor(API_BASE, REDIRECT)).toEqual({ ok: true, client: { clientId: 'reg-1' } });
  });
});
