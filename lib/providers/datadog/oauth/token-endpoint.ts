import { z } from 'zod/mini';
import { defaultHttpDependencies, exchange, hostOf } from '@/lib/shared/http';
import type { OAuthClient } from './config';

/**
 * Datadog's OAuth token endpoints (`/oauth2/v1/token`, `/oauth2/v1/revoke`, on the API host:
 * DataDog/documentation `content/en/extend/authorization/oauth2_endpoints.md`, and DataDog/pup
 * `src/auth/dcr.rs` `request_tokens`) as tagged results: a person must be told "signed out"
 * (`invalid-grant`) apart from a network failure, a client Datadog no longer knows
 * (`invalid-client`, so a registered one can be replaced) apart from both, and no caller reads a
 * message to know which. The client secret goes in the form (`client_secret`, "if issued").
 */

const TokenResponseSchema = z.object({
  access_token: z.string().check(z.minLength(1), z.maxLength(8192)),
  refresh_token: z.string().check(z.minLength(1), z.maxLength(8192)),
  token_type: z.string().check(z.regex(/^bearer$/i, 'not a bearer token')),
  expires_in: z.number().check(z.positive(), z.lte(31_536_000)),
  scope: z.optional(z.string().check(z.maxLength(2000))),
});

const OAuthErrorSchema = z.object({ error: z.string().check(z.maxLength(200)) });

export interface TokenSet {
  accessToken: string;
  refreshToken: string;
  /** Seconds from the answer. */
  expiresIn: number;
  scope: string;
}

export type TokenFailure = 'invalid-grant' | 'invalid-client' | 'refused' | 'network' | 'bad-response';
export type TokenResult =
  | { ok: true; tokens: TokenSet }
  | { ok: false; failure: TokenFailure; message: string };
export type RevokeResult = { ok: true } | { ok: false; message: string };

export interface TokenEndpointOptions {
  /** The API origin, e.g. `https://api.datadoghq.eu`, or the custom API URL (a proxy, the sandbox). */
  base: string;
  client: OAuthClient;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface TokenEndpoint {
  exchangeCode(code: string, verifier: string, redirectUri: string): Promise<TokenResult>;
  refresh(refreshToken: string): Promise<TokenResult>;
  /** RFC 7009: revokes the grant the refresh token belongs to. */
  revoke(refreshToken: string): Promise<RevokeResult>;
}

export function createTokenEndpoint(options: TokenEndpointOptions): TokenEndpoint {
  const fetchFn = options.fetch ?? defaultHttpDependencies.fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  const { clientId, clientSecret } = options.client;
  const clientFields: Record<string, string> =
    clientSecret === undefined
      ? { client_id: clientId }
      : { client_id: clientId, client_secret: clientSecret };

  function post(path: string, form: Record<string, string>) {
    return exchange(
      {
        method: 'POST',
        url: `${options.base}${path}`,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
        body: new URLSearchParams({ ...clientFields, ...form }).toString(),
      },
      { fetch: fetchFn, timeoutMs },
    );
  }

  async function tokenCall(form: Record<string, string>): Promise<TokenResult> {
    const result = await post('/oauth2/v1/token', form);
    if (result.kind === 'refused') return { ok: false, failure: 'refused', message: result.reason };
    if (result.kind === 'network') {
      return {
        ok: false,
        failure: 'network',
        message: `Could not reach ${hostOf(options.base)}: ${result.reason}.`,
      };
    }
    const { status, json } = result.answer;
    if (status >= 200 && status < 300) {
      const tokens = TokenResponseSchema.safeParse(json);
      if (!tokens.success) {
        return {
          ok: false,
          failure: 'bad-response',
          message: 'Datadog answered the sign-in with tokens this extension does not understand.',
        };
      }
      const { access_token, refresh_token, expires_in, scope } = tokens.data;
      return {
        ok: true,
        tokens: {
          accessToken: access_token,
          refreshToken: refresh_token,
          expiresIn: expires_in,
          scope: scope ?? '',
        },
      };
    }
    const error = OAuthErrorSchema.safeParse(json);
    if (status === 400 && error.success && error.data.error === 'invalid_grant') {
      return { ok: false, failure: 'invalid-grant', message: 'Signed out: sign in again.' };
    }
    // The docs: a confidential client without its secret gets 401; RFC 6749 §5.2: `invalid_client`.
    if (status === 401 || (error.success && error.data.error === 'invalid_client')) {
      return {
        ok: false,
        failure: 'invalid-client',
        message: `Datadog did not accept this extension’s OAuth client (${status}).`,
      };
    }
    const code = error.success ? `: ${error.data.error}` : '';
    return { ok: false, failure: 'refused', message: `Datadog refused the sign-in (${status}${code}).` };
  }

  return {
    exchangeCode: (code, verifier, redirectUri) =>
      tokenCall({
        grant_type: 'authorization_code',
        code,
        code_verifier: verifier,
        redirect_uri: redirectUri,
      }),
    refresh: (refreshToken) => tokenCall({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    async revoke(refreshToken) {
      const result = await post('/oauth2/v1/revoke', {
        token: refreshToken,
        token_type_hint: 'refresh_token',
      });
      if (result.kind === 'answer' && result.answer.status === 200) return { ok: true };
      const why = result.kind === 'answer' ? `Datadog answered ${result.answer.status}` : result.reason;
      return {
        ok: false,
        message: `Datadog could not be told to revoke the sign-in (${why}); remove the extension’s access under Personal Settings → Applications in Datadog.`,
      };
    },
  };
}
