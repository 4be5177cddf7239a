/**
 * unmask background (Chrome: module service worker; Firefox: module event page).
 *
 * Four jobs, nothing else:
 *  1. Runs the WebAssembly core for the content scripts (`{what: 'scan'}`; the answer carries the
 *     core's names of the characters found, `names`, and the popup asks `{what: 'names'}`; the
 *     options page asks for the core's kinds, `{what: 'kinds'}`).
 *     Content scripts never
 *     compile WebAssembly themselves: Chromium refuses to on pages whose CSP lacks
 *     'wasm-unsafe-eval', and scanning here keeps one code path on every page and in both
 *     browsers, keeps the page's main thread free while the core runs, and needs no
 *     web-accessible resources that a page could probe for.
 *  2. Keeps the toolbar badge: the number of medium/high findings in a tab, over all its frames
 *     (reports over each frame's port), empty when none, cleared when the tab navigates, a
 *     frame's share dropped when the frame goes; tells the popup which frames to ask for their
 *     findings (`{what: 'frames'}`): background/tabs.js.
 *  3. Injects the `::highlight()` styles for a frame's random highlight names as the frame's
 *     document starts (`{what: 'styles'}` from js/early-styles.js), with `scripting.insertCSS`,
 *     so the page never sees a stylesheet in its own DOM.
 *  4. Copy and paste (issue 5): checks and cleans a copied or pasted text for the content
 *     script (`{what: 'check'}`; a card's texts too, and the report a card saves as evidence,
 *     `{what: 'evidence'}`), handles the selection's context menu ("Check with unmask"
 *     opens the checker with the selection; "Copy without hidden characters" has the content
 *     script write the cleaned selection, since a service worker has no clipboard), the
 *     highlighting shortcut, and mirrors the settings in `storage.sync` when the person turns
 *     that on.
 *
 * The worker is unloaded when idle, so what must last lives elsewhere: per-frame summaries in
 * `storage.session`, the badge in the browser. Its globals hold only what may be lost with it
 * (the ports of this lifetime, the per-tab queues and rescan budgets). Listeners are registered
 * at top level.
 */
import './js/ext-compat.js';
import './js/settings.js';
import './js/ui.js';
import init, { scan, scan_nodes, clean, version, char_names, kinds } from './wasm/unmask.js';
import { isPlainObject, handleFrames, forgetTab, framePort } from './background/tabs.js';

const api = globalThis.ext;
const settings = globalThis.unmaskSettings;
const ui = globalThis.unmaskUi;

/** Longest text (UTF-16 units, summed over entries) one scan message may carry. */
const MAX_SCAN_UNITS = 4 * 1024 * 1024;
/** Most entries in one scan message. */
const MAX_SCAN_ENTRIES = 200000;
const LANGS = new Set(['en', 'zh-CN']);
const HIGHLIGHT_NAME = /^[a-z][a-z0-9]{7,31}$/;

/** The core, compiled once per worker lifetime (a cache, not state: it is rebuilt on wake). */
let coreReady = null;
function core() {
  coreReady ??= init({ module_or_path: new URL('./wasm/unmask_bg.wasm', import.meta.url) });
  return coreReady;
}

/**
 * True when a message comes from one of our own content scripts, in a tab.
 * @param {object} sender runtime.MessageSender
 */
function fromOwnContentScript(sender) {
  return sender?.id === api.runtime.id && sender.tab != null && typeof sender.tab.id === 'number'
    && sender.tab.id >= 0 && typeof sender.frameId === 'number'
    // An extension page open in a tab has a tab too, but is no content script.
    && !String(sender.url ?? '').startsWith(api.runtime.getURL(''));
}


/**
 * Checks a `scan` message: `{what, texts: string[], lang, max_findings}`.
 * @returns {string|null} why it is refused, or null
 */
function badScan(msg) {
  if (!Array.isArray(msg.texts) || msg.texts.length > MAX_SCAN_ENTRIES) return 'texts';
  let units = 0;
  for (const t of msg.texts) {
    if (typeof t !== 'string') return 'texts';
    units += t.length;
  }
  if (units > MAX_SCAN_UNITS) return 'too long';
  if (!LANGS.has(msg.lang)) return 'lang';
  if (!Number.isInteger(msg.max_findings) || msg.max_findings < 1 || msg.max_findings > 10000) {
    return 'max_findings';
  }
  return null;
}

/**
 * Rescans (text a page changed after its first scan) of one tab share a budget of
 * TAB_RESCAN_UNITS UTF-16 units a second, over all its frames (each frame has a smaller one of
 * its own): past it, the answer waits (the content script's work is deferred, never dropped),
 * so a page of many churning frames cannot keep the shared worker busy.
 */
