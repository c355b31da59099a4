import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { hostRefusal } from '@/components/options/host-access';
import type { JobDeps } from '@/lib/jobs/job';
import { createDatadogBackground } from '@/lib/providers/datadog/background';
import { clientFromSettings } from '@/lib/providers/datadog/client-from-settings';
import { testConnection } from '@/lib/providers/datadog/connection';
import type { DatadogSettings } from '@/lib/providers/datadog/settings';
import { createPosthogBackground } from '@/lib/providers/posthog/background';
import { testPosthogConnection } from '@/lib/providers/posthog/connection';
import { guardedFetch, hostAccessProblem } from '@/lib/shared/host-access';
import { saveJob, unusedProviderCore } from './fixtures';
import { PROJECT_TOKEN } from './posthog-fixtures';

/**
 * The host gate (lib/shared/host-access.ts): keys go only where the API-URL rule and the
 * browser's host permission allow, checked before every request. The browser's permission is
 * fakeBrowser's `permissions.contains`, spied on; every request that leaves is recorded with the
 * keys it carries.
 */

interface Sent {
  host: string;
  path: string;
  apiKey: string | null;
  appKey: string | null;
  posthogKey: string | null;
}

let sent: Sent[];
let permitted: (origin: string) => boolean;

/** Answers like Datadog: `/api/v1/validate` accepts `acceptedApiKey` on `acceptingHost` only. */
function datadogFetch(acceptingHost: string, acceptedApiKey: string) {
  return async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    sent.push({
      host: url.host,
      path: url.pathname,
      apiKey: headers.get('DD-API-KEY'),
      appKey: headers.get('DD-APPLICATION-KEY'),
      posthogKey: headers.get('Authorization'),
    });
    const ok = url.host === acceptingHost && headers.get('DD-API-KEY') === acceptedApiKey;
    if (url.pathname === '/api/v1/validate') {
      return Response.json(ok ? { valid: true } : { errors: ['Forbidden'] }, { status: ok ? 200 : 403 });
    }
    return Response.json(ok ? { status: 'ok', data: [] } : { errors: ['Forbidden'] }, {
      status: ok ? 200 : 403,
    });
  };
}

const DATADOG: DatadogSettings = {
  site: 'datadoghq.com',
  credential: { kind: 'keys' as const },
  appUrl: '',
  apiKey: 'api-key-0001',
  appKey: 'app-key-secret-0002',
  apiUrl: '',
};

async function storeSettings(settings: Record<string, unknown>) {
  await fakeBrowser.storage.local.set({ settings, settings$: { v: 2 } });
}

beforeEach(() => {
  fakeBrowser.reset();
  sent = [];
  permitted = () => true;
  vi.spyOn(fakeBrowser.permissions, 'contains').mockImplementation(async ({ origins }) =>
    (origins ?? []).every((origin) => permitted(origin)),
  );
  vi.stubGlobal('fetch', datadogFetch('api.datadoghq.com', DATADOG.apiKey));
});
afterEach(() => vi.unstubAllGlobals());

describe('the gate in front of every request', () => {
  it('refuses a custom API URL whose host permission was not granted: nothing is sent, a sentence says what to do', async () => {
    permitted = (origin) => origin !== 'http://127.0.0.1/*';
    await storeSettings({ datadog: { ...DATADOG, apiUrl: 'http://127.0.0.1:9' } });
    await expect(clientFromSettings()).rejects.toThrow(
      'Your Datadog keys were not sent: the extension has no permission to reach 127.0.0.1:9. Open the extension settings, Save and allow access when asked',
    );
    const result = await testConnection({ ...DATADOG, apiUrl: 'http://127.0.0.1:9' });
    expect(result).toMatchObject({ ok: false, problem: 'host-access' });
    expect(sent).toEqual([]);
  });

  it('a save to a host without permission fails with the sentence before anything is sent', async () => {
    permitted = () => false;
    await storeSettings({ datadog: { ...DATADOG, apiUrl: 'https://proxy.example' } });
    const background = createDatadogBackground(unusedProviderCore());
    await expect(background.runJob(saveJob(), {} as JobDeps)).rejects.toThrow(
      'Your Datadog keys were not sent: the extension has no permission to reach proxy.example.',
    );
    expect(sent).toEqual([]);
  });

  it('checks the permission again before each request: withdrawn after the client was made, the next call sends nothing', async () => {
    await storeSettings({ datadog: { ...DATADOG, apiUrl: 'http://127.0.0.1:9' } });
    vi.stubGlobal('fetch', datadogFetch('127.0.0.1:9', DATADOG.apiKey));
    const client = await clientFromSettings();
    await expect(client.validateKeys()).resolves.toBe(true);
    expect(sent).toHaveLength(1);
    permitted = () => false;
    const started = performance.now();
    const refusal = client.validateKeys();
    await expect(refusal).rejects.toThrow('has no permission to reach 127.0.0.1:9');
    // Its own kind, at once: a refusal is neither retried nor taken for a lost answer.
    await expect(refusal).rejects.toMatchObject({ kind: 'host-access' });
    expect(performance.now() - started).toBeLessThan(400);
    expect(sent).toHaveLength(1);
  });

  it('refuses a request to any other origin than the client’s base URL', async () => {
    const inner = vi.fn(async () => new Response('{}'));
    const fetchFor = guardedFetch('https://api.datadoghq.com', 'Datadog', async () => true, inner);
    await expect(fetchFor('https://api.datadoghq.eu/api/v1/validate')).rejects.toThrow('keys were not sent');
    await expect(fetchFor('https://api.datadoghq.com/api/v1/validate?x=1')).resolves.toBeInstanceOf(Response);
    expect(inner).toHaveBeenCalledTimes(1);
  });

  it('http: only for this computer; the sentences never say "cannot reach"', async () => {
    const granted = async () => true;
    for (const url of [
      'http://127.0.0.1:8787',
      'http://localhost:1',
      'http://[::1]:2',
      'https://proxy.example',
    ]) {
      expect(await hostAccessProblem(url, 'Datadog', granted), url).toBeNull();
    }
    const problem = await hostAccessProblem('http://proxy.example', 'Datadog', granted);
    expect(problem).toContain('Your Datadog keys were not sent');
    expect(problem).toContain('http:// only for localhost, 127.0.0.1 or [::1]');
    const refused = await hostAccessProblem('https://proxy.example', 'Datadog', async () => false);
    expect(refused).not.toMatch(/cannot reach/);
  });
});

