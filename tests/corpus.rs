//! End to end over the development corpus: every hidden-data sample is detected (a `medium` or
//! `high` finding), every clean sample gives no such finding and no payload, and `clean`
//! leaves clean files byte-identical.

use std::fs;
use std::path::PathBuf;

use unmask::{Options, Severity};

fn corpus(dir: &str) -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/samples")
        .join(dir);
    let mut files: Vec<_> = fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_hidden_data_sample_is_detected() {
    let missed: Vec<String> = corpus("stego")
        .into_iter()
        .filter(|(_, text)| {
            unmask::scan(text, &Options::default()).max_severity() < Some(Severity::Medium)
        })
        .map(|(name, _)| name)
        .collect();
    assert!(missed.is_empty(), "missed: {missed:?}");
}

#[test]
fn no_clean_sample_is_flagged() {
    let mut flagged = Vec::new();
    for (name, text) in corpus("clean") {
        let report = unmask::scan(&text, &Options::default());
        for f in report
            .findings
            .iter()
            .filter(|f| f.severity >= Severity::Medium)
        {
            flagged.push(format!(
                "{name}: {} {:?} {}",
                f.rule, f.chars, f.explanation
            ));
        }
        for p in &report.payloads {
            flagged.push(format!("{name}: payload {} {:?}", p.scheme, p.text));
        }
    }
    assert!(
        flagged.is_empty(),
        "{} false positives:\n{}",
        flagged.len(),
        flagged.join("\n")
    );
}

#[test]
fn clean_leaves_clean_files_byte_identical() {
    for (name, text) in corpus("clean") {
        assert!(unmask::clean(&text) == text, "{name} changed");
    }
}
