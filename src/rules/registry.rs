//! The rule registry: one row per rule, the only place a rule's id is written.
//!
//! A rule module judges characters and emits [`Hit`](super::Hit)s naming a [`Rule`]; what a
//! rule *is* (its stable id, its kind, its usual severity, what it means, its explanation in
//! every language, how `clean` rewrites what it flags, which usual judgement of its kind it is)
//! is data, kept here. A new rule is a new variant and a new row, one line: `own(...)` takes
//! every field, so a rule without an explanation or a clean policy does not compile; `usual(role)`
//! gives a family rule the texts its role shares with the other kinds; `family` declares the five
//! usual rules of a kind at once. `explain`, `clean`, `unmask rules` and the SARIF rules all read
//! the same row, and the rules that judge characters ask [`Rule::usual`] for a kind's rule.

use crate::report::{Kind, Severity};
use Severity::{High, Low, Medium};

/// How `clean` rewrites the characters a rule flags (those of `medium` and `high` findings).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clean {
    /// Each character by its kind: invisible ones removed, unusual spaces written as U+0020,
    /// look-alikes as the character they imitate.
    Normalise,
    /// As [`Clean::Normalise`], look-alikes written as the form the rest of the text uses.
    Prevailing,
    /// As [`Clean::Normalise`], look-alikes written as this character.
    Write(char),
    /// As [`Clean::Normalise`], letters written as their look-alike in the word's own script
    /// (Cyrillic or Greek).
    WordScript,
    /// The whole span removed.
    Remove,
    /// The whole span removed, even when `low`: no text needs these characters.
    RemoveAlways,
    /// Left as it is: the finding is about how the input was read, not a character in it.
    Keep,
}

impl Clean {
    /// How `unmask rules` says it.
    pub fn describe(self) -> String {
        let when = "when medium or high";
        match self {
            Clean::Normalise => format!("{when}: invisible characters removed, unusual spaces as U+0020, look-alikes as what they imitate"),
            Clean::Prevailing => format!("{when}: written as the form the rest of the text uses"),
            Clean::Write(c) => format!("{when}: written as {c:?} ({})", crate::report::code_point_label(c)),
            Clean::WordScript => format!("{when}: letters written in the script of their word"),
            Clean::Remove => format!("{when}: removed"),
            Clean::RemoveAlways => "removed, whatever the severity".to_owned(),
            Clean::Keep => "left as it is".to_owned(),
        }
    }
}

/// What the registry knows of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// The stable id, `kind/what`, for allowlists and baselines.
    pub id: &'static str,
    /// The kind of the characters it flags.
    pub kind: Kind,
    /// The severity the rule usually gives; context (runs, payloads) can raise it.
    pub severity: Severity,
    /// What a finding of this rule means, in one sentence (English); `{kind}` stands for
    /// [`Kind::describe`].
    pub means: &'static str,
    /// How `clean` rewrites what it flags.
    pub clean: Clean,
    /// Which usual judgements of its kind the rule is ([`Rule::usual`]).
    pub roles: Roles,
    /// The explanation template in English: `{what}` is the characters named; `{word}`,
    /// `{usual}`, `{code}`, `{n}`, `{imitates}`, `{first}`, `{s}` what the finding carries.
    pub en: &'static str,
    /// The same in Simplified Chinese.
    pub zh: &'static str,
}

/// What a finding means (`{kind}` stands for [`Kind::describe`]) and its explanation in English
/// and Simplified Chinese: the texts of the usual judgements, which several rows share.
struct Texts {
    means: &'static str,
    en: &'static str,
    zh: &'static str,
}

