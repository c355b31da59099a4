import { z } from 'zod/mini';
import { type SiteId, SiteIdSchema } from '../settings';

/**
 * The authorize URL of one sign-in and the reading of the URL it ends on, as Datadog documents
 * them (DataDog/documentation `content/en/extend/authorization/oauth2_endpoints.md`: authorize with
 * `redirect_uri`, `client_id`, `response_type=code`, `code_challenge`, `code_challenge_method=S256`;
 * the redirect carries `code` and `domain`, or `error`) plus `state` and `scope` as `pup` sends
 * them (DataDog/pup `src/auth/dcr.rs` `build_authorization_url`).
 *
 * THE `state` CHOICE (one place): Datadog's docs do not say the callback echoes `state` (pup's
 * callbacks carry it: `src/auth/callback.rs`). So a `state` that comes back must be this sign-in's;
 * a callback without one is accepted, because PKCE binds the code to this sign-in: only this
 * extension holds the verifier, so a code from anyone else's flow cannot be exchanged here.
 */
export function authorizeUrl(options: {
  base: string;
  clientId: string;
  redirectUri: string;
  challenge: string;
  state: string;
  scopes: readonly string[];
}): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: options.clientId,
    redirect_uri: options.redirectUri,
    scope: options.scopes.join(' '),
    state: options.state,
    code_challenge: options.challenge,
    code_challenge_method: 'S256',
  });
  return `${options.base}/oauth2/v1/authorize?${query}`;
}

/** The `state` rule above: absent is accepted (PKCE binds the code), present must be ours. */
export function stateAccepted(returned: string | null, sent: string): boolean {
  return returned === null || returned === sent;
}

/** Why a callback is refused; each has its own sentence. */
export type CallbackRefusal = 'state' | 'domain' | 'denied' | 'malformed';
export type CallbackResult =
  | { ok: true; code: string; domain: SiteId }
  | { ok: false; refusal: CallbackRefusal; message: string };

const CallbackParamsSchema = z.object({
  code: z.string().check(z.minLength(1), z.maxLength(2048)),
  domain: z.string().check(z.minLength(1), z.maxLength(300)),
});

/** A host name safe to show back in a sentence, else null. */
const HOST_NAME = /^[a-z0-9.-]{1,253}$/;

/**
 * Reads the URL the sign-in ended on. The state first (an answer to another sign-in is ignored
 * whole), then the callback's `domain`, which is the org's SITE (`datadoghq.eu`, not
 * `app.datadoghq.eu`: the token call goes to `https://api.{domain}`), against the site the
 * profile chose: a code from another site's org is never exchanged.
 */
export function readCallback(redirectedTo: string, expectedState: string, site: SiteId): CallbackResult {
  let params: URLSearchParams;
  try {
    params = new URL(redirectedTo).searchParams;
  } catch {
    return {
      ok: false,
      refusal: 'malformed',
      message: 'The sign-in ended on an address this extension cannot read.',
    };
  }
  if (!stateAccepted(params.get('state'), expectedState)) {
    return {
      ok: false,
      refusal: 'state',
      message:
        'The sign-in answer was not for this sign-in (its state did not match), so it was ignored. Sign in again.',
    };
  }
  const error = params.get('error');
  if (error !== null) {
    return {
      ok: false,
      refusal: 'denied',
      message:
        error === 'access_denied'
          ? 'Sign-in was cancelled in Datadog: nothing was stored.'
          : `Datadog refused the sign-in (${error.slice(0, 60)}).`,
    };
  }
  const parsed = CallbackParamsSchema.safeParse({ code: params.get('code'), domain: params.get('domain') });
  if (!parsed.success) {
    return {
      ok: false,
      refusal: 'malformed',
      message: 'Datadog’s sign-in answer lacked its code or domain.',
    };
  }
  const domain = parsed.data.domain.trim().toLowerCase();
  const known = SiteIdSchema.safeParse(domain);
  if (!known.success || known.data !== site) {
    const where = HOST_NAME.test(domain) ? domain : 'another site';
    return {
      ok: false,
      refusal: 'domain',
      message: `You signed in to an organisation on ${where}, not ${site}. Pick that site in the profile and sign in again.`,
    };
  }
  return { ok: true, code: parsed.data.code, domain: known.data };
}
