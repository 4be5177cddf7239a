/**
 * unmask's document_start content script: this frame's random highlight names, and the background
 * asked at once to insert their `::highlight()` rules (background.js, `styles`).
 *
 * Why now and not when there is first something to show: inserting a stylesheet into a page that
 * has its elements restyles every one of them (on a page of 50,000 text nodes, 80 ms in one task:
 * the largest part of a first scan's cost). Before the page has parsed, the rules cost almost
 * nothing, and they paint nothing until the content script registers a highlight under one of the
 * names. The sheet is a user style sheet out of the page's reach (not in `document.styleSheets`).
 * In "only when I ask" mode the background inserts nothing until the person asks (the content
 * script then asks again, with `now`).
 *
 * The content script (content/base.js) takes the names, the answer to the request (settled once the
 * rules are in) and `randomName` from the own property `Symbol.for('unmask.early')` of this world's
 * global object: a page can name elements to shadow string-named globals (named access on
 * `window`), never a symbol-keyed own property.
 *
 * Listed again before the content script (manifest, popup): where the document_start scripts did
 * not run (content scripts injected into a page already open), it asks then; otherwise it does
 * nothing.
 */
'use strict';
{
  const EARLY = Symbol.for('unmask.early');
  if (!Object.hasOwn(globalThis, EARLY)) {
    const randomName = () => {
      const b = new Uint8Array(8);
      crypto.getRandomValues(b);
      return `u${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
    };
    const names = Object.freeze({
      high: randomName(), medium: randomName(), low: randomName(), active: randomName(),
    });
    const styles = globalThis.ext.runtime.sendMessage({ what: 'styles', names: { ...names } });
    styles.catch(() => {}); // the content script reports a failure when it needs the styles
    Object.defineProperty(globalThis, EARLY, {
      value: Object.freeze({ names, styles, randomName }),
    });
  }
}
