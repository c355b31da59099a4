import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { mergeManaged, readManagedPolicy } from '@/lib/profiles/managed';
import { servingProfile } from '@/lib/profiles/serving';
import { DEFAULT_DATADOG_SETTINGS } from '@/lib/providers/datadog/settings';
import {
  readProfiles,
  readSettings,
  setManagedSource,
  writeProfiles,
  writeSettings,
} from '@/lib/storage/items';

const APP_A = '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';
const APP_B = '11111111-2222-3333-4444-555555555555';

const POLICY = {
  datadog: {
    profiles: [
      { name: 'Company', bindings: [APP_A], default: true, settings: { site: 'datadoghq.eu', apiUrl: '' } },
    ],
  },
};

describe('reading the policy', () => {
  it('no policy is not a problem: Chrome answers {}, Firefox throws', async () => {
    expect(await readManagedPolicy(async () => ({}))).toEqual({ policy: {}, problem: null });
    expect(
      await readManagedPolicy(async () => {
        throw new Error('Managed storage manifest not found');
      }),
    ).toEqual({ policy: {}, problem: null });
  });

  it('a policy failing the schema is ignored whole, with a sentence naming where', async () => {
    const bad = { datadog: { profiles: [{ name: 'Company', bindings: ['not-a-uuid'] }] } };
    const read = await readManagedPolicy(async () => bad);
    expect(read.policy).toEqual({});
    expect(read.problem).toMatch(
      /^Your organisation’s settings for this extension could not be read \(datadog\.profiles\.0\.bindings\.0: /,
    );
  });

  it('a valid policy is read with its defaults filled in', async () => {
    const read = await readManagedPolicy(async () => POLICY);
    expect(read.problem).toBeNull();
    expect(read.policy.datadog?.profiles[0]).toMatchObject({
      name: 'Company',
      bindings: [APP_A],
      default: true,
    });
  });
});

describe('merging managed profiles with the person’s own', () => {
  const stored = {
    defaultId: 'mine',
    profiles: [{ id: 'mine', name: 'Mine', bindings: [APP_A, APP_B], settings: { apiKey: 'k' } }],
    managedSettings: { 'managed:Company': { apiKey: 'entered', site: 'ddog-gov.com' } },
  };

  it('adds the organisation’s profiles first, locked fields winning over what was entered, and takes the default', async () => {
    const { policy } = await readManagedPolicy(async () => POLICY);
    const merged = mergeManaged(stored, policy.datadog, DEFAULT_DATADOG_SETTINGS);
    expect(merged.defaultId).toBe('managed:Company');
    expect(merged.profiles[0]).toEqual({
      id: 'managed:Company',
      name: 'Company',
      bindings: [APP_A],
      settings: { ...DEFAULT_DATADOG_SETTINGS, apiKey: 'entered', site: 'datadoghq.eu', apiUrl: '' },
      managedFields: ['site', 'apiUrl'],
    });
    // The managed binding wins: the person's profile keeps only the id nobody else serves.
    expect(merged.profiles[1]).toMatchObject({ id: 'mine', bindings: [APP_B], managedFields: null });
  });

  it('without a policy, the person’s profiles are unchanged', () => {
    expect(mergeManaged(stored, undefined, DEFAULT_DATADOG_SETTINGS)).toEqual({
      defaultId: 'mine',
      profiles: [{ ...stored.profiles[0], managedFields: null }],
    });
  });
});

describe('managed profiles in the background (injected source)', () => {
  beforeEach(() => fakeBrowser.reset());
  afterEach(() => setManagedSource(async () => ({})));

  it('serves bound pages, and keys the person enters are stored for it while the fixed fields stay', async () => {
    setManagedSource(async () => POLICY);
    await writeProfiles('datadog', {
      defaultId: 'mine',
      profiles: [{ id: 'mine', name: 'Mine', bindings: [], settings: DEFAULT_DATADOG_SETTINGS }],
    });
    expect(await servingProfile('datadog', APP_A)).toMatchObject({
      profile: { id: 'managed:Company' },
      reason: 'bound',
    });

    await writeSettings(
      'datadog',
      {
        site: 'us5.datadoghq.com',
        credential: { kind: 'keys' as const },
        appUrl: '',
        apiUrl: '',
        apiKey: 'a1',
        appKey: 'b1',
      },
      'managed:Company',
    );
    expect(await readSettings('datadog', 'managed:Company')).toEqual({
      site: 'datadoghq.eu',
      credential: { kind: 'keys' },
      appUrl: '',
      apiUrl: '',
      apiKey: 'a1',
      appKey: 'b1',
    });
    expect((await readProfiles('datadog')).profiles.map((p) => p.id)).toEqual(['managed:Company', 'mine']);
  });
});
