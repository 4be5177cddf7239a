//! End-to-end on the corpus samples of tools whose schemes need their own decoding: canarytrap
//! (a mark before the k-th space), pyUnicodeSteganography's snow mode (trailing bits behind TAB
//! TAB TAB, least significant first), invisicode (plane-14 12-bit packing, text and bytes
//! modes) and textwatermark's numbers (its space and invisible templates). Each sample is
//! scanned whole, so the trigger of its decoder is checked too; the clean samples with the same
//! innocent characters (bidi marks in Hebrew, NNBSP in French) stay without payload.

use std::path::Path;

use unmask::{scan, Options};

fn sample(kind: &str, name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/samples")
        .join(kind)
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn each_tool_sample_decodes_to_its_secret() {
    for (name, secret) in [
        ("canarytrap_1.txt", "K7"),
        ("canarytrap_2.txt", "ok"),
        ("pyunicodesteg_snow_1.txt", "Kiste 12"),
        ("invisicode_2.txt", "session=7781"),
        ("invisicode_3.txt", "ключ под ковриком"),
        ("textwatermark_whitespace_chars_2.txt", "copia42"),
        ("textwatermark_space_chars_3.txt", "u9031"),
        ("textwatermark_invisible_chars_1.txt", "leakID77"),
    ] {
        let report = scan(&sample("stego", name), &Options::default());
        let read = |p: &unmask::Payload| p.text.as_deref() == Some(secret);
        assert!(report.payloads.iter().any(read), "{name}: not {secret:?}");
    }
}

#[test]
fn the_same_characters_in_real_text_carry_nothing() {
    for name in [
        "l10n_he__gdk-pixbuf.txt",
        "l10n_he__glib20.txt",
        "l10n_he__shared-mime-info.txt",
        "l10n_fr__systemd.txt",
        "l10n_fr__appstream.txt",
        "l10n_cs__wget.txt",
    ] {
        let report = scan(&sample("clean", name), &Options::default());
        assert!(report.payloads.is_empty(), "{name}: {:?}", report.payloads);
    }
}
