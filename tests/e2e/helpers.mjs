// Helpers the Chromium test files share: waiting, finding a tab, and asking the content script
// of a tab (through the extension's service worker `sw`) what it sees.

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

/** The content script's read-only inspector in the top frame (the extension's isolated world). */
export function inspectTop(sw, tabId, what = 'state') {
  return sw.evaluate(async ({ tabId: id, what: w }) => {
    const [res] = await chrome.scripting.executeScript({
      target: { tabId: id }, world: 'ISOLATED',
      func: (k) => (globalThis.unmaskInspect ? globalThis.unmaskInspect[k]() : null),
      args: [w],
    });
    return res?.result ?? null;
  }, { tabId, what });
}
