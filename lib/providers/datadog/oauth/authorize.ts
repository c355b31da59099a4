import { z } from 'zod/mini';

/** The authorize URL of one sign-in (authorization code + PKCE, a public client). */
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

/** Why a callback is refused; each has its own sentence. */
export type CallbackRefusal = 'state' | 'domain' | 'denied' | 'malformed';
export type CallbackResult =
  | { ok: true; code: string }
  | { ok: false; refusal: CallbackRefusal; message: string };

const CallbackParamsSchema = z.object({
  code: z.string().check(z.minLength(1), z.maxLength(2048)),
  domain: z.string().check(z.minLength(1), z.maxLength(300)),
});

/** `domain` as Datadog returns it (a host, or an origin) → its host; null when unreadable. */
function hostOfDomain(domain: string): string | null {
  try {
    return new URL(domain.includes('://') ? domain : `https://${domain}`).host;
  } catch {
    return null;
  }
}

/**
 * Reads the URL the sign-in ended on. The state is checked before anything else (a callback that
 * is not the answer to this sign-in is ignored whole), then the org's `domain` against the app host
 * the person chose: a code from another site's org is never exchanged.
 */
export function readCallback(
  redirectedTo: string,
  expectedState: string,
  expectedBase: string,
): CallbackResult {
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
  if (params.get('state') !== expectedState) {
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
  const expectedHost = new URL(expectedBase).host;
  const host = hostOfDomain(parsed.data.domain);
  if (host !== expectedHost) {
    return {
      ok: false,
      refusal: 'domain',
      message: `You signed in to an organisation on ${host ?? 'another site'}, not ${expectedHost}. Pick that site in the profile and sign in again.`,
    };
  }
  return { ok: true, code: parsed.data.code };
}
