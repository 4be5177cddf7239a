//! Hidden payloads as the usual tools write them, shared by the property tests
//! (`tests/invariants.rs`) and the benchmarks (`benches/hot_paths.rs`), which include this file.

/// `bytes` as Unicode tag characters (ASCII smuggling).
pub fn tags(bytes: &[u8]) -> impl Iterator<Item = char> + '_ {
    bytes
        .iter()
        .filter_map(|&b| char::from_u32(0xE0000 + u32::from(b)))
}

/// The bits of `bytes`, most significant first, each written as `zero` or `one`.
pub fn bits<'a, T: Copy + 'a>(bytes: &'a [u8], zero: T, one: T) -> impl Iterator<Item = T> + 'a {
    bytes.iter().flat_map(move |&b| {
        (0..8)
            .rev()
            .map(move |bit| if b >> bit & 1 == 0 { zero } else { one })
    })
}