const TAB_RESCAN_UNITS = 512 * 1024;
const TAB_RESCAN_BURST = 2 * 1024 * 1024;
const budgets = new Map(); // tabId -> {left, at}: in memory (a new worker starts full)

async function pace(tabId, texts) {
  let units = 0;
  for (const t of texts) units += t.length;
  const now = Date.now();
  const b = budgets.get(tabId) ?? { left: TAB_RESCAN_BURST, at: now };
  b.left = Math.min(TAB_RESCAN_BURST, b.left + ((now - b.at) * TAB_RESCAN_UNITS) / 1000) - units;
  b.at = now;
  budgets.set(tabId, b);
  if (b.left < 0) await new Promise((r) => { setTimeout(r, (-b.left / TAB_RESCAN_UNITS) * 1000); });
}

/**
 * The core's Unicode names of the characters a report's findings and payloads hold, as the
 * table the cards, notices and chips read (js/ui.js nameTable): no face keeps names of its own.
 */
function namesOf(report) {
  const cps = ui.namedCodePoints(report.findings, report.payloads.map((p) => p.text));
  return ui.nameTable(cps, char_names(Uint32Array.from(cps)));
}

/** Runs the core over one batch of node texts; the report carries the names (namesOf). */
async function handleScan(msg) {
  await core();
  const report = scan_nodes(msg.texts, { lang: msg.lang, max_findings: msg.max_findings });
  return { ...report, names: namesOf(report) };
}

/** The popup's names of code points: `{what, cps: number[]}` → a names table (js/ui.js). */
async function handleNames(msg) {
  const { cps } = msg;
  if (!Array.isArray(cps) || cps.length > 4096
    || !cps.every((cp) => Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff)) {
    throw new Error('cps');
  }
  await core();
  return ui.nameTable(cps, char_names(Uint32Array.from(cps)));
}

/** Most findings a `check` answer lists (the notice shows a few; the count is exact). */
const MAX_CHECK_FINDINGS = 200;

/**
 * Checks a copied or pasted text: `{what, text, lang}` → `{report, clean, count, names}`, where
 * `count` is the number of medium/high findings, `clean` the text with what the scan flagged
 * removed or normalised (null when nothing was flagged) and `names` those of namesOf.
 */
async function handleCheck(msg) {
  if (typeof msg.text !== 'string' || msg.text.length > MAX_SCAN_UNITS) throw new Error('text');
  if (!LANGS.has(msg.lang)) throw new Error('lang');
  await core();
  const report = scan(msg.text, { lang: msg.lang, max_findings: MAX_CHECK_FINDINGS });
  const count = report.findings.filter((f) => f.severity !== 'low').length;
  return {
    report, count, clean: report.findings.length ? clean(msg.text) : null, names: namesOf(report),
  };
}

/**
 * The core's report of one text for a card's "Save evidence": `{what, text, lang}` → the scan
 * report of the JSON contract (its `sha256` of the text, `tool` with the Unicode version, the
 * findings and payloads, every finding listed), the content script adding the page and the time.
 */
async function handleEvidence(msg) {
  if (typeof msg.text !== 'string' || msg.text.length > MAX_SCAN_UNITS) throw new Error('text');
  if (!LANGS.has(msg.lang)) throw new Error('lang');
  await core();
  return scan(msg.text, { lang: msg.lang, sha256: true });
}

/**
 * The element the highlight rules are set on. Chromium inherits highlight styles down the tree
 * (and into shadow trees), so a rule on the root element styles every text: inserting it costs
 * the page one update of inherited styles (about half of what matching a universal rule on
 * every element costs, on a page of 30,000 elements). Firefox does not inherit highlight
 * styles (getBrowserInfo is Firefox's own): there every element needs the rule.
 */
const HIGHLIGHTED = typeof api.runtime.getBrowserInfo === 'function' ? '' : 'html';

/**
 * The `::highlight()` rules for one frame. Built here from validated names only: a content
 * script never supplies CSS text. Severity shows here by colour only, and by shape on the
 * finding's marker (▲ high, ◆ medium, in the overlay): Firefox paints only colours inside
 * `::highlight()`, so no `text-decoration` is relied on. The translucent backgrounds and the
 * unchanged text colour stay readable on light and dark pages.
 */
function highlightCss(names) {
  return [
    `${HIGHLIGHTED}::highlight(${names.high}){background-color:rgba(220,38,38,.32)}`,
    `${HIGHLIGHTED}::highlight(${names.medium}){background-color:rgba(234,160,0,.32)}`,
    `${HIGHLIGHTED}::highlight(${names.low}){background-color:rgba(37,99,235,.2)}`,
    `${HIGHLIGHTED}::highlight(${names.active}){background-color:rgba(124,58,237,.45);outline:2px solid #7c3aed}`,
  ].join('\n');
}

