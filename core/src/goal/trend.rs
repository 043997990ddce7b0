//! Theil–Sen line fit: the median of pairwise slopes, robust to outliers (a viral week or a
//! bad API read moves it far less than least squares).
//!
//! Written by hand on purpose: it is about forty lines, and no maintained crate offers
//! just this estimator without pulling in a full statistics or linear-algebra stack.

use crate::stats::median;

/// Above this many points, the fit uses this many evenly spaced points (by index in time
/// order, always the first and the last), keeping the O(n²) pairwise pass bounded
/// (~2 million slopes) and the result deterministic.
pub(crate) const MAX_POINTS: usize = 2_000;

/// A fitted line `y = intercept + slope * x`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Line {
    /// Change of `y` per unit of `x`.
    pub(crate) slope: f64,
    /// `y` at `x = 0`.
    pub(crate) intercept: f64,
}

/// A point `(x, y)` of the fit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Point {
    pub(crate) x: f64,
    pub(crate) y: f64,
}

/// Fits a Theil–Sen line through `points`, which must be finite and sorted by `x`.
///
/// The slope is the median of `(y_j - y_i) / (x_j - x_i)` over all pairs with distinct
/// `x` (the mean of the two middle slopes for an even count); the intercept is the median
/// of `y_i - slope * x_i`. Returns `None` when no two points have distinct `x`.
pub(crate) fn theil_sen(points: &[Point]) -> Option<Line> {
    let sample = subsample(points, MAX_POINTS);
    let n = sample.len();
    let mut slopes = Vec::with_capacity(n.saturating_mul(n.saturating_sub(1)) / 2);
    for (i, a) in sample.iter().enumerate() {
        for b in &sample[i + 1..] {
            let dx = b.x - a.x;
            if dx != 0.0 {
                slopes.push((b.y - a.y) / dx);
            }
        }
    }
    let slope = median(&mut slopes)?;
    let mut intercepts: Vec<f64> = sample.iter().map(|p| p.y - slope * p.x).collect();
    let intercept = median(&mut intercepts)?;
    Some(Line { slope, intercept })
}

/// At most `max` points of `points`, evenly spaced by index, first and last included.
fn subsample(points: &[Point], max: usize) -> Vec<Point> {
    let n = points.len();
    if n <= max || max < 2 {
        return points.to_vec();
    }
    // u128 keeps `k * (n - 1)` exact on every target (usize is 32 bits on wasm32).
    let (n1, m1) = ((n - 1) as u128, (max - 1) as u128);
    (0..max as u128)
        .map(|k| points[(k * n1 / m1) as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pts(xy: &[(f64, f64)]) -> Vec<Point> {
        xy.iter().map(|&(x, y)| Point { x, y }).collect()
    }

    #[test]
    fn exact_line() {
        let line = theil_sen(&pts(&[(0.0, 1.0), (1.0, 3.0), (2.0, 5.0), (3.0, 7.0)])).unwrap();
        assert_eq!(
            line,
            Line {
                slope: 2.0,
                intercept: 1.0
            }
        );
    }

    #[test]
    fn robust_to_an_outlier() {
        // One wild reading barely moves the fit (least squares would give slope 19.6).
        let line = theil_sen(&pts(&[
            (0.0, 0.0),
            (1.0, 1.0),
            (2.0, 2.0),
            (3.0, 100.0),
            (4.0, 4.0),
        ]))
        .unwrap();
        assert_eq!(line.slope, 1.0);
        assert_eq!(line.intercept, 0.0);
    }

    #[test]
    fn even_number_of_slopes_averages_the_middle_two() {
        // Points (0,0), (1,2), (2,2), (3,6): pairwise slopes 2, 1, 2, 0, 2, 4
        // -> sorted 0 1 2 2 2 4 -> median (2 + 2) / 2 = 2.
        let line = theil_sen(&pts(&[(0.0, 0.0), (1.0, 2.0), (2.0, 2.0), (3.0, 6.0)])).unwrap();
        assert_eq!(line.slope, 2.0);
        // Points (0,0), (1,1), (2,3), (3,3): pairwise slopes 1, 1.5, 1, 2, 1, 0
        // -> sorted 0 1 1 1 1.5 2 -> median (1 + 1) / 2 = 1.
        let line = theil_sen(&pts(&[(0.0, 0.0), (1.0, 1.0), (2.0, 3.0), (3.0, 3.0)])).unwrap();
        assert_eq!(line.slope, 1.0);
        // Residuals 0, 0, 1, 0 -> sorted 0 0 0 1 -> median 0.
        assert_eq!(line.intercept, 0.0);
        let mut v = [4.0, 1.0, 3.0, 2.0];
        assert_eq!(median(&mut v), Some(2.5));
    }

    #[test]
    fn needs_two_distinct_x() {
        assert_eq!(theil_sen(&[]), None);
        assert_eq!(theil_sen(&pts(&[(1.0, 5.0)])), None);
        assert_eq!(theil_sen(&pts(&[(1.0, 5.0), (1.0, 7.0)])), None);
        // Same-x pairs are skipped, the others still count.
        let line = theil_sen(&pts(&[(0.0, 0.0), (1.0, 5.0), (1.0, 7.0)])).unwrap();
        assert_eq!(line.slope, 6.0);
    }

    #[test]
    fn flat_series_has_zero_slope() {
        let line = theil_sen(&pts(&[(0.0, 4.0), (1.0, 4.0), (2.0, 4.0)])).unwrap();
        assert_eq!(line.slope, 0.0);
        assert_eq!(line.intercept, 4.0);
    }

    #[test]
    fn subsample_is_even_and_keeps_ends() {
        let points: Vec<Point> = (0..10)
            .map(|i| Point {
                x: f64::from(i),
                y: 0.0,
            })
            .collect();
        let s = subsample(&points, 4);
        let xs: Vec<f64> = s.iter().map(|p| p.x).collect();
        assert_eq!(xs, [0.0, 3.0, 6.0, 9.0]);
        assert_eq!(subsample(&points, 20).len(), 10);
    }

    #[test]
    fn large_inputs_are_subsampled_and_still_exact_on_a_line() {
        let points: Vec<Point> = (0..5_000)
            .map(|i| Point {
                x: f64::from(i),
                y: 3.0 * f64::from(i) + 7.0,
            })
            .collect();
        let line = theil_sen(&points).unwrap();
        assert_eq!(line.slope, 3.0);
        assert_eq!(line.intercept, 7.0);
    }
}
