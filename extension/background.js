/**
 * unmask background (Chrome: module service worker; Firefox: module event page).
 *
 * Three jobs, nothing else:
 *  1. Runs the WebAssembly core for the content scripts (`{what: 'scan'}`). Content scripts never
 *     compile WebAssembly themselves: Chromium refuses to on pages whose CSP lacks
 *     'wasm-unsafe-eval', and scanning here keeps one code path on every page and in both
 *     browsers, keeps the page's main thread free while the core runs, and needs no
 *     web-accessible resources that a page could probe for.
 *  2. Keeps the toolbar badge: the number of medium/high findings in a tab, over all its frames
 *     (reports over each frame's port), empty when none, cleared when the tab navigates, a
 *     frame's share dropped when the frame goes; tells the popup which frames to ask for their
 *     findings (`{what: 'frames'}`).
 *  3. Injects the `::highlight()` styles for a frame's random highlight names as the frame's
 *     document starts (`{what: 'styles'}` from js/early-styles.js), with `scripting.insertCSS`,
 *     so the page never sees a stylesheet in its own DOM.
 *  4. Copy and paste (issue 5): checks and cleans a copied or pasted text for the content
 *     script (`{what: 'check'}`), handles the selection's context menu ("Check with unmask"
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
import init, { scan, scan_nodes, clean, version } from './wasm/unmask.js';

const api = globalThis.ext;
const settings = globalThis.unmaskSettings;

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
 * The origin a frame reports for itself, kept only when it is that frame's: the sender's
 * `origin` (Chrome), else a well-formed origin (Firefox), else ''.
 */
function frameOrigin(claimed, sender) {
  if (typeof claimed !== 'string' || claimed.length > 300) return '';
  if (typeof sender.origin === 'string') return claimed === sender.origin ? claimed : '';
  if (claimed === 'null') return claimed;
  try {
    return new URL(claimed).origin === claimed ? claimed : '';
  } catch {
    return '';
  }
}

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

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

/** Runs the core over one batch of node texts. */
async function handleScan(msg) {
  await core();
  return scan_nodes(msg.texts, { lang: msg.lang, max_findings: msg.max_findings });
}

/** Most findings a `check` answer lists (the notice shows a few; the count is exact). */
const MAX_CHECK_FINDINGS = 200;

/**
 * Checks a copied or pasted text: `{what, text, lang}` → `{report, clean, count}`, where `count`
 * is the number of medium/high findings and `clean` the text with what the scan flagged
 * removed or normalised (null when nothing was flagged).
 */
async function handleCheck(msg) {
  if (typeof msg.text !== 'string' || msg.text.length > MAX_SCAN_UNITS) throw new Error('text');
  if (!LANGS.has(msg.lang)) throw new Error('lang');
  await core();
  const report = scan(msg.text, { lang: msg.lang, max_findings: MAX_CHECK_FINDINGS });
  const count = report.findings.filter((f) => f.severity !== 'low').length;
  return { report, count, clean: report.findings.length ? clean(msg.text) : null };
}

// ---- the badge: one record per tab in storage.session ------------------------------------
// A tab's record is `{origin, full, frames: {<frameId>: {count, unboxed, taken, scanned,
// unreadable, doc}}}` under one key, `t:<tabId>`: a report reads and writes its own tab's key only. The
// findings themselves stay in the content scripts (the popup asks them when it opens), so a
// frame costs a few dozen bytes; a frame with nothing to say (no finding, not the top frame) is
// not stored at all. Caps: MAX_FRAMES frames and MAX_TAB_BYTES bytes per tab (a page of 330
// frames full of findings once filled the 10 MB of storage.session, and every other tab lost its
// badge); past them a frame is not stored and the badge says "+". The badge is set from the
// record even when storing it fails.
//
// A frame is dropped when it goes: its content script holds a port (`frame:<doc>`, doc being a
// random id of its document) whose disconnection drops the frame's entry, if it is still that
// document's. A worker that was stopped (MV3 unloads it when idle) lost its ports: the frames
// stored by an earlier worker are checked once (`{what: 'alive'}`; a live one reconnects) when
// their tab next reports or its popup opens.

/** Most frames of one tab stored (and counted in the badge). */
const MAX_FRAMES = 128;
/** Most bytes (JSON) of one tab's record. */
const MAX_TAB_BYTES = 16 * 1024;
/** A document id, as the content script draws it. */
const DOC_ID = /^[0-9a-f]{16}$/;

