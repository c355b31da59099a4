import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { managedProfileId } from '@/lib/profiles/managed';
import { signInProfile } from '@/lib/providers/datadog/oauth/background';
import { readGrant, removeGrant, setManagedSource, writeGrant } from '@/lib/storage/items';

/** Where a sign-in's tokens live: session storage, unless the person chose to stay signed in. */

const GRANT = { status: 'signed-in', accessToken: 'at', refreshToken: 'rt' };

beforeEach(() => fakeBrowser.reset());

describe('sign-in grants in storage', () => {
  it('go to session storage only, by default, and never to local', async () => {
    await writeGrant('datadog', 'p1', GRANT, false);
    expect((await fakeBrowser.storage.session.get('grant:datadog:p1'))['grant:datadog:p1']).toEqual(GRANT);
    expect(await fakeBrowser.storage.local.get(null)).toEqual({});
    expect(await readGrant('datadog', 'p1')).toEqual(GRANT);
  });

  it('staying signed in moves them to local storage and out of session storage, and back', async () => {
    await writeGrant('datadog', 'p1', GRANT, false);
    await writeGrant('datadog', 'p1', GRANT, true);
    expect((await fakeBrowser.storage.local.get('grant:datadog:p1'))['grant:datadog:p1']).toEqual(GRANT);
    expect((await fakeBrowser.storage.session.get('grant:datadog:p1'))['grant:datadog:p1']).toBeUndefined();
    await writeGrant('datadog', 'p1', GRANT, false);
    expect((await fakeBrowser.storage.local.get('grant:datadog:p1'))['grant:datadog:p1']).toBeUndefined();
  });

  it('are kept per provider and profile, and removed from both areas', async () => {
    await writeGrant('datadog', 'p1', GRANT, true);
    await writeGrant('datadog', 'p2', { ...GRANT, accessToken: 'other' }, false);
    await removeGrant('datadog', 'p1');
    expect(await readGrant('datadog', 'p1')).toBeNull();
    expect(await readGrant('datadog', 'p2')).toMatchObject({ accessToken: 'other' });
  });
});

describe('signing in a managed profile', () => {
  afterEach(() => setManagedSource(async () => ({})));

  it('is refused when the organisation set its keys, before any sign-in window opens', async () => {
    const settings = { site: 'datadoghq.eu', apiUrl: '', apiKey: 'org-api-key', appKey: 'org-app-key' };
    setManagedSource(async () => ({ datadog: { profiles: [{ name: 'Company', bindings: [], settings }] } }));
    const launch = vi.spyOn(fakeBrowser.identity, 'launchWebAuthFlow');
    expect(await signInProfile(managedProfileId('Company'), false)).toBe(
      'Your organisation set this profile’s keys, so it cannot sign in instead: use another profile.',
    );
    expect(launch).not.toHaveBeenCalled();
    expect(await readGrant('datadog', managedProfileId('Company'))).toBeNull();
  });
});
