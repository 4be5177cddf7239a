/**
 * Markers and cards (content script, see base.js): a marker (a small button by a finding, on the
 * overlay in the host element's closed shadow root, paint.js) opens the finding's card, as does
 * the pointer over a highlighted finding. A card answers the question a reader has, in that
 * order: what was found in plain words (the decoded payload, as chips, js/ui.js), how sure that
 * is, what to do about it (its actions: copy the clean text, copy the hidden message, save
 * evidence, dismiss on this page, clean the field), and, collapsed, the mechanics: the scheme,
 * why it matters here and the characters by their Unicode names (the core's, background.js).
 * Also what a click on each of unmask's buttons does (onHostClick).
 */
'use strict';
const Card = (() => {
  const { api, ui, lang, msg, words, randomName, findings, stats, SEV_RANK, isElement, fieldValue,
    blockOf } = Base;
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
  /**
   * What a card shows of a finding and the findings grouped with it (apply.js: one hidden
   * message, one card): the highest severity, every character, the count of all.
   */
  function grouped(rec) {
    const all = [rec, ...rec.members];
    const top = all.reduce((a, b) => (SEV_RANK[b.severity] > SEV_RANK[a.severity] ? b : a));
    return {
      severity: top.severity,
      chars: [...new Set(all.flatMap((r) => r.chars))],
      count: all.reduce((n, r) => n + Math.max(r.count, r.chars.length), 0),
      explanations: [...new Set(all.map((r) => r.explanation))],
    };
  }

  /**
   * Builds a card for a finding, in the order a reader needs it: the plain answer (the hidden
   * message, or what the characters do), how sure that is in words, what to do (the actions),
   * then the mechanics (scheme, why, the characters by name) collapsed. Every page-derived
   * string goes through textContent.
   */
  function buildCard(rec) {
    const g = grouped(rec);
    const c = el('div', 'card');
    const titleId = `t${randomName()}`;
    c.setAttribute('role', 'dialog');
    c.setAttribute('aria-modal', 'false');
    c.setAttribute('aria-labelledby', titleId);
    c.tabIndex = -1;
    const head = el('div', 'head');
    head.append(el('span', `sev ${g.severity}`, words.sevLabel(g.severity)));
    const title = el('p', 'title', words.kindWord(rec.kind));
    title.id = titleId;
    head.append(title);
    const close = el('button', 'close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', msg('cardClose'));
    onPress(close, () => closeCard(true));
    head.append(close);
    c.append(head);

    // The plain answer.
    const readable = rec.payloads.find((p) => p.text != null);
    if (readable) {
      c.append(ui.payloadLine(document, 'p', 'answer', (sub) => msg('cardAnswerPayload', [sub]),
        readable.text, rec.names));
    } else if (rec.payloads.length) {
      c.append(el('p', 'answer', msg(rec.payloads[0].encrypted ? 'cardAnswerEncrypted'
        : 'cardAnswerUnreadable')));
    }
    const meaning = api.i18n.getMessage(`meaning_${rec.kind.replace(/-/g, '_')}`)
      || msg('meaning_default');
    c.append(el('p', readable ? null : 'answer', meaning));
    if (rec.payloads.some((p) => p.sensitive)) c.append(el('p', 'warn', msg('payloadSensitive')));
    // How sure, in words.
    const sure = [msg(`sure_${g.severity}`)];
    if (readable) sure.push(msg('sureDecoded', [String(Math.round(readable.confidence * 100))]));
    c.append(el('p', 'sure', sure.join(' ')));
    // What to do.
    c.append(actions(rec, readable));
    // The mechanics, collapsed.
    const more = el('div', 'more');
    more.id = `d${randomName()}`;
    more.hidden = true;
    const toggle = el('button', 'toggle', msg('cardDetails'));
    toggle.type = 'button';
    toggle.setAttribute('aria-expanded', 'false');
    toggle.setAttribute('aria-controls', more.id);
    onPress(toggle, () => {
      more.hidden = !more.hidden;
      toggle.setAttribute('aria-expanded', String(!more.hidden));
    });
    c.append(toggle, more);
    if (rec.where !== 'text') {
      more.append(el('p', null, rec.where === 'attr'
        ? msg('whereAttr', [rec.attr]) : msg('whereField')));
    }
    for (const p of rec.payloads) {
      more.append(el('h3', null, msg('cardPayload', [p.scheme, String(Math.round(p.confidence * 100))])));
      if (p.text != null) more.append(ui.payload(document, 'div', 'payload', p.text, rec.names));
      else more.append(el('p', null, p.encrypted ? msg('payloadEncrypted') : msg('payloadUnreadable')));
      if (p.truncated) more.append(el('p', null, msg('payloadTruncated')));
      if (p.label) more.append(el('p', null, msg('payloadLabel', [p.label])));
      if (p.explanation) more.append(el('p', null, p.explanation));
    }
    more.append(el('h3', null, msg('cardWhy')));
    for (const x of g.explanations) more.append(el('p', null, x));
    more.append(el('h3', null, msg('cardChars')));
    const ul = el('ul');
    // The most useful first: at most 6 distinct characters, then how many more.
    for (const u of g.chars.slice(0, 6)) ul.append(el('li', null, ui.describeChar(u, rec.names)));
    if (g.chars.length > 6) ul.append(el('li', null, msg('cardMoreChars', [String(g.chars.length - 6)])));
    more.append(ul);
    if (g.count > g.chars.length) more.append(el('p', null, msg('cardCount', [String(g.count)])));
    c.addEventListener('pointerleave', () => { if (!state.card?.pinned) scheduleClose(); });
    c.addEventListener('pointerenter', () => clearTimeout(closeTimer));
    return c;
  }

  // ---- what a card offers to do -----------------------------------------------------------
  /** The text a finding is in: its field's value, its attribute, or its block's text. */
  function textOf(rec) {
    if (rec.where === 'field') return fieldValue(rec.el) ?? '';
    if (rec.where === 'attr') return rec.el.getAttribute(rec.attr) ?? '';
    const block = blockOf(rec.range.commonAncestorContainer);
    return (isElement(block) ? block : document.body)?.innerText ?? '';
  }

  /** The editable field a finding is in (a text field, or a contenteditable's root), or null. */
  function editableOf(rec) {
    if (rec.where === 'field') return rec.el;
    if (rec.where !== 'text') return null;
    let n = rec.range.startContainer.parentElement;
    if (!n?.isContentEditable) return null;
    while (n.parentElement?.isContentEditable) n = n.parentElement;
    return n;
  }

  /**
   * The card's buttons: copy the clean text, copy the hidden message (readable: its hidden
   * characters written as ⟨U+…⟩; the exact characters only as a second choice), save evidence,
   * dismiss on this page, and clean the field the finding is in. What each did is said in the
   * card's own status line (a notice would cover the card).
   */
  function actions(rec, readable) {
    const box = el('div', 'actions');
    const status = el('p', 'status');
    status.setAttribute('role', 'status');
    const say = (key) => { status.textContent = msg(key); };
    const add = (key, run) => {
      const b = el('button', 'act', msg(key));
      b.type = 'button';
      // Keep focus (and a field's selection) where the person was.
      b.addEventListener('mousedown', (e) => e.preventDefault());
      onPress(b, () => Promise.resolve().then(run).catch((err) => {
        stats.errors.push(`card: ${err?.message ?? err}`);
        say('cardActionFailed');
      }));
      box.append(b);
      return b;
    };
    add('cardCopyClean', async () => {
      const text = textOf(rec);
      const result = await Clip.check(text);
      say(await Clip.writeClipboard(result.clean ?? text) ? 'cardCopiedClean' : 'noticeCopyFailed');
    });
    if (readable) {
      const shown = ui.readable(readable.text);
      let exact = null;
      add('cardCopyMessage', async () => {
        say(await Clip.writeClipboard(shown) ? 'cardCopiedMessage' : 'noticeCopyFailed');
        // The exact characters, hidden ones included: only as a second, explicit choice.
        if (shown !== readable.text && !exact) {
          exact = add('cardCopyExact', async () => {
            say(await Clip.writeClipboard(readable.text) ? 'cardCopiedExact' : 'noticeCopyFailed');
          });
        }
      });
    }
    add('cardSaveEvidence', async () => {
      saveEvidence(rec, await evidence(textOf(rec)));
      say('cardSaved');
    });
    add('cardDismiss', () => Paint.dismiss(rec));
    const field = editableOf(rec);
    if (field) {
      add('cardCleanField', async () => {
        const outcome = await Paste.cleanField(field);
        const said = { done: 'cardCleaned', refused: 'noticeCleanRefused', garbled: 'noticeGarbled',
          clean: 'cardAlreadyClean' };
        say(said[outcome]);
      });
    }
    const wrap = el('div');
    wrap.append(box, status);
    return wrap;
  }

  /** The core's report of a text for the record (background.js, `evidence`). */
  async function evidence(text) {
    const res = await api.runtime.sendMessage({ what: 'evidence', text, lang });
    if (!res?.ok) throw new Error(res?.error ?? 'no answer');
    return { text, report: res.result };
  }

  /**
   * Saves a record of a finding's text as a JSON file (a journalist's record): the page, the
   * time, the text and the core's report of it (its SHA-256, the tool and Unicode versions, the
   * findings and payloads, in the JSON contract of docs/report-format.md).
   */
  function saveEvidence(rec, { text, report }) {
    const record = {
      evidence: 'unmask',
      page: location.href,
      saved: new Date().toISOString(),
      where: rec.where === 'attr' ? `attribute ${rec.attr}` : rec.where,
      sha256: report.sha256,
      tool: report.tool,
      text,
      report,
    };
    const blob = new Blob([`${JSON.stringify(record, null, 2)}\n`], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `unmask-evidence-${String(report.sha256 ?? 'text').slice(0, 12)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
  }

  function openCard(shown, { pinned, focus }) {
    const rec = shown.lead ?? shown;
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
    for (const r of [rec, ...rec.members]) if (r.range) highlight('active').add(r.range);
    placeCard();
    if (focus) c.focus();
  }

  /**
   * Puts the open card under its finding's box `r` (viewport coordinates: the layer is fixed),
   * or over it when there is no room below, inside the window; then the notice out of its way.
   */
  function placeCard(r = anchorRect(state.card.finding)) {
    const c = state.card.el;
    const w = Math.min(420, innerWidth * 0.92);
    const h = c.offsetHeight;
    const x = r ? Math.min(Math.max(8, r.left), Math.max(8, innerWidth - w - 8)) : 8;
    let y = r ? r.bottom + 8 : 8;
    if (r && y + h > innerHeight - 8 && r.top - 8 - h >= 8) y = r.top - 8 - h;
    moveTo(c, x, Math.max(8, Math.min(y, innerHeight - h - 8)));
    Clip.placeNotice();
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

  /** Keys inside unmask's element: Escape closes; in a card, n and p open the next and previous. */
  const STEP = { n: 1, p: -1 };

  function onHostKey(e) {
    if (e.key === 'Escape' && state.card) {
      e.stopPropagation();
      closeCard(true);
    } else if (e.key === 'Escape' && state.notice) {
      e.stopPropagation();
      Clip.closeNotice();
    } else if (state.card && Object.hasOwn(STEP, e.key) && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.stopPropagation();
      step(STEP[e.key]);
    }
  }

  /** Opens the card of the next (1) or previous (-1) marked finding, in the order found. */
  function step(dir) {
    const marked = [...findings.values()].filter((r) => r.marker && !r.marker.hidden)
      .sort((a, b) => a.id - b.id);
    const at = marked.indexOf(state.card.finding);
    const next = marked[(at + dir + marked.length) % marked.length];
    if (!next || next === state.card.finding) return;
    (next.range?.startContainer.parentElement ?? next.el)?.scrollIntoView({ block: 'center' });
    openCard(next, { pinned: true, focus: true });
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
    // Scrolling the page or any box in it (scroll events reach the document as they capture):
    // markers follow their findings, and hide when scrolled out of their box.
    document.addEventListener('scroll', placeSoon, { passive: true, capture: true });
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