const tabKey = (tabId) => `t:${tabId}`;
const frameRef = (tabId, frameId) => `${tabId}:${frameId}`;
const emptyRecord = () => ({ origin: '', full: false, frames: {} });

/** Frames with a live port in this worker's lifetime: `tabId:frameId` → doc. */
const ports = new Map();
/** Frames stored by an earlier worker and found alive since this one started. */
const checked = new Set();

/** Runs the updates of one tab's record one after another (reads and writes never interleave). */
const queues = new Map();
function inTabQueue(tabId, fn) {
  const run = (queues.get(tabId) ?? Promise.resolve()).then(fn);
  const tail = run.catch(() => {});
  queues.set(tabId, tail);
  tail.then(() => { if (queues.get(tabId) === tail) queues.delete(tabId); });
  return run;
}

async function readRecord(tabId) {
  const got = (await api.storage.session.get(tabKey(tabId)))[tabKey(tabId)];
  return isPlainObject(got) && isPlainObject(got.frames) ? got : null;
}

/** The badge of a tab from its record: medium/high findings over its frames, "+" when full. */
async function setBadge(tabId, rec) {
  let n = 0;
  for (const f of Object.values(rec?.frames ?? {})) n += f.count | 0;
  const more = rec?.full === true ? '+' : '';
  const text = n > 999 ? '999+' : n > 0 ? `${n}${more}` : '';
  await api.action.setBadgeText({ tabId, text });
  if (n > 0) {
    await api.action.setBadgeBackgroundColor({ tabId, color: '#b42318' });
    if (api.action.setBadgeTextColor) await api.action.setBadgeTextColor({ tabId, color: '#ffffff' });
  }
}

/**
 * Changes one tab's record: `change(rec)` edits it and returns false when nothing changed. The
 * badge follows the record even if storing it fails (storage.session is shared by all tabs).
 */
function updateTab(tabId, change, { create = true } = {}) {
  return inTabQueue(tabId, async () => {
    const stored = await readRecord(tabId);
    if (!stored && !create) return null;
    const rec = stored ?? emptyRecord();
    if ((await change(rec)) === false) return rec;
    try {
      if (Object.keys(rec.frames).length || rec.full) {
        await api.storage.session.set({ [tabKey(tabId)]: rec });
      } else {
        await api.storage.session.remove(tabKey(tabId));
      }
    } finally {
      await setBadge(tabId, rec).catch(() => {}); // the tab may be gone
    }
    return rec;
  });
}

/**
 * Drops the frames of a record stored by an earlier worker that are gone (or hold another
 * document now). Each is asked once per worker lifetime; a live one reconnects its port.
 */
async function dropGone(tabId, rec) {
  const ask = Object.entries(rec.frames).filter(([id]) => !ports.has(frameRef(tabId, id))
    && !checked.has(frameRef(tabId, id)));
  const answers = await Promise.all(ask.map(([id, f]) => api.tabs.sendMessage(tabId,
    { what: 'alive' }, { frameId: Number(id) }).then((r) => r?.doc === f.doc, () => false)));
  let changed = false;
  ask.forEach(([id], i) => {
    if (answers[i]) {
      checked.add(frameRef(tabId, id));
    } else {
      delete rec.frames[id];
      changed = true;
    }
  });
  return changed;
}

/** Stores one frame's summary: `{what, count, unboxed, taken, origin, scanned, unreadable}`. */
function handleReport(msg, sender, doc) {
  const tabId = sender.tab.id;
  const { frameId } = sender;
  const int = (v) => (Number.isInteger(v) && v >= 0 ? v : 0);
  const entry = {
    count: int(msg.count),
    // Findings with no rendered box (counted, listed, never highlighted).
    unboxed: int(msg.unboxed),
    // How often the page took away unmask's highlights or element (content.js keepShown).
    taken: int(msg.taken),
    scanned: msg.scanned === true,
    unreadable: typeof msg.unreadable === 'string' ? msg.unreadable.slice(0, 40) : '',
    doc,
  };
  const top = frameId === 0;
  const empty = !top && !entry.count && !entry.unboxed && !entry.unreadable;
  return updateTab(tabId, async (rec) => {
    let changed = await dropGone(tabId, rec);
    if (top) rec.origin = frameOrigin(msg.origin, sender);
    const had = Object.hasOwn(rec.frames, frameId);
    if (empty) {
      if (!had) return changed;
      delete rec.frames[frameId];
      return true;
    }
    if (!had && !top && Object.keys(rec.frames).length >= MAX_FRAMES) {
      changed ||= !rec.full;
      rec.full = true;
      return changed;
    }
    const before = rec.frames[frameId];
    rec.frames[frameId] = entry;
    if (!top && JSON.stringify(rec).length > MAX_TAB_BYTES) {
      if (before) rec.frames[frameId] = before;
      else delete rec.frames[frameId];
      rec.full = true;
    }
    return true;
  });
}

