// Helpers the Chromium test files share: starting Chromium with the extension, waiting,
// finding a tab, and asking the content script of a tab (through the extension's service
// worker `sw`) what it sees.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
