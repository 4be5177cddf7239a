/**
 * unmask's `copy` and `paste` listeners (the content script's copy check, content/clip.js, and
 * paste guard, content/paste.js), and its `click` listener for the buttons of its markers, cards
 * and notices, added as the document starts, before any script of the page runs.
 *
 * Why this early: listeners of one target and phase run in the order they were added, whatever
 * their world. A page that adds a capturing listener on `window` before the content script's
 * (document_idle) and calls `stopImmediatePropagation()` there would silence both for every copy
 * and paste, its own copy and paste still going through, and make unmask's buttons dead. Added
 * here, unmask's run first.
 *
 * The content script (content/main.js) sets the handlers in the own property
 * `Symbol.for('unmask.listeners')` of this world's global object (out of a page's reach, see
 * js/early-styles.js); an event before that goes by unread. Listed again before the content script
 * (manifest, popup): where the document_start scripts did not run, it adds the listeners then;
 * otherwise it does nothing.
 */
'use strict';
{
  const KEY = Symbol.for('unmask.listeners');
  if (!Object.hasOwn(globalThis, KEY)) {
    // handler name → [event type, capture, passive]. `paste` is not passive: the paste guard's
    // "clean automatically" stops the person's paste and pastes the clean text instead.
    // `copied` runs in the bubbling phase, after the page's own handlers: an editor that fills
    // the clipboard itself (CodeMirror, Monaco, Lexical) has then put its text there.
    const LISTENERS = { copy: ['copy', true, true], copied: ['copy', false, true],
      paste: ['paste', true, false], click: ['click', true, true] };
    const on = Object.seal(Object.fromEntries(Object.keys(LISTENERS).map((k) => [k, null])));
    for (const [name, [type, capture, passive]] of Object.entries(LISTENERS)) {
      addEventListener(type, (e) => on[name]?.(e), { capture, passive });
    }
    Object.defineProperty(globalThis, KEY, { value: on });
  }
}