/** A frame's document went (its port closed): its entry goes, if it is still that document's. */
function dropFrame(tabId, frameId, doc) {
  return updateTab(tabId, (rec) => {
    if (rec.frames[frameId]?.doc !== doc) return false;
    delete rec.frames[frameId];
    return true;
  }, { create: false });
}

/** Forgets a tab's frames (navigation, close). */
function forgetTab(tabId) {
  for (const ref of checked) if (ref.startsWith(`${tabId}:`)) checked.delete(ref);
  return inTabQueue(tabId, () => api.storage.session.remove(tabKey(tabId)));
}

/**
 * For the popup: the tab's record with gone frames dropped first, so it lists and counts only
 * frames that are there.
 */
function handleFrames(msg) {
  const { tabId } = msg;
  if (!Number.isInteger(tabId) || tabId < 0) throw new Error('tabId');
  return updateTab(tabId, (rec) => dropGone(tabId, rec), { create: false });
}

/**
 * The `::highlight()` rules for one frame. Built here from validated names only: a content
 * script never supplies CSS text. Severity shows by colour and by the underline's shape
 * (wavy for high, dashed for medium, dotted for low); the translucent backgrounds and the
 * unchanged text colour stay readable on light and dark pages.
 */
/**
 * The element the highlight rules are set on. Chromium inherits highlight styles down the tree
 * (and into shadow trees), so a rule on the root element styles every text: inserting it costs
 * the page one update of inherited styles (about half of what matching a universal rule on
 * every element costs, on a page of 30,000 elements). Firefox does not inherit highlight
 * styles (getBrowserInfo is Firefox's own): there every element needs the rule.
 */
const HIGHLIGHTED = typeof api.runtime.getBrowserInfo === 'function' ? '' : 'html';

function highlightCss(names) {
  return [
    `${HIGHLIGHTED}::highlight(${names.high}){background-color:rgba(220,38,38,.32);text-decoration:underline wavy #dc2626 2px;text-underline-offset:2px}`,
    `${HIGHLIGHTED}::highlight(${names.medium}){background-color:rgba(234,160,0,.32);text-decoration:underline dashed #d97706 2px;text-underline-offset:2px}`,
    `${HIGHLIGHTED}::highlight(${names.low}){background-color:rgba(37,99,235,.2);text-decoration:underline dotted #2563eb 2px}`,
    `${HIGHLIGHTED}::highlight(${names.active}){background-color:rgba(124,58,237,.45);outline:2px solid #7c3aed}`,
  ].join('\n');
}

/**
 * Inserts a frame's highlight rules: `{what, names, now}`. In "only when I ask" mode nothing
 * goes into a page until the person asks: the request of a starting document (without `now`)
 * is answered `{inserted: false}`, and content.js asks again, with `now`, when it has something
 * to show.
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
  check: handleCheck,
  version: async () => {
    await core();
    return { version: version() };
  },
};

/** What the extension's own pages (the popup) ask. */
const pageHandlers = { frames: handleFrames };

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

// A content script's port (`frame:<doc>`): its reports come over it, and its closing (the
// frame's document went) drops the frame's entry.
api.runtime.onConnect.addListener((port) => {
  const { sender } = port;
  const doc = port.name.startsWith('frame:') ? port.name.slice(6) : '';
  if (!fromOwnContentScript(sender) || !DOC_ID.test(doc)) {
    port.disconnect();
    return;
  }
  const tabId = sender.tab.id;
  const ref = frameRef(tabId, sender.frameId);
  ports.set(ref, doc);
  port.onMessage.addListener((msg) => {
    if (isPlainObject(msg) && msg.what === 'report') handleReport(msg, sender, doc).catch(() => {});
  });
  port.onDisconnect.addListener(() => {
    if (ports.get(ref) === doc) ports.delete(ref);
    dropFrame(tabId, sender.frameId, doc).catch(() => {});
  });
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
