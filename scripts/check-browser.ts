/**
 * Run first by `npm start` and `npm test`: name a missing browser, and how to install it, before
 * anything is built or any test starts. `--firefox` (npm test, npm run test:firefox) also checks
 * Firefox ESR, which the Firefox suite (test/firefox/) drives.
 */
import { accessSync, constants } from 'node:fs';
import { FIREFOX_PATH } from '../test/firefox/firefox';
import { CHROMIUM_PATH } from '../test/harness/browser';

/** The sentences for a browser that is not there, or none when it is. */
function missing(binary: string, sentences: string[]): string[] {
  try {
    accessSync(binary, constants.X_OK);
    return [];
  } catch {
    return sentences;
  }
}

const problems = [
  ...missing(CHROMIUM_PATH, [
    `Chromium was not found at ${CHROMIUM_PATH}.`,
    'The demo and the end-to-end tests load the extension in a real Chromium.',
    'Install it (Debian/Ubuntu: `sudo apt-get update && sudo apt-get install -y chromium`),',
    'or point CHROMIUM_PATH at a Chromium or Chrome binary you already have.',
  ]),
  ...(process.argv.includes('--firefox')
    ? missing(FIREFOX_PATH, [
        `Firefox ESR was not found at ${FIREFOX_PATH}.`,
        'The Firefox suite (npm run test:firefox) loads the extension in a real Firefox.',
        'Install it (Debian/Ubuntu: `sudo apt-get update && sudo apt-get install -y firefox-esr`),',
        'or point FIREFOX_PATH at a Firefox 128 or later you already have.',
      ])
    : []),
];
if (problems.length > 0) {
  console.error(problems.join('\n'));
  process.exit(1);
}
