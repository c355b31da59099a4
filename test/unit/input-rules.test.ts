import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foreignApiUrl, validateSettings } from '@/components/providers/datadog/settings-form';
import { captureWidthsText, toSaveInput } from '@/components/providers/posthog/heatmap-form';
import { selfHostedUrl, toSettingsInput } from '@/components/providers/posthog/settings-form';
import { defaultSnapshotName } from '@/lib/providers/datadog/default-input';
import { SaveInputSchema } from '@/lib/providers/datadog/job';
import { MAX_SNAPSHOT_NAME, SnapshotNameSchema } from '@/lib/providers/datadog/names';
import { DatadogSettingsSchema, DEFAULT_DATADOG_SETTINGS } from '@/lib/providers/datadog/settings';
import { defaultHeatmapName } from '@/lib/providers/posthog/default-input';
import { HeatmapNameSchema } from '@/lib/providers/posthog/schemas';
import { codePointLength, shortenName } from '@/lib/shared/names';

/**
 * One rule each for names, API URLs and keys (lib/shared/names.ts, api-url.ts, api-key.ts), as
 * both providers' schemas, the popup's default names and the options forms use them.
 */

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSAFE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

function firstMessage(parsed: { success: boolean; error?: { issues: { message: string }[] } }) {
  return parsed.success ? undefined : parsed.error?.issues[0]?.message;
}

describe('names', () => {
  it('remove controls and bidi overrides; a name of invisible characters only is refused', () => {
    expect(SnapshotNameSchema.parse('\u202Eevil\u202C name\u0007\nnext')).toBe('evil name next');
    expect(firstMessage(SnapshotNameSchema.safeParse('\u200B\u200B'))).toBe(
      'Snapshot name has no visible characters',
    );
    expect(firstMessage(HeatmapNameSchema.safeParse(' \u202E '))).toBe('Heatmap name is empty');
    expect(firstMessage(SnapshotNameSchema.safeParse(''))).toBe('Snapshot name is empty');
  });

  it('are counted in code points, and a lone surrogate never reaches a request', () => {
    const emoji = '😀'.repeat(MAX_SNAPSHOT_NAME);
    expect(SnapshotNameSchema.parse(emoji)).toBe(emoji);
    expect(firstMessage(SnapshotNameSchema.safeParse(`${emoji}😀`))).toBe(
      `Snapshot name is over ${MAX_SNAPSHOT_NAME} characters`,
    );
    expect(SnapshotNameSchema.parse('a\uD83Db')).toBe('ab');
  });

  it('the job sends the view name cleaned', () => {
    const input = SaveInputSchema.parse({
      snapshotName: 'Home',
      viewName: '/home\u202E\u0000',
      deviceType: 'desktop',
      deviceTypeSelectedByUser: false,
    });
    expect(input.viewName).toBe('/home');
  });

  it('cut by code points: any text shortens to a valid name without lone surrogates', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 400 }),
        fc.integer({ min: 2, max: 300 }),
        (text, max) => {
          const short = shortenName(text, max);
          expect(short).not.toMatch(LONE_SURROGATE);
          expect(short).not.toMatch(UNSAFE);
          expect(codePointLength(short)).toBeLessThanOrEqual(max);
        },
      ),
    );
  });

  it('the popup’s default names: a page’s U+202E does not flip them, a long emoji name is cut whole', () => {
    const at = Date.UTC(2026, 0, 2, 3, 4);
    const flipped = defaultSnapshotName('\u202Ecart\u202C', at);
    expect(flipped).toMatch(/^cart · /);
    const long = defaultSnapshotName('😀'.repeat(300), at);
    expect(long).not.toMatch(LONE_SURROGATE);
    expect(SnapshotNameSchema.safeParse(long).success).toBe(true);
    expect(defaultHeatmapName('not a url \u202Eabc', at)).toMatch(/^not a url abc · /);
  });

  it('the PostHog form refuses a name of zero-width characters next to the field', () => {
    const values = {
      name: '\u200B',
      pageUrl: 'https://a.example/',
      dataUrl: 'https://a.example/',
      source: 'capture' as const,
      widths: '1280',
    };
    expect(toSaveInput(values)).toEqual({
      ok: false,
      errors: { name: 'Heatmap name has no visible characters' },
    });
  });
});

