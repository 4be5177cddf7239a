/**
 * The UI helpers of every place unmask shows findings (the content script's cards and notices,
 * the popup, the checker): elements, the words and shapes of severities and kinds, characters
 * named as "U+200B ZERO WIDTH SPACE", and characters drawn as chips.
 *
 * Names come from the core (the wasm package's `char_names`): the background and the checker
 * ask it, and hand the names on as a table `{"U+200B": "ZERO WIDTH SPACE"}` (nameTable) for the
 * code points a view shows (namedCodePoints). No place keeps a table of Unicode names of its own.
 *
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
 * A classic script (content script, popup, checker; imported for its side effect by the
 * background module) that declares nothing but `globalThis.unmaskUi`; it builds elements with
 * createElement and textContent only.
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
  /** True for a character that cannot be shown as itself (UNSAFE): it needs a chip. */
  const cannotShow = (ch) => UNSAFE.test(ch);
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
   * drawn as a chip of that class (title: its Unicode name from `names`, see nameTable), at most
   * `max` chips; the rest of the text is appended as text. Returns the offset where the chips
   * ran out, or -1.
   */
  function render(parent, text, flag, max = Infinity, names = null) {
    const doc = parent.ownerDocument;
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
        chip.title = describeChar(hex(cp), names);
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
  function payload(doc, tag, cls, text, names) {
    const box = doc.createElement(tag);
    box.className = cls ? `${cls} isolate` : 'isolate';
    const unsafe = (i, ch) => (cannotShow(ch) ? 'unsafe' : null);
    if (render(box, text, unsafe, MAX_PAYLOAD_CHIPS, names) >= 0) {
      box.append('…');
    }
    return box;
  }

  /**
   * A decoded payload as text a person can paste anywhere and read: each character that
   * `payload` draws as a chip (controls, format and invisible characters) written as ⟨U+202E⟩,
   * so the copy carries no character that acts unseen. The raw text is a second, explicit choice.
   */
  function readable(text) {
    let out = '';
    for (const ch of text) out += cannotShow(ch) ? `⟨${hex(ch.codePointAt(0))}⟩` : ch;
    return out;
  }

  /**
   * A line of text from a message with one placeholder (`format(sub)` fills it), the payload
   * going into the placeholder as an isolated inline box of chips.
   */
  function payloadLine(doc, tag, cls, format, text, names) {
    const line = doc.createElement(tag);
    if (cls) line.className = cls;
    const mark = '\u0000';
    const [before, after = ''] = format(mark).split(mark);
    line.append(before, payload(doc, 'span', 'payload-text', text, names), after);
    return line;
  }

  /** Adds CSS to the stylesheets of a document or shadow root (the extension's pages). */
  function adopt(root) {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  /** An element of this document with a class and a text (textContent), each optional. */
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  /** The shape that tells a severity apart without its colour. */
  const shape = (sev) => (sev === 'high' ? '▲' : sev === 'medium' ? '◆' : '●');

  /**
   * The words of a page's language for severities and kinds, `t(key, subs)` being its message
   * lookup: `sevWord`, `kindWord`, and `sevLabel` ("▲ High").
   */
  function words(t) {
    const sevWord = (sev) => t(`severity_${sev}`) || sev;
    return Object.freeze({
      sevWord,
      kindWord: (kind) => t(`kind_${kind.replace(/-/g, '_')}`) || kind,
      sevLabel: (sev) => `${shape(sev)} ${sevWord(sev)}`,
    });
  }

  /** The code point of a report's "U+200B", or null. */
  function codeOf(u) {
    const cp = Number.parseInt(String(u).replace(/^U\+/i, ''), 16);
    return Number.isInteger(cp) && cp >= 0 && cp <= 0x10ffff ? cp : null;
  }

  /**
   * "U+200B ZERO WIDTH SPACE" for a report's "U+200B", the name from `names` (nameTable); the
   * code point alone where the table has none.
   * @param {string} u a code point as the report writes it
   */
  function describeChar(u, names) {
    const cp = codeOf(u);
    if (cp === null) return String(u);
    const code = hex(cp);
    const name = names && Object.hasOwn(names, code) ? names[code] : null;
    return typeof name === 'string' && name ? `${code} ${name}` : code;
  }

  /** Most code points one table names: what a view can show. */
  const MAX_NAMED = 4096;

  /**
   * The code points a view of findings names: each finding's `chars` ("U+200B"), and the
   * characters of decoded payload texts that are not printable ASCII (the ones chips can show).
   * @param {{chars: string[]}[]} findings
   * @param {(string|null)[]} texts
   * @returns {number[]} distinct, at most MAX_NAMED
   */
  function namedCodePoints(findings, texts) {
    const cps = new Set();
    for (const f of findings) {
      for (const u of f.chars ?? []) {
        const cp = codeOf(u);
        if (cp !== null) cps.add(cp);
      }
    }
    for (const t of texts) {
      for (const ch of typeof t === 'string' ? t : '') {
        const cp = ch.codePointAt(0);
        if (cp < 0x20 || cp > 0x7e) cps.add(cp);
        if (cps.size >= MAX_NAMED) break;
      }
    }
    return [...cps].slice(0, MAX_NAMED);
  }

  /** `{"U+200B": "ZERO WIDTH SPACE"}` from code points and the core's names of them. */
  function nameTable(cps, names) {
    const table = {};
    cps.forEach((cp, i) => {
      if (typeof names[i] === 'string') table[hex(cp)] = names[i];
    });
    return table;
  }

  globalThis.unmaskUi = Object.freeze({
    hex, render, payload, readable, payloadLine, adopt, CSS, el, shape, words, describeChar,
    namedCodePoints, nameTable, cannotShow,
  });
})();
