// A hostile page for the extension's tests: window.DD_RUM looks like the SDK but every answer is junk.
const HUGE = 'x'.repeat(2_000_000);

function explode(what) {
  throw new Error(`spoofed DD_RUM: ${what}`);
}

window.DD_RUM = {
  version: 7.16,
  getInternalContext: () => ({
    application_id: 'not-a-uuid',
    session_id: 12345,
    view: { id: { nested: true }, url: `https://example.com/${HUGE}`, name: ['checkout'] },
  }),
  getInitConfiguration: () => ({
    applicationId: HUGE,
    site: 42,
    proxy: null,
    sessionReplaySampleRate: '100',
  }),
  getSessionReplayLink: () => 'javascript:alert(1)',
  startSessionReplayRecording: () => explode('startSessionReplayRecording'),
  q: 'not an array',
};
for (const name of ['init', 'getUser', 'getAccount', 'getGlobalContext']) {
  Object.defineProperty(window.DD_RUM, name, { enumerable: true, get: () => explode(`getter ${name}`) });
}
