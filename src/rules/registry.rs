//! The rule registry: one row per rule, the only place a rule's id is written.
//!
//! A rule module judges characters and emits [`Hit`](super::Hit)s naming a [`Rule`]; what a
//! rule *is* (its stable id, its kind, its usual severity, what it means, its explanation in
//! every language, how `clean` rewrites what it flags) is data, kept here. A new rule is a new
//! variant and a new row: the row is a struct literal, so a rule without an explanation or a
//! clean policy does not compile, and `explain`, `clean`, `unmask rules` and the SARIF rules
//! all read the same row.

use crate::report::{Kind, Severity};

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
    /// The explanation template in English: `{what}` is the characters named; `{word}`,
    /// `{usual}`, `{code}`, `{n}`, `{imitates}`, `{first}`, `{s}` what the finding carries.
    pub en: &'static str,
    /// The same in Simplified Chinese.
    pub zh: &'static str,
}

const GENERIC_EN: &str = "{what} where nothing in the surrounding text needs it; invisible and look-alike characters can carry hidden marks.";
const GENERIC_ZH: &str = "{what}出现在周围文本并不需要的位置；不可见或形近字符可能携带隐藏标记。";
const INSIDE_WORD_EN: &str = "{what} inside or beside the word \"{word}\"; no script needs them there. Invisible characters in a word can carry hidden data or make two identifiers look the same.";
const INSIDE_WORD_ZH: &str = "{what}位于单词“{word}”之中或旁边；这里的文字不需要它们。单词中的不可见字符可能携带隐藏数据，或让两个标识符看起来相同。";
const RUN_EN: &str = "{what} in one run; no writing system needs so many in a row. This is how hidden data is carried.";
const RUN_ZH: &str =
    "{what}连续出现；没有任何文字需要这么多连续的不可见字符。隐藏数据通常就是这样携带的。";
const ALPHABET_EN: &str = "{what}, part of {n} invisible characters in this passage that alternate like the digits of a code.";
const ALPHABET_ZH: &str = "{what}，属于本段中 {n} 个像编码数字一样交替出现的不可见字符。";
const PAYLOAD_EN: &str =
    "{what}: these characters carry the hidden payload decoded in this report.";
const PAYLOAD_ZH: &str = "{what}：这些字符携带了本报告中解码出的隐藏内容。";
const DATE_MARKER_EN: &str = "{what} in the date line \"Today's date is …\": which look-alike is used encodes facts about the user (the 2026 date-line marker).";
const DATE_MARKER_ZH: &str = "{what}出现在日期行“Today's date is …”中：所用的形近字符编码了有关用户的信息（2026 年日期行标记）。";

const STANDALONE: &str = "{kind}, where nothing in the surrounding text needs it";
const INSIDE_WORD: &str =
    "{kind}, inside or beside an ASCII word or identifier, where no script needs them";
const RUN: &str = "{kind}, in a run of ten or more (or a long cluster): how hidden data is carried";
const ALPHABET: &str =
    "{kind}, alternating with others of their paragraph like the digits of a code";
const PAYLOAD: &str = "{kind}, carrying a payload decoded in the same report";

/// Declares [`Rule`] with one row per variant, and [`Rule::ALL`] in the same order.
macro_rules! registry {
    ($( $(#[$doc:meta])* $rule:ident => $id:literal, $kind:ident, $severity:ident, $clean:expr, $means:expr, $en:expr, $zh:expr; )*) => {
        /// Every rule unmask knows, one variant each.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $( #[doc = concat!("`", $id, "`")] $(#[$doc])* $rule, )*
        }

        impl Rule {
            /// Every rule, in the registry's order.
            pub const ALL: &'static [Rule] = &[$( Rule::$rule, )*];

            /// The rule's row.
            pub const fn row(self) -> &'static Row {
                match self {
                    $( Rule::$rule => &Row {
                        id: $id,
                        kind: Kind::$kind,
                        severity: Severity::$severity,
                        clean: $clean,
                        means: $means,
                        en: $en,
                        zh: $zh,
                    }, )*
                }
            }
        }
    };
}

