/**
 * What every part of the content script shares: the extension API, the language, the page's
 * text model (which elements are inline, skipped, read as fields), this frame's findings and
 * counters (`Base`), and the few values that change as the frame lives (`state`).
 *
 * The content script is a set of classic scripts run in order in the extension's isolated world
 * (manifest.json's content_scripts, and popup.js from the same list), one per surface: base,
 * collect, scan, rescan, apply, paint, card, clip, main. Each declares one top-level `const`
 * namespace: a lexical global of this world, out of a page's reach (a page's named elements
 * show through named access on `window`, never as a lexical binding, and the page's own scripts
 * run in another world). A second run of the files in one frame is refused by the engine (a
 * `const` declared again), and popup.js injects them only into frames that lack them
 * (`Symbol.for('unmask.content')`, set here). Page-supplied text is only ever set with
 * textContent.
 */
'use strict';
const Base = (() => {
  const RUNNING = Symbol.for('unmask.content');
  Object.defineProperty(globalThis, RUNNING, { value: true });

  const api = globalThis.ext;
  const ui = globalThis.unmaskUi;
  const settingsApi = globalThis.unmaskSettings;

  const SEV_RANK = { low: 0, medium: 1, high: 2 };
  const ATTRS = ['alt', 'title', 'aria-label', 'placeholder'];
  // The head is read for its <title> (script and style in it are skipped); <option> text too.
  const SKIP = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'frame',
    'object', 'embed', 'canvas', 'video', 'audio', 'math']);
  const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn',
    'em', 'font', 'i', 'ins', 'kbd', 'label', 'mark', 'q', 'rp', 'rt', 'ruby', 's', 'samp',
    'small', 'span', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr', 'img', 'big',
    'nobr', 'output', 'slot', 'tspan', 'textpath']);
  const TEXT_INPUTS = new Set(['', 'text', 'search', 'url', 'email', 'tel']);
  // The core's explanations follow the browser's language, as the UI strings do: each locale
  // names the core language it goes with, so cards never mix two languages.
  const lang = api.i18n.getMessage('coreLang') === 'zh-CN'
    || (!api.i18n.getMessage('coreLang') && /^zh/i.test(api.i18n.getUILanguage())) ? 'zh-CN' : 'en';
  const msg = (key, subs) => api.i18n.getMessage(key, subs) || key;
  /** The words of severities and kinds in the browser's language (js/ui.js). */
  const words = ui.words((key, subs) => api.i18n.getMessage(key, subs));

  // ---- this frame (a content script lives as long as its document) -------------------------
  /** This frame's highlight names, their styles asked for (js/early-styles.js). */
  const early = globalThis[Symbol.for('unmask.early')];
  /** Findings by id. */
  const findings = new Map();
  const stats = { slices: 0, maxSliceEntries: 0, maxSliceMs: 0, batches: 0, scans: 0, errors: [],
    // What rescans cost: jobs and rounds started, UTF-16 units sent to the core (all, and for
    // rescans), main-thread ms in slices and in the MutationObserver.
    jobs: 0, rounds: 0, sentUnits: 0, rescanUnits: 0, busyMs: 0,
    // Closed roots asked for after the walk (askHosts): elements asked, main-thread ms.
    hostAsks: 0, hostAskMs: 0,
    // When the first scan started (performance.now(); after the page's `load` event, main.js).
    startedAt: null };

  const isElement = (n) => n.nodeType === 1;

  /** The separator between two blocks in a walk's entries (text never joins across it). */
  const SEP = { t: 'sep' };

  /** Text-like value of a form field, or null for fields unmask does not read. */
  function fieldValue(el, tag = el.localName) {
    if (tag === 'textarea') return el.value;
    if (tag === 'input' && TEXT_INPUTS.has((el.getAttribute('type') || '').toLowerCase())) {
      return el.value;
    }
    return null;
  }

  /** The block a changed node belongs to: what is rescanned whole. */
  function blockOf(node) {
    for (let n = node; n; n = n.parentNode) {
      if (n.nodeType === 9 || n.nodeType === 11) return n;
      if (isElement(n) && !INLINE.has(n.localName) && !n.localName.includes('-')) return n;
    }
    return document;
  }

  /** `a` contains `b`, looking through shadow roots. */
  function deepContains(a, b) {
    for (let n = b; n; n = n.parentNode ?? n.host) {
      if (n === a) return true;
    }
    return false;
  }

  return Object.freeze({
    api, ui, settingsApi, SEV_RANK, ATTRS, SKIP, INLINE, lang, msg, words, early,
    names: early.names, randomName: early.randomName, findings, stats, isElement, SEP,
    fieldValue, blockOf, deepContains,
  });
})();

/**
 * What changes as the frame lives, read and written by several surfaces: the settings, whether
 * the scan started and the site is quiet, the one host element unmask adds to a page and its
 * closed shadow root, the open card and the open notice.
 */
const state = Object.seal({
  /** The person's settings (options page); `minSeverity` is the lowest severity highlighted. */
  prefs: Base.settingsApi.normalize({}),
  started: false,
  /** Highlighting off for this site. */
  quiet: false,
  /** The one element unmask adds to a page, and its closed shadow root. */
  host: null,
  shadow: null,
  /** The open card: {el, finding, pinned}. */
  card: null,
  /** The open notice: {el, timer, kind}. */
  notice: null,
});
