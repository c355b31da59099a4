/**
 * The Chromium binary used by the sandbox's PostHog renderer and by the test harness (which
 * re-exports it for the e2e fixtures, `npm start` and `scripts/check-browser.ts`).
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
