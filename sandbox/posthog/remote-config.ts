/**
 * What the sandbox answers posthog-js's remote config and flags requests with, for any token:
 * session recording on (endpoint `/s/`), heatmaps on, gzip supported, events to `/i/v0/e/`,
 * an empty flag set (`hasFeatureFlags: true` only so the SDK also calls `/flags/?v=2`). Fields as PostHog's `/array/<token>/config` sends them; posthog-js 1.449.2
 * starts recording when `sessionRecording` is an object and heatmaps when `heatmaps` is true.
 */

export function remoteConfig(token: string) {
  return {
    token,
    supportedCompression: ['gzip', 'gzip-js'],
    hasFeatureFlags: true,
    captureDeadClicks: false,
    capturePerformance: false,
    autocapture_opt_out: false,
    autocaptureExceptions: false,
    analytics: { endpoint: '/i/v0/e/' },
    elementsChainAsString: true,
    sessionRecording: {
      endpoint: '/s/',
      consoleLogRecordingEnabled: true,
      recorderVersion: 'v2',
      sampleRate: null,
      minimumDurationMilliseconds: null,
      linkedFlag: null,
      networkPayloadCapture: null,
      masking: null,
      urlTriggers: [],
      urlBlocklist: [],
      eventTriggers: [],
      triggerMatchType: null,
      scriptConfig: null,
    },
    heatmaps: true,
    surveys: false,
    defaultIdentifiedOnly: true,
    siteApps: [],
  };
}

/** `/array/<token>/config.js`: the script form, which posthog-js reads from `_POSTHOG_REMOTE_CONFIG`. */
export function remoteConfigScript(token: string): string {
  const payload = JSON.stringify({ config: remoteConfig(token), siteApps: [] });
  return `(function(){var w=window;w._POSTHOG_REMOTE_CONFIG=w._POSTHOG_REMOTE_CONFIG||{};w._POSTHOG_REMOTE_CONFIG[${JSON.stringify(token)}]=${payload};})();\n`;
}

/** `/flags/?v=2`: no flags; with `config=true` (older flows) the config is merged in. */
export function flagsResponse(token: string, withConfig: boolean, requestId: string) {
  return {
    ...(withConfig ? remoteConfig(token) : {}),
    flags: {},
    errorsWhileComputingFlags: false,
    quotaLimited: [],
    requestId,
  };
}

/** `/decide/` (older SDKs): the v3 shape, config included. */
export function decideResponse(token: string) {
  return {
    ...remoteConfig(token),
    featureFlags: {},
    featureFlagPayloads: {},
    errorsWhileComputingFlags: false,
  };
}
