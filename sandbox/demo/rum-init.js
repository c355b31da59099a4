// Starts the real Datadog RUM SDK (served at /sdk/datadog-rum.js) against this sandbox.
// Shared options come from /demo/rum-config.js; a page passes only what it changes.
window.sandboxStartRum = (overrides) => {
  const config = Object.assign(
    {},
    window.SANDBOX_RUM_CONFIG,
    { proxy: `${location.origin}/intake` },
    overrides,
  );
  window.DD_RUM.init(config);
  return config;
};
