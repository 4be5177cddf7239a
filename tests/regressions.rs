//! Regression tests for what the fuzz targets (`make fuzz`) and the property tests
//! (`tests/invariants.rs`) found: each is named after what it found and holds the minimized
//! input inline.

mod checks;

/// Found by the property tests: a TAB followed by a tag payload at a line end was not trailing
/// whitespace, so `clean` removed the tags and left a trailing TAB that a second `clean` removed.
#[test]
fn clean_of_a_tab_before_hidden_tags_at_a_line_end_is_idempotent() {
    let text = "end\t\u{E0048}\u{E0069}\u{E007F}\nnext";
    assert_eq!(checks::clean(text), "end\nnext");
}
