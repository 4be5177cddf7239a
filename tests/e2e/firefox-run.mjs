/**
 * Runs Firefox ESR headless with the unpacked extension through `web-ext run`, on a start page
 * of the fixture server, until `done()` says the page has reported what the test waits for
 * (web-ext gives no DOM access: fixture pages report to `/seen` themselves). Returns web-ext's
 * log; Firefox and the profile are gone when it returns.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extensionDir, REPO } from './extension-dir.mjs';

export const WEB_EXT = path.join(REPO, 'node_modules', '.bin', 'web-ext');
const FIREFOX = process.env.UNMASK_FIREFOX ?? '/usr/bin/firefox-esr';

export async function runFirefox(startUrl, done, timeout = 90000) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'unmask-firefox-'));
  const child = spawn(WEB_EXT, ['run', '--source-dir', extensionDir(), '--target', 'firefox-desktop',
    '--firefox', FIREFOX, '--firefox-profile', profile, '--no-input', '--no-reload',
    '--start-url', startUrl, '--arg=-headless'], {
    env: { ...process.env, MOZ_HEADLESS: '1' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => { log += d; });
  child.stderr.on('data', (d) => { log += d; });
  try {
    const end = Date.now() + timeout;
    while (!done() && Date.now() < end && child.exitCode === null) {
      await new Promise((r) => setTimeout(r, 250));
    }
    return log;
  } finally {
    try { process.kill(-child.pid, 'SIGTERM'); } catch { /* gone */ }
    await new Promise((r) => setTimeout(r, 500));
    try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ }
    fs.rmSync(profile, { recursive: true, force: true });
  }
}
