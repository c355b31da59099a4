import { messageOf } from '@/lib/errors';
import { normaliseApiUrl } from '@/lib/shared/api-url';
import { type HostAccessCheck, hostAccessProblem } from '@/lib/shared/host-access';
import { keyHint } from '@/lib/shared/key-hint';
import { DatadogApiError, type DatadogClient, type DatadogClientOptions } from './client';
import { guardedDatadogClient } from './client-from-settings';
import { signInOffered } from './oauth/config';
import type {
  DatadogConnectionResult as ConnectionResult,
  DatadogSignInState,
  DatadogPublicSettings as PublicSettings,
  DatadogSettingsInput as SettingsInput,
} from './protocol';
import { type DatadogSettings as Settings, DatadogSettingsSchema as SettingsSchema, SITES } from './settings';
import { apiBaseUrl, isDatadogApiHost } from './sites';

/** A profile that has never signed in: whether it could, and nothing else. */
export function noSignIn(settings: Settings): DatadogSignInState {
  const persist = settings.credential.kind === 'sign-in' && settings.credential.persist;
  return {
    offered: signInOffered(settings.site),
    status: 'none',
    site: null,
    signedInAt: null,
    persist,
  };
}

export function publicSettings(
  settings: Settings,
  needsFixing: string | null = null,
  signIn: DatadogSignInState = noSignIn(settings),
): PublicSettings {
  const apiBase = apiBaseUrl(settings);
  return {
    credential: settings.credential.kind,
    signIn,
    site: settings.site,
    apiUrl: settings.apiUrl,
    apiKeyHint: keyHint(settings.apiKey),
    appKeyHint: keyHint(settings.appKey),
    apiBase,
    apiBaseIsDatadog: isDatadogApiHost(apiBase),
    needsFixing,
  };
}

/**
 * Apply what the options page sent onto the stored settings; an omitted key keeps the stored one.
 * Both keys entered on a signed-in profile switch it back to keys (one credential per profile).
 */
export function mergeSettings(stored: Settings, input: SettingsInput): Settings {
  const newKeys = Boolean(input.apiKey?.trim() && input.appKey?.trim());
  const merged = SettingsSchema.safeParse({
    site: input.site,
    credential: newKeys ? { kind: 'keys' } : stored.credential,
    appUrl: stored.appUrl,
    apiUrl: normaliseApiUrl(input.apiUrl),
    apiKey: input.apiKey === undefined || input.apiKey === '' ? stored.apiKey : input.apiKey.trim(),
    appKey: input.appKey === undefined || input.appKey === '' ? stored.appKey : input.appKey.trim(),
  });
  if (!merged.success) throw new Error(merged.error.issues.map((issue) => issue.message).join('. '));
  return merged.data;
}

type ClientFactory = (options: DatadogClientOptions) => DatadogClient;

export interface ConnectionDeps {
  /** Makes each client; by default one whose every request passes the host gate. */
  makeClient?: ClientFactory;
  hasAccess?: HostAccessCheck;
}

/**
 * "Test connection": which of the two keys, the site or the network is wrong. The API key is
 * checked alone first (`/api/v1/validate`) so a bad application key can be told apart. When the
 * API key fails on Datadog's own host, the other sites of the same kind are tried with the API key
 * alone: keys only work on their organisation's site, and picking the wrong one is the most common
 * setup mistake. Nothing is sent where the host gate refuses (lib/shared/host-access.ts).
 */
export async function testConnection(
  settings: Settings,
  deps: ConnectionDeps = {},
): Promise<ConnectionResult> {
  if (settings.credential.kind === 'sign-in') {
    return {
      ok: false,
      problem: 'missing-keys',
      message: 'This profile signs in with Datadog: enter both keys to use keys instead.',
    };
  }
  if (!settings.apiKey || !settings.appKey) {
    return { ok: false, problem: 'missing-keys', message: 'Enter both an API key and an application key.' };
  }
  const { hasAccess } = deps;
  const makeClient = deps.makeClient ?? ((options) => guardedDatadogClient(options, hasAccess));
  const base = apiBaseUrl(settings);
  const refusal = await hostAccessProblem(base, 'Datadog', hasAccess);
  if (refusal !== null) return { ok: false, problem: 'host-access', message: refusal };
  const client = makeClient({
    baseUrl: base,
    apiKey: settings.apiKey,
    appKey: settings.appKey,
    maxRetries: 1,
  });
  try {
    if (!(await acceptedUnlessAuthError(client.validateApiKey()))) {
      const otherSite = settings.apiUrl ? null : await findSiteAcceptingKey(settings, makeClient, hasAccess);
      return otherSite
        ? {
            ok: false,
            problem: 'site',
            message: `This API key belongs to the ${otherSite} site, not ${settings.site}. Pick ${otherSite} as the Datadog site.`,
          }
        : {
            ok: false,
            problem: 'api-key',
            message: `${base} does not accept this API key. Check it in Datadog under Organization Settings → API Keys.`,
          };
    }
    if (!(await acceptedUnlessAuthError(client.validateKeys()))) {
      return {
        ok: false,
        problem: 'app-key',
        message:
          'The API key is valid, but the application key is not. Check it under Organization Settings → Application Keys.',
      };
    }
  } catch (error) {
    return failure(error);
  }
  return { ok: true, message: `Connected to ${base}: both keys are valid.` };
}

/** A validation answer: false when Datadog says "invalid" or refuses the key; other errors propagate. */
async function acceptedUnlessAuthError(validation: Promise<boolean>): Promise<boolean> {
  try {
    return await validation;
  } catch (error) {
    if (error instanceof DatadogApiError && error.kind === 'auth') return false;
    throw error;
  }
}

function failure(error: unknown): ConnectionResult {
  const message = messageOf(error);
  const network = error instanceof DatadogApiError && error.kind === 'network';
  return { ok: false, problem: network ? 'network' : 'other', message };
}

/**
 * The site, of the same kind as the chosen one (commercial or government), whose API host accepts
 * the API key. Only the API key is sent: the application key goes nowhere but the chosen site.
 */
async function findSiteAcceptingKey(
  settings: Settings,
  makeClient: ClientFactory,
  hasAccess: HostAccessCheck | undefined,
): Promise<string | null> {
  const government = SITES.find((site) => site.id === settings.site)?.government;
  const others = SITES.filter((site) => site.id !== settings.site && site.government === government);
  const accepted = await Promise.all(
    others.map(async (site) => {
      const baseUrl = `https://api.${site.id}`;
      if ((await hostAccessProblem(baseUrl, 'Datadog', hasAccess)) !== null) return null;
      const client = makeClient({ baseUrl, apiKey: settings.apiKey, appKey: '', maxRetries: 0 });
      return client.validateApiKey().then(
        (valid) => (valid ? site.id : null),
        () => null,
      );
    }),
  );
  return accepted.find((site) => site !== null) ?? null;
}
