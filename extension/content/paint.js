/**
 * Showing findings (content script, see base.js): CSS Custom Highlights with this frame's random
 * names (their styles inserted by the background as the document starts: js/early-styles.js),
 * and one host element on documentElement with a closed shadow root holding the markers (card.js)
 * and cards and notices (clip.js). Nothing is registered and no element exists until a finding
 * with a rendered box is shown (a page cannot make unmask show itself by planting hidden text);
 * findings without one are only counted and listed in the popup. A page that removes the host
 * or clears the highlights gets them back, a few times at most, and the popup says so.
 *
 * Markers and cards lie on an overlay fixed to the window (overflow hidden), placed in viewport
 * coordinates as the page and its scroll boxes scroll: an element of the page's own layout, or
 * one placed in page coordinates, would grow the page where a finding lies low in a long scroll
 * box, and stay put while the box scrolls its finding away.
 */
'use strict';
const Paint = (() => {
  const { api, ui, SEV_RANK, early, names, randomName, findings, stats, isElement, blockOf } = Base;
  const registered = new Set(); // highlight names in CSS.highlights
  const hl = {}; // severity/active -> Highlight

  /** The scan is over (nothing walking, nothing in flight): show, place and report. */
  function maybeFinished() {
    if (Scan.scanning()) return;
    showWaiting();
    if (placeAfterScan) placeAll();
    Badge.report();
  }

  /**
   * Findings dismissed on this page (a card's "Dismiss on this page"), by what they are: their
   * kind and text, so that a rescan of their block does not bring them back. For this document
   * only: nothing is stored.
   */
  const dismissed = new Set();
  const dismissKey = (rec) => `${rec.kind}\u0000${rec.where}\u0000${rec.attr ?? ''}\u0000${
    rec.range ? rec.range.toString() : ''}`;

  /** A finding the settings want highlighted and counted (whether or not the site is quiet). */
  const wanted = (rec) => SEV_RANK[rec.severity] >= SEV_RANK[state.prefs.minSeverity]
    && !state.prefs.kindsOff[rec.kind] && !dismissed.has(dismissKey(rec.lead ?? rec));
  /** A finding the badge and the popup count: wanted, and not a member of a group (apply.js). */
  const counted = (rec) => !rec.lead && wanted(rec);

  /** Dismisses a finding and its group on this page: unshown, no longer counted. */
  function dismiss(rec) {
    dismissed.add(dismissKey(rec.lead ?? rec));
    for (const r of [rec, ...rec.members]) unshow(r);
    if (state.started) Badge.report();
  }
  const shouldShow = (rec) => !state.quiet && wanted(rec);

  /** The settings changed: paint what they now want, unpaint the rest, update the badge. */
  function reapply() {
    const recs = [...findings.values()];
    for (const rec of recs) if (!shouldShow(rec)) unshow(rec);
    showAll(recs);
    if (state.started) maybeFinished();
  }

  /**
   * Findings of a scan under way wait to be shown, at most SHOW_WAIT ms: every change to the
   * highlights or the markers costs the page a new rendering (on a long page, tens of ms), so
   * a scan's findings are painted together rather than batch by batch.
   */
  const SHOW_WAIT = 1000;
  const waiting = new Set();
  let showTimer = 0;

  function showSoon(rec) {
    waiting.add(rec);
    showTimer ||= setTimeout(showWaiting, SHOW_WAIT);
  }

  /** Rounds of showWaiting waiting for the highlight styles. */
  let showing = 0;

  /**
   * Shows the findings waiting, once the highlight styles are in: normally long before, as the
   * document started. Where they go in late (a tab open before unmask was installed, scanned
   * from the popup), they restyle the whole page; with nothing of ours painted yet, that frame
   * only restyles, and the highlights and markers follow in one more. Shown first, both frames
   * would lay out and repaint.
   */
  function showWaiting() {
    clearTimeout(showTimer);
    showTimer = 0;
    const recs = [...waiting].filter(shouldShow);
    waiting.clear();
    if (!recs.length) return;
    showing++;
    ensureStyles().then(() => {
      showing--;
      showAll(recs.filter((rec) => findings.has(rec.id)));
      // With the count of findings without a box.
      if (state.started && !Scan.scanning()) Badge.report();
    });
  }

  /**
   * Findings the settings want shown but that have no rendered box to draw on (text under
   * `display: none`, `visibility: hidden` or `opacity: 0`, an attribute of an empty element): a
   * page could plant one to make unmask register a highlight and add its element, and so tell
   * it is installed. They are counted and listed in the popup instead, and shown once their
   * element comes into view with a box (an IntersectionObserver: nothing the page sees).
   */
  const boxless = new Set();
  let boxWatch = null;

  /** The element a finding's box belongs to. */
  function anchorElement(rec) {
    if (!rec.range) return rec.el;
    const n = rec.range.startContainer;
    return n.parentElement ?? n.parentNode?.host ?? null;
  }

  const VISIBLE = { opacityProperty: true, visibilityProperty: true };

  /**
   * True when a rectangle of window `w`'s viewport reaches the part of its page a person can
   * scroll to, and has a height (text under `font-size: 0` or `transform: scale(0)` has a
   * box of height 0; text at `left: -9999px` lies where no scrolling reaches). The left
   * edge is checked only where the page grows to the right (not `direction: rtl`, not
   * `writing-mode: vertical-rl`), the top edge always.
   */
  function onPage(r, w) {
    if (!r || !(r.height > 0)) return false;
    const root = w.getComputedStyle(w.document.documentElement);
    const rightward = root.direction !== 'rtl' && !/-rl$/.test(root.writingMode);
    return r.bottom + w.scrollY > 0 && (!rightward || r.right + w.scrollX > 0);
  }

  /**
   * False when this frame is shown by no frame element a person can see: a frame of the same
   * origin as its parent (srcdoc, about:blank ones too) that the parent hides with `opacity:
   * 0`, `visibility: hidden`, no size or a place off its page would otherwise let the parent
   * read the frame's highlights. A parent of another origin cannot read them (frameElement is
   * then null, and the walk stops).
   */
  function frameShown() {
    try {
      for (let w = window; w !== w.top; w = w.parent) {
        const fe = w.frameElement;
        if (!fe) return true;
        if (!fe.checkVisibility(VISIBLE)) return false;
        const r = fe.getBoundingClientRect();
        if (!(r.width > 0) || !onPage(r, w.parent)) return false;
      }
    } catch {
      return true; // a parent of another origin
    }
    return true;
  }

  /** True when a finding has a rendered box the person can see (reads layout). */
  function rendered(rec) {
    const el = anchorElement(rec);
    if (!el?.isConnected) return false;
    if (!el.checkVisibility(VISIBLE)) return false;
    return onPage(anchorRect(rec), window);
  }

  /** Shows the findings of `recs` that should be: every box read first, then all drawn. */
  function showAll(recs) {
    const todo = recs.filter((rec) => shouldShow(rec) && !rec.shown);
    const framed = todo.length > 0 && frameShown();
    const boxes = todo.map((rec) => framed && rendered(rec));
    todo.forEach((rec, i) => {
      if (boxes[i]) {
        display(rec);
      } else if (!boxless.has(rec)) {
        boxless.add(rec);
        const el = anchorElement(rec);
        if (!el) return;
        boxWatch ??= new IntersectionObserver((entries) => {
          if (!entries.some((e) => e.isIntersecting)) return;
          const seen = new Set(entries.filter((e) => e.isIntersecting).map((e) => e.target));
          showAll([...boxless].filter((r) => seen.has(anchorElement(r)) && findings.has(r.id)));
          if (state.started && !Scan.scanning()) Badge.report();
        });
        boxWatch.observe(el);
      }
    });
  }

  /** Draws a finding: its highlight and its marker (and the host element, the first time). */
  function display(rec) {
    boxless.delete(rec);
    rec.shown = true;
    ensureStyles();
    if (rec.range) highlight(rec.severity).add(rec.range);
    ensureHost();
    // A group has one marker, its lead's (apply.js).
    if (!rec.lead) Card.addMarker(rec);
    Card.listenPointer();
  }

  /**
   * How often the page took away what unmask shows (removed the host element, deleted or
   * replaced a highlight, or emptied one). The first MAX_RESTORES times it is put back; the
   * popup says how often it happened either way.
   */
  const MAX_RESTORES = 3;
  let taken = 0;

  /**
   * Puts back the host element and the highlights if the page took them away. Called when the
   * page's DOM changes, before markers move, as the pointer moves and as the popup asks.
   */
  function keepShown() {
    if (taken > MAX_RESTORES) return;
    const want = {};
    let markers = false;
    for (const rec of findings.values()) {
      if (!rec.shown) continue;
      markers ||= Boolean(rec.marker);
      if (rec.range) want[rec.severity] = (want[rec.severity] ?? 0) + 1;
    }
    const lost = (state.host && !state.host.isConnected && (markers || state.card || state.notice))
      || [...registered].some((k) => CSS.highlights.get(names[k]) !== hl[k]
        || hl[k].size < (want[k] ?? 0));
    if (!lost) return;
    taken++;
    if (taken <= MAX_RESTORES) {
      if (state.host && !state.host.isConnected) document.documentElement.append(state.host);
      for (const k of registered) CSS.highlights.set(names[k], hl[k]);
      for (const rec of findings.values()) if (rec.shown && rec.range) hl[rec.severity].add(rec.range);
    }
    if (state.started) Badge.report();
  }

  function unshow(rec) {
    boxless.delete(rec);
    if (!rec.shown) return;
    rec.shown = false;
    if (rec.range) hl[rec.severity]?.delete(rec.range);
    if (state.card?.finding === rec) Card.closeCard(false);
    rec.marker?.remove();
    rec.marker = null;
  }

  function highlight(key) {
    if (!hl[key]) {
      hl[key] = new Highlight();
      if (key === 'active') hl[key].priority = 10;
      else hl[key].priority = SEV_RANK[key];
    }
    if (!registered.has(key)) {
      CSS.highlights.set(names[key], hl[key]);
      registered.add(key);
    }
    return hl[key];
  }

  function unregisterAll() {
    for (const key of registered) CSS.highlights.delete(names[key]);
    registered.clear();
    for (const k of Object.keys(hl)) delete hl[k];
  }

  /** The highlight styles: asked for once, settled when they are in (or could not be). */
  let styles = null;

  /** The ::highlight() rules for this frame's names, asked for at document_start: once in. */
  function ensureStyles() {
    const inserted = (res) => {
      if (!res?.ok) throw new Error(res?.error);
      // "Only when I ask": nothing was inserted as the document started; now the person asked.
      if (res.result?.inserted === false) {
        return api.runtime.sendMessage({ what: 'styles', names: { ...names }, now: true })
          .then(inserted);
      }
      return null;
    };
    styles ??= early.styles.then(inserted).catch((err) => {
      // No host permission for this frame (Firefox lets people withhold it): fall back to a
      // constructed sheet adopted by the document.
      stats.errors.push(`styles: ${err?.message ?? err}`);
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(fallbackCss());
        document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
      } catch (e) {
        stats.errors.push(`styles fallback: ${e?.message ?? e}`);
      }
    });
    return styles;
  }

  function fallbackCss() {
    return `::highlight(${names.high}){background-color:rgba(220,38,38,.32)}`
      + `::highlight(${names.medium}){background-color:rgba(234,160,0,.32)}`
      + `::highlight(${names.active}){background-color:rgba(124,58,237,.45)}`;
  }

  const HOST_CSS = `
    :host { all: initial !important; }
    .layer { position: fixed; inset: 0; overflow: hidden; pointer-events: none; }
    .m, .card { pointer-events: auto; }
    .m { position: absolute; box-sizing: border-box; min-width: 18px; height: 18px; padding: 0 3px;
      margin: 0; border-radius: 9px; border: 2px solid #fff; font: 700 11px/14px system-ui, sans-serif;
      color: #fff; cursor: pointer; box-shadow: 0 0 0 1px #000a, 0 1px 3px #0006; z-index: 1; }
    .m.text { min-width: 14px; height: 14px; padding: 0 2px; border-width: 1px;
      font-size: 8px; line-height: 12px; }
    .m.slim { min-width: 0; padding: 0; border-width: 0; border-radius: 0 3px 3px 0;
      font-size: 0; }
    .m.high { background: #b42318; }
    .m.medium { background: #b54708; border-radius: 3px; }
    .m.invisible { outline: 2px dashed currentColor; outline-offset: 1px; }
    .m.slim.medium { border-radius: 0; }
    .m.slim.invisible { outline: none; }
    .m:focus-visible { outline: 3px solid #7c3aed; outline-offset: 2px; }
    .card { position: absolute; z-index: 2; box-sizing: border-box; width: min(420px, 92vw);
      max-height: 60vh; overflow: auto; padding: 12px 14px; border-radius: 8px;
      background: #fff; color: #111; border: 1px solid #888; box-shadow: 0 6px 24px #0005;
      font: 14px/1.45 system-ui, sans-serif; text-align: start; white-space: normal; }
    @media (prefers-color-scheme: dark) {
      .card { background: #1d1d21; color: #f1f1f1; border-color: #666; }
      .payload { background: #2a2a30 !important; }
    }
    .head { display: flex; gap: 8px; align-items: center; margin: 0 0 8px; }
    .sev { font-weight: 700; padding: 1px 8px; border-radius: 4px; color: #fff; }
    .sev.high { background: #b42318; }
    .sev.medium { background: #b54708; }
    .sev.low { background: #1d4ed8; }
    .title { font-weight: 600; flex: 1; margin: 0; font-size: 14px; }
    .close { border: 1px solid #888; background: transparent; color: inherit; border-radius: 4px;
      font: inherit; cursor: pointer; padding: 0 6px; }
    h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; margin: 10px 0 2px;
      opacity: .8; }
    ul { margin: 0; padding-inline-start: 18px; }
    p { margin: 0; }
    .payload { margin: 2px 0; padding: 6px 8px; background: #f3f3f5; border-radius: 4px;
      white-space: pre-wrap; overflow-wrap: anywhere; font: 13px/1.4 ui-monospace, monospace; }
.notice { position: fixed; right: 16px; bottom: 16px; z-index: 3; box-sizing: border-box;
      width: min(380px, 92vw); padding: 10px 12px; border-radius: 8px; background: #fff; color: #111;
      border: 1px solid #888; border-inline-start: 5px solid #b42318; box-shadow: 0 6px 24px #0005;
      font: 14px/1.45 system-ui, sans-serif; text-align: start; }
    .notice .body p { margin: 2px 0; overflow-wrap: anywhere; }
    .actions { display: flex; gap: 8px; margin-top: 8px; flex-wrap: wrap; }
    .act { border: 1px solid #5b21b6; background: #5b21b6; color: #fff; border-radius: 4px;
      padding: 4px 10px; font: inherit; cursor: pointer; }
    .act:focus-visible, .close:focus-visible { outline: 3px solid #7c3aed; outline-offset: 2px; }
    @media (prefers-color-scheme: dark) {
      .notice { background: #1d1d21; color: #f1f1f1; border-color: #666; border-inline-start-color: #ff8a80; }
    }
    .notice.top { top: 16px; bottom: auto; }
    .notice.left { left: 16px; right: auto; }
    .answer { font-weight: 600; margin: 0 0 6px; overflow-wrap: anywhere; }
    .sure { margin: 6px 0 0; font-size: 13px; }
    .status:empty { display: none; }
    .status { margin-top: 6px; font-size: 13px; }
    .toggle { margin: 10px 0 0; padding: 0; border: 0; background: transparent; color: inherit;
      font: inherit; font-size: 13px; text-decoration: underline; cursor: pointer; }
    .toggle::before { content: '▸ '; }
    .toggle[aria-expanded=true]::before { content: '▾ '; }
    .warn { font-weight: 600; color: #b42318; }
    @media (prefers-color-scheme: dark) { .warn { color: #ff8a80; } }
    ${ui.CSS}
  `;

  /** Creates the one host element (on documentElement, closed shadow root), on first need. */
  function ensureHost() {
    if (state.host?.isConnected) return;
    if (!state.host) {
      state.host = document.createElement(`u-${randomName()}`);
      state.shadow = state.host.attachShadow({ mode: 'closed' });
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(HOST_CSS);
        state.shadow.adoptedStyleSheets = [sheet];
      } catch {
        const style = document.createElement('style');
        style.textContent = HOST_CSS;
        state.shadow.append(style);
      }
      const layer = document.createElement('div');
      layer.className = 'layer';
      state.shadow.append(layer);
      state.shadow.addEventListener('keydown', Card.onHostKey);
      state.shadow.addEventListener('focusout', Card.onHostFocusOut);
      for (const [p, v] of [['position', 'absolute'], ['top', '0'], ['left', '0'], ['width', '0'],
        ['height', '0'], ['overflow', 'visible'], ['z-index', '2147483647'], ['display', 'block'],
        ['margin', '0'], ['padding', '0'], ['border', '0']]) {
        state.host.style.setProperty(p, v, 'important');
      }
    }
    document.documentElement.append(state.host);
  }

  /** Rectangle (viewport coordinates) a finding's marker and card attach to. */
  function anchorRect(rec) {
    if (rec.range) {
      const rects = rec.range.getClientRects();
      return rects.length ? rects[rects.length - 1] : null; // not rendered (display: none)
    }
    if (!rec.el?.isConnected) return null;
    const r = rec.el.getBoundingClientRect();
    return r.width || r.height ? r : null;
  }

  /**
   * The elements that clip a finding's box as they scroll or cut their content (overflow other
   * than visible), innermost first, looking through shadow roots: read once a marker.
   */
  function clippers(rec) {
    const out = [];
    let n = anchorElement(rec);
    for (n = n?.parentElement ?? n?.parentNode?.host; n && n !== document.documentElement;
      n = n.parentElement ?? n.parentNode?.host) {
      const cs = getComputedStyle(n);
      if (cs.overflowX !== 'visible' || cs.overflowY !== 'visible') out.push(n);
    }
    return out;
  }

  /** The part of the viewport a finding's box can be seen in: its clippers' boxes intersected. */
  function clipOf(rec) {
    rec.clips ??= clippers(rec);
    let c = { left: 0, top: 0, right: innerWidth, bottom: innerHeight };
    for (const e of rec.clips) {
      const q = e.getBoundingClientRect();
      c = { left: Math.max(c.left, q.left), top: Math.max(c.top, q.top),
        right: Math.min(c.right, q.right), bottom: Math.min(c.bottom, q.bottom) };
    }
    return c;
  }

  /** The box of the block a text finding is in (its marker goes in the block's margin). */
  function blockRect(rec) {
    const b = blockOf(rec.range.startContainer);
    return isElement(b) ? b.getBoundingClientRect() : null;
  }

  const MARK = 14; // a text marker's size
  const GAP = 2;
  /** The narrowest margin a slim marker (a coloured tab, no glyph) fits in. */
  const SLIM = 5;

  /**
   * Where a marker goes (viewport coordinates, the layer being fixed), `[x, y, width]` (width
   * null for a marker of its own size), or null when its finding's box `r` is out of sight
   * (scrolled away inside its scroll box, or off the window). A text finding's marker sits in
   * the margin left of its block, on the finding's own line, so it covers no letter of another
   * line, and `lane` places to the side when findings share the line; in a margin narrower than
   * a marker (a page's default 8 px) as a slim tab; with no margin there, right of the block;
   * with neither, at the line's start. Fields and attributes: on the element's top-right corner,
   * the element's further findings leftwards.
   */
  function markerPoint(rec, r, clip, block, lane) {
    if (!r || r.bottom < clip.top || r.top > clip.bottom || r.right < clip.left
      || r.left > clip.right) return null;
    if (!rec.range) return [r.right - 9 - (MARK + 2 * GAP) * 1.5 * lane, r.top - 9, null];
    const y = r.top + (r.height - MARK) / 2;
    const margin = block?.left ?? r.left;
    const left = margin - (MARK + GAP) * (lane + 1);
    if (left >= 0) return [left, y, null];
    const slim = Math.floor(margin / (lane + 1)) - 1;
    if (slim >= SLIM) return [margin - (slim + 1) * (lane + 1), y, slim];
    const right = (block?.right ?? r.right) + GAP + (MARK + GAP) * lane;
    if (right + MARK <= innerWidth) return [right, y, null];
    return [Math.max(0, r.left), y, null];
  }

  /** Sets an element's position, only if it moved: a write has the page lay out and paint again. */
  function moveTo(e, x, y) {
    const left = `${Math.round(x)}px`;
    const top = `${Math.round(y)}px`;
    if (e.style.left !== left) e.style.left = left;
    if (e.style.top !== top) e.style.top = top;
  }

  /** The page's layout changed while a scan ran: the markers move once it is over. */
  let placeAfterScan = false;

  /**
   * Moves the markers after a change of the page's layout; during a scan, at its end, in the
   * frame that shows what it found (a page changing its text changes its layout too).
   */
  function placeSoon() {
    if (Scan.scanning()) placeAfterScan = true;
    else placeAll();
  }

  let placing = 0;
  function placeAll() {
    if (placing) return;
    placeAfterScan = false;
    placing = requestAnimationFrame(() => {
      placing = 0;
      keepShown();
      // Everything is read before any marker moves: one layout for all of them.
      const recs = [...findings.values()].filter((rec) => rec.marker);
      const lanes = new Map();
      const points = recs.map((rec) => {
        const r = anchorRect(rec);
        const block = rec.range && r ? blockRect(rec) : null;
        // Findings on one line of one block, or of one element, take lanes side by side.
        const line = block ? `${Math.round(block.left)}:${Math.round(r.top)}` : rec.el;
        const lane = lanes.get(line) ?? 0;
        lanes.set(line, lane + 1);
        return markerPoint(rec, r, clipOf(rec), block, lane);
      });
      const cardRect = state.card && anchorRect(state.card.finding);
      recs.forEach((rec, i) => {
        const p = points[i];
        rec.marker.hidden = !p;
        if (!p) return;
        moveTo(rec.marker, p[0], p[1]);
        const width = p[2] ? `${p[2]}px` : '';
        if (rec.marker.style.width !== width) {
          rec.marker.style.width = width;
          rec.marker.classList.toggle('slim', Boolean(p[2]));
        }
      });
      if (state.card) Card.placeCard(cardRect);
    });
  }

  return Object.freeze({
    hl, registered, boxless, maybeFinished, wanted, counted, dismiss, reapply, showSoon, showAll, display,
    keepShown, unshow, highlight, unregisterAll, ensureHost, anchorRect, moveTo, placeSoon,
    placeAll, taken: () => taken, showing: () => showing,
  });
})();
