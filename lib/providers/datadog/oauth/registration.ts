import { z } from 'zod/mini';
import { defaultHttpDependencies, exchange, hostOf } from '@/lib/shared/http';
import type { OAuthClient } from './config';

/**
 * Dynamic Client Registration (RFC 7591), for builds without a client of their own: on the first
 * sign-in against an API origin this installation registers its own OAuth client there, keeps it,
 * and reuses it, as Datadog's own CLI does (DataDog/pup `src/auth/dcr.rs` `register`, `docs/OAUTH2.md`).
 *
 * The request is pup's exactly: `POST https://api.{site}/api/v2/oauth2/register`, JSON
 * `{client_name, redirect_uris: [one], grant_types: ["authorization_code", "refresh_token"]}`,
 * answered 201. The answer is read as the official clients' model says
 * (datadog-api-client-typescript `OAuthClientRegistrationResponse`: `client_id`, `client_name`,
 * `redirect_uris`, `grant_types`, `response_types`, `token_endpoint_auth_method` "Always `none`"):
 * a registered client is PUBLIC, it gets no secret, and PKCE is what binds its codes. (pup's
 * `docs/OAUTH2.md` says `client_secret_post` and a secret; its source and the spec say neither.)
 *
 * UNKNOWN, kept here: whether Datadog's registration accepts a browser extension's redirect URI
 * (`browser.identity.getRedirectURL()`: `https://<id>.chromiumapp.org/` in Chromium,
 * `https://<hash>.extensions.allizom.org/` in Firefox); pup registers only loopback URIs
 * (`http://127.0.0.1:{8000,8080,8888,9000}/oauth/callback`). If Datadog refuses it, registration
 * answers 400 (`invalid_redirect_uri` / `invalid_client_metadata`, RFC 7591 §3.2.2) and the person
 * is told so, with keys as the way on. Also unknown: how long a registered client lives; a token
 * call refused with `invalid_client` makes the sign-in register again, once (./sign-in.ts).
 */

/** The name shown on Datadog's consent page (the spec rejects control characters). */
export const REGISTERED_CLIENT_NAME = 'Heatmap Snapshots browser extension';

const RegistrationAnswerSchema = z.object({
  client_id: z.string().check(z.minLength(1), z.maxLength(200)),
  redirect_uris: z.optional(z.array(z.string())),
});

const RegistrationErrorSchema = z.object({
  error: z.string().check(z.maxLength(200)),
  error_description: z.optional(z.string()),
});

export type RegistrationResult = { ok: true; clientId: string } | { ok: false; message: string };

export interface RegistrationOptions {
  /** The API origin (`https://api.{site}`, or the custom API URL). */
  apiBase: string;
  redirectUri: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export async function registerClient(options: RegistrationOptions): Promise<RegistrationResult> {
  const result = await exchange(
    {
      method: 'POST',
      url: `${options.apiBase}/api/v2/oauth2/register`,
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({
        client_name: REGISTERED_CLIENT_NAME,
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code', 'refresh_token'],
      }),
    },
    { fetch: options.fetch ?? defaultHttpDependencies.fetch, timeoutMs: options.timeoutMs ?? 15_000 },
  );
  if (result.kind === 'refused') return { ok: false, message: result.reason };
  if (result.kind === 'network') {
    return { ok: false, message: `Could not reach ${hostOf(options.apiBase)}: ${result.reason}.` };
  }
  const { status, json } = result.answer;
  if (status === 201) {
    const answer = RegistrationAnswerSchema.safeParse(json);
    if (!answer.success) {
      return {
        ok: false,
        message: 'Datadog answered the client registration in a form this extension does not understand.',
      };
    }
    const { client_id: clientId, redirect_uris: redirectUris } = answer.data;
    if (redirectUris !== undefined && !redirectUris.includes(options.redirectUri)) {
      return {
        ok: false,
        message: 'Datadog registered the sign-in client without this browser’s return address.',
      };
    }
    return { ok: true, clientId };
  }
  const error = RegistrationErrorSchema.safeParse(json);
  const said = error.success ? `: ${error.data.error}` : '';
  return {
    ok: false,
    message: `Datadog refused to register this extension for sign-in (${status}${said}). Use keys instead.`,
  };
}

/** The clients this installation registered, by API origin (lib/storage/items.ts `oauthClients:datadog`). */
export const RegisteredClientsSchema = z.record(
  z.string(),
  z.object({
    clientId: z.string().check(z.minLength(1), z.maxLength(200)),
    /** The redirect URI it was registered with: another one needs another client. */
    redirectUri: z.string(),
    registeredAt: z.number(),
  }),
);
export type RegisteredClients = z.infer<typeof RegisteredClientsSchema>;

export interface RegisteredClientStorage {
  read(): Promise<unknown>;
  write(clients: RegisteredClients): Promise<void>;
}

export type ClientResult = { ok: true; client: OAuthClient } | { ok: false; message: string };

/**
 * The registered client for an API origin: the stored one when it was registered with this
 * redirect URI, else a new registration, stored before use. Stored entries that do not parse are
 * dropped (a registration costs one request; a broken one would fail every sign-in).
 */
export function createClientRegistry(deps: {
  storage: RegisteredClientStorage;
  register: (apiBase: string, redirectUri: string) => Promise<RegistrationResult>;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;

  async function stored(): Promise<RegisteredClients> {
    const parsed = RegisteredClientsSchema.safeParse(await deps.storage.read());
    return parsed.success ? parsed.data : {};
  }

  return {
    async clientFor(apiBase: string, redirectUri: string): Promise<ClientResult> {
      const known = (await stored())[apiBase];
      if (known !== undefined && known.redirectUri === redirectUri) {
        return { ok: true, client: { clientId: known.clientId } };
      }
      const registered = await deps.register(apiBase, redirectUri);
      if (!registered.ok) return registered;
      const entry = { clientId: registered.clientId, redirectUri, registeredAt: now() };
      await deps.storage.write({ ...(await stored()), [apiBase]: entry });
      return { ok: true, client: { clientId: registered.clientId } };
    },
    /** Datadog refused this client (`invalid_client`): the next `clientFor` registers a new one. */
    async forget(apiBase: string, clientId: string): Promise<void> {
      const clients = await stored();
      if (clients[apiBase]?.clientId !== clientId) return;
      const { [apiBase]: _refused, ...rest } = clients;
      await deps.storage.write(rest);
    },
  };
}

export type ClientRegistry = ReturnType<typeof createClientRegistry>;
