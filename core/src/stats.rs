//! Statistics shared by several modules (crate-private).

use std::cmp::Ordering;

/// The median of `values` (reordered in place); `None` when empty. The mean of the two
/// middle values for an even count.
pub(crate) fn median(values: &mut [f64]) -> Option<f64> {
    let n = values.len();
    if n == 0 {
        return None;
    }
    let cmp = |a: &f64, b: &f64| -> Ordering { a.total_cmp(b) };
    let mid = n / 2;
    let (lower, &mut upper, _) = values.select_nth_unstable_by(mid, cmp);
    if n % 2 == 1 {
        return Some(upper);
    }
    let below = lower.iter().copied().max_by(cmp)?;
    // Halving first cannot overflow; it rounds exactly like `(below + upper) / 2`.
    Some(below / 2.0 + upper / 2.0)
}
