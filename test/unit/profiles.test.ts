import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { applyProfileChange } from '@/lib/profiles/edit';
import { bindingConflict, parseBindings, resolveProfile } from '@/lib/profiles/profile';
import type { ProfileChange } from '@/lib/profiles/protocol';
import { servingProfile } from '@/lib/profiles/serving';
import { createDatadogBackground } from '@/lib/providers/datadog/background';
import { clientFromSettings } from '@/lib/providers/datadog/client-from-settings';
import { DatadogBindingSchema } from '@/lib/providers/datadog/settings';
import { PosthogBindingSchema } from '@/lib/providers/posthog/settings';
import { readSettings, writeProfiles, writeSettings } from '@/lib/storage/items';
import { unusedProviderCore } from './fixtures';

const APP_A = '0f1e2d3c-4b5a-6978-8695-a4b3c2d1e0f9';
const APP_B = '11111111-2222-3333-4444-555555555555';

const profile = (id: string, bindings: string[] = []) => ({ id, name: `Profile ${id}`, bindings });

describe('the binding rule', () => {
  const profiles = [profile('a', [APP_A]), profile('b', [APP_B]), profile('c')];

  it('serves a page with the profile bound to its id', () => {
    expect(resolveProfile(profiles, 'c', APP_B)).toEqual({ profile: profiles[1], reason: 'bound' });
    expect(resolveProfile(profiles, 'c', APP_A).profile.id).toBe('a');
  });

  it('else with the default, also when nothing was detected', () => {
    expect(resolveProfile(profiles, 'c', 'ffffffff-2222-3333-4444-555555555555')).toEqual({
      profile: profiles[2],
      reason: 'default',
    });
    expect(resolveProfile(profiles, 'b', null)).toEqual({ profile: profiles[1], reason: 'default' });
  });

  it('falls back to the first profile when the default id is stale', () => {
    expect(resolveProfile(profiles, 'gone', null).profile.id).toBe('a');
  });
});

describe('bindings typed in the options page', () => {
  it('splits commas and lines, trims, drops blanks and repeats', () => {
    expect(parseBindings(` ${APP_A},\n${APP_B}\n\n${APP_A} `, DatadogBindingSchema)).toEqual({
      ok: true,
      ids: [APP_A, APP_B],
    });
  });

  it('refuses a Datadog id that is not a UUID and a PostHog token without phc_', () => {
    expect(parseBindings(`${APP_A}, my-app`, DatadogBindingSchema)).toEqual({
      ok: false,
      message: expect.stringContaining('Datadog application ids are UUIDs'),
    });
    expect(parseBindings('phx_notatoken1234', PosthogBindingSchema)).toEqual({
      ok: false,
      message: expect.stringContaining('start with phc_'),
    });
    expect(parseBindings('phc_AbC123dEf456gHi789', PosthogBindingSchema)).toEqual({
      ok: true,
      ids: ['phc_AbC123dEf456gHi789'],
    });
  });

  it('refuses one id bound to two profiles, naming the profile that has it', () => {
    expect(bindingConflict([profile('a', [APP_A]), profile('b', [APP_B, APP_A])])).toBe(
      `${APP_A} is already bound to the profile “Profile a”: an id can serve one profile only.`,
    );
    expect(bindingConflict([profile('a', [APP_A]), profile('b', [APP_B])])).toBeNull();
  });
});

describe('profiles in storage', () => {
  beforeEach(() => fakeBrowser.reset());

  const settings = (apiKey: string) => ({
    site: 'datadoghq.eu' as const,
    credential: { kind: 'keys' as const },
    appUrl: '',
    apiKey,
    appKey: `${apiKey}-app`,
    apiUrl: '',
  });

  async function twoProfiles() {
    await writeProfiles('datadog', {
      defaultId: 'one',
      profiles: [
        { id: 'one', name: 'Shop', bindings: [APP_A], settings: settings('key-one') },
        { id: 'two', name: 'Blog', bindings: [APP_B], settings: settings('key-two') },
      ],
    });
  }

  it('the profile serving a page is the bound one, else the default, else the one chosen in the popup', async () => {
    await twoProfiles();
    expect((await servingProfile('datadog', APP_B)).profile.settings.apiKey).toBe('key-two');
    expect(await servingProfile('datadog', null)).toMatchObject({
      profile: { id: 'one' },
      reason: 'default',
    });
    expect(await servingProfile('datadog', APP_B, 'one')).toMatchObject({
      profile: { id: 'one' },
      reason: 'chosen',
    });
  });

  it('writes one profile’s settings and keeps the other’s keys', async () => {
    await twoProfiles();
    await writeSettings('datadog', settings('key-2b'), 'two');
    expect((await readSettings('datadog', 'two')).apiKey).toBe('key-2b');
    expect((await readSettings('datadog')).apiKey).toBe('key-one');
  });

  it('a profile deleted mid-save fails the save with a sentence and never uses the other keys', async () => {
    await twoProfiles();
    await writeProfiles('datadog', {
      defaultId: 'one',
      profiles: [{ id: 'one', name: 'Shop', bindings: [APP_A], settings: settings('key-one') }],
    });
    await expect(clientFromSettings({}, undefined, 'two')).rejects.toThrow(
      'The Datadog profile this was started with has been deleted; nothing was sent with other keys.',
    );
    await expect(servingProfile('datadog', null, 'two')).rejects.toThrow('has been deleted');
  });
});

