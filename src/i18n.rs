//! Languages of the explanations.

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
