//! Numbers in prose, so a rewrite can be checked to keep every number of the original.

/// The numbers written in `text`, in order: `2,872` → 2872, `3.4%` → 3.4, `+12` → 12,
/// `-0.5` → -0.5. A `-` counts as a sign only at the start or after a space or `(`, so
/// `2026-11-23` reads as 2026, 11 and 23, and `10-20` as 10 and 20. Thousands separators
/// are commas followed by exactly three digits.
///
/// ```
/// use brandpilot::llm::numbers_in;
/// assert_eq!(numbers_in("Up 3.4% to 2,872 (+12, -0.5 points) on 2026-11-23."),
///            vec![3.4, 2872.0, 12.0, -0.5, 2026.0, 11.0, 23.0]);
/// assert_eq!(numbers_in("a, b, and 1, 2, 3"), vec![1.0, 2.0, 3.0]);
/// ```
pub fn numbers_in(text: &str) -> Vec<f64> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let negative = i > 0
            && bytes[i - 1] == b'-'
            && (i == 1 || matches!(bytes[i - 2], b' ' | b'(' | b'\n' | b'\t'));
        let mut digits = String::new();
        let mut j = i;
        loop {
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                digits.push(char::from(bytes[j]));
                j += 1;
            }
            // `,ddd` not followed by another digit continues the number.
            let group = j + 4 <= bytes.len()
                && bytes[j] == b','
                && bytes[j + 1..j + 4].iter().all(u8::is_ascii_digit)
                && bytes.get(j + 4).is_none_or(|b| !b.is_ascii_digit());
            if group {
                j += 1;
            } else {
                break;
            }
        }
        if j + 1 < bytes.len() && bytes[j] == b'.' && bytes[j + 1].is_ascii_digit() {
            digits.push('.');
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                digits.push(char::from(bytes[j]));
                j += 1;
            }
        }
        if let Ok(x) = digits.parse::<f64>() {
            out.push(if negative { -x } else { x });
        }
        i = j;
    }
    out
}

/// How a rewrite's numbers differ from the original's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NumberDiff {
    /// Numbers of the original that the rewrite lacks.
    pub missing: Vec<f64>,
    /// Numbers of the rewrite that the original does not have.
    pub added: Vec<f64>,
}

impl NumberDiff {
    /// Whether the rewrite keeps exactly the original's numbers.
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.added.is_empty()
    }
}

/// Compares the numbers of `original` and `rewrite` as sets (a number may be repeated or
/// reordered, not changed, dropped or invented).
///
/// ```
/// use brandpilot::llm::compare_numbers;
/// let d = compare_numbers("Engagement rose to 3.4%.", "You reached 3.5% engagement!");
/// assert_eq!((d.missing, d.added), (vec![3.4], vec![3.5]));
/// assert!(compare_numbers("2,872 followers, +12%", "+12% more: 2872 followers").is_empty());
/// ```
pub fn compare_numbers(original: &str, rewrite: &str) -> NumberDiff {
    let a = numbers_in(original);
    let b = numbers_in(rewrite);
    let contains = |list: &[f64], x: f64| list.iter().any(|y| same(*y, x));
    let mut diff = NumberDiff::default();
    for x in &a {
        if !contains(&b, *x) && !contains(&diff.missing, *x) {
            diff.missing.push(*x);
        }
    }
    for x in &b {
        if !contains(&a, *x) && !contains(&diff.added, *x) {
            diff.added.push(*x);
        }
    }
    diff
}

/// Equality of two parsed decimals (both came from short decimal strings).
fn same(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_like_prose() {
        assert_eq!(
            numbers_in("1,234,567.89 and 1,23"),
            vec![1_234_567.89, 1.0, 23.0]
        );
        assert_eq!(numbers_in("v1.2.3"), vec![1.2, 3.0]);
        assert_eq!(numbers_in("-3 and x-3 and (-4)"), vec![-3.0, 3.0, -4.0]);
        assert_eq!(numbers_in("3.40% vs 3.4%"), vec![3.4, 3.4]);
        assert_eq!(numbers_in("end 5."), vec![5.0]);
        assert!(numbers_in("no numbers — ünïcode").is_empty());
        assert_eq!(numbers_in("12,3456"), vec![12.0, 3456.0]);
    }

    #[test]
    fn signs_matter() {
        let d = compare_numbers("-0.5 points", "fell 0.5 points");
        assert_eq!(d.missing, vec![-0.5]);
        assert_eq!(d.added, vec![0.5]);
    }
}