registry! {
    ZeroWidthStandalone => "zero-width/standalone", ZeroWidth, Medium, Clean::Normalise,
        STANDALONE, GENERIC_EN, GENERIC_ZH;
    ZeroWidthInsideWord => "zero-width/inside-ascii-word", ZeroWidth, High, Clean::Normalise,
        INSIDE_WORD, INSIDE_WORD_EN, INSIDE_WORD_ZH;
    ZeroWidthRun => "zero-width/run", ZeroWidth, High, Clean::Normalise,
        RUN, RUN_EN, RUN_ZH;
    ZeroWidthAlphabet => "zero-width/alphabet", ZeroWidth, High, Clean::Normalise,
        ALPHABET, ALPHABET_EN, ALPHABET_ZH;
    ZeroWidthPayload => "zero-width/payload", ZeroWidth, High, Clean::Normalise,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;

    TagOutsideFlag => "tag/outside-flag", Tag, High, Clean::Normalise,
        "tag characters outside an emoji flag: they spell ASCII that people cannot see but programs and AI models read",
        "{what}: Unicode tag characters outside an emoji flag. They spell ASCII text that people cannot see but AI models and programs read.",
        "{what}：出现在表情旗帜之外的 Unicode 标签字符。它们拼出人眼看不见、但 AI 模型和程序能读取的 ASCII 文本。";
    TagNonRgiFlag => "tag/non-rgi-flag", Tag, Medium, Clean::Normalise,
        "a well-formed subdivision flag few systems display: its tags could carry a mark",
        "{what}: a subdivision flag for \"{code}\" that few systems display; its tag characters could carry a mark.",
        "{what}：代码为“{code}”的地区旗帜，很少有系统能显示；其标签字符可能携带标记。";
    TagRun => "tag/run", Tag, High, Clean::Normalise,
        RUN, RUN_EN, RUN_ZH;
    TagPayload => "tag/payload", Tag, High, Clean::Normalise,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;

    SelectorStandalone => "variation-selector/standalone", VariationSelector, Medium, Clean::Normalise,
        "a variation selector on a base that has no such variant",
        GENERIC_EN, GENERIC_ZH;
    SelectorInsideWord => "variation-selector/inside-ascii-word", VariationSelector, High, Clean::Normalise,
        INSIDE_WORD, INSIDE_WORD_EN, INSIDE_WORD_ZH;
    SelectorRun => "variation-selector/run", VariationSelector, High, Clean::Normalise,
        RUN, RUN_EN, RUN_ZH;
    SelectorAlphabet => "variation-selector/alphabet", VariationSelector, High, Clean::Normalise,
        ALPHABET, ALPHABET_EN, ALPHABET_ZH;
    SelectorPayload => "variation-selector/payload", VariationSelector, High, Clean::Normalise,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;
    SelectorStacked => "variation-selector/stacked", VariationSelector, High, Clean::Normalise,
        "two or more variation selectors on one character, which takes at most one: selector smuggling",
        "{what} on one character. A character takes at most one variation selector; more carry data (variation-selector smuggling).",
        "{what}附在同一个字符上。一个字符最多只接受一个变体选择符；多余的用于携带数据（变体选择符走私）。";
    SelectorAfterAsciiLetter => "variation-selector/after-ascii-letter", VariationSelector, High, Clean::Normalise,
        "a variation selector after an ASCII letter, which has no variants to select",
        "{what} after an ASCII letter, which has no variants to select.",
        "{what}位于 ASCII 字母之后，而 ASCII 字母没有可选的变体。";

    BidiStandalone => "bidi-control/standalone", BidiControl, Medium, Clean::Normalise,
        "a bidirectional control in a text with no right-to-left line",
        GENERIC_EN, GENERIC_ZH;
    BidiInsideWord => "bidi-control/inside-ascii-word", BidiControl, High, Clean::Normalise,
        INSIDE_WORD, INSIDE_WORD_EN, INSIDE_WORD_ZH;
    BidiRun => "bidi-control/run", BidiControl, High, Clean::Normalise,
        RUN, RUN_EN, RUN_ZH;
    BidiPayload => "bidi-control/payload", BidiControl, High, Clean::Normalise,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;
    BidiOverride => "bidi-control/override", BidiControl, High, Clean::Normalise,
        "a direction override outside right-to-left text: the text displays in another order than programs read it (Trojan Source)",
        "{what}: a direction override outside right-to-left text. It makes text display in another order than programs read it (Trojan Source).",
        "{what}：出现在非从右到左文本中的方向覆盖符。它让文本的显示顺序与程序读取的顺序不同（Trojan Source 攻击）。";
    BidiOpenInCode => "bidi-control/open-in-code", BidiControl, High, Clean::Normalise,
        "a bidirectional control left open in a line of code, which then displays in another order than it runs (Trojan Source)",
        "{what} left open in a line of code, so the code displays in another order than it runs (Trojan Source).",
        "{what}在代码行中未闭合，使代码显示的顺序与执行的顺序不同（Trojan Source 攻击）。";
    BidiInsideIdentifier => "bidi-control/inside-identifier", BidiControl, High, Clean::Normalise,
        "a bidirectional control inside an identifier or address, where no direction change belongs",
        "{what} inside the identifier or address \"{word}\", where no direction change belongs.",
        "{what}位于标识符或地址“{word}”之中，这里不应有方向变化。";

    OperatorStandalone => "invisible-operator/standalone", InvisibleOperator, Medium, Clean::Normalise,
        STANDALONE, GENERIC_EN, GENERIC_ZH;
    OperatorInsideWord => "invisible-operator/inside-ascii-word", InvisibleOperator, High, Clean::Normalise,
        INSIDE_WORD, INSIDE_WORD_EN, INSIDE_WORD_ZH;
    OperatorRun => "invisible-operator/run", InvisibleOperator, High, Clean::Normalise,
        RUN, RUN_EN, RUN_ZH;
    OperatorAlphabet => "invisible-operator/alphabet", InvisibleOperator, High, Clean::Normalise,
        ALPHABET, ALPHABET_EN, ALPHABET_ZH;
    OperatorPayload => "invisible-operator/payload", InvisibleOperator, High, Clean::Normalise,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;

    FillerStandalone => "filler/standalone", Filler, Medium, Clean::Normalise,
        STANDALONE, GENERIC_EN, GENERIC_ZH;
    FillerInsideWord => "filler/inside-ascii-word", Filler, High, Clean::Normalise,
        INSIDE_WORD, INSIDE_WORD_EN, INSIDE_WORD_ZH;
    FillerRun => "filler/run", Filler, High, Clean::Normalise,
        RUN, RUN_EN, RUN_ZH;
    FillerAlphabet => "filler/alphabet", Filler, High, Clean::Normalise,
        ALPHABET, ALPHABET_EN, ALPHABET_ZH;
    FillerPayload => "filler/payload", Filler, High, Clean::Normalise,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;

    FormatStandalone => "format-control/standalone", FormatControl, Medium, Clean::Normalise,
        STANDALONE, GENERIC_EN, GENERIC_ZH;
    FormatInsideWord => "format-control/inside-ascii-word", FormatControl, High, Clean::Normalise,
        INSIDE_WORD, INSIDE_WORD_EN, INSIDE_WORD_ZH;
    FormatRun => "format-control/run", FormatControl, High, Clean::Normalise,
        RUN, RUN_EN, RUN_ZH;
    FormatAlphabet => "format-control/alphabet", FormatControl, High, Clean::Normalise,
        ALPHABET, ALPHABET_EN, ALPHABET_ZH;
    FormatPayload => "format-control/payload", FormatControl, High, Clean::Normalise,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;
    /// See `rules/nul.rs`.
    Nul => "format-control/nul", FormatControl, Low, Clean::RemoveAlways,
        "a run of NULs: grep, git and code review then treat the file as binary and show none of it",
        "{what}: a NUL makes grep, git and code review treat the whole file as binary and show none of it, while an AI agent still reads its text. No text needs it.",
        "{what}：NUL 会让 grep、git 和代码审查把整个文件当作二进制文件而不显示其内容，而 AI 代理仍会读取其中的文本。任何文本都不需要它。";
    NulAmongFindings => "format-control/nul-among-findings", FormatControl, Medium, Clean::RemoveAlways,
        "a run of NULs in a text with other findings, which review tools then do not show",
        "{what} in a text that has other findings: a NUL makes grep, git and code review treat the file as binary, so they show none of those findings, while an AI agent still reads them.",
        "{what}出现在含有其他发现的文本中：NUL 会让 grep、git 和代码审查把文件当作二进制文件，因而看不到这些发现，而 AI 代理仍会读取它们。";
    /// How the input was read (`input.rs`), not a character.
    Binary => "format-control/binary", FormatControl, Low, Clean::Keep,
        "the input is binary (NUL bytes, not UTF-8, no UTF-16 byte-order mark) and was read as UTF-8",
        "The input holds NUL bytes, is not valid UTF-8 and has no UTF-16 byte-order mark: it is binary, not text. It was read as UTF-8, invalid bytes replaced, so offsets refer to that reading.",
        "输入含有 NUL 字节，不是有效的 UTF-8，也没有 UTF-16 字节顺序标记：这是二进制文件，不是文本。它按 UTF-8 读取，无效字节已被替换，偏移量指这一读法。";
    InvalidUtf8 => "format-control/invalid-utf8", FormatControl, Low, Clean::Keep,
        "the input is not valid UTF-8: invalid sequences were replaced by U+FFFD",
        "The input is not valid UTF-8: the first invalid sequence is at byte {first}, {n} invalid sequence{s} in all, each replaced by U+FFFD; offsets refer to the text as decoded.",
        "输入不是有效的 UTF-8：第一个无效序列位于第 {first} 字节，共 {n} 个无效序列，均已替换为 U+FFFD；偏移量指解码后的文本。";
    InvalidUtf16 => "format-control/invalid-utf16", FormatControl, Low, Clean::Keep,
        "the input is UTF-16 with unpaired surrogates or an odd trailing byte, replaced by U+FFFD",
        "The input is UTF-16 with {n} unpaired surrogate{s} or odd trailing byte, each replaced by U+FFFD.",
        "输入是 UTF-16，含 {n} 个不成对的代理项或多余的末尾字节，均已替换为 U+FFFD。";

    SpaceBetweenWords => "space/between-words", Space, Medium, Clean::Normalise,
        "an unusual space between words where an ordinary space is expected: the choice can carry a mark",
        "{what} between words where an ordinary space is expected; the choice of space can carry a mark.",
        "{what}出现在本应是普通空格的词间；空格种类的选择可以携带标记。";
    SpaceAlternating => "space/alternating", Space, Medium, Clean::Normalise,
        "kinds of space alternating between the words of a passage like the digits of a code",
        "{what}: different kinds of space alternate between the words of this passage, like the digits of a code.",
        "{what}：本段词间交替使用不同种类的空格，像编码的数字一样。";
    SpacePayload => "space/payload", Space, High, Clean::Normalise,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;

    TrailingWhitespace => "whitespace/trailing", Whitespace, Medium, Clean::Remove,
        "trailing whitespace holding tabs or unusual spaces, as SNOW hides data in line ends",
        "trailing whitespace holding tabs or unusual spaces ({what}); tools such as SNOW hide data in line ends this way.",
        "行尾空白中含有制表符或特殊空格（{what}）；SNOW 等工具就是这样在行尾隐藏数据的。";
    WhitespacePayload => "whitespace/payload", Whitespace, High, Clean::Remove,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;

    ModifierApostrophe => "homoglyph-quote/modifier-apostrophe", HomoglyphQuote, Medium, Clean::Prevailing,
        "a look-alike apostrophe where the rest of the text writes another: it can mark one copy of a text",
        "{what} used as an apostrophe where the rest of the text writes {usual}; a look-alike apostrophe can mark one copy of a text.",
        "{what}被用作撇号，而全文其余地方写作 {usual}；形近的撇号可以标记某一份文本副本。";
    AlternatingApostrophes => "homoglyph-quote/alternating-apostrophes", HomoglyphQuote, High, Clean::Prevailing,
        "straight and curly apostrophes alternating regularly, a pattern that can spell a watermark",
        "{what}: straight and curly apostrophes alternate regularly in this text (the rest write {usual}); such a pattern can spell a watermark.",
        "{what}：本文中直撇号与弯撇号有规律地交替（其余写作 {usual}）；这种模式可以拼出水印。";
    /// See `rules/date_marker.rs`.
    DateMarkerApostrophe => "homoglyph-quote/date-marker", HomoglyphQuote, High, Clean::Write('\''),
        "the apostrophe of the 2026 date line \"Today's date is …\", whose look-alike encodes facts about the user",
        DATE_MARKER_EN, DATE_MARKER_ZH;
    QuotePayload => "homoglyph-quote/payload", HomoglyphQuote, High, Clean::Normalise,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;

    SeparatorInconsistent => "separator/inconsistent", Separator, Medium, Clean::Prevailing,
        "a look-alike separator between digits where the text's other dates and numbers use another",
        "{what} between digits where the text's other dates and numbers use {usual}.",
        "{what}位于数字之间，而全文其他日期和数字使用 {usual}。";
    DateMarkerSeparator => "separator/date-marker", Separator, High, Clean::Write('-'),
        "a date separator of the 2026 date line \"Today's date is …\", whose choice encodes facts about the user",
        DATE_MARKER_EN, DATE_MARKER_ZH;
    SeparatorPayload => "separator/payload", Separator, High, Clean::Normalise,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;

    MixedScriptWord => "confusable/mixed-script-word", Confusable, Medium, Clean::Normalise,
        "a letter of another script inside a Latin word, looking like a Latin one: it can mark one copy of a text",
        "{what} inside the Latin word \"{word}\": it looks like \"{imitates}\" but is a letter of another script. Swapped letters can mark one copy of a text.",
        "{what}位于拉丁单词“{word}”中：它看起来像“{imitates}”，却是另一种文字的字母。替换字母可以标记某一份文本副本。";
    MixedScriptWords => "confusable/mixed-script-words", Confusable, Medium, Clean::WordScript,
        "Latin look-alikes inside words of another script, in a paragraph with several such words",
        "{what} in the word \"{word}\", one of several words in this paragraph that mix look-alike letters of two scripts.",
        "{what}位于单词“{word}”中；本段有多个单词混用了两种文字的形近字母。";
    ConfusableInIdentifier => "confusable/in-identifier", Confusable, High, Clean::Normalise,
        "a look-alike letter inside an address or identifier, which then leads somewhere else than it seems",
        "{what} inside the address or identifier \"{word}\": it looks like \"{imitates}\", so the name leads somewhere else than it seems.",
        "{what}位于地址或标识符“{word}”中：它看起来像“{imitates}”，因此该名称指向的地方与看上去的不同。";
    ConfusablePayload => "confusable/payload", Confusable, High, Clean::Normalise,
        PAYLOAD, PAYLOAD_EN, PAYLOAD_ZH;

    /// See `rules/escapes.rs`.
    EscapedSingle => "escaped/single", Escaped, Low, Clean::Remove,
        "one escape of a hidden character (`\\u200B`, `&#8203;`): code mentions them now and then",
        GENERIC_EN, GENERIC_ZH;
    EscapedRun => "escaped/run", Escaped, Medium, Clean::Remove,
        "three or more escapes of hidden characters in a row (ten or more: high), how payloads hide in prompts",
        RUN_EN, RUN_ZH;
    EscapedTag => "escaped/tag", Escaped, High, Clean::Remove,
        "escaped tag characters, which have no innocent reading",
        GENERIC_EN, GENERIC_ZH;
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

    /// The rule for characters of `kind` where nothing around them needs them.
    pub fn standalone(kind: Kind) -> Rule {
        match kind {
            Kind::ZeroWidth => Rule::ZeroWidthStandalone,
            Kind::VariationSelector => Rule::SelectorStandalone,
            Kind::BidiControl => Rule::BidiStandalone,
            Kind::InvisibleOperator => Rule::OperatorStandalone,
            Kind::Filler => Rule::FillerStandalone,
            Kind::Tag => Rule::TagOutsideFlag,
            _ => Rule::FormatStandalone,
        }
    }

    /// The rule for characters of `kind` in or beside an ASCII word.
    pub fn inside_word(kind: Kind) -> Rule {
        match kind {
            Kind::ZeroWidth => Rule::ZeroWidthInsideWord,
            Kind::VariationSelector => Rule::SelectorInsideWord,
            Kind::BidiControl => Rule::BidiInsideWord,
            Kind::InvisibleOperator => Rule::OperatorInsideWord,
            Kind::Filler => Rule::FillerInsideWord,
            Kind::Tag => Rule::TagOutsideFlag,
            _ => Rule::FormatInsideWord,
        }
    }

    /// The rule for characters of `kind` in a run.
    pub fn run(kind: Kind) -> Rule {
        match kind {
            Kind::ZeroWidth => Rule::ZeroWidthRun,
            Kind::VariationSelector => Rule::SelectorRun,
            Kind::BidiControl => Rule::BidiRun,
            Kind::InvisibleOperator => Rule::OperatorRun,
            Kind::Filler => Rule::FillerRun,
            Kind::Tag => Rule::TagRun,
            _ => Rule::FormatRun,
        }
    }

    /// The rule for characters of `kind` that alternate like an alphabet (bidi controls never
    /// do: they are left out of the alphabet rule).
    pub fn alphabet(kind: Kind) -> Rule {
        match kind {
            Kind::ZeroWidth => Rule::ZeroWidthAlphabet,
            Kind::VariationSelector => Rule::SelectorAlphabet,
            Kind::InvisibleOperator => Rule::OperatorAlphabet,
            Kind::Filler => Rule::FillerAlphabet,
            Kind::Tag => Rule::TagRun,
            _ => Rule::FormatAlphabet,
        }
    }

    /// The rule for characters of `kind` that carry a decoded payload.
    pub fn payload(kind: Kind) -> Rule {
        match kind {
            Kind::ZeroWidth => Rule::ZeroWidthPayload,
            Kind::Tag => Rule::TagPayload,
            Kind::VariationSelector => Rule::SelectorPayload,
            Kind::BidiControl => Rule::BidiPayload,
            Kind::InvisibleOperator => Rule::OperatorPayload,
            Kind::Filler => Rule::FillerPayload,
            Kind::Space => Rule::SpacePayload,
            Kind::Confusable => Rule::ConfusablePayload,
            Kind::HomoglyphQuote => Rule::QuotePayload,
            Kind::Separator => Rule::SeparatorPayload,
            Kind::Whitespace => Rule::WhitespacePayload,
            _ => Rule::FormatPayload,
        }
    }
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
    fn the_family_rules_keep_their_kind() {
        for kind in Rule::ALL.iter().map(|r| r.kind()) {
            if kind == Kind::Escaped {
                continue;
            }
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
