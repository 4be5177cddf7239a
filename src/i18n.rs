//! Languages of the explanations, and the words explanations are made of.
//!
//! Every fixed phrase an explanation or a description puts in (a tool's name, a label, what a
//! marker's bits mean) is a [`Words`]: it is built only with every language at once, so a phrase
//! without its Chinese does not compile, and [`Words::get`] matches every language. A proper
//! name (a tool's, a project's) is written the same in each, and says so ([`Words::name`]).

/// The language explanations are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// English (`en`), the default.
    #[default]
    En,
    /// Simplified Chinese (`zh-CN`).
    ZhCn,
}

impl Lang {
    /// Parses a language tag: `en`, `zh-CN` (also `zh`, `zh_CN`, `zh-Hans`).
    pub fn parse(tag: &str) -> Option<Lang> {
        let t = tag.to_ascii_lowercase().replace('_', "-");
        if t == "en" || t.starts_with("en-") {
            Some(Lang::En)
        } else if t == "zh" || t.starts_with("zh-cn") || t.starts_with("zh-hans") || t == "zh-sg" {
            Some(Lang::ZhCn)
        } else {
            None
        }
    }
}

/// A phrase in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Words {
    en: &'static str,
    zh: &'static str,
}

impl Words {
    /// The phrase `en` in English and `zh` in Simplified Chinese.
    pub const fn new(en: &'static str, zh: &'static str) -> Words {
        Words { en, zh }
    }

    /// A proper name, written the same in every language.
    pub const fn name(name: &'static str) -> Words {
        Words { en: name, zh: name }
    }

    /// The phrase in `lang`.
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::ZhCn => self.zh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_read_in_each_language() {
        let w = Words::new("translation key", "翻译键");
        assert_eq!(
            (w.get(Lang::En), w.get(Lang::ZhCn)),
            ("translation key", "翻译键")
        );
        let n = Words::name("StegCloak");
        assert_eq!(n.get(Lang::En), n.get(Lang::ZhCn));
    }

    #[test]
    fn tags_are_parsed() {
        assert_eq!(Lang::parse("zh_CN"), Some(Lang::ZhCn));
        assert_eq!(Lang::parse("en-GB"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
    }
}
