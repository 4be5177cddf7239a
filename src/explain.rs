//! Explanations: what the characters are (by Unicode name), why they are suspicious here, and
//! what they carry. A finding's template is its rule's row in the
//! [registry](crate::rules::registry), written by hand in English and Simplified Chinese; this
//! fills it with what the finding carries. Payload and marker explanations are written here.

use crate::catalogue;
use crate::graphemes;
use crate::i18n::Lang;
use crate::report::{Kind, Payload, Scheme};
use crate::rules::date_marker::Marker;
use crate::rules::{Detail, Hit, Rule};

/// Names at most this many distinct characters in an explanation.
const NAMED: usize = 4;
/// The most characters of the text an explanation quotes.
const EXCERPT: usize = 80;
/// The most visible characters quoted before a payload to say where it sits.
const VISIBLE_BEFORE: usize = 24;

/// The explanation of a finding led by `lead`, spanning `count` characters of which `chars`
/// are the distinct ones.
pub fn finding(
    text: &str,
    lead: &Hit,
    chars: &[char],
    count: usize,
    capacity: Option<usize>,
    lang: Lang,
) -> String {
    let what = if lead.kind() == Kind::Escaped {
        describe_escapes(text.get(lead.start..lead.end).unwrap_or(""), lang)
    } else {
        describe(chars, count, lang)
    };
    let word = match &lead.detail {
        Detail::Word(a, b) => escape_visible(text.get(*a..*b).unwrap_or("")),
        _ => String::new(),
    };
    let usual = match &lead.detail {
        Detail::Prevailing(c) => format!("{c} ({})", crate::report::code_point_label(*c)),
        _ => String::new(),
    };
    let code = match &lead.detail {
        Detail::Flag(code) => code.clone(),
        _ => String::new(),
    };
    let alphabet = match &lead.detail {
        Detail::Alphabet(n) => n.to_string(),
        _ => String::new(),
    };
    let imitated: String = chars
        .iter()
        .filter_map(|&c| catalogue::imitates(c))
        .take(1)
        .collect();
    let mut s = fill(template(lead.rule, lang), |name| match name {
        "what" => Some(&what),
        "word" => Some(&word),
        "usual" => Some(&usual),
        "code" => Some(&code),
        "n" => Some(&alphabet),
        "imitates" => Some(&imitated),
        _ => None,
    });
    if let Some(n) = capacity.filter(|&n| n >= 8) {
        s.push_str(&match lang {
            Lang::En => format!(" The text has {n} such look-alike choices: read as bits they could carry {} bytes.", n / 8),
            Lang::ZhCn => format!(" 全文共有 {n} 处此类形近字符选择，按位读取可携带 {} 个字节。", n / 8),
        });
    }
    s
}

