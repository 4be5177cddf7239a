/**
 * The paste guard (content script, see base.js; issues 5 and 18): text pasted into a text
 * field, a contenteditable editor or an EditContext editor, checked by the background; when it
 * holds medium/high findings, a notice, and the clean text pasted in its place, at once (mode
 * "clean") or when the person chooses Replace (mode "warn").
 *
 * Why through the editor's own paste: rich editors (ProseMirror, Lexical, Quill, CodeMirror,
 * Monaco) keep a model of the text and draw the page from it. An edit made to their drawing is
 * redrawn away, merged with other edits in their undo history, or read back wrong; and they
 * may draw the text differently from what it is (CodeMirror draws U+200B as a "•" widget;
 * Monaco shows only the visible lines). What every one of them handles is a `paste` event, from
 * its `clipboardData`, at its own selection, as one step of its own undo history. So unmask
 * hands the editor the clean text as a paste: a `paste` event with a DataTransfer holding the
 * clean text, at the element the person pasted into. Where no script takes it (a plain
 * textarea or contenteditable, whose paste is the browser's default action, which a script's
 * event does not start), the browser's `insertText` editing command does the same: one undoable
 * edit, with input events. No script runs in the page's own world: the event and the selection
 * are the page's DOM, which both worlds share.
 *
 * - "clean": the person's paste is stopped before any of the page's listeners see it (the
 *   capturing listener on window, js/early-listeners.js), checked, and the clean text pasted in
 *   its place (the same text, every type of it, when nothing is found): the editor's history
 *   has one paste, the clean one, and one Ctrl+Z returns to the text before it. The page sees
 *   the paste a moment later (the check's round trip to the background).
 * - "warn": the paste goes through untouched, and is checked meanwhile. Replace selects what
 *   the paste put in (a DOM selection, which editors follow on `selectionchange`: unmask waits
 *   for that event), then pastes the clean text over it: an undo step of its own, after the
 *   paste's. Where the pasted text is not in the page's DOM to select (an EditContext holds only
 *   the caret's lines; a textarea may be an editor's input buffer, not its text), the notice
 *   says so and offers the clean text for the clipboard instead.
 *
 * A card's "Clean this field" uses the same way in (cleanField): the field's whole text
 * selected, the clean text pasted over it.
 *
 * After acting, the text before the caret is read back (a field's value, an EditContext's text,
 * the editable's DOM text) and the notice says what happened: the clean text is there, or the
 * editor did not take it.
 */