/**
 * Inserts a frame's highlight rules: `{what, names, now}`. In "only when I ask" mode nothing goes
 * into a page until the person asks: the request of a starting document (without `now`) is answered
 * `{inserted: false}`, and the content script asks again, with `now`, when it has something to
 * show.
 */
async function handleStyles(msg, sender) {
  const names = msg.names;
  if (!isPlainObject(names)) throw new Error('names');
  for (const k of ['high', 'medium', 'low', 'active']) {
    if (typeof names[k] !== 'string' || !HIGHLIGHT_NAME.test(names[k])) throw new Error('names');
  }
  if (msg.now !== true
    && settings.normalize(await api.storage.local.get('scanMode')).scanMode === 'asked') {
    return { inserted: false };
  }
  await api.scripting.insertCSS({
    target: { tabId: sender.tab.id, frameIds: [sender.frameId] },
    css: highlightCss(names),
  });
  return { inserted: true };
}

/** The one dispatcher for messages from content scripts. */
const handlers = {
  scan: async (msg, sender) => {
    const why = badScan(msg);
    if (why) throw new Error(`bad scan message: ${why}`);
    if (msg.rescan === true) await pace(sender.tab.id, msg.texts);
    return handleScan(msg);
  },
  styles: handleStyles,
  // The origin of the tab's top page, for a frame's quiet-site check: a cross-origin frame
  // cannot learn it in Firefox (no `location.ancestorOrigins`), the background knows the tab.
  'top-origin': async (msg, sender) => {
    try {
      return new URL(sender.tab.url).origin;
    } catch {
      return null;
    }
  },
  check: handleCheck,
  evidence: handleEvidence,
  version: async () => {
    await core();
    return { version: version() };
  },
};

/**
 * What the extension's own pages ask: the popup its tab's frames and names; the options page
 * the core's kinds of findings (`kinds()`), one switch each: no page keeps a list of its own.
 */
const pageHandlers = {
  frames: handleFrames,
  names: handleNames,
  kinds: async () => {
    await core();
    return kinds();
  },
};

/** True when a message comes from one of the extension's own pages (not a content script). */
const fromOwnPage = (sender) => sender?.id === api.runtime.id && !fromOwnContentScript(sender)
  && String(sender.url ?? '').startsWith(api.runtime.getURL(''));

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (!isPlainObject(msg)) return false;
  const table = fromOwnContentScript(sender) ? handlers : fromOwnPage(sender) ? pageHandlers : null;
  if (!table || !Object.hasOwn(table, msg.what)) return false;
  Promise.resolve()
    .then(() => table[msg.what](msg, sender))
    .then((result) => sendResponse({ ok: true, result }),
      (err) => sendResponse({ ok: false, error: String(err?.message ?? err) }));
  return true;
});

// A content script's port: its reports for the badge (background/tabs.js).
api.runtime.onConnect.addListener((port) => {
  if (!fromOwnContentScript(port.sender) || !framePort(port)) port.disconnect();
});
// A new document in the tab: its old findings and badge go.
api.tabs.onUpdated.addListener((tabId, info) => {
  if (info.status === 'loading') {
    forgetTab(tabId).then(() => api.action.setBadgeText({ tabId, text: '' })).catch(() => {});
  }
});

api.tabs.onRemoved.addListener((tabId) => {
  forgetTab(tabId).catch(() => {});
  budgets.delete(tabId);
});

// ---- the selection's context menu ------------------------------------------------------
const MENU_CHECK = 'unmask-check';
const MENU_COPY = 'unmask-copy-clean';

/**
 * Opens the checker with a text. The text goes through `storage.session` (memory only, read
 * once and removed by the checker), not the URL, so it stays out of the history.
 */
async function openChecker(text) {
  let hash = '';
  if (typeof text === 'string' && text) {
    const b = new Uint8Array(12);
    crypto.getRandomValues(b);
    const key = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    await api.storage.session.set({ [`c:${key}`]: text.slice(0, MAX_SCAN_UNITS) });
    hash = `#${key}`;
  }
  return api.tabs.create({ url: api.runtime.getURL(`checker.html${hash}`) });
}

/** Asks a frame's content script for its selection (line breaks kept); null when it cannot. */
async function selectionIn(tabId, frameId) {
  try {
    const res = await api.tabs.sendMessage(tabId, { what: 'selection' }, { frameId });
    return res?.ok && typeof res.text === 'string' ? res.text : null;
  } catch {
    return null; // no content script there (browser pages, the PDF viewer, extension stores)
  }
}

/**
 * A click on one of our menu items. `info.selectionText` loses line breaks (and is cut in
 * Chrome), so the content script of the frame reads the selection itself; `selectionText` is
 * the fallback where no content script runs.
 */
