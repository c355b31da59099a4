// Starts the real Datadog RUM SDK (served at /sdk/<build>/datadog-rum.js) against this sandbox.
// Shared options come from /demo/rum-config.js; a page passes only what it changes.
window.sandboxStartRum = (overrides) => {
  const config = Object.assign(
    {},
    window.SANDBOX_RUM_CONFIG,
    { proxy: `${location.origin}/intake` },
    overrides,
  );
  window.DD_RUM.init(config);
  // v4 records only once the app asks, as Datadog's v4 setup tells every app to (v5+ start by
  // themselves); a page that sets v5's startSessionReplayRecordingManually is an app that never asks.
  if (/^4\./.test(window.DD_RUM.version) && !config.startSessionReplayRecordingManually) {
    window.DD_RUM.startSessionReplayRecording();
  }
  return config;
};
