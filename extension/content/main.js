/**
 * The content script's wiring (see base.js for the whole): the one table of the messages the
 * extension's pages send this frame (as background.js has its own), the settings and their
 * changes, the listeners js/early-listeners.js added as the document started, and the start of
 * the first scan ("always" mode, or when the person asks).
 */
'use strict';
const Main = (() => {
  const { api, settingsApi, names, findings, stats } = Base;
  const { scanning, waitingWork } = Scan;
  const { closeCard, openCard, onHostClick } = Card;
  const { selectedText, closeNotice, copyClean, onCopy, onCopied } = Clip;
  const { onPaste } = Paste;
  const { summary, docId, portToBackground } = Badge;

  // Listened for since the document started (js/early-listeners.js): a page's own capturing
  // listeners come after these, and cannot stop the event before unmask reads it. The same for
  // clicks on our buttons (onHostClick).
  Object.assign(globalThis[Symbol.for('unmask.listeners')],
    { copy: onCopy, copied: onCopied, paste: onPaste, click: onHostClick });

  // ---- settings and messages from the popup ----------------------------------------------
  // The origins whose quiet setting applies here: this frame's own and the tab's top page's.
  // The background names the top page (a cross-origin frame cannot in Firefox, which has no
  // `location.ancestorOrigins`); one path in every browser.
  let origins = [location.origin];
  const topOrigin = () => api.runtime.sendMessage({ what: 'top-origin' })
    .then((res) => (res?.ok && typeof res.result === 'string' ? res.result : null), () => null);
  const quietHere = () => origins.some((o) => state.prefs.quietSites[o] === true);

  function setQuiet(q) {
    if (q === state.quiet) return;
    state.quiet = q;
    if (state.quiet) {
      closeCard(false);
      for (const rec of findings.values()) Paint.unshow(rec);
      Paint.unregisterAll();
    } else {
      Paint.showAll([...findings.values()]);
    }
  }

  /**
   * Longest wait for the page's `load` event (ms): a page whose last resource never arrives
   * (a hanging image, a long poll) is scanned all the same.
   */
  const MAX_LOAD_WAIT_MS = 10000;

  /**
   * Starts the first scan once the page has loaded: no scan work (walking, observing, messages
   * to the core) runs before the page's `load` event, so unmask never delays it. In "only when
   * I ask" mode the person's asking starts it at once.
   */
  function startAfterLoad() {
    if (document.readyState === 'complete') {
      start();
      return;
    }
    const timer = setTimeout(start, MAX_LOAD_WAIT_MS);
    addEventListener('load', () => {
      clearTimeout(timer);
      start();
    }, { once: true });
  }

  function start() {
    if (state.started) return;
    state.started = true;
    stats.startedAt = performance.now();
    Rescan.observe(document);
    document.addEventListener('input', Scan.onInput, { passive: true, capture: true });
    Scan.scanDocument();
  }

  /** Scrolls to a finding and opens its card (the popup's jump-to). */
  function jump(id) {
    const rec = findings.get(id);
    if (!rec) return false;
    const target = rec.range ?? rec.el;
    const node = rec.range ? rec.range.startContainer.parentElement : rec.el;
    node?.scrollIntoView({ block: 'center', behavior: 'instant' });
    // Highlighting is off for the site, or the finding has no box: show this one, since the
    // person asked for it.
    if (!rec.shown) Paint.display(rec);
    Paint.placeAll();
    openCard(rec, { pinned: true, focus: true });
    return Boolean(target);
  }

  /**
   * What the extension's pages (the popup; the background for `alive`, the menu and the
   * shortcut) may ask this frame: `what` → handler(message) → the answer, a promise of it, or
   * undefined for no answer (another frame answers).
   */
  const messages = Object.freeze({
    ping: () => ({ ok: true, started: state.started, scanning: Scan.busy() }),
    'scan-now': () => {
      start();
      return { ok: true };
    },
    // The popup, as it opens: this frame's findings (the background stores only counts).
    findings: () => {
      Paint.keepShown();
      return { ok: true, ...summary() };
    },
    // A new background worker checks the frames an earlier one stored: this one is here.
    alive: () => {
      portToBackground();
      return { ok: true, doc: docId };
    },
    jump: (m) => (Number.isInteger(m.id) ? { ok: jump(m.id) } : undefined),
    // Only the frame that has the selection answers with it (the menu names its frame).
    selection: () => ({ ok: true, text: selectedText() }),
    'copy-clean': () => copyClean()
      .catch((err) => ({ ok: false, error: String(err?.message ?? err) })),
    origin: () => (window === top ? { ok: true, origin: location.origin } : undefined),
  });

  api.runtime.onMessage.addListener((m, sender, sendResponse) => {
    // Only the extension's own pages talk to content scripts: the popup, the background, and
    // an extension page opened in a tab (Firefox gives its messages a `sender.tab`; tests and
    // Firefox for Android open the popup so), told apart by its URL, the extension's own.
    const ownPage = !sender?.tab || String(sender.url ?? '').startsWith(api.runtime.getURL(''));
    if (sender?.id !== api.runtime.id || !ownPage || !m || typeof m !== 'object') return false;
    if (typeof m.what !== 'string' || !Object.hasOwn(messages, m.what)) return false;
    const answer = messages[m.what](m);
    if (answer instanceof Promise) {
      answer.then(sendResponse);
      return true;
    }
    if (answer !== undefined) sendResponse(answer);
    return false;
  });

  // Back/forward cache: the tab navigated (badge cleared) and came back to this document.
  addEventListener('pageshow', (e) => {
    if (e.persisted && state.started) Paint.maybeFinished();
  });

  api.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    const next = { ...state.prefs };
    for (const [k, c] of Object.entries(changes)) if (Object.hasOwn(next, k)) next[k] = c.newValue;
    state.prefs = settingsApi.normalize(next);
    if (changes.quietSites) setQuiet(quietHere());
    if (changes.quietSites && state.quiet) closeNotice();
    if (changes.minSeverity || changes.kindsOff) Paint.reapply();
  });

  Promise.all([api.storage.local.get(settingsApi.KEYS), topOrigin()]).then(([s, top]) => {
    state.prefs = settingsApi.normalize(s);
    if (top && top !== location.origin) origins = [location.origin, top];
    state.quiet = quietHere();
    if (state.prefs.scanMode !== 'asked') startAfterLoad();
  }, () => startAfterLoad());

  // <test-hook>: tools/dist.py leaves everything up to </test-hook> out of the store packages.
  /**
   * Read-only view for the extension's own end-to-end tests, reachable only from this
   * extension's isolated world (`scripting.executeScript` with world ISOLATED); the page
   * cannot see it, and it hands out strings and numbers, never nodes. An own property: tests
   * read it with Object.hasOwn, as a page may name an element `unmaskInspect`.
   */
  const box = (e) => e.getBoundingClientRect().toJSON();
  const center = (e) => {
    const r = e.getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  };
  Object.defineProperty(globalThis, 'unmaskInspect', { value: Object.freeze({
    state: () => ({
      started: state.started,
      quiet: state.quiet,
      findings: [...findings.values()].map((r) => ({
        id: r.id, severity: r.severity, kind: r.kind, where: r.where, shown: r.shown,
        text: r.range ? r.range.toString() : null, attr: r.attr, invisible: r.invisible,
        payloads: r.payloads.map((p) => p.text),
      })),
      highlightNames: [...Paint.registered].map((k) => names[k]),
      hostTag: state.host?.isConnected ? state.host.localName : null,
      markers: [...findings.values()].filter((r) => r.marker).length,
      stats: { ...stats, errors: [...stats.errors] },
      busy: scanning() || waitingWork() || Paint.showing() > 0,
    }),
    notice: () => (state.notice ? {
      kind: state.notice.kind,
      text: state.notice.el.textContent,
      elements: [...state.notice.el.querySelectorAll('*')].map((e) => e.localName),
      buttons: [...state.notice.el.querySelectorAll('button.act')].map((b) => {
        const r = b.getBoundingClientRect();
        return { label: b.textContent, x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }),
    } : null),
    prefs: () => JSON.parse(JSON.stringify(state.prefs)),
    card: () => (state.card ? {
      text: state.card.el.textContent,
      elements: [...state.card.el.querySelectorAll('*')].map((e) => e.localName),
      findingId: state.card.finding.id,
      pinned: state.card.pinned,
      focused: state.shadow.activeElement != null,
      collapsed: state.card.el.querySelector('.more')?.hidden ?? null,
      box: box(state.card.el),
      buttons: [...state.card.el.querySelectorAll('button')].map((b) => ({ label: b.textContent,
        ...center(b) })),
    } : null),
    noticeBox: () => (state.notice ? box(state.notice.el) : null),
    // Each marker and the last box of its finding (viewport coordinates).
    markers: () => [...findings.values()].filter((r) => r.marker).map((r) => ({
      id: r.id, kind: r.kind, where: r.where, payloads: r.payloads.map((p) => p.text),
      in: (r.range ? r.range.startContainer.parentElement : r.el)?.id ?? null,
      text: r.range ? r.range.toString() : null, hidden: r.marker.hidden,
      severity: r.severity, glyph: r.marker.textContent, slim: r.marker.classList.contains('slim'),
      radius: getComputedStyle(r.marker).borderTopRightRadius, box: box(r.marker), ...center(r.marker), anchor: Paint.anchorRect(r)?.toJSON() ?? null,
    })),
  }) });
  // </test-hook>

  // The namespace is the message table: a `const` like every file's, so that a second run of
  // this file is refused as theirs are (base.js).
  return messages;
})();