async function onMenuClicked(info, tab) {
  const tabId = tab?.id;
  const frameId = Number.isInteger(info.frameId) ? info.frameId : 0;
  if (info.menuItemId === MENU_CHECK) {
    const text = Number.isInteger(tabId) && tabId >= 0 ? await selectionIn(tabId, frameId) : null;
    return openChecker(text ?? info.selectionText ?? '');
  }
  if (info.menuItemId === MENU_COPY) {
    // The page's context writes the clipboard (a service worker has none): the content script
    // reads the selection, has it cleaned (`check`), copies the result and says what it removed.
    try {
      const res = await api.tabs.sendMessage(tabId, { what: 'copy-clean' }, { frameId });
      if (res?.ok) return res;
    } catch { /* no content script in that frame */ }
    // Nowhere to write from: the checker shows the cleaned text with a copy button.
    return openChecker(info.selectionText ?? '');
  }
  return null;
}

api.contextMenus.onClicked.addListener((info, tab) => {
  onMenuClicked(info, tab).catch(() => {});
});

async function createMenus() {
  await api.contextMenus.removeAll();
  api.contextMenus.create({
    id: MENU_CHECK, title: api.i18n.getMessage('menuCheck'), contexts: ['selection'],
  });
  api.contextMenus.create({
    id: MENU_COPY, title: api.i18n.getMessage('menuCopyClean'), contexts: ['selection'],
  });
}

// ---- the keyboard shortcut: highlighting on or off for the site in the active tab ------------
async function onCommand(command, tab) {
  if (command !== 'toggle-highlighting') return null;
  let tabId = tab?.id;
  if (!Number.isInteger(tabId)) {
    [{ id: tabId } = {}] = await api.tabs.query({ active: true, currentWindow: true });
  }
  if (!Number.isInteger(tabId)) return null;
  const res = await api.tabs.sendMessage(tabId, { what: 'origin' }, { frameId: 0 });
  const origin = res?.ok ? res.origin : null;
  if (typeof origin !== 'string' || !origin || origin === 'null' || origin.length > 300) return null;
  const { quietSites } = settings.normalize(await api.storage.local.get('quietSites'));
  if (quietSites[origin]) delete quietSites[origin];
  else quietSites[origin] = true;
  await api.storage.local.set({ quietSites });
  return { origin, quiet: quietSites[origin] === true };
}

api.commands.onCommand.addListener((command, tab) => {
  onCommand(command, tab).catch(() => {});
});

// ---- settings sync (off by default: nothing leaves the machine unless the person asks) -------
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/** Copies the synced keys that differ from `from` into `to`. */
async function mirror(from, to, keys) {
  const src = settings.normalize(await from.get(keys));
  const dst = await to.get(keys);
  const set = {};
  for (const k of keys) if (!same(src[k], dst[k])) set[k] = src[k];
  if (Object.keys(set).length) await to.set(set);
}

api.storage.onChanged.addListener((changes, area) => {
  (async () => {
    const keys = Object.keys(changes).filter((k) => settings.SYNCED.includes(k));
    if (area === 'local' && changes.syncSettings?.newValue === true) {
      // Turned on: take the settings already synced from another device, else upload these.
      const synced = await api.storage.sync.get(settings.SYNCED);
      if (Object.keys(synced).length) await mirror(api.storage.sync, api.storage.local, settings.SYNCED);
      else await mirror(api.storage.local, api.storage.sync, settings.SYNCED);
      return;
    }
    if (!keys.length || (area !== 'local' && area !== 'sync')) return;
    const { syncSettings } = await api.storage.local.get('syncSettings');
    if (syncSettings !== true) return;
    if (area === 'local') await mirror(api.storage.local, api.storage.sync, keys);
    else await mirror(api.storage.sync, api.storage.local, keys);
  })().catch(() => {});
});

// <test-hook>: tools/dist.py leaves everything up to </test-hook> out of the store packages.
/**
 * For the extension's own end-to-end tests (a browser cannot click a context menu or press a
 * command headless): the same handlers the menu and the shortcut call. Only extension contexts
 * can reach the worker's global scope.
 */
globalThis.unmaskTest = Object.freeze({ onMenuClicked, onCommand, openChecker });
// </test-hook>

// Menu items persist, but a browser may drop them (Firefox event pages, profile restores):
// recreate them at startup too (removeAll first, so never twice).
api.runtime.onStartup.addListener(() => {
  createMenus().catch(() => {});
});

// Defaults on install (settings live in storage.local), and the menu items.
api.runtime.onInstalled.addListener(async () => {
  await createMenus();
  const cur = await api.storage.local.get(settings.KEYS);
  const norm = settings.normalize(cur);
  const set = {};
  for (const k of settings.KEYS) if (!same(cur[k], norm[k])) set[k] = norm[k];
  if (Object.keys(set).length) await api.storage.local.set(set);
});
