//! One sort for every ordering of findings, hits, payloads, candidates and scored readings.
//!
//! Each `sort_by_key` call site compiles its own copy of the standard library's sort, 3-6 KB of
//! WebAssembly apiece. Ordering by a number instead sorts `(key, index)` pairs, one copy for
//! the whole crate, and moves the items once. The index breaks ties, so the order is stable.

/// Sorts `items` by `key`, keeping the order of items with equal keys.
pub(crate) fn by_key<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    if items.len() < 2 {
        return;
    }
    let mut order: Vec<(u64, usize)> = items.iter().map(&key).zip(0..).collect();
    // Already in order (hits merged before, a text's payloads): nothing to move.
    if order.is_sorted() {
        return;
    }
    order.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.iter().filter_map(|&(_, i)| slots[i].take()));
}

/// A key that orders floats as [`f32::total_cmp`] does.
pub(crate) fn float_key(x: f32) -> u64 {
    let bits = x.to_bits();
    u64::from(if bits >> 31 == 1 {
        !bits
    } else {
        bits | 1 << 31
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_by_key() {
        let mut v = vec![(3, 'a'), (1, 'b'), (3, 'c'), (0, 'd'), (1, 'e')];
        by_key(&mut v, |&(k, _)| k);
        assert_eq!(v, [(0, 'd'), (1, 'b'), (1, 'e'), (3, 'a'), (3, 'c')]);
    }

    #[test]
    fn float_keys_order_as_total_cmp() {
        let xs = [-2.5f32, -0.0, 0.0, 1e-30, 0.5, 1.0, f32::INFINITY];
        assert!(xs.windows(2).all(|w| float_key(w[0]) < float_key(w[1])));
    }
}