/// `template` with each `{name}` that `value` knows replaced, in one pass: what is put in is not
/// read again, so a word of the text that holds `{n}` stays as it is.
fn fill<'v>(template: &str, value: impl Fn(&str) -> Option<&'v String>) -> String {
    let mut out = String::with_capacity(template.len() + 80);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after
            .find('}')
            .and_then(|close| Some((close, value(&after[..close])?)))
        {
            Some((close, v)) => {
                out.push_str(v);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The explanation template of `rule` in `lang`, from the rule's row.
fn template(rule: Rule, lang: Lang) -> &'static str {
    let row = rule.row();
    match lang {
        Lang::En => row.en,
        Lang::ZhCn => row.zh,
    }
}

/// The explanation of a finding about how the input was read (`rule` is one of
/// [`Rule::Binary`], [`Rule::InvalidUtf8`], [`Rule::InvalidUtf16`]): where the first invalid
/// sequence is (`first`) and how many there are (`invalid`).
pub fn decoding(rule: Rule, first: usize, invalid: usize, lang: Lang) -> String {
    let first = first.to_string();
    let n = invalid.to_string();
    let s = if invalid == 1 {
        String::new()
    } else {
        "s".to_owned()
    };
    fill(template(rule, lang), |name| match name {
        "first" => Some(&first),
        "n" => Some(&n),
        "s" => Some(&s),
        _ => None,
    })
}

/// "2 characters (ZERO WIDTH SPACE U+200B, ZERO WIDTH NON-JOINER U+200C)"; in Chinese the
/// names are said to be Unicode names, which stay in English.
fn describe(chars: &[char], count: usize, lang: Lang) -> String {
    let names: Vec<String> = chars
        .iter()
        .take(NAMED)
        .map(|&c| format!("{} {}", unicode_name(c), crate::report::code_point_label(c)))
        .collect();
    match (lang, count, chars) {
        (Lang::En, 1, _) => listed(names, chars.len(), lang),
        (Lang::En, n, _) => format!("{n} characters ({})", listed(names, chars.len(), lang)),
        (Lang::ZhCn, 1, &[c]) => named_zh(c),
        (Lang::ZhCn, n, _) => format!(
            "{n} 个字符（Unicode 名称：{}）",
            listed(names, chars.len(), lang)
        ),
    }
}

/// The Unicode name of `c` (its label when it has none).
fn unicode_name(c: char) -> &'static str {
    catalogue::name(c).unwrap_or("CHARACTER")
}

/// "Unicode 名称为 DIVISION SLASH 的字符 U+2215": one character named in Chinese.
fn named_zh(c: char) -> String {
    format!(
        "Unicode 名称为 {} 的字符 {}",
        unicode_name(c),
        crate::report::code_point_label(c)
    )
}

/// `names` joined, with "…" when they are fewer than the `all` there are.
fn listed(mut names: Vec<String>, all: usize, lang: Lang) -> String {
    if all > names.len() {
        names.push("…".to_owned());
    }
    names.join(match lang {
        Lang::En => ", ",
        Lang::ZhCn => "；",
    })
}

/// "3 escapes (ZERO WIDTH SPACE U+200B written as \u200B, …)" ("3 个转义（Unicode 名称：ZERO
/// WIDTH SPACE U+200B，写作 \u200B；…）"): the characters the escapes of
/// `run` denote, each with how it is first written.
fn describe_escapes(run: &str, lang: Lang) -> String {
    let escapes = crate::decode::escaped::find(run);
    let mut denoted: Vec<(char, &str)> = Vec::new();
    for e in &escapes {
        if !denoted.iter().any(|d| d.0 == e.decoded) {
            denoted.push((e.decoded, &run[e.start..e.end]));
        }
    }
    let count = escapes.len();
    let names: Vec<String> = denoted
        .iter()
        .take(NAMED)
        .map(|&(c, written)| {
            let name = unicode_name(c);
            let label = crate::report::code_point_label(c);
            let written = escape_visible(written);
            match lang {
                Lang::En => format!("{name} {label} written as {written}"),
                Lang::ZhCn => format!("{name} {label}，写作 {written}"),
            }
        })
        .collect();
    let names = listed(names, denoted.len(), lang);
    match (lang, count) {
        (Lang::En, 1) => names,
        (Lang::En, n) => format!("{n} escapes ({names})"),
        (Lang::ZhCn, n) => format!("{n} 个转义（Unicode 名称：{names}）"),
    }
}

/// The explanation of a decoded payload: the scheme in words, the mapping, where it sits, and
/// what publishing the text may reveal.
pub fn payload(text: &str, c: &Payload, lang: Lang) -> String {
    let scheme = scheme_words(c.scheme, lang);
    let (en, zh) = (&c.mapping.en, &c.mapping.zh);
    let mut s = match (lang, visible_before(text, c.start)) {
        (Lang::En, Some(w)) => format!("{scheme}, right after \"{w}\": {en}."),
        (Lang::En, None) => format!("{scheme}, at the start of the text: {en}."),
        (Lang::ZhCn, Some(w)) => format!("{scheme}，紧接在“{w}”之后：{zh}。"),
        (Lang::ZhCn, None) => format!("{scheme}，位于文本开头：{zh}。"),
    };
    if let Some(signature) = &c.signature {
        let n = signature.len();
        s.push_str(&match lang {
            Lang::En => format!(" The message is signed: a {n}-byte signature or MAC follows it."),
            Lang::ZhCn => format!(" 该消息带签名：其后是 {n} 字节的签名或 MAC。"),
        });
    } else if let Some(label) = c.label {
        let label = label.words().get(lang);
        s.push_str(&match lang {
            Lang::En => format!(" This is a known legitimate framing ({label}), but the text still carries hidden data."),
            Lang::ZhCn => format!(" 这是已知的合法封装（{label}），但文本仍携带隐藏数据。"),
        });
    }
    if c.encrypted == Some(true) {
        s.push_str(match lang {
            Lang::En => " The content is encrypted and cannot be read without the password.",
            Lang::ZhCn => " 内容已加密，没有密码无法读取。",
        });
    }
    if c.text.as_deref().is_some_and(looks_like_identifier) {
        s.push_str(match lang {
            Lang::En => " It looks like an identifier: publishing this text as is may identify who received it.",
            Lang::ZhCn => " 它看起来像一个标识符：原样发布此文本可能暴露接收者的身份。",
        });
    }
    s
}

/// The last few visible characters before byte `at` (at most [`VISIBLE_BEFORE`], in whole
/// grapheme clusters), to say where a payload sits in words a reader can find (line numbers
/// mean nothing on a web page).
fn visible_before(text: &str, at: usize) -> Option<String> {
    let head = text.get(..at)?;
    let visible: Vec<char> = head
        .chars()
        .rev()
        .filter(|&c| !crate::text::is_invisible(c))
        .take_while(|&c| c != '\n')
        .take(VISIBLE_BEFORE + graphemes::MAX_CLUSTER)
        .collect();
    let visible: String = visible.into_iter().rev().collect();
    let words = graphemes::tail(&visible, VISIBLE_BEFORE).trim();
    (!words.is_empty()).then(|| escape_visible(words))
}

/// The scheme in words.
fn scheme_words(scheme: Scheme, lang: Lang) -> &'static str {
    let (en, zh) = match scheme {
        Scheme::Tags => (
            "Unicode tag characters spelling ASCII (ASCII smuggling)",
            "拼写 ASCII 的 Unicode 标签字符（ASCII 走私）",
        ),
        Scheme::VariationSelectors => (
            "variation selectors carrying bytes (variation-selector smuggling)",
            "携带字节的变体选择符（变体选择符走私）",
        ),
        Scheme::SneakyBits => (
            "invisible operators as bits (Sneaky Bits)",
            "用作比特的不可见运算符（Sneaky Bits）",
        ),
        Scheme::Stegcloak => ("StegCloak zero-width encoding", "StegCloak 零宽编码"),
        Scheme::ZeroWidthBinary => (
            "invisible characters as binary digits",
            "用作二进制位的不可见字符",
        ),
        Scheme::ZeroWidthBaseN => ("invisible characters as digits", "用作数字的不可见字符"),
        Scheme::Whitespace => (
            "spaces and tabs at line ends as bits",
            "用作比特的行尾空格和制表符",
        ),
        Scheme::UnicodeSpaces => ("kinds of space as digits", "用作数字的空格种类"),
        Scheme::TypographicVariants => (
            "choices between look-alike characters as bits",
            "用作比特的形近字符选择",
        ),
        Scheme::C2paManifest => (
            "a C2PA content-provenance manifest in variation selectors",
            "以变体选择符嵌入的 C2PA 内容来源清单",
        ),
        Scheme::I18nextSubliminal => (
            "an i18next-subliminal translation key in zero-width characters",
            "以零宽字符嵌入的 i18next-subliminal 翻译键",
        ),
        Scheme::VercelStega => (
            "@vercel/stega CMS editing metadata in zero-width characters",
            "以零宽字符嵌入的 @vercel/stega CMS 编辑元数据",
        ),
        // Its explanation is the marker's own (`marker`).
        Scheme::ClaudeCodeDateMarker => ("hidden data", "隐藏数据"),
        Scheme::SentenceSpacing => ("the spaces between sentences as bits", "用作比特的句间空格"),
    };
    match lang {
        Lang::En => en,
        Lang::ZhCn => zh,
    }
}

