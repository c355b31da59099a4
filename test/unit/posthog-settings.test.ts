import { describe, expect, test } from 'vitest';
import {
  isPosthogCloudHost,
  savedHeatmapLink,
  suggestApiUrl,
  toHttpOrigin,
} from '@/lib/providers/posthog/hosts';
import { DEFAULT_POSTHOG_SETTINGS, PosthogSettingsSchema } from '@/lib/providers/posthog/settings';

function messageFor(input: Record<string, string>): string | undefined {
  const parsed = PosthogSettingsSchema.safeParse({ ...DEFAULT_POSTHOG_SETTINGS, ...input });
  return parsed.success ? undefined : parsed.error.issues[0]?.message;
}

describe('PosthogSettingsSchema', () => {
  test('the defaults are valid and point at PostHog Cloud US', () => {
    expect(PosthogSettingsSchema.parse(DEFAULT_POSTHOG_SETTINGS)).toEqual({
      apiUrl: 'https://us.posthog.com',
      projectId: '',
      apiKey: '',
    });
  });

  test.each([
    [' https://eu.posthog.com/ ', 'https://eu.posthog.com'],
    ['https://EU.PostHog.com', 'https://eu.posthog.com'],
    ['http://localhost:8010', 'http://localhost:8010'],
    ['https://posthog.internal.example:443//', 'https://posthog.internal.example'],
  ])('API URL %s is kept as the origin %s', (apiUrl, expected) => {
    expect(PosthogSettingsSchema.parse({ ...DEFAULT_POSTHOG_SETTINGS, apiUrl }).apiUrl).toBe(expected);
  });

  test.each([
    ['us.posthog.com', 'PostHog URL must be a full address, like https://api.example.com'],
    ['', 'PostHog URL must be a full address, like https://api.example.com'],
    ['ftp://us.posthog.com', 'PostHog URL must start with https://'],
    [
      'https://us.posthog.com/project/1',
      'PostHog URL must be an address with no path, like https://eu.posthog.com',
    ],
    ['https://us.posthog.com?x=1', 'PostHog URL must not contain a query (the part from “?”)'],
    ['https://us.posthog.com#x', 'PostHog URL must not contain a fragment (the part from “#”)'],
    ['https://user:pw@us.posthog.com', 'PostHog URL must not contain a user name or password'],
    [
      'http://posthog.example.com',
      'PostHog URL must start with https:// (http:// only for localhost, 127.0.0.1 or [::1])',
    ],
  ])('API URL %s is refused with a sentence naming the problem', (apiUrl, message) => {
    expect(messageFor({ apiUrl })).toBe(message);
  });

  test('project id: digits or empty', () => {
    expect(messageFor({ projectId: '12345' })).toBeUndefined();
    expect(messageFor({ projectId: ' 12345 ' })).toBeUndefined();
    expect(messageFor({ projectId: '12a' })).toBe('Project ID must be digits only, like 12345');
    expect(messageFor({ projectId: '1'.repeat(21) })).toBe('Project ID is over 20 digits');
  });

  test('personal API key: bounded, no whitespace', () => {
    expect(messageFor({ apiKey: 'phx_abc' })).toBeUndefined();
    expect(messageFor({ apiKey: 'phx_abc def' })).toBe('Personal API key contains spaces or line breaks');
    expect(messageFor({ apiKey: 'phx_abc\n' })).toBe('Personal API key contains spaces or line breaks');
    expect(messageFor({ apiKey: 'k'.repeat(201) })).toBe('Personal API key is over 200 characters');
  });
});

describe('PostHog hosts', () => {
  test('only https cloud API hosts count as PostHog itself', () => {
    expect(isPosthogCloudHost('https://us.posthog.com')).toBe(true);
    expect(isPosthogCloudHost('https://eu.posthog.com/')).toBe(true);
    expect(isPosthogCloudHost('http://us.posthog.com')).toBe(false);
    expect(isPosthogCloudHost('https://us.posthog.com.evil.example')).toBe(false);
    expect(isPosthogCloudHost('https://us.posthog.com:8443')).toBe(false);
    expect(isPosthogCloudHost('https://us.i.posthog.com')).toBe(false);
  });

  test.each([
    [{ apiHost: 'https://us.i.posthog.com', uiHost: null }, 'https://us.posthog.com'],
    [{ apiHost: 'https://eu.i.posthog.com', uiHost: null }, 'https://eu.posthog.com'],
    [{ apiHost: 'https://app.posthog.com', uiHost: null }, 'https://us.posthog.com'],
    // A reverse proxy: the region comes from ui_host.
    [{ apiHost: 'https://ph.shop.example', uiHost: 'https://eu.posthog.com' }, 'https://eu.posthog.com'],
  ])('the page config %o suggests %s', (hosts, apiUrl) => {
    expect(suggestApiUrl(hosts)).toMatchObject({ kind: 'cloud', apiUrl });
  });

  test('an unknown host is a self-hosted PostHog or a proxy; nothing is nothing', () => {
    expect(suggestApiUrl({ apiHost: 'https://ph.shop.example', uiHost: null })).toEqual({
      kind: 'self-hosted-or-proxy',
      apiUrl: 'https://ph.shop.example',
    });
    expect(suggestApiUrl({ apiHost: 'http://us.i.posthog.com', uiHost: null }).kind).toBe(
      'self-hosted-or-proxy',
    );
    expect(suggestApiUrl({ apiHost: null, uiHost: null })).toEqual({ kind: 'none' });
  });

  test('links into the web app', () => {
    expect(savedHeatmapLink('https://eu.posthog.com/', '9', 'x')).toBe(
      'https://eu.posthog.com/project/9/heatmaps/x',
    );
    expect(savedHeatmapLink('https://eu.posthog.com', '123', 'aB3_x')).toBe(
      'https://eu.posthog.com/project/123/heatmaps/aB3_x',
    );
  });

  test('toHttpOrigin resolves relative addresses only against a base', () => {
    expect(toHttpOrigin('/ingest', 'https://shop.example/cart')).toBe('https://shop.example');
    expect(toHttpOrigin('/ingest')).toBeNull();
    expect(toHttpOrigin('javascript:alert(1)')).toBeNull();
  });
});
