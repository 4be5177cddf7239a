/**
 * Unicode names of the characters unmask reports, for the cards ("U+200B ZERO WIDTH SPACE").
 *
 * The report gives code points only (`chars: ["U+200B"]`); the names here cover the characters
 * the core flags. Tags and variation selectors are computed; anything else shows its code point
 * alone. Names are Unicode's own (English in every UI language, as Unicode publishes them).
 */
'use strict';
(() => {
  const NAMES = new Map([
    [0x00a0, 'NO-BREAK SPACE'], [0x00ad, 'SOFT HYPHEN'], [0x034f, 'COMBINING GRAPHEME JOINER'],
    [0x061c, 'ARABIC LETTER MARK'], [0x115f, 'HANGUL CHOSEONG FILLER'],
    [0x1160, 'HANGUL JUNGSEONG FILLER'], [0x17b4, 'KHMER VOWEL INHERENT AQ'],
    [0x17b5, 'KHMER VOWEL INHERENT AA'], [0x180e, 'MONGOLIAN VOWEL SEPARATOR'],
    [0x2000, 'EN QUAD'], [0x2001, 'EM QUAD'], [0x2002, 'EN SPACE'], [0x2003, 'EM SPACE'],
    [0x2004, 'THREE-PER-EM SPACE'], [0x2005, 'FOUR-PER-EM SPACE'], [0x2006, 'SIX-PER-EM SPACE'],
    [0x2007, 'FIGURE SPACE'], [0x2008, 'PUNCTUATION SPACE'], [0x2009, 'THIN SPACE'],
    [0x200a, 'HAIR SPACE'], [0x200b, 'ZERO WIDTH SPACE'], [0x200c, 'ZERO WIDTH NON-JOINER'],
    [0x200d, 'ZERO WIDTH JOINER'], [0x200e, 'LEFT-TO-RIGHT MARK'], [0x200f, 'RIGHT-TO-LEFT MARK'],
    [0x2010, 'HYPHEN'], [0x2011, 'NON-BREAKING HYPHEN'], [0x2012, 'FIGURE DASH'],
    [0x2013, 'EN DASH'], [0x2014, 'EM DASH'], [0x2015, 'HORIZONTAL BAR'],
    [0x2018, 'LEFT SINGLE QUOTATION MARK'], [0x2019, 'RIGHT SINGLE QUOTATION MARK'],
    [0x201a, 'SINGLE LOW-9 QUOTATION MARK'], [0x201b, 'SINGLE HIGH-REVERSED-9 QUOTATION MARK'],
    [0x201c, 'LEFT DOUBLE QUOTATION MARK'], [0x201d, 'RIGHT DOUBLE QUOTATION MARK'],
    [0x2024, 'ONE DOT LEADER'], [0x2027, 'HYPHENATION POINT'], [0x2028, 'LINE SEPARATOR'],
    [0x2029, 'PARAGRAPH SEPARATOR'], [0x202a, 'LEFT-TO-RIGHT EMBEDDING'],
    [0x202b, 'RIGHT-TO-LEFT EMBEDDING'], [0x202c, 'POP DIRECTIONAL FORMATTING'],
    [0x202d, 'LEFT-TO-RIGHT OVERRIDE'], [0x202e, 'RIGHT-TO-LEFT OVERRIDE'],
    [0x202f, 'NARROW NO-BREAK SPACE'], [0x2032, 'PRIME'], [0x2044, 'FRACTION SLASH'],
    [0x205f, 'MEDIUM MATHEMATICAL SPACE'], [0x2060, 'WORD JOINER'],
    [0x2061, 'FUNCTION APPLICATION'], [0x2062, 'INVISIBLE TIMES'], [0x2063, 'INVISIBLE SEPARATOR'],
    [0x2064, 'INVISIBLE PLUS'], [0x2066, 'LEFT-TO-RIGHT ISOLATE'], [0x2067, 'RIGHT-TO-LEFT ISOLATE'],
    [0x2068, 'FIRST STRONG ISOLATE'], [0x2069, 'POP DIRECTIONAL ISOLATE'],
    [0x206a, 'INHIBIT SYMMETRIC SWAPPING'], [0x206b, 'ACTIVATE SYMMETRIC SWAPPING'],
    [0x206c, 'INHIBIT ARABIC FORM SHAPING'], [0x206d, 'ACTIVATE ARABIC FORM SHAPING'],
    [0x206e, 'NATIONAL DIGIT SHAPES'], [0x206f, 'NOMINAL DIGIT SHAPES'], [0x2215, 'DIVISION SLASH'],
    [0x2800, 'BRAILLE PATTERN BLANK'], [0x3000, 'IDEOGRAPHIC SPACE'], [0x3164, 'HANGUL FILLER'],
    [0xfeff, 'ZERO WIDTH NO-BREAK SPACE'], [0xff0f, 'FULLWIDTH SOLIDUS'],
    [0xffa0, 'HALFWIDTH HANGUL FILLER'], [0xfff9, 'INTERLINEAR ANNOTATION ANCHOR'],
    [0xfffa, 'INTERLINEAR ANNOTATION SEPARATOR'], [0xfffb, 'INTERLINEAR ANNOTATION TERMINATOR'],
    [0x0391, 'GREEK CAPITAL LETTER ALPHA'], [0x0392, 'GREEK CAPITAL LETTER BETA'],
    [0x0395, 'GREEK CAPITAL LETTER EPSILON'], [0x039f, 'GREEK CAPITAL LETTER OMICRON'],
    [0x03bf, 'GREEK SMALL LETTER OMICRON'], [0x0410, 'CYRILLIC CAPITAL LETTER A'],
    [0x0415, 'CYRILLIC CAPITAL LETTER IE'], [0x041e, 'CYRILLIC CAPITAL LETTER O'],
    [0x0420, 'CYRILLIC CAPITAL LETTER ER'], [0x0421, 'CYRILLIC CAPITAL LETTER ES'],
    [0x0430, 'CYRILLIC SMALL LETTER A'], [0x0435, 'CYRILLIC SMALL LETTER IE'],
    [0x043e, 'CYRILLIC SMALL LETTER O'], [0x0440, 'CYRILLIC SMALL LETTER ER'],
    [0x0441, 'CYRILLIC SMALL LETTER ES'], [0x0443, 'CYRILLIC SMALL LETTER U'],
    [0x0445, 'CYRILLIC SMALL LETTER HA'], [0x0456, 'CYRILLIC SMALL LETTER BYELORUSSIAN-UKRAINIAN I'],
  ]);
  const ASCII_PUNCT = {
    0x20: 'SPACE', 0x21: 'EXCLAMATION MARK', 0x22: 'QUOTATION MARK', 0x23: 'NUMBER SIGN',
    0x24: 'DOLLAR SIGN', 0x25: 'PERCENT SIGN', 0x26: 'AMPERSAND', 0x27: 'APOSTROPHE',
    0x28: 'LEFT PARENTHESIS', 0x29: 'RIGHT PARENTHESIS', 0x2a: 'ASTERISK', 0x2b: 'PLUS SIGN',
    0x2c: 'COMMA', 0x2d: 'HYPHEN-MINUS', 0x2e: 'FULL STOP', 0x2f: 'SOLIDUS', 0x3a: 'COLON',
    0x3b: 'SEMICOLON', 0x3c: 'LESS-THAN SIGN', 0x3d: 'EQUALS SIGN', 0x3e: 'GREATER-THAN SIGN',
    0x3f: 'QUESTION MARK', 0x40: 'COMMERCIAL AT', 0x5b: 'LEFT SQUARE BRACKET',
    0x5c: 'REVERSE SOLIDUS', 0x5d: 'RIGHT SQUARE BRACKET', 0x5e: 'CIRCUMFLEX ACCENT',
    0x5f: 'LOW LINE', 0x60: 'GRAVE ACCENT', 0x7b: 'LEFT CURLY BRACKET', 0x7c: 'VERTICAL LINE',
    0x7d: 'RIGHT CURLY BRACKET', 0x7e: 'TILDE',
  };
  const DIGITS = ['ZERO', 'ONE', 'TWO', 'THREE', 'FOUR', 'FIVE', 'SIX', 'SEVEN', 'EIGHT', 'NINE'];

  /** Name of an ASCII character, as the tag block spells it after "TAG ". */
  function asciiName(c) {
    if (c >= 0x41 && c <= 0x5a) return `LATIN CAPITAL LETTER ${String.fromCharCode(c)}`;
    if (c >= 0x61 && c <= 0x7a) return `LATIN SMALL LETTER ${String.fromCharCode(c - 32)}`;
    if (c >= 0x30 && c <= 0x39) return `DIGIT ${DIGITS[c - 0x30]}`;
    return ASCII_PUNCT[c] ?? null;
  }

  /**
   * The Unicode name of a code point, or null when unmask does not carry it.
   * @param {number} cp
   */
  function charName(cp) {
    if (NAMES.has(cp)) return NAMES.get(cp);
    if (cp === 0xe0001) return 'LANGUAGE TAG';
    if (cp === 0xe007f) return 'CANCEL TAG';
    if (cp >= 0xe0020 && cp <= 0xe007e) {
      const n = asciiName(cp - 0xe0000);
      return n ? `TAG ${n}` : null;
    }
    if (cp >= 0xfe00 && cp <= 0xfe0f) return `VARIATION SELECTOR-${cp - 0xfe00 + 1}`;
    if (cp >= 0xe0100 && cp <= 0xe01ef) return `VARIATION SELECTOR-${cp - 0xe0100 + 17}`;
    if ((cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xf0000 && cp <= 0x10fffd)) {
      return 'PRIVATE USE CHARACTER';
    }
    if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return 'NONCHARACTER';
    return null;
  }

  /**
   * "U+200B ZERO WIDTH SPACE" for a report's "U+200B".
   * @param {string} u a code point as the report writes it
   */
  function describeChar(u) {
    const cp = Number.parseInt(String(u).replace(/^U\+/i, ''), 16);
    if (!Number.isFinite(cp)) return String(u);
    const name = charName(cp);
    const code = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    return name ? `${code} ${name}` : code;
  }

  globalThis.unmaskChars = Object.freeze({ charName, describeChar });
})();