'use strict';
const Paste = (() => {
  const { msg, stats, isElement, fieldValue, blockOf } = Base;
  const { pointIn, textNodesOf } = Apply;
  const { MAX_CLIP_UNITS, clipActive, check, writeClipboard, foundWords, payloadWords, showNotice,
    settleNotice } = Clip;

  /** How long an editor may take to apply a paste it handles itself (it may read it later). */
  const LAND_MS = 1500;

  /** Text with the differences editors make to pasted text taken out: spacing, line breaks. */
  const squash = (t) => t.replace(/[\s\u00a0]+/g, '');

  /** squash, without format characters too: an editor may draw them as widgets, or nothing. */
  const visible = (t) => squash(t).replace(/\p{Cf}/gu, '');

  /**
   * What a paste goes into: `{el, kind}`, kind "field" (a textarea or text input), "root" (the
   * root of a contenteditable) or "context" (an element with an EditContext, as Monaco's), or
   * null.
   */
  function pasteTarget(e) {
    const path = e.composedPath();
    const t = path[0];
    if (!t || !isElement(t)) return null;
    if (fieldValue(t) !== null) return { el: t, kind: 'field' };
    for (const n of path) {
      if (!isElement(n)) continue;
      if (n.editContext) return { el: n, kind: 'context' };
      if (n.isContentEditable && !n.parentElement?.isContentEditable) return { el: n, kind: 'root' };
    }
    return null;
  }

  /** The Range from the start of a root to the start or the end of the selection, or null. */
  function caretRange(root, atStart) {
    const sel = getSelection();
    if (!sel?.rangeCount) return null;
    const s = sel.getRangeAt(0);
    const r = document.createRange();
    r.setStart(root, 0);
    try {
      if (atStart) r.setEnd(s.startContainer, s.startOffset);
      else r.setEnd(s.endContainer, s.endOffset);
    } catch {
      return null;
    }
    return r;
  }

  /**
   * The target's text up to the start or the end of its selection, as the DOM has it (a root's
   * text as its text nodes hold it, widgets included: the offsets of rangeOf), or null.
   */
  function textTo(p, atStart) {
    const { el } = p;
    if (p.kind === 'field') {
      // (An email field has no selection to read: its end, then.)
      return el.value.slice(0, (atStart ? el.selectionStart : el.selectionEnd) ?? el.value.length);
    }
    if (p.kind === 'context') {
      const c = el.editContext;
      return c ? c.text.slice(0, atStart ? c.selectionStart : c.selectionEnd) : null;
    }
    return caretRange(el, atStart)?.toString() ?? null;
  }

  /** The editable text of a range of a root: text drawn by the editor (not editable) left out. */
  function editableText(range) {
    let out = '';
    const root = range.commonAncestorContainer;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = root.nodeType === 3 ? root : walker.nextNode(); n; n = walker.nextNode()) {
      if (!range.intersectsNode(n) || !n.parentElement?.isContentEditable) continue;
      const a = n === range.startContainer ? range.startOffset : 0;
      const b = n === range.endContainer ? range.endOffset : n.data.length;
      out += n.data.slice(a, b);
    }
    return out;
  }

  /**
   * The Range of a root's text offsets `a`..`b` (as textTo counts), or null. Both ends keep to
   * the text before them: a paste that starts with a line break starts at the end of the line
   * before, not at the start of its own first line.
   */
  function rangeOf(root, a, b) {
    const nodes = textNodesOf(root);
    const from = pointIn(nodes, a, true);
    const to = pointIn(nodes, b, true);
    if (!from || !to) return null;
    const r = document.createRange();
    r.setStart(...from);
    r.setEnd(...to);
    return r;
  }

  /**
   * Where the paste landed, as `p.at` = [start, end] of the target's text, once the page's DOM
   * shows it there; false while (or when) it does not. An EditContext never does: it holds only
   * the lines of the caret.
   */
  function locate(p) {
    if (p.kind === 'context') return false;
    if (p.kind === 'field') {
      const f = p.el;
      const len = f.value.length - (p.before.len - (p.before.end - p.before.start));
      if (len <= 0) return false;
      p.at = [p.before.start, p.before.start + len];
    } else {
      const end = textTo(p, false)?.length ?? -1;
      if (end <= p.prefix.length) return false;
      p.at = [p.prefix.length, end];
    }
    return stillThere(p);
  }

  /** The pasted text is still where it landed (nothing has changed it since). */
  function stillThere(p) {
    const [a, b] = p.at;
    if (p.kind === 'field') return visible(p.el.value.slice(a, b)) === visible(p.text);
    const r = p.el.isConnected ? rangeOf(p.el, a, b) : null;
    return r !== null && visible(editableText(r)) === visible(p.text);
  }

  /**
   * The target shows `expected` right before its caret, where the paste went in. A field and a
   * root hold the whole text: their text up to the caret must be the text before the paste, then
   * `expected`. An EditContext (or a field that is an editor's input buffer) holds some lines
   * around the caret: its last lines must be `expected`'s, and none of the characters the
   * cleaning removed may be left in it.
   */
  function shows(p, expected, removed) {
    const now = textTo(p, false);
    if (now == null) return false;
    if (p.kind === 'root') {
      // Without what the editor draws (widgets, placeholders), which comes and goes.
      const r = caretRange(p.el, false);
      return r !== null && squash(editableText(r)) === squash(p.shownPrefix + expected);
    }
    if (p.kind === 'field' && now === p.prefix + expected) return true;
    if ([...removed].some((c) => (p.kind === 'field' ? p.el.value : now).includes(c))) return false;
    const got = now.split('\n');
    const want = expected.split('\n');
    for (let i = 1; i <= Math.min(got.length, want.length); i++) {
      const g = got[got.length - i];
      const w = want[want.length - i];
      if (i === want.length ? !g.endsWith(w) : g !== w) return false;
    }
    return true;
  }

  /**
   * Resolves true once `ok()` holds (the page applied a paste, now or as its DOM changes), false
   * if it still does not after LAND_MS.
   */
  function whenShown(p, ok) {
    return new Promise((resolve) => {
      let timer = 0;
      const obs = new MutationObserver(() => recheck());
      const done = (v) => {
        obs.disconnect();
        p.el.removeEventListener('input', recheck);
        clearTimeout(timer);
        resolve(v);
      };
      function recheck() {
        if (ok()) done(true);
      }
      // The whole document: an editor may show a paste outside the element it was pasted into.
      obs.observe(document.documentElement, { subtree: true, childList: true, characterData: true });
      p.el.addEventListener('input', recheck);
      timer = setTimeout(() => done(ok()), LAND_MS);
      setTimeout(recheck, 0);
    });
  }

  /**
   * Resolves after the next `selectionchange` (editors read the selection then), or after
   * LAND_MS if none comes.
   */
  const selectionChanged = () => new Promise((resolve) => {
    const timer = setTimeout(resolve, LAND_MS);
    document.addEventListener('selectionchange', () => {
      clearTimeout(timer);
      resolve();
    }, { once: true });
  });

  /** Selects what the paste put in, and waits until the page has seen the new selection. */
  async function selectPasted(p) {
    const [a, b] = p.at;
    if (p.kind === 'field') {
      const f = p.el;
      if (f.selectionStart === a && f.selectionEnd === b) return true;
      f.focus({ preventScroll: true });
      try {
        f.setSelectionRange(a, b);
      } catch {
        return false; // a field without a selection (email)
      }
      // An editor whose input is a textarea (Monaco's) follows its selection on the event too
      // (which reads the selection as it is by then).
      await selectionChanged();
      return true;
    }
    const r = rangeOf(p.el, a, b);
    if (!r) return false;
    const sel = getSelection();
    const cur = sel?.rangeCount ? sel.getRangeAt(0) : null;
    if (cur && cur.compareBoundaryPoints(Range.START_TO_START, r) === 0
      && cur.compareBoundaryPoints(Range.END_TO_END, r) === 0) return true;
    const changed = selectionChanged();
    p.el.focus({ preventScroll: true });
    sel.removeAllRanges();
    sel.addRange(r);
    await changed;
    return true;
  }

  /**
   * Hands `data` (type → text) to the page as a paste at the person's paste target; where no
   * script takes it, the browser's editing inserts its plain text. False when nothing took it.
   */
  function deliver(p, data) {
    if (!p.target.isConnected) return false;
    const dt = new DataTransfer();
    for (const [type, value] of Object.entries(data)) dt.setData(type, value);
    const ev = new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true,
      composed: true });
    p.target.dispatchEvent(ev);
    if (ev.defaultPrevented) return true;
    if (p.kind === 'context') return false;
    return document.execCommand('insertText', false, data['text/plain']);
  }

  /** What the target's DOM holds as a whole (to tell whether an editor changed anything). */
  const snapshot = (p) => (p.kind === 'field' ? p.el.value
    : p.kind === 'context' ? p.el.editContext?.text ?? '' : p.el.textContent);

  /**
   * Pastes the clean text (deliver) and reads the result back: "done" (the target shows it),
   * "refused" (nothing changed) or "garbled" (something changed, not into the clean text).
   */
  async function pasteOver(p, cleanText) {
    const before = snapshot(p);
    const removed = removedFrom(p.text, cleanText);
    const taken = deliver(p, { 'text/plain': cleanText });
    if (taken && await whenShown(p, () => shows(p, cleanText, removed))) return 'done';
    return snapshot(p) === before ? 'refused' : 'garbled';
  }

  /** The characters the cleaning took out of `text`. */
  const removedFrom = (text, clean) => {
    const kept = new Set(clean);
    return new Set([...text].filter((c) => !kept.has(c)));
  };

  /** The notice's offer of the clean text for the clipboard, when unmask could not paste it. */
  const copyOffer = (cleanText) => ({
    label: msg('noticeCopyCleanText'),
    run: async () => settleNotice(msg(await writeClipboard(cleanText)
      ? 'noticeCopiedPasteAgain' : 'noticeCopyFailed')),
  });

  function onPaste(e) {
    if (!e.isTrusted || state.prefs.pasteGuard === 'off' || !clipActive()) return;
    const target = pasteTarget(e);
    const cd = e.clipboardData;
    const raw = cd?.getData('text/plain');
    if (!target || !raw || raw.length > MAX_CLIP_UNITS) return;
    const p = { ...target, target: e.composedPath()[0], text: raw.replace(/\r\n?/g, '\n'),
      prefix: '', shownPrefix: '', at: null };
    if (p.kind === 'field') {
      const f = p.el;
      p.before = { start: f.selectionStart ?? 0, end: f.selectionEnd ?? 0, len: f.value.length };
    }
    p.prefix = textTo(p, true);
    if (p.prefix == null) return;
    if (p.kind === 'root') p.shownPrefix = editableText(caretRange(p.el, true));
    if (state.prefs.pasteGuard === 'clean' && ![...cd.types].includes('Files')) {
      // Every type of the paste, for giving it back as it was when nothing is found.
      const data = Object.fromEntries([...cd.types].map((t) => [t, cd.getData(t)]));
      e.preventDefault();
      e.stopImmediatePropagation();
      pasteClean(p, data);
      return;
    }
    // Nothing is prevented or delayed: the paste lands, and is checked meanwhile.
    warn(p);
  }

  /** Mode "clean": the paste, checked, then pasted clean (or as it was, when nothing is found). */
  async function pasteClean(p, data) {
    let result = null;
    try {
      result = await check(p.text);
    } catch (err) {
      stats.errors.push(`paste: ${err?.message ?? err}`);
    }
    if (!result?.count || result.clean == null || !clipActive()) {
      deliver(p, data);
      return;
    }
    const cleanText = result.clean;
    const outcome = await pasteOver(p, cleanText);
    const said = { done: 'noticeCleanedAuto', refused: 'noticeCleanRefused', garbled: 'noticeGarbled' };
    showNotice({
      kind: 'paste',
      title: msg('noticePasteTitle'),
      lines: [foundWords(result), payloadWords(result), msg(said[outcome])],
      actions: outcome === 'done' ? [] : [copyOffer(cleanText)],
    });
  }

  /** Mode "warn": once the paste has landed and been checked, the offer to replace it. */
  async function warn(p) {
    const landed = p.kind === 'context' ? false : whenShown(p, () => locate(p));
    let result;
    try {
      result = await check(p.text);
    } catch (err) {
      stats.errors.push(`paste: ${err?.message ?? err}`);
      return;
    }
    if (!result.count || result.clean == null) return;
    const found = await landed;
    if (!clipActive()) return;
    const cleanText = result.clean;
    const lines = [foundWords(result), payloadWords(result)];
    if (!found) {
      showNotice({ kind: 'paste', title: msg('noticePasteTitle'),
        lines: [...lines, msg('noticeNoReplace')], actions: [copyOffer(cleanText)] });
      return;
    }
    showNotice({
      kind: 'paste',
      title: msg('noticePasteTitle'),
      lines,
      actions: [{ label: msg('noticeReplace'), run: () => replace(p, cleanText) }],
    });
  }

  /** Replace: the paste selected, the clean text pasted over it, the result read back. */
  async function replace(p, cleanText) {
    if (!p.el.isConnected || !stillThere(p) || !(await selectPasted(p))) {
      settleNotice(msg('noticeMoved'));
      return;
    }
    const outcome = await pasteOver(p, cleanText);
    if (outcome === 'done') {
      settleNotice(msg('noticeReplaced'));
      return;
    }
    showNotice({ kind: 'paste', title: msg('noticePasteTitle'),
      lines: [msg(outcome === 'refused' ? 'noticeRefused' : 'noticeGarbled')],
      actions: [copyOffer(cleanText)] });
  }

  /**
   * A contenteditable root's text as editors hold it: its editable text, one line break between
   * two blocks and for each `<br>` that ends no block (innerText writes two between paragraphs,
   * which an editor would paste as empty ones).
   */
  function rootText(root) {
    let out = '';
    let block = null;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT | NodeFilter.SHOW_ELEMENT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.localName === 'br') {
        if (n.nextSibling) out += '\n';
      } else if (n.nodeType === 3 && n.parentElement?.isContentEditable) {
        const b = blockOf(n);
        if (block && b !== block) out += '\n';
        block = b;
        out += n.data;
      }
    }
    return out;
  }

  /**
   * A card's "Clean this field" (card.js): the whole text of a text field or a contenteditable
   * root replaced by its clean text the way Replace does it (selected, then pasted over: one
   * step of the editor's own undo history) and read back: "done", "refused", "garbled", or
   * "clean" when the core finds nothing to clean.
   */
  async function cleanField(el) {
    const kind = fieldValue(el) !== null ? 'field' : 'root';
    const text = kind === 'field' ? el.value : rootText(el);
    const result = await check(text);
    if (result.clean == null || result.clean === text) return 'clean';
    const end = kind === 'field' ? el.value.length : textNodesOf(el).length;
    const p = { el, kind, target: el, text, prefix: '', shownPrefix: '', at: [0, end] };
    if (!(await selectPasted(p))) return 'refused';
    return pasteOver(p, result.clean);
  }

  return Object.freeze({ onPaste, cleanField });
})();
