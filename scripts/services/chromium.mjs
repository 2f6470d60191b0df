// Chromium for the PWA's end-to-end tests. This module only installs it, and Playwright launches it.
import { existsSync } from 'node:fs';
import { aptInstall, isRoot } from './apt.mjs';

export const chromiumPath = '/usr/bin/chromium';

/** Returns the path of Debian's Chromium, installing the `chromium` package first if root. */
export function ensureChromium() {
  if (existsSync(chromiumPath)) {
    return chromiumPath;
  }
  if (isRoot()) {
    aptInstall(['chromium']);
    if (existsSync(chromiumPath)) {
      return chromiumPath;
    }
  }
  throw new Error(
    `Chromium is missing: ${chromiumPath} does not exist. Install it with ` +
      '"sudo apt-get install -y chromium" (Debian or Ubuntu), then run the tests again.',
  );
}
