import { messageOf } from '@/lib/errors';
import { normaliseApiUrl } from '@/lib/shared/api-url';
import { keyHint } from '@/lib/shared/key-hint';
import { createDatadogClient, DatadogApiError } from './client';
import type {
  DatadogConnectionResult as ConnectionResult,
  DatadogPublicSettings as PublicSettings,
  DatadogSettingsInput as SettingsInput,
} from './protocol';
import { type DatadogSettings as Settings, DatadogSettingsSchema as SettingsSchema, SITES } from './settings';
import { apiBaseUrl, isDatadogApiHost } from './sites';

export function publicSettings(settings: Settings): PublicSettings {
  const apiBase = apiBaseUrl(settings);
  return {
    site: settings.site,
    apiUrl: settings.apiUrl,
    apiKeyHint: keyHint(settings.apiKey),
    appKeyHint: keyHint(settings.appKey),
    apiBase,
    apiBaseIsDatadog: isDatadogApiHost(apiBase),
  };
}

/** Apply what the options page sent onto the stored settings; an omitted key keeps the stored one. */
export function mergeSettings(stored: Settings, input: SettingsInput): Settings {
  const merged = SettingsSchema.safeParse({
    site: input.site,
    apiUrl: normaliseApiUrl(input.apiUrl),
    apiKey: input.apiKey === undefined || input.apiKey === '' ? stored.apiKey : input.apiKey.trim(),
    appKey: input.appKey === undefined || input.appKey === '' ? stored.appKey : input.appKey.trim(),
  });
  if (!merged.success) throw new Error(merged.error.issues.map((issue) => issue.message).join('. '));
  return merged.data;
}

type ClientFactory = typeof createDatadogClient;

/**
 * "Test connection": which of the two keys, the site or the network is wrong. The API key is
 * checked alone first (`/api/v1/validate`) so a bad application key can be told apart. When the
 * API key fails on Datadog's own hosts, the other sites are tried: keys only work on their
 * organisation's site, and picking the wrong one is the most common setup mistake.
 */
export async function testConnection(
  settings: Settings,
  makeClient: ClientFactory = createDatadogClient,
): Promise<ConnectionResult> {
  if (!settings.apiKey || !settings.appKey) {
    return { ok: false, problem: 'missing-keys', message: 'Enter both an API key and an application key.' };
  }
  const base = apiBaseUrl(settings);
  const client = makeClient({
    baseUrl: base,
    apiKey: settings.apiKey,
    appKey: settings.appKey,
    maxRetries: 1,
  });
  try {
    if (!(await acceptedUnlessAuthError(client.validateApiKey()))) {
      const otherSite = settings.apiUrl ? null : await findSiteAcceptingKey(settings, makeClient);
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

async function findSiteAcceptingKey(settings: Settings, makeClient: ClientFactory): Promise<string | null> {
  const others = SITES.filter((site) => site.id !== settings.site);
  const accepted = await Promise.all(
    others.map(async (site) => {
      const client = makeClient({
        baseUrl: `https://api.${site.id}`,
        apiKey: settings.apiKey,
        appKey: settings.appKey,
        maxRetries: 0,
      });
      return client.validateApiKey().then(
        (valid) => (valid ? site.id : null),
        () => null,
      );
    }),
  );
  return accepted.find((site) => site !== null) ?? null;
}