/// User ids, e-mail addresses, hashes, key=value records.
fn looks_like_identifier(s: &str) -> bool {
    let t = s.trim();
    let hexish = t.len() >= 8 && t.chars().all(|c| c.is_ascii_hexdigit() || c == '-');
    let email = t
        .split_once('@')
        .is_some_and(|(a, b)| !a.is_empty() && b.contains('.'));
    let id = [
        "user",
        "id",
        "uid",
        "ref",
        "session",
        "leak",
        "token",
        "acct",
        "employee",
        "recipient",
    ]
    .iter()
    .any(|k| t.to_ascii_lowercase().contains(k))
        && t.chars().any(|c| c.is_ascii_digit());
    hexish || email || id
}

/// The explanation of the date-line marker's payload.
pub fn marker(m: &Marker, lang: Lang) -> String {
    let apostrophe = match lang {
        Lang::En => format!(
            "{} ({})",
            unicode_name(m.apostrophe),
            crate::report::code_point_label(m.apostrophe)
        ),
        Lang::ZhCn => named_zh(m.apostrophe),
    };
    let seps: Vec<String> = m
        .separators
        .iter()
        .map(|&c| crate::report::code_point_label(c))
        .collect();
    let seps = seps.join(", ");
    let variant = match (lang, m.undocumented) {
        (Lang::En, true) => " This is an undocumented variant of the marker: the reading of its bits is a best guess.",
        (Lang::ZhCn, true) => " 这是该标记未被记录的变体：其比特含义为推测。",
        (_, false) => "",
    };
    match lang {
        Lang::En => format!(
            "The 2026 date-line marker: the apostrophe of \"Today's\" is {apostrophe} and the date separators are {seps}. Per the published analyses U+2019 means the endpoint is on a relay-domain list, U+02BC that it contains an AI-lab keyword, U+02B9 both, and '/' a China time zone; here: {}.{variant}",
            m.meaning_in(lang)
        ),
        Lang::ZhCn => format!(
            "2026 年日期行标记：“Today's”中的撇号是 {apostrophe}，日期分隔符是 {seps}。据公开分析，U+2019 表示端点在中转域名列表中，U+02BC 表示含 AI 实验室关键词，U+02B9 表示两者兼有，'/' 表示中国时区；此处：{}。{variant}",
            m.meaning_in(lang)
        ),
    }
}