describe('Test connection’s site probe', () => {
  it('sends the API key only, to the other commercial sites only, when the chosen site refuses it', async () => {
    vi.stubGlobal('fetch', datadogFetch('api.datadoghq.eu', DATADOG.apiKey));
    const result = await testConnection(DATADOG);
    expect(result).toMatchObject({ ok: false, problem: 'site' });
    const elsewhere = sent.filter((request) => request.host !== 'api.datadoghq.com');
    expect(elsewhere.length).toBe(6);
    for (const request of elsewhere) {
      expect(request.host).not.toMatch(/ddog-gov\.com$/);
      expect(request.appKey ?? '').toBe('');
      expect(request.apiKey).toBe(DATADOG.apiKey);
    }
  });

  it('from a government site, tries only the other government site', async () => {
    await testConnection({ ...DATADOG, site: 'ddog-gov.com' });
    expect([...new Set(sent.map((request) => request.host))].sort()).toEqual([
      'api.ddog-gov.com',
      'api.us2.ddog-gov.com',
    ]);
    expect(sent.filter((request) => request.host !== 'api.ddog-gov.com').map((r) => r.appKey ?? '')).toEqual([
      '',
    ]);
  });

  it('with a custom API URL, nothing goes anywhere else', async () => {
    const result = await testConnection({ ...DATADOG, apiUrl: 'https://proxy.example' });
    expect(result).toMatchObject({ ok: false, problem: 'api-key' });
    expect(new Set(sent.map((request) => request.host))).toEqual(new Set(['proxy.example']));
  });
});

describe('PostHog behind the same gate', () => {
  const SELF_HOSTED = {
    apiUrl: 'https://posthog.internal.example',
    projectId: '5',
    apiKey: 'phx_key0123456789',
  };

  it('test connection and the project lookup send nothing to a host without permission', async () => {
    permitted = (origin) => origin !== 'https://posthog.internal.example/*';
    expect(await testPosthogConnection(SELF_HOSTED, { pageToken: PROJECT_TOKEN })).toMatchObject({
      ok: false,
      problem: 'host-access',
    });
    await storeSettings({ posthog: { ...SELF_HOSTED, projectId: '' } });
    const background = createPosthogBackground(unusedProviderCore());
    await expect(background.handlers['posthog:find-project']({ token: PROJECT_TOKEN })).rejects.toThrow(
      'Your PostHog keys were not sent: the extension has no permission to reach posthog.internal.example',
    );
    await storeSettings({ posthog: SELF_HOSTED });
    await expect(
      background.handlers['posthog:list-heatmaps']({ pageUrl: 'https://a.example/' }),
    ).rejects.toThrow('were not sent');
    expect(sent).toEqual([]);
  });
});

describe('stored settings that fail today’s rules (written by an older version)', () => {
  it('read as "needs fixing" with the sentence; nothing crashes and no key is sent', async () => {
    await storeSettings({
      datadog: { ...DATADOG, apiUrl: 'http://proxy.example:8080' },
      posthog: { apiUrl: 'https://us.posthog.com', projectId: '5', apiKey: 'phx_\u200bkey' },
    });
    const datadog = await createDatadogBackground(unusedProviderCore()).handlers['datadog:get-settings']({});
    expect(datadog.needsFixing).toBe(
      'Your saved Datadog settings need fixing: API URL must start with https:// (http:// only for localhost, 127.0.0.1 or [::1]). Correct them in the extension settings and Save.',
    );
    // The fields that pass are kept: the keys are still there, the URL reads as the default.
    expect(datadog).toMatchObject({ apiUrl: '', apiKeyHint: '…0001' });
    await expect(clientFromSettings()).rejects.toThrow('Your saved Datadog settings need fixing');
    const posthog = await createPosthogBackground(unusedProviderCore()).handlers['posthog:get-settings']({});
    expect(posthog.needsFixing).toContain('Personal API key contains an invisible character');
    await expect(
      createPosthogBackground(unusedProviderCore()).handlers['posthog:list-heatmaps']({
        pageUrl: 'https://a.example/',
      }),
    ).rejects.toThrow('Your saved PostHog settings need fixing');
    expect(sent).toEqual([]);
  });
});

describe('the options page when access is refused', () => {
  it('says the action was not done and the keys will not be sent there, never "cannot reach"', async () => {
    const host = new URL('https://proxy.example:8443');
    const refused = await hostRefusal(Promise.resolve(false), host, 'save');
    expect(refused).toBe(
      'Not saved: the extension was not allowed to reach proxy.example:8443, so your keys will not be sent there. To use this address, try again and allow access when asked.',
    );
    expect(await hostRefusal(Promise.resolve(false), host, 'test')).toMatch(
      /^Not tested: .*will not be sent there/,
    );
    expect(await hostRefusal(Promise.resolve(true), host, 'save')).toBeNull();
    expect(await hostRefusal(Promise.resolve(false), null, 'save')).toBeNull();
  });
});