const STANDALONE: Texts = Texts { means: "{kind}, where nothing in the surrounding text needs it", en: "{what} where nothing in the surrounding text needs it; invisible and look-alike characters can carry hidden marks.", zh: "{what}出现在周围文本并不需要的位置；不可见或形近字符可能携带隐藏标记。" };
const INSIDE_WORD: Texts = Texts { means: "{kind}, inside or beside an ASCII word or identifier, where no script needs them (but a lone mark in a catalogue's translator credits, which no program reads)", en: "{what} inside or beside the word \"{word}\"; no script needs them there. Invisible characters in a word can carry hidden data or make two identifiers look the same.", zh: "{what}位于单词“{word}”之中或旁边；这里的文字不需要它们。单词中的不可见字符可能携带隐藏数据，或让两个标识符看起来相同。" };
const RUN: Texts = Texts { means: "{kind}, in a run of ten or more (or a long cluster): how hidden data is carried", en: "{what} in one run; no writing system needs so many in a row. This is how hidden data is carried.", zh: "{what}连续出现；没有任何文字需要这么多连续的不可见字符。隐藏数据通常就是这样携带的。" };
const ALPHABET: Texts = Texts { means: "{kind}, alternating with others of their paragraph like the digits of a code", en: "{what}, part of {n} invisible characters in this passage that alternate like the digits of a code.", zh: "{what}，属于本段中 {n} 个像编码数字一样交替出现的不可见字符。" };
const PAYLOAD: Texts = Texts {
    means: "{kind}, carrying a payload decoded in the same report",
    en: "{what}: these characters carry the hidden payload decoded in this report.",
    zh: "{what}：这些字符携带了本报告中解码出的隐藏内容。",
};

const DATE_MARKER_EN: &str = "{what} in the date line \"Today's date is …\": which look-alike is used encodes facts about the user (the 2026 date-line marker).";
const DATE_MARKER_ZH: &str = "{what}出现在日期行“Today's date is …”中：所用的形近字符编码了有关用户的信息（2026 年日期行标记）。";

/// The usual judgements of a character kind, as bits: a rule's row says which it is for its
/// kind, and [`Rule::usual`] finds the rule of a kind for one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roles(u8);

impl Roles {
    /// None of them: a rule of its own.
    pub const NONE: Roles = Roles(0);
    /// Characters where nothing around them needs them.
    pub const STANDALONE: Roles = Roles(1);
    /// Characters in or beside an ASCII word.
    pub const INSIDE_WORD: Roles = Roles(1 << 1);
    /// Characters in a run.
    pub const RUN: Roles = Roles(1 << 2);
    /// Characters alternating like the digits of a code.
    pub const ALPHABET: Roles = Roles(1 << 3);
    /// Characters carrying a decoded payload.
    pub const PAYLOAD: Roles = Roles(1 << 4);
    /// How many single roles there are.
    const COUNT: usize = 5;

    /// Both sets of roles.
    pub const fn and(self, other: Roles) -> Roles {
        Roles(self.0 | other.0)
    }

    /// Whether the single role `i` (0 for [`Roles::STANDALONE`] … 4 for [`Roles::PAYLOAD`]) is
    /// among these.
    const fn has_index(self, i: usize) -> bool {
        self.0 & (1 << i) != 0
    }
}

/// The row of a family rule: its severity, clean policy and texts are the usual ones of `role`.
const fn usual(id: &'static str, kind: Kind, role: Roles) -> Row {
    let (severity, texts) = match role.0.trailing_zeros() {
        0 => (Medium, STANDALONE),
        1 => (High, INSIDE_WORD),
        2 => (High, RUN),
        3 => (High, ALPHABET),
        _ => (High, PAYLOAD),
    };
    let Texts { means, en, zh } = texts;
    own(id, kind, severity, Clean::Normalise, role, means, en, zh)
}

/// A row with every field given: a rule without an explanation or a clean policy does not
/// compile.
#[allow(clippy::too_many_arguments)]
const fn own(
    id: &'static str,
    kind: Kind,
    severity: Severity,
    clean: Clean,
    roles: Roles,
    means: &'static str,
    en: &'static str,
    zh: &'static str,
) -> Row {
    Row {
        id,
        kind,
        severity,
        means,
        clean,
        roles,
        en,
        zh,
    }
}

