import { describe, expect, test } from 'vitest';
import { SITES } from '@/lib/providers/datadog/settings';
import { apiBaseUrl, appBaseUrl, heatmapsLink, isDatadogApiHost } from '@/lib/providers/datadog/sites';

describe('sites', () => {
  test('API base: the custom URL without trailing slashes, else api.{site}', () => {
    expect(apiBaseUrl({ site: 'datadoghq.eu', apiUrl: '' })).toBe('https://api.datadoghq.eu');
    expect(apiBaseUrl({ site: 'us3.datadoghq.com', apiUrl: '   ' })).toBe('https://api.us3.datadoghq.com');
    expect(apiBaseUrl({ site: 'datadoghq.eu', apiUrl: ' http://127.0.0.1:8787/// ' })).toBe(
      'http://127.0.0.1:8787',
    );
  });

  test('app hosts follow the table, not a rule', () => {
    expect(appBaseUrl('datadoghq.com')).toBe('https://app.datadoghq.com');
    expect(appBaseUrl('datadoghq.eu')).toBe('https://app.datadoghq.eu');
    expect(appBaseUrl('us5.datadoghq.com')).toBe('https://us5.datadoghq.com');
    expect(appBaseUrl('ddog-gov.com')).toBe('https://app.ddog-gov.com');
    expect(appBaseUrl('us2.ddog-gov.com')).toBe('https://us2.ddog-gov.com');
  });

  test('isDatadogApiHost accepts exactly the https api hosts', () => {
    for (const site of SITES) expect(isDatadogApiHost(`https://api.${site.id}`)).toBe(true);
    expect(isDatadogApiHost('https://api.datadoghq.eu/')).toBe(true);
    expect(isDatadogApiHost('https://API.DATADOGHQ.COM')).toBe(true);
    for (const url of [
      'http://api.datadoghq.com',
      'https://api.datadoghq.com.evil.example',
      'https://evil.example/api.datadoghq.com',
      'https://xapi.datadoghq.com',
      'https://api.datadoghq.com:8443',
      'https://user:pass@api.datadoghq.com',
      'https://app.datadoghq.com',
      'https://api.example.com',
      'not a url',
      '',
    ]) {
      expect(isDatadogApiHost(url), url).toBe(false);
    }
  });

  test('heatmaps link on the app host of the site', () => {
    expect(heatmapsLink('ap1.datadoghq.com')).toBe('https://ap1.datadoghq.com/rum/heatmap/');
  });
});
