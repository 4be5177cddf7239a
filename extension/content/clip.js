/**
 * Copy (content script, see base.js; issues 5 and 18): a notice when a copied text holds hidden
 * characters, with "copy clean instead"; the context menu's selection reading and clean copy;
 * the one notice, which the paste guard (paste.js) shows too, and the check both ask the
 * background for. The notice lives in the host element (paint.js). The listeners are
 * js/early-listeners.js's, added as the document starts; main.js hands them onCopy and
 * onCopied.
 */
'use strict';
const Clip = (() => {
  const { api, ui, lang, msg, words, stats, isElement, fieldValue } = Base;
  const { el } = ui;
  const { ensureHost } = Paint;
  const { onPress } = Card;

  // Copy check: a copy with medium/high findings gets a notice offering to copy the clean text
  // instead. What is checked is what went to the clipboard: the text an editor put in the copy
  // event's clipboardData (CodeMirror's and Monaco's document text, not the widgets they draw
  // for invisible characters; Lexical's and Quill's own line breaks), else the selection the
  // browser copied. It runs on every site but the quiet ones, in "only when I ask" mode too,
  // before the person asked, as the paste guard does (paste.js): their listeners add nothing a
  // page can see, and a notice (in unmask's one element) appears only after the person's own
  // copy or paste of text with findings.
  const MAX_CLIP_UNITS = 1024 * 1024;
  const NOTICE_MS = 20000;
  let ownCopy = false; // our own execCommand('copy') is under way

  const clipActive = () => !state.quiet;

  /** The element focus is in, looking through (open) shadow roots. */
  function deepActive() {
    let a = document.activeElement;
    while (a?.shadowRoot?.activeElement) a = a.shadowRoot.activeElement;
    return a;
  }

  /** The selected text, line breaks kept (a field's own selection first). */
  function selectedText() {
    const a = deepActive();
    if (a && isElement(a) && fieldValue(a) !== null) {
      const { selectionStart: s, selectionEnd: e } = a;
      if (Number.isInteger(s) && e > s) return a.value.slice(s, e);
    }
    return getSelection()?.toString() ?? '';
  }

  /** Has the background scan and clean a text: `{report, count, clean}`. */
  async function check(text) {
    const res = await api.runtime.sendMessage({ what: 'check', text, lang });
    if (!res?.ok) throw new Error(res?.error ?? 'no answer');
    return res.result;
  }

  /**
   * Writes text to the clipboard from the page's context (a service worker has no clipboard):
   * the async Clipboard API where the page may use it, else `execCommand('copy')` with our own
   * `copy` handler (allowed by the clipboardWrite permission).
   */
  async function writeClipboard(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch { /* not a secure context, not focused, or refused: try the older way */ }
    let done = false;
    const onCopy = (e) => {
      e.stopImmediatePropagation();
      e.preventDefault();
      e.clipboardData.setData('text/plain', text);
      done = true;
    };
    ownCopy = true;
    addEventListener('copy', onCopy, true);
    try {
      document.execCommand('copy');
    } catch { /* refused */ } finally {
      removeEventListener('copy', onCopy, true);
      ownCopy = false;
    }
    return done;
  }

  /** What a check found, in words: "2 findings: Invisible characters, Hidden tag characters". */
  function foundWords(result) {
    const loud = result.report.findings.filter((f) => f.severity !== 'low');
    const kinds = [...new Set(loud.map((f) => words.kindWord(String(f.kind ?? ''))))];
    return msg('noticeFound', [String(result.count), kinds.slice(0, 4).join(', ')]);
  }

  /**
   * The first decoded payload of a check, as a line of the notice (chips: js/ui.js, named by
   * the check's `names`, background.js).
   */
  function payloadWords(result) {
    const p = (result.report.payloads ?? []).find((x) => x.text != null);
    if (!p) return null;
    const t = String(p.text);
    return ui.payloadLine(document, 'p', null, (sub) => msg('noticePayload', [sub]),
      t.length > 200 ? `${t.slice(0, 200)}…` : t, result.names);
  }

  function closeNotice() {
    if (!state.notice) return;
    clearTimeout(state.notice.timer);
    state.notice.el.remove();
    state.notice = null;
  }

  /**
   * Shows the one notice (a new one replaces the last): a title, lines of text and buttons,
   * bottom right, in the host's closed shadow root. Non-modal: it never takes focus.
   * @param {{kind: string, title: string, lines: (string|Element|null)[],
   *          actions: {label: string, run: function}[]}} n
   */
  function showNotice(n) {
    closeNotice();
    ensureHost();
    const box = el('div', 'notice');
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    box.setAttribute('aria-label', msg('noticeLabel'));
    const head = el('div', 'head');
    head.append(el('p', 'title', n.title));
    const close = el('button', 'close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', msg('noticeClose'));
    onPress(close, closeNotice);
    head.append(close);
    box.append(head);
    const body = el('div', 'body');
    for (const line of n.lines) if (line) body.append(typeof line === 'string' ? el('p', null, line) : line);
    box.append(body);
    if (n.actions.length) {
      const row = el('div', 'actions');
      for (const a of n.actions) {
        const b = el('button', 'act', a.label);
        b.type = 'button';
        // Keep focus (and the field's selection) where the person was typing.
        b.addEventListener('mousedown', (e) => e.preventDefault());
        onPress(b, () => { a.run(); });
        row.append(b);
      }
      box.append(row);
    }
    const rearm = () => {
      clearTimeout(state.notice?.timer);
      if (state.notice) state.notice.timer = setTimeout(closeNotice, NOTICE_MS);
    };
    box.addEventListener('pointerenter', () => clearTimeout(state.notice?.timer));
    box.addEventListener('pointerleave', rearm);
    state.shadow.append(box);
    state.notice = { el: box, kind: n.kind, timer: 0 };
    placeNotice();
    rearm();
  }

  const overlap = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom
    && b.top < a.bottom;

  /**
   * Puts the notice in the first corner of the window where it covers no open card: bottom
   * right, top right, bottom left, top left (called as either appears or the card moves).
   */
  function placeNotice() {
    if (!state.notice) return;
    const box = state.notice.el;
    const card = state.card?.el.getBoundingClientRect();
    for (const corner of ['', 'top', 'left', 'top left']) {
      box.className = `notice ${corner}`.trim();
      if (!card || !overlap(box.getBoundingClientRect(), card)) return;
    }
  }

  /** Replaces a notice's body with one line and no buttons (after an action). */
  function settleNotice(line) {
    if (!state.notice) return;
    state.notice.el.querySelector('.actions')?.remove();
    state.notice.el.querySelector('.body').replaceChildren(el('p', null, line));
    clearTimeout(state.notice.timer);
    state.notice.timer = setTimeout(closeNotice, NOTICE_MS);
  }

  // -- copy check
  let copying = null; // the copy being made: {text}

  /** A copy starts (capturing, before the page's handlers): the selection, as the browser copies it. */
  function onCopy(e) {
    if (!e.isTrusted || ownCopy || !state.prefs.copyCheck || !clipActive()) return;
    const copy = { text: selectedText() };
    copying = copy;
    // Once the event is over, what it put on the clipboard is known.
    setTimeout(() => {
      if (copying === copy) copying = null;
      checkCopy(copy.text);
    }, 0);
  }

  /**
   * The copy after the page's handlers (bubbling): a page that prevented the browser's copy
   * put its own text on the clipboard, which is then what was copied.
   */
  function onCopied(e) {
    if (!e.isTrusted || !copying || !e.defaultPrevented) return;
    const data = e.clipboardData?.getData('text/plain');
    if (data) copying.text = data;
  }

  async function checkCopy(text) {
    if (!text || text.length > MAX_CLIP_UNITS) return;
    let result;
    try {
      result = await check(text);
    } catch (err) {
      stats.errors.push(`copy: ${err?.message ?? err}`);
      return;
    }
    if (!result.count || result.clean == null) {
      // A notice about an earlier copy says nothing true of this one.
      if (state.notice?.kind === 'copy') closeNotice();
      return;
    }
    const cleanText = result.clean;
    showNotice({
      kind: 'copy',
      title: msg('noticeCopyTitle'),
      lines: [foundWords(result), payloadWords(result)],
      actions: [{
        label: msg('noticeCopyClean'),
        run: async () => settleNotice(msg(await writeClipboard(cleanText)
          ? 'noticeCopied' : 'noticeCopyFailed')),
      }],
    });
  }

  /**
   * The selection as the editor focus is in copies it, or null outside an editor: what its copy
   * handler puts on the clipboard (a `copy` event started with `execCommand('copy')`; CodeMirror's
   * and Monaco's document text, not their drawing of it; Monaco's EditContext has no DOM
   * selection at all). It writes the clipboard: only for a copy, which overwrites it anyway.
   */
  function editorCopy() {
    const a = deepActive();
    if (!a || !isElement(a) || !(a.isContentEditable || a.editContext)) return null;
    let data = null;
    const late = (e) => {
      if (e.defaultPrevented) data = e.clipboardData?.getData('text/plain') || null;
    };
    ownCopy = true;
    addEventListener('copy', late);
    try {
      document.execCommand('copy');
    } catch { /* refused */ } finally {
      removeEventListener('copy', late);
      ownCopy = false;
    }
    return data;
  }

  /** The context menu's "Copy without hidden characters": the selection, cleaned. */
  async function copyClean() {
    const text = editorCopy() ?? selectedText();
    if (!text) return { ok: false, error: 'no selection' };
    const result = await check(text);
    const out = result.clean ?? text;
    const copied = await writeClipboard(out);
    if (!state.quiet) {
      showNotice({
        kind: 'menu',
        title: msg(copied ? 'noticeCopiedMenu' : 'noticeCopyFailed'),
        lines: [copied && result.count ? foundWords(result) : null,
          copied && !result.report.findings.length ? msg('noticeNothingFound') : null],
        actions: [],
      });
    }
    return { ok: copied, changed: out !== text };
  }

  return Object.freeze({ MAX_CLIP_UNITS, clipActive, selectedText, check, writeClipboard,
    foundWords, payloadWords, showNotice, settleNotice, closeNotice, placeNotice, copyClean, onCopy, onCopied });
})();
