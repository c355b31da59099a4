// Starts the real posthog-js (served at /ph-sdk/array.full.no-external.js) against this sandbox.
// Shared options and the project token come from /demo/posthog-config.js.
window.sandboxStartPostHog = (overrides, name) => {
  const shared = window.SANDBOX_POSTHOG_CONFIG;
  const config = Object.assign({}, shared.options, { api_host: `${location.origin}/ph` }, overrides);
  const token = name ? shared.secondToken : shared.token;
  return name ? window.posthog.init(token, config, name) : window.posthog.init(token, config);
};