/// Declares [`Rule`] with one row per variant, and [`Rule::ALL`] in the same order. A row is
/// `Variant => "id", Kind, usual(role);` (a family rule with the usual texts of its role) or
/// `Variant => "id", Kind, own(severity, clean, roles, means, en, zh);`; a line
/// `family Kind "prefix": Standalone, InsideWord, Run, Alphabet, Payload;` is the five usual rows
/// of a kind, with the ids `prefix/standalone`, `prefix/inside-ascii-word`, `prefix/run`,
/// `prefix/alphabet` and `prefix/payload`.
macro_rules! registry {
    (@rows [$($done:tt)*]) => { registry!(@emit $($done)*); };
    (@rows [$($done:tt)*] family $kind:ident $prefix:literal:
        $s:ident, $i:ident, $r:ident, $a:ident, $p:ident; $($rest:tt)*) => {
        registry!(@rows [$($done)*
            [] $s (concat!($prefix, "/standalone")) $kind usual(Roles::STANDALONE);
            [] $i (concat!($prefix, "/inside-ascii-word")) $kind usual(Roles::INSIDE_WORD);
            [] $r (concat!($prefix, "/run")) $kind usual(Roles::RUN);
            [] $a (concat!($prefix, "/alphabet")) $kind usual(Roles::ALPHABET);
            [] $p (concat!($prefix, "/payload")) $kind usual(Roles::PAYLOAD);
        ] $($rest)*);
    };
    (@rows [$($done:tt)*] $(#[$doc:meta])* $rule:ident => $id:literal, $kind:ident,
        $body:ident($($arg:expr),*); $($rest:tt)*) => {
        registry!(@rows [$($done)* [$(#[$doc])*] $rule ($id) $kind $body($($arg),*);] $($rest)*);
    };
    (@emit $([$(#[$doc:meta])*] $rule:ident ($($id:tt)*) $kind:ident
        $body:ident($($arg:expr),*);)*) => {
        /// Every rule unmask knows, one variant each.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $( #[doc = concat!("`", $($id)*, "`")] $(#[$doc])* $rule, )*
        }

        impl Rule {
            /// Every rule, in the registry's order.
            pub const ALL: &'static [Rule] = &[$( Rule::$rule, )*];

            /// The rule's row.
            pub const fn row(self) -> &'static Row {
                match self {
                    $( Rule::$rule => &const { $body($($id)*, Kind::$kind, $($arg),*) }, )*
                }
            }
        }
    };
    ($($rows:tt)*) => { registry!(@rows [] $($rows)*); };
}

registry! {
    family ZeroWidth "zero-width": ZeroWidthStandalone, ZeroWidthInsideWord, ZeroWidthRun, ZeroWidthAlphabet, ZeroWidthPayload;

    TagOutsideFlag => "tag/outside-flag", Tag, own(High, Clean::Normalise, Roles::STANDALONE.and(Roles::INSIDE_WORD), "tag characters outside an emoji flag: they spell ASCII that people cannot see but programs and AI models read", "{what}: Unicode tag characters outside an emoji flag. They spell ASCII text that people cannot see but AI models and programs read.", "{what}：出现在表情旗帜之外的 Unicode 标签字符。它们拼出人眼看不见、但 AI 模型和程序能读取的 ASCII 文本。");
    TagNonRgiFlag => "tag/non-rgi-flag", Tag, own(Medium, Clean::Normalise, Roles::NONE, "a well-formed subdivision flag few systems display: its tags could carry a mark", "{what}: a subdivision flag for \"{code}\" that few systems display; its tag characters could carry a mark.", "{what}：代码为“{code}”的地区旗帜，很少有系统能显示；其标签字符可能携带标记。");
    TagRun => "tag/run", Tag, own(High, Clean::Normalise, Roles::RUN.and(Roles::ALPHABET), RUN.means, RUN.en, RUN.zh);
    TagPayload => "tag/payload", Tag, usual(Roles::PAYLOAD);

    SelectorStandalone => "variation-selector/standalone", VariationSelector, own(Medium, Clean::Normalise, Roles::STANDALONE, "a variation selector on a base that has no such variant", STANDALONE.en, STANDALONE.zh);
    SelectorInsideWord => "variation-selector/inside-ascii-word", VariationSelector, usual(Roles::INSIDE_WORD);
    SelectorRun => "variation-selector/run", VariationSelector, usual(Roles::RUN);
    SelectorAlphabet => "variation-selector/alphabet", VariationSelector, usual(Roles::ALPHABET);
    SelectorPayload => "variation-selector/payload", VariationSelector, usual(Roles::PAYLOAD);
    SelectorStacked => "variation-selector/stacked", VariationSelector, own(High, Clean::Normalise, Roles::NONE, "two or more variation selectors on one character, which takes at most one: selector smuggling", "{what} on one character. A character takes at most one variation selector; more carry data (variation-selector smuggling).", "{what}附在同一个字符上。一个字符最多只接受一个变体选择符；多余的用于携带数据（变体选择符走私）。");
    SelectorAfterAsciiLetter => "variation-selector/after-ascii-letter", VariationSelector, own(High, Clean::Normalise, Roles::NONE, "a variation selector after an ASCII letter, which has no variants to select", "{what} after an ASCII letter, which has no variants to select.", "{what}位于 ASCII 字母之后，而 ASCII 字母没有可选的变体。");

    BidiStandalone => "bidi-control/standalone", BidiControl, own(Medium, Clean::Normalise, Roles::STANDALONE, "a bidirectional control in a text with no right-to-left line", STANDALONE.en, STANDALONE.zh);
    BidiInsideWord => "bidi-control/inside-ascii-word", BidiControl, usual(Roles::INSIDE_WORD);
    BidiRun => "bidi-control/run", BidiControl, usual(Roles::RUN);
    BidiPayload => "bidi-control/payload", BidiControl, usual(Roles::PAYLOAD);
    BidiOverride => "bidi-control/override", BidiControl, own(High, Clean::Normalise, Roles::NONE, "a direction override outside right-to-left text: the text displays in another order than programs read it (Trojan Source)", "{what}: a direction override outside right-to-left text. It makes text display in another order than programs read it (Trojan Source).", "{what}：出现在非从右到左文本中的方向覆盖符。它让文本的显示顺序与程序读取的顺序不同（Trojan Source 攻击）。");
    BidiOpenInCode => "bidi-control/open-in-code", BidiControl, own(High, Clean::Normalise, Roles::NONE, "a bidirectional control left open in a line of code, which then displays in another order than it runs (Trojan Source)", "{what} left open in a line of code, so the code displays in another order than it runs (Trojan Source).", "{what}在代码行中未闭合，使代码显示的顺序与执行的顺序不同（Trojan Source 攻击）。");
    BidiInsideIdentifier => "bidi-control/inside-identifier", BidiControl, own(High, Clean::Normalise, Roles::NONE, "a bidirectional control inside an identifier or address, where no direction change belongs", "{what} inside the identifier or address \"{word}\", where no direction change belongs.", "{what}位于标识符或地址“{word}”之中，这里不应有方向变化。");

    family InvisibleOperator "invisible-operator": OperatorStandalone, OperatorInsideWord, OperatorRun, OperatorAlphabet, OperatorPayload;

    family Filler "filler": FillerStandalone, FillerInsideWord, FillerRun, FillerAlphabet, FillerPayload;

    family FormatControl "format-control": FormatStandalone, FormatInsideWord, FormatRun, FormatAlphabet, FormatPayload;
    /// See `rules/nul.rs`.
    Nul => "format-control/nul", FormatControl, own(Low, Clean::RemoveAlways, Roles::NONE, "a run of NULs: grep, git and code review then treat the file as binary and show none of it", "{what}: a NUL makes grep, git and code review treat the whole file as binary and show none of it, while an AI agent still reads its text. No text needs it.", "{what}：NUL 会让 grep、git 和代码审查把整个文件当作二进制文件而不显示其内容，而 AI 代理仍会读取其中的文本。任何文本都不需要它。");
    NulAmongFindings => "format-control/nul-among-findings", FormatControl, own(Medium, Clean::RemoveAlways, Roles::NONE, "a run of NULs in a text with other findings, which review tools then do not show", "{what} in a text that has other findings: a NUL makes grep, git and code review treat the file as binary, so they show none of those findings, while an AI agent still reads them.", "{what}出现在含有其他发现的文本中：NUL 会让 grep、git 和代码审查把文件当作二进制文件，因而看不到这些发现，而 AI 代理仍会读取它们。");
    /// How the input was read (`input.rs`), not a character.
    Binary => "format-control/binary", FormatControl, own(Low, Clean::Keep, Roles::NONE, "the input is binary (NUL bytes, no UTF-16 byte-order mark, not UTF-8 or mostly control bytes) and was read as UTF-8", "The input holds NUL bytes, has no UTF-16 byte-order mark, and is not valid UTF-8 or is mostly control bytes: it is binary data, not text, and `clean` leaves it alone. It was read as UTF-8, invalid bytes replaced, so offsets refer to that reading.", "输入含有 NUL 字节，没有 UTF-16 字节顺序标记，且不是有效的 UTF-8 或大部分是控制字节：这是二进制数据，不是文本，`clean` 不会改动它。它按 UTF-8 读取，无效字节已被替换，偏移量指这一读法。");
    InvalidUtf8 => "format-control/invalid-utf8", FormatControl, own(Low, Clean::Keep, Roles::NONE, "the input is not valid UTF-8: invalid sequences were replaced by U+FFFD", "The input is not valid UTF-8: the first invalid sequence is at byte {first}, {n} invalid sequence{s} in all, each replaced by U+FFFD; offsets refer to the text as decoded.", "输入不是有效的 UTF-8：第一个无效序列位于第 {first} 字节，共 {n} 个无效序列，均已替换为 U+FFFD；偏移量指解码后的文本。");
    InvalidUtf16 => "format-control/invalid-utf16", FormatControl, own(Low, Clean::Keep, Roles::NONE, "the input is UTF-16 with unpaired surrogates or an odd trailing byte, replaced by U+FFFD", "The input is UTF-16 with {n} unpaired surrogate{s} or odd trailing byte, each replaced by U+FFFD.", "输入是 UTF-16，含 {n} 个不成对的代理项或多余的末尾字节，均已替换为 U+FFFD。");

    SpaceBetweenWords => "space/between-words", Space, own(Medium, Clean::Normalise, Roles::NONE, "an unusual space between words where an ordinary space is expected: the choice can carry a mark", "{what} between words where an ordinary space is expected; the choice of space can carry a mark.", "{what}出现在本应是普通空格的词间；空格种类的选择可以携带标记。");
    SpaceAlternating => "space/alternating", Space, own(Medium, Clean::Normalise, Roles::NONE, "kinds of space alternating between the words of a passage like the digits of a code", "{what}: different kinds of space alternate between the words of this passage, like the digits of a code.", "{what}：本段词间交替使用不同种类的空格，像编码的数字一样。");
    SpaceMixedRun => "space/mixed-run", Space, own(Medium, Clean::Remove, Roles::NONE, "several kinds of unusual space side by side, like the digits of a number", "{what}: several kinds of unusual space side by side, which no layout needs; tools such as textwatermark write a number's digits this way.", "{what}：多种特殊空格紧挨在一起，排版不需要这样；textwatermark 等工具就是这样写入数字的各位。");
    SpacePayload => "space/payload", Space, usual(Roles::PAYLOAD);

    TrailingWhitespace => "whitespace/trailing", Whitespace, own(Medium, Clean::Remove, Roles::NONE, "trailing whitespace holding tabs or unusual spaces, as SNOW hides data in line ends", "trailing whitespace holding tabs or unusual spaces ({what}); tools such as SNOW hide data in line ends this way.", "行尾空白中含有制表符或特殊空格（{what}）；SNOW 等工具就是这样在行尾隐藏数据的。");
    WhitespacePayload => "whitespace/payload", Whitespace, own(High, Clean::Remove, Roles::PAYLOAD, PAYLOAD.means, PAYLOAD.en, PAYLOAD.zh);

    ModifierApostrophe => "homoglyph-quote/modifier-apostrophe", HomoglyphQuote, own(Medium, Clean::Prevailing, Roles::NONE, "a look-alike apostrophe where the rest of the text writes another: it can mark one copy of a text", "{what} used as an apostrophe where the rest of the text writes {usual}; a look-alike apostrophe can mark one copy of a text.", "{what}被用作撇号，而全文其余地方写作 {usual}；形近的撇号可以标记某一份文本副本。");
    AlternatingApostrophes => "homoglyph-quote/alternating-apostrophes", HomoglyphQuote, own(High, Clean::Prevailing, Roles::NONE, "straight and curly apostrophes alternating regularly, a pattern that can spell a watermark", "{what}: straight and curly apostrophes alternate regularly in this text (the rest write {usual}); such a pattern can spell a watermark.", "{what}：本文中直撇号与弯撇号有规律地交替（其余写作 {usual}）；这种模式可以拼出水印。");
    /// See `rules/date_marker.rs`.
    DateMarkerApostrophe => "homoglyph-quote/date-marker", HomoglyphQuote, own(High, Clean::Write('\''), Roles::NONE, "the apostrophe of the 2026 date line \"Today's date is …\", whose look-alike encodes facts about the user", DATE_MARKER_EN, DATE_MARKER_ZH);
    QuotePayload => "homoglyph-quote/payload", HomoglyphQuote, usual(Roles::PAYLOAD);

    SeparatorInconsistent => "separator/inconsistent", Separator, own(Medium, Clean::Prevailing, Roles::NONE, "a look-alike separator between digits where the text's other dates and numbers use another", "{what} between digits where the text's other dates and numbers use {usual}.", "{what}位于数字之间，而全文其他日期和数字使用 {usual}。");
    DateMarkerSeparator => "separator/date-marker", Separator, own(High, Clean::Write('-'), Roles::NONE, "a date separator of the 2026 date line \"Today's date is …\", whose choice encodes facts about the user", DATE_MARKER_EN, DATE_MARKER_ZH);
    SeparatorPayload => "separator/payload", Separator, usual(Roles::PAYLOAD);

    MixedScriptWord => "confusable/mixed-script-word", Confusable, own(Medium, Clean::Normalise, Roles::NONE, "a letter of another script inside a Latin word, looking like a Latin one: it can mark one copy of a text", "{what} inside the Latin word \"{word}\": it looks like \"{imitates}\" but is a letter of another script. Swapped letters can mark one copy of a text.", "{what}位于拉丁单词“{word}”中：它看起来像“{imitates}”，却是另一种文字的字母。替换字母可以标记某一份文本副本。");
    MixedScriptWords => "confusable/mixed-script-words", Confusable, own(Medium, Clean::WordScript, Roles::NONE, "Latin look-alikes inside words of another script, in a paragraph with several such words", "{what} in the word \"{word}\", one of several words in this paragraph that mix look-alike letters of two scripts.", "{what}位于单词“{word}”中；本段有多个单词混用了两种文字的形近字母。");
    ConfusableInIdentifier => "confusable/in-identifier", Confusable, own(High, Clean::Normalise, Roles::NONE, "a look-alike letter inside an address or identifier, which then leads somewhere else than it seems", "{what} inside the address or identifier \"{word}\": it looks like \"{imitates}\", so the name leads somewhere else than it seems.", "{what}位于地址或标识符“{word}”中：它看起来像“{imitates}”，因此该名称指向的地方与看上去的不同。");
    ConfusablePayload => "confusable/payload", Confusable, usual(Roles::PAYLOAD);

    /// See `rules/escapes.rs`.
    EscapedSingle => "escaped/single", Escaped, own(Low, Clean::Keep, Roles::NONE, "one or two escapes of hidden characters, fewer than ten of one character (`&emsp;&emsp;&emsp;`), up to three spaces, or fewer than ten bidi controls beside right-to-left letters: code and markup mention, space and set direction with them now and then", STANDALONE.en, STANDALONE.zh);
    EscapedRun => "escaped/run", Escaped, own(Medium, Clean::Keep, Roles::NONE, "three or more escapes of hidden characters in a row, mixing characters (ten or more: high), how payloads hide in prompts", RUN.en, RUN.zh);
    EscapedTag => "escaped/tag", Escaped, own(High, Clean::Keep, Roles::NONE, "escaped tag characters outside a subdivision flag or a pattern, which have no innocent reading", STANDALONE.en, STANDALONE.zh);
    EscapedListed => "escaped/listed", Escaped, own(Low, Clean::Keep, Roles::NONE, "escapes of hidden characters that code lists (a character class, the alternatives of a pattern, distinct characters side by side): a description, unless they decode", "{what}, listed as code lists characters (a character class, the alternatives of a pattern, a set of distinct characters): a description of them rather than text that carries them.", "{what}以代码列举字符的方式出现（字符类、模式的备选项、一组互不相同的字符）：这是对这些字符的描述，而不是携带它们的文本。");
    /// Escapes raised by the payload they decode to: the only escapes `clean` removes.
    EscapedPayload => "escaped/payload", Escaped, own(High, Clean::Remove, Roles::PAYLOAD, PAYLOAD.means, PAYLOAD.en, PAYLOAD.zh);
}

impl Rule {
    /// The stable id, `kind/what`.
    pub const fn id(self) -> &'static str {
        self.row().id
    }

    /// The kind of what the rule flags.
    pub const fn kind(self) -> Kind {
        self.row().kind
    }

    /// What the rule means and how `clean` treats what it flags, in two sentences (English):
    /// the help text of `unmask rules` and of the SARIF rules.
    pub fn help(self) -> String {
        let mut means = self.means();
        if let Some(first) = means.get_mut(..1) {
            first.make_ascii_uppercase();
        }
        format!("{means}. Clean: {}.", self.row().clean.describe())
    }

    /// What a finding of this rule means, in one sentence (English).
    pub fn means(self) -> String {
        let row = self.row();
        row.means.replace("{kind}", row.kind.describe())
    }

    /// The rule with this id.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.id() == id)
    }

    /// The rule of `kind` for the usual judgement `role` (a single role): the one whose row
    /// says so, or the format-control rule of that role when `kind` has none.
    pub fn usual(kind: Kind, role: Roles) -> Rule {
        USUAL[kind as usize][role.0.trailing_zeros() as usize % Roles::COUNT]
    }
}

/// How many kinds there are.
const KINDS: usize = Kind::Noncharacter as usize + 1;

/// `USUAL[kind][i]`: the rule of each kind for each single role, read from the rows at compile
/// time: format control's rules for every kind first, then each kind's own.
const USUAL: [[Rule; Roles::COUNT]; KINDS] = {
    let mut table = [[Rule::FormatStandalone; Roles::COUNT]; KINDS];
    let mut pass = 0;
    while pass < 2 {
        let mut r = 0;
        while r < Rule::ALL.len() {
            let row = Rule::ALL[r].row();
            let format = row.kind as usize == Kind::FormatControl as usize;
            let mut i = 0;
            while i < Roles::COUNT {
                if row.roles.has_index(i) {
                    let mut k = if pass == 0 { 0 } else { row.kind as usize };
                    let end = if pass == 0 { KINDS } else { k + 1 };
                    while k < end && (pass == 1 || format) {
                        table[k][i] = Rule::ALL[r];
                        k += 1;
                    }
                }
                i += 1;
            }
            r += 1;
        }
        pass += 1;
    }
    table
};

/// Declares the shorthands for [`Rule::usual`], one per role.
macro_rules! usual_fns {
    ($($what:literal $name:ident: $role:ident;)*) => {
        impl Rule {
            $( #[doc = concat!("The rule for characters of `kind` ", $what, ".")]
            pub fn $name(kind: Kind) -> Rule { Rule::usual(kind, Roles::$role) } )*
        }
    };
}

usual_fns! {
    "where nothing around them needs them" standalone: STANDALONE;
    "in or beside an ASCII word" inside_word: INSIDE_WORD; "in a run" run: RUN;
    "that alternate like an alphabet (bidi controls never do)" alphabet: ALPHABET;
    "that carry a decoded payload" payload: PAYLOAD;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_name_their_kind() {
        for (i, rule) in Rule::ALL.iter().enumerate() {
            let row = rule.row();
            assert_eq!(
                Rule::from_id(row.id),
                Some(*rule),
                "{} is not unique",
                row.id
            );
            assert_eq!(Rule::ALL[i], *rule);
            let (kind, what) = row.id.split_once('/').unwrap();
            assert_eq!(kind, row.kind.as_str(), "{}", row.id);
            assert!(
                !what.is_empty()
                    && what
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'-' || b.is_ascii_digit())
            );
        }
        assert_eq!(Rule::from_id("zero-width/stand-alone"), None);
        assert_eq!(
            Rule::DateMarkerSeparator.help(),
            "A date separator of the 2026 date line \"Today's date is …\", whose choice encodes facts about the user. Clean: when medium or high: written as '-' (U+002D)."
        );
    }

    #[test]
    fn every_rule_is_explained_in_every_language() {
        for rule in Rule::ALL {
            let row = rule.row();
            assert!(!row.means.is_empty(), "{}", row.id);
            assert_ne!(row.en, row.zh, "{}", row.id);
            let placeholders = |s: &str| {
                let mut names: Vec<String> = s
                    .split('{')
                    .skip(1)
                    .filter_map(|p| p.split_once('}').map(|(n, _)| n.to_owned()))
                    .filter(|n| n != "s")
                    .collect();
                names.sort();
                names
            };
            assert_eq!(placeholders(row.en), placeholders(row.zh), "{}", row.id);
        }
    }

    #[test]
    fn a_kind_has_at_most_one_rule_for_each_role() {
        for rule in Rule::ALL {
            for i in (0..Roles::COUNT).filter(|&i| rule.row().roles.has_index(i)) {
                let role = Roles(1 << i);
                assert_eq!(Rule::usual(rule.kind(), role), *rule, "{}", rule.id());
            }
        }
        assert_eq!(Rule::alphabet(Kind::BidiControl), Rule::FormatAlphabet);
        assert_eq!(Rule::run(Kind::Tag), Rule::TagRun);
        assert_eq!(Rule::alphabet(Kind::Tag), Rule::TagRun);
        assert_eq!(Rule::payload(Kind::Escaped), Rule::EscapedPayload);
        assert_eq!(Rule::ZeroWidthRun.id(), "zero-width/run");
    }

    #[test]
    fn the_family_rules_keep_their_kind() {
        for kind in Rule::ALL.iter().map(|r| r.kind()) {
            assert_eq!(Rule::payload(kind).kind(), kind);
            if !kind.is_invisible() {
                continue;
            }
            for rule in [
                Rule::standalone(kind),
                Rule::inside_word(kind),
                Rule::run(kind),
            ] {
                assert_eq!(rule.kind(), kind, "{}", rule.id());
            }
            if kind != Kind::BidiControl {
                assert_eq!(Rule::alphabet(kind).kind(), kind);
            }
        }
    }
}
