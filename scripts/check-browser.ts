/**
 * Run first by `npm start` and `npm test`: name a missing browser, and how to install it, before
 * anything is built or any test starts.
 */
import { accessSync, constants } from 'node:fs';
import { CHROMIUM_PATH } from '../test/harness/browser';

try {
  accessSync(CHROMIUM_PATH, constants.X_OK);
} catch {
  console.error(
    [
      `Chromium was not found at ${CHROMIUM_PATH}.`,
      'The demo and the end-to-end tests load the extension in a real Chromium.',
      'Install it (Debian/Ubuntu: `sudo apt-get update && sudo apt-get install -y chromium`),',
      'or point CHROMIUM_PATH at a Chromium or Chrome binary you already have.',
    ].join('\n'),
  );
  process.exit(1);
}
