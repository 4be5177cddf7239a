/**
 * Markers and cards (content script, see base.js): a marker (a small button by a finding, in the
 * host element's closed shadow root) opens the finding's card, as does the pointer over a
 * highlighted finding; the card says what was found, the decoded payloads (as chips, js/ui.js),
 * why it matters and the characters by their Unicode names (the core's, background.js). Also
 * what a click on each of unmask's buttons does (onHostClick).
 */
'use strict';
const Card = (() => {
  const { api, ui, msg, words, randomName, findings } = Base;
  const { el } = ui;
  const { ensureHost, highlight, anchorRect, moveTo, placeSoon, keepShown, placeAll, hl } = Paint;

  // ---- markers --------------------------------------------------------------------------
  const layer = () => state.shadow.querySelector('.layer');

  function addMarker(rec) {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = `m ${rec.severity}${rec.invisible ? ' invisible' : ''}${rec.range ? ' text' : ''}`;
    b.textContent = ui.shape(rec.severity);
    b.setAttribute('aria-label',
      msg('markerLabel', [words.sevWord(rec.severity), words.kindWord(rec.kind)]));
    b.setAttribute('aria-haspopup', 'dialog');
    b.setAttribute('aria-expanded', 'false');
    onPress(b, () => openCard(rec, { pinned: true, focus: true }));
    b.addEventListener('focus', () => {
      if (!returningFocus) openCard(rec, { pinned: false, focus: false });
    });
    b.addEventListener('pointerenter', () => openCard(rec, { pinned: false, focus: false }));
    rec.marker = b;
    layer().append(b);
    placeAll();
  }

  // ---- the card -------------------------------------------------------------------------
  /** Builds a card for a finding. Every page-derived string goes through textContent. */
  function buildCard(rec) {
    const c = el('div', 'card');
    const titleId = `t${randomName()}`;
    c.setAttribute('role', 'dialog');
    c.setAttribute('aria-modal', 'false');
    c.setAttribute('aria-labelledby', titleId);
    c.tabIndex = -1;
    const head = el('div', 'head');
    head.append(el('span', `sev ${rec.severity}`, words.sevLabel(rec.severity)));
    const title = el('p', 'title', words.kindWord(rec.kind));
    title.id = titleId;
    head.append(title);
    const close = el('button', 'close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', msg('cardClose'));
    onPress(close, () => closeCard(true));
    head.append(close);
    c.append(head);

    if (rec.where !== 'text') {
      c.append(el('p', null, rec.where === 'attr'
        ? msg('whereAttr', [rec.attr]) : msg('whereField')));
    }
    for (const p of rec.payloads) {
      c.append(el('h3', null, msg('cardPayload', [p.scheme, String(Math.round(p.confidence * 100))])));
      if (p.text != null) c.append(ui.payload(document, 'div', 'payload', p.text, rec.names));
      else c.append(el('p', null, p.encrypted ? msg('payloadEncrypted') : msg('payloadUnreadable')));
      if (p.truncated) c.append(el('p', null, msg('payloadTruncated')));
      if (p.label) c.append(el('p', null, msg('payloadLabel', [p.label])));
      if (p.sensitive) c.append(el('p', 'warn', msg('payloadSensitive')));
      if (p.explanation) c.append(el('p', null, p.explanation));
    }
    c.append(el('h3', null, msg('cardWhy')));
    c.append(el('p', null, rec.explanation));
    c.append(el('h3', null, msg('cardChars')));
    const ul = el('ul');
    // The most useful first: at most 6 distinct characters, then how many more.
    for (const u of rec.chars.slice(0, 6)) ul.append(el('li', null, ui.describeChar(u, rec.names)));
    if (rec.chars.length > 6) ul.append(el('li', null, msg('cardMoreChars', [String(rec.chars.length - 6)])));
    c.append(ul);
    if (rec.count > rec.chars.length) c.append(el('p', null, msg('cardCount', [String(rec.count)])));
    c.append(el('h3', null, msg('cardMeaning')));
    const meaning = api.i18n.getMessage(`meaning_${rec.kind.replace(/-/g, '_')}`)
      || msg('meaning_default');
    c.append(el('p', null, rec.payloads.length ? `${msg('meaning_payload')} ${meaning}` : meaning));
    c.addEventListener('pointerleave', () => { if (!state.card?.pinned) scheduleClose(); });
    c.addEventListener('pointerenter', () => clearTimeout(closeTimer));
    return c;
  }

  function openCard(rec, { pinned, focus }) {
    clearTimeout(closeTimer);
    if (state.card?.finding === rec) {
      state.card.pinned ||= pinned;
      if (focus) state.card.el.focus();
      return;
    }
    closeCard(false);
    ensureHost();
    const c = buildCard(rec);
    layer().append(c);
    state.card = { el: c, finding: rec, pinned };
    rec.marker?.setAttribute('aria-expanded', 'true');
    if (rec.marker) {
      c.id = `c${randomName()}`;
      rec.marker.setAttribute('aria-controls', c.id);
      rec.marker.setAttribute('aria-describedby', c.id);
    }
    if (rec.range) highlight('active').add(rec.range);
    placeCard();
    if (focus) c.focus();
  }

  function placeCard(r = anchorRect(state.card.finding), [sx, sy] = [scrollX, scrollY]) {
    const w = Math.min(420, innerWidth * 0.92);
    const x = r ? Math.min(Math.max(8, r.left), Math.max(8, innerWidth - w - 8)) : 8;
    const y = r ? r.bottom + 8 : 8;
    moveTo(state.card.el, x + sx, y + sy);
  }

  function closeCard(returnFocus) {
    clearTimeout(closeTimer);
    if (!state.card) return;
    const { el: c, finding: rec } = state.card;
    state.card = null;
    c.remove();
    hl.active?.clear();
    if (rec.marker) {
      rec.marker.setAttribute('aria-expanded', 'false');
      rec.marker.removeAttribute('aria-describedby');
      if (returnFocus) {
        returningFocus = true;
        rec.marker.focus({ preventScroll: true });
        returningFocus = false;
      }
    }
  }

  let closeTimer = 0;
  let returningFocus = false;
  function scheduleClose() {
    clearTimeout(closeTimer);
    closeTimer = setTimeout(() => { if (state.card && !state.card.pinned) closeCard(false); }, 400);
  }

  function onHostKey(e) {
    if (e.key === 'Escape' && state.card) {
      e.stopPropagation();
      closeCard(true);
    } else if (e.key === 'Escape' && state.notice) {
      e.stopPropagation();
      Clip.closeNotice();
    }
  }

  function onHostFocusOut(e) {
    if (!state.card || state.card.pinned) return;
    if (!e.relatedTarget || !state.shadow.contains(e.relatedTarget)) scheduleClose();
  }

  // ---- our buttons ------------------------------------------------------------------------
  /**
   * What a click on each of our buttons does. Not the buttons' own click listeners: a click
   * reaches them only after the page's capturing listeners on `window`, and a page that stops
   * every click there would leave every marker, card and notice button dead. The click is read
   * by the listener js/early-listeners.js added before the page's (onHostClick).
   */
  const pressed = new WeakMap();
  const onPress = (button, run) => pressed.set(button, run);

  /** A trusted click on our host element: the button under it (or, from the keyboard, focused). */
  function onHostClick(e) {
    if (!e.isTrusted || !state.host || e.target !== state.host) return;
    const { shadow } = state;
    const at = e.detail === 0 ? shadow.activeElement : shadow.elementFromPoint(e.clientX, e.clientY);
    const run = pressed.get(at?.closest('button'));
    if (run) run();
  }

  // ---- pointer: which finding is under it (Firefox has no highlightsFromPoint) ------------
  let pointerOn = false;
  let pointerFrame = 0;
  let lastPoint = null;

  function listenPointer() {
    if (pointerOn) return;
    pointerOn = true;
    document.addEventListener('pointermove', onPointerMove, { passive: true, capture: true });
    document.addEventListener('click', onClick, { passive: true, capture: true });
    document.addEventListener('keydown', onDocKey, { capture: true });
    addEventListener('resize', placeSoon, { passive: true });
    new ResizeObserver(placeSoon).observe(document.documentElement);
  }

  /** The shown text finding whose range is painted under viewport point (x, y), if any. */
  function findingAt(x, y) {
    let node = null;
    let offset = 0;
    if (document.caretPositionFromPoint) {
      const p = document.caretPositionFromPoint(x, y);
      if (p) { node = p.offsetNode; offset = p.offset; }
    } else if (document.caretRangeFromPoint) {
      const r = document.caretRangeFromPoint(x, y);
      if (r) { node = r.startContainer; offset = r.startOffset; }
    }
    const inRects = (rec) => {
      for (const q of rec.range.getClientRects()) {
        if (x >= q.left - 1 && x <= q.right + 1 && y >= q.top - 1 && y <= q.bottom + 1) return true;
      }
      return false;
    };
    const shown = [...findings.values()].filter((r) => r.shown && r.range);
    if (node) {
      for (const rec of shown) {
        try {
          if (rec.range.comparePoint(node, offset) === 0 && inRects(rec)) return rec;
        } catch { /* other tree */ }
      }
    }
    // The caret can sit just outside a one-grapheme range: confirm by rectangles.
    for (const rec of shown.slice(0, 500)) if (inRects(rec)) return rec;
    return null;
  }

  let overHost = false;
  function onPointerMove(e) {
    lastPoint = [e.clientX, e.clientY];
    // composedPath() is empty once dispatch is over: read it now, not in the frame callback.
    overHost = Boolean(state.host && e.composedPath().includes(state.host));
    if (pointerFrame) return;
    pointerFrame = requestAnimationFrame(() => {
      pointerFrame = 0;
      keepShown();
      if (overHost) {
        clearTimeout(closeTimer);
        return;
      }
      const rec = findingAt(...lastPoint);
      if (rec) openCard(rec, { pinned: false, focus: false });
      else if (state.card && !state.card.pinned) scheduleClose();
    });
  }

  function onClick(e) {
    if (state.host && e.composedPath().includes(state.host)) return;
    const rec = findingAt(e.clientX, e.clientY);
    if (rec) openCard(rec, { pinned: true, focus: false });
    else if (state.card) closeCard(false);
  }

  function onDocKey(e) {
    if (e.key === 'Escape' && state.card) closeCard(false);
  }

  return Object.freeze({
    addMarker, openCard, placeCard, closeCard, onHostKey, onHostFocusOut, onPress, onHostClick,
    listenPointer,
  });
})();