/// Shows text from the scanned input (at most [`EXCERPT`] characters, in whole grapheme
/// clusters) with invisible and control characters as `⟨U+XXXX⟩`, so an explanation never
/// re-emits what it warns about.
pub fn escape_visible(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in graphemes::head(s, EXCERPT).chars() {
        if c.is_control()
            || catalogue::kind(c)
                .is_some_and(|k| k.is_invisible() || k == crate::report::Kind::Space)
        {
            out.push_str(&format!("⟨{}⟩", crate::report::code_point_label(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Severity;

    #[test]
    fn explanations_name_the_characters_and_the_word() {
        let text = "budget\u{200B}\u{200C} plan";
        let hit =
            Hit::new(6, 12, Severity::High, Rule::ZeroWidthInsideWord).with(Detail::Word(0, 12));
        let en = finding(text, &hit, &['\u{200B}', '\u{200C}'], 2, None, Lang::En);
        assert!(en.contains("ZERO WIDTH SPACE U+200B"), "{en}");
        assert!(en.contains("budget⟨U+200B⟩⟨U+200C⟩"), "{en}");
        let zh = finding(text, &hit, &['\u{200B}', '\u{200C}'], 2, None, Lang::ZhCn);
        assert!(zh.contains("单词"), "{zh}");
    }

    /// An escaped finding speaks of the characters its escapes denote, not of backslashes.
    #[test]
    fn escapes_are_named_by_what_they_denote() {
        let text = r"x = /[\u200B\u200C\u200D]/";
        let hit = Hit::new(6, 24, Severity::Low, Rule::EscapedListed);
        let en = finding(text, &hit, &['\\', 'u', '2'], 18, None, Lang::En);
        assert!(
            en.starts_with("3 escapes (ZERO WIDTH SPACE U+200B written as \\u200B, ZERO WIDTH NON-JOINER U+200C written as \\u200C"),
            "{en}"
        );
        assert!(!en.contains("U+005C"), "{en}");
        let zh = finding(text, &hit, &['\\'], 18, None, Lang::ZhCn);
        assert!(
            zh.starts_with("3 个转义（Unicode 名称：ZERO WIDTH SPACE U+200B，写作 \\u200B；"),
            "{zh}"
        );
    }

    #[test]
    fn a_word_is_put_in_as_it_is() {
        let text = "x{n}\u{200B}{what}";
        let hit = Hit::new(4, 7, Severity::High, Rule::ZeroWidthInsideWord)
            .with(Detail::Word(0, text.len()));
        let en = finding(text, &hit, &['\u{200B}'], 1, None, Lang::En);
        assert!(en.contains("\"x{n}⟨U+200B⟩{what}\""), "{en}");
        assert_eq!(
            fill("{a}{b}{", |n| (n == "a").then_some(&en)),
            format!("{en}{{b}}{{")
        );
    }

    #[test]
    fn every_rule_has_a_template_in_both_languages() {
        for &rule in Rule::ALL {
            assert!(!template(rule, Lang::En).is_empty());
            assert_ne!(template(rule, Lang::En), template(rule, Lang::ZhCn));
        }
        assert!(template(Rule::EscapedRun, Lang::En).contains("in one run"));
        assert!(template(Rule::TagPayload, Lang::En).contains("payload"));
    }

    #[test]
    fn decoding_findings_say_how_many() {
        assert_eq!(
            decoding(Rule::InvalidUtf16, 0, 1, Lang::En),
            "The input is UTF-16 with 1 unpaired surrogate or odd trailing byte, each replaced by U+FFFD."
        );
        assert!(decoding(Rule::InvalidUtf8, 7, 3, Lang::En)
            .contains("at byte 7, 3 invalid sequences in all"));
        assert!(decoding(Rule::InvalidUtf8, 7, 3, Lang::ZhCn).contains("第 7 字节，共 3 个"));
    }

    #[test]
    fn excerpts_end_between_grapheme_clusters() {
        let word = format!("{}e\u{0301}", "a".repeat(79));
        assert_eq!(escape_visible(&word), "a".repeat(79));
        let flag = "\u{1F1EB}\u{1F1F7}";
        let text = format!("{flag}{} x", "b".repeat(22));
        assert_eq!(
            visible_before(&text, text.len()),
            Some(format!("{} x", "b".repeat(22)))
        );
        let text = format!("{flag}{}", "b".repeat(22));
        assert_eq!(visible_before(&text, text.len()), Some(text.clone()));
    }

    #[test]
    fn schemes_have_words_in_both_languages() {
        assert_eq!(
            scheme_words(Scheme::Tags, Lang::En),
            "Unicode tag characters spelling ASCII (ASCII smuggling)"
        );
        assert_eq!(
            scheme_words(Scheme::Stegcloak, Lang::ZhCn),
            "StegCloak 零宽编码"
        );
    }

    #[test]
    fn identifiers_are_recognised() {
        assert!(looks_like_identifier("user=4471;tier=gold"));
        assert!(looks_like_identifier("j.ortiz@example.org"));
        assert!(!looks_like_identifier("meet at pier 9"));
    }
}
