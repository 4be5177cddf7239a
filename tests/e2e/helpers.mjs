// Helpers the Chromium test files share: one session a file (the fixture server and Chromium
// with the extension, started and stopped by the file's hooks), waiting, finding a tab, asking
// the content script of a tab (through the extension's service worker `sw`) what it sees, and
// the payloads the fixtures hide.
import { before, after } from 'node:test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer } from './server.mjs';
import { extensionDir, OUT } from './extension-dir.mjs';

export const CHROMIUM = process.env.UNMASK_CHROMIUM ?? '/usr/lib/chromium/chromium';

/**
 * Headless Chromium (Debian's) with the unpacked extension at `ext`, in a new profile: the
 * context, the extension's service worker and id, and every request the context makes.
 */
export async function launchWithExtension(ext, profilePrefix) {
  const { chromium } = await import('playwright-core');
  const ctx = await chromium.launchPersistentContext(fs.mkdtempSync(path.join(os.tmpdir(), profilePrefix)), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1000, height: 700 },
    args: [`--disable-extensions-except=${ext}`, `--load-extension=${ext}`],
  });
  const requests = [];
  ctx.on('request', (r) => requests.push(r.url()));
  const sw = ctx.serviceWorkers()[0] ?? await ctx.waitForEvent('serviceworker', { timeout: 15000 });
  return { ctx, sw, extId: new URL(sw.url()).host, requests };
}

/**
 * The session of one test file: registers its `before` hook (the output folder, the fixture
 * server, Chromium with the extension, clipboard access for the fixture origin when asked, then
 * `setup(session)`) and its `after` hook (`teardown(session)`, then both closed). The returned
 * object gets `server`, `ctx`, `sw`, `extId` and `requests` once `before` ran, and has the
 * helpers every file uses: `tabIdOf(url)`, `inspect(tabId, what)` (the top frame's inspector),
 * `badge(tabId)`, `setSettings(values)`, `waitNotice(tabId, kind)` (the top frame's notice,
 * once there is one of that kind, or of any kind without one).
 */
export function chromiumSession(profilePrefix, { clipboard = false, setup, teardown } = {}) {
  const session = {
    tabIdOf: (url) => tabIdOf(session.sw, url),
    inspect: (tabId, what) => inspectTop(session.sw, tabId, what),
    badge: (tabId) => session.sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId),
    setSettings: (values) => session.sw.evaluate((x) => chrome.storage.local.set(x), values),
    waitNotice: (tabId, kind) => until(async () => {
      const n = await session.inspect(tabId, 'notice');
      return n && (!kind || n.kind === kind) ? n : null;
    }, `notice ${kind}`),
  };
  before(async () => {
    fs.mkdirSync(OUT, { recursive: true });
    session.server = await startServer();
    Object.assign(session, await launchWithExtension(extensionDir(), profilePrefix));
    if (clipboard) {
      await session.ctx.grantPermissions(['clipboard-read', 'clipboard-write'],
        { origin: session.server.origin });
    }
    await setup?.(session);
  });
  after(async () => {
    await teardown?.(session);
    await session.ctx?.close();
    await session.server?.close();
  });
  return session;
}

/** The payload the fixtures hide most: a user id in zero-width bits. */
export const ZW_USER = 'user 4471';

/** `s` as zero-width bits (ZWSP 0, ZWNJ 1), eight a byte: a payload unmask decodes. */
export const zwBits = (s) => [...Buffer.from(s)].map((b) => b.toString(2).padStart(8, '0')).join('')
  .replace(/0/g, '\u200B').replace(/1/g, '\u200C');

/** Selects the contents of the page's element matching `selector` and copies them (Control+C). */
export async function copyContents(page, selector) {
  await page.evaluate((sel) => {
    const r = document.createRange();
    r.selectNodeContents(document.querySelector(sel));
    getSelection().removeAllRanges();
    getSelection().addRange(r);
  }, selector);
  await page.keyboard.press('Control+C');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns something truthy; fails with the last value after `timeout`. */
export async function until(fn, what, timeout = 15000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await fn();
    if (last) return last;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
}

/** The id of the tab showing `url`. */
export function tabIdOf(sw, url) {
  return until(() => sw.evaluate(async (u) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url === u)?.id ?? null;
  }, url), `tab ${url}`);
}

/**
 * The content script's read-only inspector in the top frame (the extension's isolated world).
 * Read as an own property: a page may name an element `unmaskInspect` (named access).
 */
export function inspectTop(sw, tabId, what = 'state') {
  return inspectFrames(sw, tabId, what, false).then((all) => all[0]?.result ?? null);
}

/** The inspector in every frame of a tab (about:blank and srcdoc frames too): [{frameId, result}]. */
export function inspectFrames(sw, tabId, what = 'state', allFrames = true) {
  return sw.evaluate(async ({ tabId: id, what: w, all }) => {
    const res = await chrome.scripting.executeScript({
      target: { tabId: id, allFrames: all }, world: 'ISOLATED',
      func: (k) => (Object.hasOwn(globalThis, 'unmaskInspect') ? globalThis.unmaskInspect[k]() : null),
      args: [w],
    });
    return res.map((r) => ({ frameId: r.frameId, result: r.result ?? null }));
  }, { tabId, what, all: allFrames });
}
