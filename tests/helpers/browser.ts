// The system's Chromium (Debian package `chromium`, installed by .ci/run) through playwright-core; no browser is
// downloaded. Outside CI a browser test file is skipped (with a message) when Chromium is absent; in CI (CI=true)
// a missing browser is a failure, not a silent skip.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { describe, it } from 'vitest';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const inCi = process.env.CI === 'true' || process.env.CI === '1';

/** Flags that keep Chromium off the network: without them it keeps trying hosts this machine cannot reach. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const haveChromium = existsSync(CHROMIUM);

/** Warns (outside CI) or registers a failing test (in CI) when Chromium is missing; `suite` names the file's tests. */
export function requireChromium(suite: string): void {
  if (haveChromium) return;
  if (!inCi) {
    console.warn(
      `[tests/browser] SKIPPED: Chromium not found at ${CHROMIUM}. Install it with ` +
        `\`apt-get install -y chromium\` (or set CHROMIUM_PATH) to run "${suite}". In CI (CI=true) it is required.`,
    );
    return;
  }
  describe(suite, () => {
    it('needs Chromium in CI', () => {
      throw new Error(`Chromium not found at ${CHROMIUM}: .ci/run installs the Debian package \`chromium\` before npm ci`);
    });
  });
}

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
