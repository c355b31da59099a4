import { describe, expect, it } from 'vitest';
import { createDatadogClient, type DatadogClientOptions } from '@/lib/providers/datadog/client';
import { mergeSettings, publicSettings, testConnection } from '@/lib/providers/datadog/connection';
import { type DatadogSettings, DEFAULT_DATADOG_SETTINGS } from '@/lib/providers/datadog/settings';

/** The host gate's permission check, answering as a browser holding every permission. */
const granted = async () => true;

const stored: DatadogSettings = {
  site: 'datadoghq.eu',
  credential: { kind: 'keys' as const },
  appUrl: '',
  apiKey: 'api-key-1234',
  appKey: 'app-key-5678',
  apiUrl: '',
};

describe('publicSettings', () => {
  it('never contains the keys, only a hint of their end', () => {
    const visible = publicSettings(stored);
    expect(JSON.stringify(visible)).not.toContain('api-key-1234');
    expect(JSON.stringify(visible)).not.toContain('app-key-5678');
    expect(visible).toMatchObject({
      apiKeyHint: '…1234',
      appKeyHint: '…5678',
      apiBase: 'https://api.datadoghq.eu',
    });
    expect(visible.apiBaseIsDatadog).toBe(true);
    expect(publicSettings(DEFAULT_DATADOG_SETTINGS)).toMatchObject({ apiKeyHint: null, appKeyHint: null });
  });

  it('flags a custom API URL that is not Datadog', () => {
    expect(publicSettings({ ...stored, apiUrl: 'http://127.0.0.1:8787' })).toMatchObject({
      apiBase: 'http://127.0.0.1:8787',
      apiBaseIsDatadog: false,
    });
  });
});

describe('mergeSettings', () => {
  it('keeps stored keys when the page leaves them empty, trims what it sends', () => {
    expect(
      mergeSettings(stored, { site: 'us5.datadoghq.com', apiUrl: ' http://127.0.0.1:1/ ', apiKey: '' }),
    ).toEqual({
      ...stored,
      site: 'us5.datadoghq.com',
      apiUrl: 'http://127.0.0.1:1',
    });
    expect(mergeSettings(stored, { site: 'datadoghq.eu', apiUrl: '', appKey: ' new ' }).appKey).toBe('new');
  });

  it('refuses bad input with a message naming the problem', () => {
    expect(() => mergeSettings(stored, { site: 'datadoghq.eu', apiUrl: '', apiKey: 'a b' })).toThrow(
      'API key contains spaces or line breaks',
    );
    expect(() => mergeSettings(stored, { site: 'datadoghq.eu', apiUrl: 'ftp://x' })).toThrow(/API URL/);
  });
});

/** A client factory whose answers depend on the host and the keys, like Datadog's would. */
function fakeDatadog(accepts: { host: string; apiKey: string; appKey?: string } | 'offline') {
  return (options: DatadogClientOptions) =>
    createDatadogClient({
      ...options,
      sleep: async () => undefined,
      fetch: async (input, init) => {
        if (accepts === 'offline') throw new TypeError('Failed to fetch');
        const url = new URL(String(input));
        const headers = new Headers(init?.headers);
        const apiOk = url.host === accepts.host && headers.get('DD-API-KEY') === accepts.apiKey;
        const appOk = headers.get('DD-APPLICATION-KEY') === accepts.appKey;
        if (url.pathname === '/api/v1/validate') {
          return Response.json(apiOk ? { valid: true } : { errors: ['Forbidden'] }, {
            status: apiOk ? 200 : 403,
          });
        }
        const ok = apiOk && appOk;
        return Response.json(ok ? { status: 'ok' } : { errors: ['Forbidden'] }, { status: ok ? 200 : 403 });
      },
    });
}

describe('testConnection', () => {
  const euKeys = { host: 'api.datadoghq.eu', apiKey: stored.apiKey, appKey: stored.appKey };

  it('says both keys are valid', async () => {
    expect(await testConnection(stored, { makeClient: fakeDatadog(euKeys), hasAccess: granted })).toEqual({
      ok: true,
      message: 'Connected to https://api.datadoghq.eu: both keys are valid.',
    });
  });

  it('tells a bad API key from a bad application key', async () => {
    expect(
      await testConnection(
        { ...stored, apiKey: 'wrong' },
        { makeClient: fakeDatadog(euKeys), hasAccess: granted },
      ),
    ).toMatchObject({
      ok: false,
      problem: 'api-key',
    });
    expect(
      await testConnection(
        { ...stored, appKey: 'wrong' },
        { makeClient: fakeDatadog(euKeys), hasAccess: granted },
      ),
    ).toMatchObject({
      ok: false,
      problem: 'app-key',
    });
  });

  it('finds the site a key belongs to when the chosen site refuses it', async () => {
    const result = await testConnection(
      { ...stored, site: 'datadoghq.com' },
      { makeClient: fakeDatadog(euKeys), hasAccess: granted },
    );
    expect(result).toMatchObject({ ok: false, problem: 'site' });
    expect(!result.ok && result.message).toContain('datadoghq.eu');
  });

  it('reports the network, and missing keys, as such', async () => {
    expect(
      await testConnection(stored, { makeClient: fakeDatadog('offline'), hasAccess: granted }),
    ).toMatchObject({
      ok: false,
      problem: 'network',
    });
    expect(
      await testConnection(
        { ...stored, appKey: '' },
        { makeClient: fakeDatadog(euKeys), hasAccess: granted },
      ),
    ).toMatchObject({
      ok: false,
      problem: 'missing-keys',
    });
  });
});
