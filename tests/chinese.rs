//! Explanations in Chinese are Chinese (issue 18, section 4): `unmask --lang zh-CN scan` of a
//! marked date line and of decoded payloads writes no English sentence. What stays as it is:
//! Unicode names (written in capitals and labelled as Unicode names), code points, the scanned
//! text quoted, the payload's `text`, `scheme` ids and `label`s, and tools' proper names.

use std::io::Write;
use std::process::{Command, Stdio};

/// The JSON report of `unmask --lang zh-CN scan --format json` of `text`.
fn scan_zh(text: &str) -> serde_json::Value {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unmask"))
        .args(["--lang", "zh-CN", "scan", "--format", "json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The English phrases of `explanation`: three or more words of ASCII letters, at least one
/// in lower case, with only ASCII spaces or punctuation between them, once quotes of the text
/// (“…”, "…") and `kept` (a payload's text) are taken out.
fn english(explanation: &str, kept: &[&str]) -> Vec<String> {
    let mut s = explanation.to_owned();
    for k in kept.iter().filter(|k| !k.is_empty()) {
        s = s.replace(k, " ");
    }
    for (open, close) in [('“', '”'), ('"', '"')] {
        while let Some(a) = s.find(open) {
            let Some(b) = s[a + open.len_utf8()..].find(close) else {
                break;
            };
            s.replace_range(a..a + open.len_utf8() + b + close.len_utf8(), " ");
        }
    }
    s.split(|c: char| !c.is_ascii())
        .filter_map(|run| {
            let words: Vec<&str> = run
                .split(|c: char| !(c.is_ascii_alphabetic() || c == '-' || c == '\''))
                .map(|w| w.trim_matches(['-', '\'']))
                .filter(|w| !w.is_empty())
                .collect();
            let lower = words
                .iter()
                .any(|w| w.chars().any(|c| c.is_ascii_lowercase()));
            (words.len() >= 3 && lower).then(|| words.join(" "))
        })
        .collect()
}

/// The English phrases in the explanations of `report`.
fn english_in(report: &serde_json::Value) -> Vec<String> {
    let mut found = Vec::new();
    for f in report["findings"].as_array().unwrap() {
        found.extend(english(f["explanation"].as_str().unwrap(), &[]));
    }
    for p in report["payloads"].as_array().unwrap() {
        let text = p["text"].as_str().unwrap_or("");
        found.extend(english(p["explanation"].as_str().unwrap(), &[text]));
    }
    found
}

/// `bytes` as zero-width binary, ZERO WIDTH SPACE = 0, ZERO WIDTH NON-JOINER = 1, most
/// significant bit first.
fn binary(bytes: &[u8]) -> String {
    bytes
        .iter()
        .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1))
        .map(|bit| if bit == 1 { '\u{200C}' } else { '\u{200B}' })
        .collect()
}

#[test]
fn the_date_line_marker_is_explained_in_chinese() {
    let report = scan_zh("Today\u{2019}s date is 2026/07/03.\n");
    let payload = &report["payloads"][0];
    assert_eq!(payload["scheme"], "claude-code-date-marker");
    // The payload's text is data, as in every language.
    assert_eq!(
        payload["text"],
        "relay domain list: yes; AI-lab keyword: no; China time zone: yes"
    );
    let e = payload["explanation"].as_str().unwrap();
    assert!(
        e.contains("中转域名列表：是；AI 实验室关键词：否；中国时区：是"),
        "{e}"
    );
    assert!(
        e.contains("Unicode 名称为 RIGHT SINGLE QUOTATION MARK 的字符 U+2019"),
        "{e}"
    );
    assert_eq!(english_in(&report), Vec::<String>::new());
}

#[test]
fn decoded_payloads_are_explained_in_chinese() {
    let text = format!(
        "会议纪要如下。{}请各位查收。\n另一段{}文字。\n",
        binary(b"user 4471"),
        "\u{200D}\u{200C}".repeat(3)
    );
    let report = scan_zh(&text);
    let payload = &report["payloads"][0];
    assert_eq!(payload["text"], "user 4471");
    let e = payload["explanation"].as_str().unwrap();
    assert!(e.contains("二进制（glyphsmythe 等工具）"), "{e}");
    assert!(!report["findings"].as_array().unwrap().is_empty());
    let named = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["explanation"].as_str().unwrap().contains("Unicode 名称"));
    assert!(named, "{report}");
    assert_eq!(english_in(&report), Vec::<String>::new());
}

/// The check itself: it finds the English a Chinese explanation once carried.
#[test]
fn english_is_found() {
    let leaked = "此处：relay domain list: yes; AI-lab keyword: no。";
    assert_eq!(
        english(leaked, &[]),
        ["relay domain list yes AI-lab keyword no"]
    );
    let kept = "Unicode 名称为 RIGHT SINGLE QUOTATION MARK 的字符 U+2019，紧接在“Please read the notes”之后";
    assert_eq!(english(kept, &[]), Vec::<String>::new());
    assert_eq!(
        english("user 4471 is here", &["user 4471 is here"]),
        Vec::<String>::new()
    );
}