describe('profile edits from the options page', () => {
  const provider = { defaultSettings: { site: 'datadoghq.com' }, bindingSchema: DatadogBindingSchema };
  const stored = {
    defaultId: 'a',
    profiles: [
      { id: 'a', name: 'Shop', bindings: [APP_A], settings: {} },
      { id: 'b', name: 'Blog', bindings: [], settings: {} },
    ],
  };
  const apply = (change: ProfileChange) => applyProfileChange(stored, change, provider, () => 'new-id');

  it('adds a profile with the provider’s default settings, renames, and moves the default', () => {
    expect(apply({ kind: 'add', name: 'Docs' }).profiles.at(-1)).toEqual({
      id: 'new-id',
      name: 'Docs',
      bindings: [],
      settings: { site: 'datadoghq.com' },
    });
    expect(apply({ kind: 'rename', id: 'b', name: 'News' }).profiles[1]?.name).toBe('News');
    expect(apply({ kind: 'set-default', id: 'b' }).defaultId).toBe('b');
  });

  it('deleting the default makes the first remaining profile the default; the last one cannot go', () => {
    expect(apply({ kind: 'delete', id: 'a' })).toEqual({ defaultId: 'b', profiles: [stored.profiles[1]] });
    const one = { defaultId: 'a', profiles: stored.profiles.slice(0, 1) };
    expect(() => applyProfileChange(one, { kind: 'delete', id: 'a' }, provider, () => 'x')).toThrow(
      'The last profile cannot be deleted.',
    );
  });

  it('refuses an id already bound to another profile, an invalid id and a repeated name', () => {
    expect(() => apply({ kind: 'bindings', id: 'b', text: `${APP_B}, ${APP_A}` })).toThrow(
      `${APP_A} is already bound to the profile “Shop”`,
    );
    expect(() => apply({ kind: 'bindings', id: 'b', text: 'blog' })).toThrow(
      'Datadog application ids are UUIDs',
    );
    expect(apply({ kind: 'bindings', id: 'b', text: APP_B }).profiles[1]?.bindings).toEqual([APP_B]);
    expect(() => apply({ kind: 'rename', id: 'b', name: 'Shop' })).toThrow(
      'There is already a profile named “Shop”.',
    );
  });
});

describe('the popup’s settings are the serving profile’s', () => {
  beforeEach(() => fakeBrowser.reset());

  it('get-settings with the page’s application id hints the bound profile’s keys, else the default’s', async () => {
    const keys = (apiKey: string) => ({
      site: 'datadoghq.eu' as const,
      credential: { kind: 'keys' as const },
      appUrl: '',
      apiKey,
      appKey: `${apiKey}-app`,
      apiUrl: '',
    });
    await writeProfiles('datadog', {
      defaultId: 'one',
      profiles: [
        { id: 'one', name: 'Shop', bindings: [], settings: keys('') },
        { id: 'two', name: 'Blog', bindings: [APP_B], settings: keys('key-two') },
      ],
    });
    const { handlers } = createDatadogBackground(unusedProviderCore());
    expect((await handlers['datadog:get-settings']({ applicationId: APP_B })).apiKeyHint).toBe('…-two');
    expect((await handlers['datadog:get-settings']({ applicationId: APP_A })).apiKeyHint).toBeNull();
    expect((await handlers['datadog:get-settings']({})).apiKeyHint).toBeNull();
  });
});
