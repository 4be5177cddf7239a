/**
 * Copy and paste (content script, see base.js; issue 5): a notice when a copied selection or a
 * paste into a field or editor holds hidden characters, with "copy clean instead" / "replace
 * with the clean text" (one undoable edit; the paste itself always goes through first); the
 * context menu's selection reading and clean copy. The notice lives in the host element
 * (paint.js). The listeners are js/early-listeners.js's, added as the document starts; main.js
 * hands them onCopy and onPaste.
 */
'use strict';
const Clip = (() => {
  const { api, ui, lang, msg, words, stats, isElement, fieldValue } = Base;
  const { el } = ui;
  const { ensureHost } = Paint;
  const { onPress } = Card;
  const { pointIn, textNodesOf } = Apply;

  // Copy check: a copied selection with medium/high findings gets a notice offering to copy the
  // clean text instead. Paste guard: a paste into a text field or a contenteditable goes
  // through untouched (never blocked, never delayed); once it has landed and the background has
  // scanned it, a notice offers to replace it with the clean text as one undoable edit, or (mode
  // "clean") does so at once. Both run on every site but the quiet ones, in "only when I ask"
  // mode too, before the person asked: their capturing listeners add nothing a page can see,
  // and a notice (in unmask's one element) appears only after the person's own copy or paste
  // of text with findings.
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
    rearm();
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
  async function onCopy(e) {
    if (!e.isTrusted || ownCopy || !state.prefs.copyCheck || !clipActive()) return;
    const text = selectedText();
    if (!text || text.length > MAX_CLIP_UNITS) return;
    let result;
    try {
      result = await check(text);
    } catch (err) {
      stats.errors.push(`copy: ${err?.message ?? err}`);
      return;
    }
    if (!result.count || result.clean == null) return;
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

  /** The context menu's "Copy without hidden characters": the selection, cleaned. */
  async function copyClean() {
    const text = selectedText();
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

  // -- paste guard
  /** The text field or contenteditable root a paste goes into, or null. */
  function pasteTarget(e) {
    const path = e.composedPath();
    const t = path[0];
    if (!t || !isElement(t)) return null;
    if (fieldValue(t) !== null) return { field: t };
    for (const n of path) {
      if (!isElement(n)) continue;
      if (n.isContentEditable && !n.parentElement?.isContentEditable) return { root: n };
    }
    return null;
  }

  /** The length of the text-node text from the start of `root` to (node, offset). */
  function textOffset(root, node, offset) {
    const r = document.createRange();
    r.setStart(root, 0);
    try {
      r.setEnd(node, offset);
    } catch {
      return -1;
    }
    return r.toString().length;
  }

  /** The DOM point at a text offset of `root` (as textOffset counts), or null. */
  const pointAt = (root, offset, preferNext) => pointIn(textNodesOf(root), offset, !preferNext);

  /** Text with the differences a contenteditable makes to pasted text taken out. */
  const squash = (t) => t.replace(/[\s\u00a0]+/g, '');

  /**
   * The Range over what a paste put into an editable root (`p.start`..`p.end` of its text), or
   * null when the text there is not what landed (the editor moved or changed it).
   */
  function pastedRange(p) {
    const a = pointAt(p.root, p.start, true);
    const b = pointAt(p.root, p.end, false);
    if (!a || !b) return null;
    const r = document.createRange();
    r.setStart(...a);
    r.setEnd(...b);
    return squash(r.toString()) === squash(p.landed) ? r : null;
  }

  /** Selects what a paste put into an editable root; false when it is no longer there. */
  function selectPasted(p) {
    if (p.field) {
      const f = p.field;
      let at = p.start;
      if (f.value.slice(at, at + p.landed.length) !== p.landed) {
        at = f.value.indexOf(p.landed);
        if (at < 0 || f.value.indexOf(p.landed, at + 1) >= 0) return false;
      }
      f.focus({ preventScroll: true });
      f.setSelectionRange(at, at + p.landed.length);
      return true;
    }
    const r = pastedRange(p);
    if (!r) return false;
    p.root.focus({ preventScroll: true });
    const sel = getSelection();
    sel.removeAllRanges();
    sel.addRange(r);
    return true;
  }

  /** Replaces the pasted text with the clean text in one undoable edit. */
  function replacePasted(p, cleanText) {
    if (!p.root.isConnected) return false;
    if (!selectPasted(p)) return false;
    // insertText goes through the browser's editing (one entry in the undo history, input
    // events for the page's editor), unlike setting .value.
    if (document.execCommand('insertText', false, cleanText)) return true;
    if (p.field) {
      const f = p.field;
      f.setRangeText(cleanText, f.selectionStart, f.selectionEnd, 'end');
      f.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertReplacementText' }));
      return true;
    }
    return false;
  }

  /** Finds what the paste put into the field or editable, once it has landed. */
  function locatePasted(p) {
    if (p.field) {
      const f = p.field;
      const len = f.value.length - (p.before.len - (p.before.end - p.before.start));
      if (len <= 0) return false;
      p.start = p.before.start;
      p.landed = f.value.slice(p.start, p.start + len);
      return true;
    }
    const sel = getSelection();
    if (!sel?.rangeCount) return false;
    const r = sel.getRangeAt(0);
    const end = textOffset(p.root, r.endContainer, r.endOffset);
    if (end < 0 || end <= p.start) return false;
    p.end = end;
    p.landed = p.text.replace(/\r\n?/g, '\n');
    return pastedRange(p) !== null;
  }

  function onPaste(e) {
    if (!e.isTrusted || state.prefs.pasteGuard === 'off' || !clipActive()) return;
    const target = pasteTarget(e);
    const text = e.clipboardData?.getData('text/plain');
    if (!target || !text || text.length > MAX_CLIP_UNITS) return;
    const p = { ...target, text, root: target.root ?? target.field, start: 0, end: 0, landed: '' };
    if (p.field) {
      p.before = { start: p.field.selectionStart ?? 0, end: p.field.selectionEnd ?? 0,
        len: p.field.value.length };
    } else {
      const sel = getSelection();
      if (!sel?.rangeCount) return;
      const r = sel.getRangeAt(0);
      p.start = textOffset(p.root, r.startContainer, r.startOffset);
      if (p.start < 0) return;
    }
    // Nothing is prevented or delayed: the paste lands first, then the offer follows.
    setTimeout(() => afterPaste(p, 0), 0);
  }

  async function afterPaste(p, tries) {
    if (!locatePasted(p)) {
      // A rich editor may apply a paste a little later; then give up quietly.
      if (tries < 3) setTimeout(() => afterPaste(p, tries + 1), 60 * (tries + 1));
      return;
    }
    let result;
    try {
      result = await check(p.landed);
    } catch (err) {
      stats.errors.push(`paste: ${err?.message ?? err}`);
      return;
    }
    if (!result.count || result.clean == null || !clipActive()) return;
    const cleanText = result.clean;
    const lines = [foundWords(result), payloadWords(result)];
    if (state.prefs.pasteGuard === 'clean') {
      const done = replacePasted(p, cleanText);
      showNotice({
        kind: 'paste',
        title: msg('noticePasteTitle'),
        lines: [...lines, msg(done ? 'noticeCleanedAuto' : 'noticeMoved')],
        actions: [],
      });
      return;
    }
    showNotice({
      kind: 'paste',
      title: msg('noticePasteTitle'),
      lines,
      actions: [{
        label: msg('noticeReplace'),
        run: () => settleNotice(msg(replacePasted(p, cleanText) ? 'noticeReplaced' : 'noticeMoved')),
      }],
    });
  }

  return Object.freeze({ selectedText, closeNotice, copyClean, onCopy, onPaste });
})();
