/**
 * Characters drawn as chips holding their code point (`U+202E`), for every place that shows a
 * person text unmask has flagged or decoded: the checker's rendering of the text it checks, and
 * the decoded payloads in cards, notices, the popup and the checker.
 *
 * Why chips for payloads too: a decoded payload is attacker-chosen text. Set with textContent it
 * is inert, but its bidi controls (RLO, PDF) still reorder the line around it, its zero-width
 * and control characters (ZWSP, NUL, ESC) are invisible, and a copy of the card carries them
 * out. As chips they show what they are and do nothing; the payload sits in a
 * `unicode-bidi: isolate` box, so what is left of its direction stays inside.
 *
 * A classic script (content script, popup, checker) that declares nothing but
 * `globalThis.unmaskChips`; it builds elements with createElement and textContent only.
 */
'use strict';
(() => {
  const hex = (cp) => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  /** Characters with nothing to see: a chip shows their code point alone. */
  const INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Z}\p{Cc}\p{Co}\p{Cn}\p{M}]$/u;
  /**
   * What a decoded payload cannot show as itself: controls other than line feed and tab,
   * format and default-ignorable characters, line and paragraph separators, private-use and
   * unassigned code points, lone surrogates.
   */
  const UNSAFE = /^(?![\n\t])[\p{Cc}\p{Cf}\p{Co}\p{Cn}\p{Cs}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]$/u;
  /** Most chips in one payload; a payload with more is cut there, with an ellipsis. */
  const MAX_PAYLOAD_CHIPS = 2000;
  /** Rules for the chips and the isolating box, for the stylesheets of the places that show them. */
  const CSS = `.chip { display: inline-block; margin: 0 1px; padding: 0 4px; border-radius: 4px;
      font: 600 11px/1.5 ui-monospace, monospace; color: #fff; background: #4b5563;
      vertical-align: baseline; white-space: nowrap; unicode-bidi: isolate; }
    .chip .glyph { font: 700 14px/1 system-ui, sans-serif; margin-inline-end: 3px; }
    .isolate { unicode-bidi: isolate; }`;

  /**
   * Appends `text` to `parent`, each character for which `flag(index, char)` gives a class name
   * drawn as a chip of that class (title: its Unicode name), at most `max` chips; the rest of
   * the text is appended as text. Returns the offset where the chips ran out, or -1.
   */
  function render(parent, text, flag, max = Infinity) {
    const doc = parent.ownerDocument;
    const names = globalThis.unmaskChars;
    let plain = '';
    let chips = 0;
    for (let i = 0; i < text.length;) {
      const cp = text.codePointAt(i);
      const len = cp > 0xffff ? 2 : 1;
      const ch = String.fromCodePoint(cp);
      const cls = flag(i, ch);
      if (cls && chips >= max) {
        if (plain) parent.append(plain);
        return i;
      }
      if (cls) {
        if (plain) parent.append(plain);
        plain = '';
        const chip = doc.createElement('span');
        chip.className = `chip ${cls}`;
        chip.title = names ? names.describeChar(hex(cp)) : hex(cp);
        if (!INVISIBLE.test(ch)) {
          const glyph = doc.createElement('span');
          glyph.className = 'glyph';
          glyph.textContent = ch;
          chip.append(glyph);
        }
        chip.append(hex(cp));
        parent.append(chip);
        chips++;
        // A line break stays a line break after its chip.
        if (ch === '\u2028' || ch === '\u2029') parent.append('\n');
      } else {
        plain += ch;
      }
      i += len;
    }
    if (plain) parent.append(plain);
    return -1;
  }

  /**
   * A decoded payload as an element `tag` of class `cls` (plus `isolate`): its unsafe
   * characters as chips, cut with an ellipsis after MAX_PAYLOAD_CHIPS of them.
   */
  function payload(doc, tag, cls, text) {
    const box = doc.createElement(tag);
    box.className = cls ? `${cls} isolate` : 'isolate';
    if (render(box, text, (i, ch) => (UNSAFE.test(ch) ? 'unsafe' : null), MAX_PAYLOAD_CHIPS) >= 0) {
      box.append('…');
    }
    return box;
  }

  /**
   * A line of text from a message with one placeholder (`format(sub)` fills it), the payload
   * going into the placeholder as an isolated inline box of chips.
   */
  function payloadLine(doc, tag, cls, format, text) {
    const line = doc.createElement(tag);
    if (cls) line.className = cls;
    const mark = '\u0000';
    const [before, after = ''] = format(mark).split(mark);
    line.append(before, payload(doc, 'span', 'payload-text', text), after);
    return line;
  }

  /** Adds CSS to the stylesheets of a document or shadow root (the extension's pages). */
  function adopt(root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  globalThis.unmaskChips = Object.freeze({ hex, render, payload, payloadLine, adopt, CSS });
})();