describe('the PostHog form’s widths in capture mode', () => {
  const values = (widths: string) => ({
    name: 'Pricing',
    pageUrl: 'https://a.example/',
    dataUrl: 'https://a.example/',
    source: 'capture' as const,
    widths,
  });

  it('starts from the tab’s own width, rounded as a capture is', () => {
    expect(captureWidthsText(1279.6)).toBe('1280');
  });

  it('reads the picked widths with the render mode’s rule, in the order typed', () => {
    expect(toSaveInput(values('375, 1280'))).toMatchObject({ ok: true, input: { widths: [375, 1280] } });
    expect(toSaveInput(values('375, 375'))).toEqual({
      ok: false,
      errors: { widths: 'Widths must not repeat' },
    });
    expect(toSaveInput(values('50'))).toEqual({
      ok: false,
      errors: { widths: 'Width must be at least 100 px' },
    });
    expect(toSaveInput(values('375.5'))).toEqual({
      ok: false,
      errors: { widths: 'Width must be a whole number of pixels' },
    });
  });
});

describe('API URLs', () => {
  const datadogUrlError = (apiUrl: string) =>
    validateSettings({ site: 'datadoghq.com', apiKey: '', appKey: '', apiUrl }).apiUrl;

  it.each([
    ['https://user:secret@proxy.example', 'API URL must not contain a user name or password'],
    ['https://proxy.example/?token=1', 'API URL must not contain a query (the part from “?”)'],
    ['https://proxy.example/#top', 'API URL must not contain a fragment (the part from “#”)'],
    [
      'http://proxy.example',
      'API URL must start with https:// (http:// only for localhost, 127.0.0.1 or [::1])',
    ],
    [`https://proxy.example/${'a'.repeat(400)}`, 'API URL is over 300 characters'],
    ['proxy.example', 'API URL must be a full address, like https://api.example.com'],
    ['ftp://proxy.example', 'API URL must start with https://'],
  ])('%s is refused next to the field: %s', (apiUrl, message) => {
    expect(datadogUrlError(apiUrl)).toBe(message);
  });

  it('https anywhere, http on this computer, or empty (Datadog’s own host) are accepted', () => {
    for (const apiUrl of [
      '',
      'https://proxy.example/datadog',
      'http://127.0.0.1:8787',
      'http://localhost:1',
      'http://[::1]:2',
    ]) {
      expect(datadogUrlError(apiUrl), apiUrl).toBeUndefined();
    }
  });

  it('the "keys will be sent to" warnings appear only for addresses keys may go to', () => {
    expect(foreignApiUrl('http://proxy.example')).toBeNull();
    expect(foreignApiUrl('https://u:p@proxy.example')).toBeNull();
    expect(foreignApiUrl('https://proxy.example')?.host).toBe('proxy.example');
    expect(selfHostedUrl('http://posthog.example')).toBeNull();
    expect(selfHostedUrl('http://localhost:8010')?.host).toBe('localhost:8010');
  });

  it('PostHog’s address follows the same rule', () => {
    const outcome = toSettingsInput({ apiUrl: 'https://u:p@posthog.example', projectId: '', apiKey: '' });
    expect(outcome).toEqual({
      ok: false,
      errors: { apiUrl: 'PostHog URL must not contain a user name or password' },
    });
  });
});

describe('keys', () => {
  const keyError = (apiKey: string) =>
    firstMessage(DatadogSettingsSchema.safeParse({ ...DEFAULT_DATADOG_SETTINGS, apiKey }));

  it.each([
    ['abc\u200Bdef', 'API key contains an invisible character (such as a zero-width space): copy it again'],
    ['abc\u0000def', 'API key contains an invisible character (such as a zero-width space): copy it again'],
    ['abc def', 'API key contains spaces or line breaks'],
    ['abc–def', 'API key contains “–”, which keys never contain: copy it again'],
    ['clé', 'API key contains “é”, which keys never contain: copy it again'],
    ['k'.repeat(201), 'API key is over 200 characters'],
  ])('%j is refused with a sentence naming the problem', (apiKey, message) => {
    expect(keyError(apiKey)).toBe(message);
  });

  it('printable ASCII is accepted, in both providers', () => {
    expect(keyError('0123abcdEFGH_-.~!')).toBeUndefined();
    expect(
      toSettingsInput({ apiUrl: 'https://eu.posthog.com', projectId: '1', apiKey: 'phx_\u00A0x' }),
    ).toEqual({
      ok: false,
      errors: { apiKey: 'Personal API key contains spaces or line breaks' },
    });
  });
});
