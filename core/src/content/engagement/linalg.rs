//! Standardisation and ridge regression by the normal equations.
//!
//! Written by hand rather than pulled from a linear-algebra crate: the system is at most
//! 31 × 31 (one row and column per feature), solved a dozen times per fold, and a
//! Cholesky factorisation of a symmetric positive-definite matrix is twenty lines. A
//! BLAS-backed or generic crate (nalgebra, ndarray-linalg) would add compile time and, for
//! the bindings, a native dependency, for no gain at this size.

use super::features::N_FEATURES;

/// Below this standard deviation a feature is constant in the training rows and dropped.
const MIN_SCALE: f64 = 1e-9;

/// Added to the diagonal on top of the penalty, so that a zero penalty on perfectly
/// collinear features (platform one-hots sum to one) still factorises.
const JITTER: f64 = 1e-8;

/// Column statistics of training rows over the features that vary in them.
#[derive(Debug, Clone)]
pub(crate) struct Standardizer {
    /// Indices into the feature catalog of the kept features.
    pub cols: Vec<usize>,
    /// Mean of each kept feature.
    pub mean: Vec<f64>,
    /// Population standard deviation of each kept feature (> 0).
    pub scale: Vec<f64>,
    /// Smallest training value of each kept feature.
    pub min: Vec<f64>,
    /// Largest training value of each kept feature.
    pub max: Vec<f64>,
}

impl Standardizer {
    /// Statistics of `rows` over `candidates`, keeping those with a non-zero spread.
    pub fn fit(rows: &[&[f64; N_FEATURES]], candidates: &[usize]) -> Self {
        let n = rows.len().max(1) as f64;
        let mut s = Standardizer {
            cols: Vec::new(),
            mean: Vec::new(),
            scale: Vec::new(),
            min: Vec::new(),
            max: Vec::new(),
        };
        for &c in candidates {
            let mean = rows.iter().map(|r| r[c]).sum::<f64>() / n;
            let var = rows.iter().map(|r| (r[c] - mean).powi(2)).sum::<f64>() / n;
            let scale = var.sqrt();
            if scale.is_nan() || scale <= MIN_SCALE {
                continue;
            }
            let (lo, hi) = rows
                .iter()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), r| {
                    (a.min(r[c]), b.max(r[c]))
                });
            s.cols.push(c);
            s.mean.push(mean);
            s.scale.push(scale);
            s.min.push(lo);
            s.max.push(hi);
        }
        s
    }

    /// The standardised kept features of `row`, each first clamped into its training range
    /// (the model does not extrapolate beyond the history it learned from).
    pub fn transform(&self, row: &[f64; N_FEATURES]) -> Vec<f64> {
        (0..self.cols.len())
            .map(|j| {
                (row[self.cols[j]].clamp(self.min[j], self.max[j]) - self.mean[j]) / self.scale[j]
            })
            .collect()
    }
}

/// The normal equations of one training set, ready to be solved for several penalties.
#[derive(Debug, Clone)]
pub(crate) struct NormalEquations {
    p: usize,
    /// `ZᵀZ / n`, row-major `p × p` (the correlation matrix of the features).
    gram: Vec<f64>,
    /// `Zᵀ(y − ȳ) / n`.
    rhs: Vec<f64>,
    /// Mean of `y`: the intercept, since the columns of `Z` are centred.
    pub y_mean: f64,
}

impl NormalEquations {
    /// From standardised rows `z` (each of the same length) and targets `y`.
    pub fn new(z: &[Vec<f64>], y: &[f64]) -> Self {
        let p = z.first().map_or(0, Vec::len);
        let n = z.len().max(1) as f64;
        let y_mean = y.iter().sum::<f64>() / n;
        let mut gram = vec![0.0; p * p];
        let mut rhs = vec![0.0; p];
        for (row, &yi) in z.iter().zip(y) {
            let r = yi - y_mean;
            for a in 0..p {
                rhs[a] += row[a] * r;
                for b in a..p {
                    gram[a * p + b] += row[a] * row[b];
                }
            }
        }
        for a in 0..p {
            rhs[a] /= n;
            for b in a..p {
                gram[a * p + b] /= n;
                gram[b * p + a] = gram[a * p + b];
            }
        }
        NormalEquations {
            p,
            gram,
            rhs,
            y_mean,
        }
    }

    /// Ridge weights minimising `mean((y − ȳ − Zw)²) + λ‖w‖²`: the solution of
    /// `(ZᵀZ/n + λI) w = Zᵀ(y − ȳ)/n`. `None` when the system is not positive definite
    /// (numerically).
    pub fn solve(&self, lambda: f64) -> Option<Vec<f64>> {
        let p = self.p;
        let mut a = self.gram.clone();
        for i in 0..p {
            a[i * p + i] += lambda + JITTER;
        }
        let mut w = self.rhs.clone();
        cholesky_solve(&mut a, p, &mut w).then_some(w)
    }
}

/// Solves `A x = b` for a symmetric positive-definite `A` (row-major `p × p`) in place:
/// `A` is overwritten by its Cholesky factor `L` (lower triangle), `b` by `x`. Returns
/// `false` when a pivot is not positive.
fn cholesky_solve(a: &mut [f64], p: usize, b: &mut [f64]) -> bool {
    for j in 0..p {
        let mut d = a[j * p + j];
        for k in 0..j {
            d -= a[j * p + k] * a[j * p + k];
        }
        if !d.is_finite() || d <= 0.0 {
            return false;
        }
        let d = d.sqrt();
        a[j * p + j] = d;
        for i in j + 1..p {
            let mut s = a[i * p + j];
            for k in 0..j {
                s -= a[i * p + k] * a[j * p + k];
            }
            a[i * p + j] = s / d;
        }
    }
    // L y = b
    for i in 0..p {
        let mut s = b[i];
        for k in 0..i {
            s -= a[i * p + k] * b[k];
        }
        b[i] = s / a[i * p + i];
    }
    // Lᵀ x = y
    for i in (0..p).rev() {
        let mut s = b[i];
        for k in i + 1..p {
            s -= a[k * p + i] * b[k];
        }
        b[i] = s / a[i * p + i];
    }
    b.iter().all(|v| v.is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_solves_a_small_system() {
        // A = [[4, 2], [2, 3]], b = [2, 1] → x = [0.5, 0].
        let mut a = vec![4.0, 2.0, 2.0, 3.0];
        let mut b = vec![2.0, 1.0];
        assert!(cholesky_solve(&mut a, 2, &mut b));
        assert!((b[0] - 0.5).abs() < 1e-12 && b[1].abs() < 1e-12);
        let mut singular = vec![1.0, 1.0, 1.0, 1.0];
        let mut b = vec![1.0, 1.0];
        assert!(!cholesky_solve(&mut singular, 2, &mut b));
    }

    #[test]
    fn ridge_recovers_a_linear_relation_and_shrinks_it() {
        let z: Vec<Vec<f64>> = (0..20).map(|i| vec![(i as f64 - 9.5) / 5.77]).collect();
        let y: Vec<f64> = z.iter().map(|r| 1.0 + 2.0 * r[0]).collect();
        let ne = NormalEquations::new(&z, &y);
        assert!((ne.y_mean - 1.0).abs() < 1e-12);
        let w = ne.solve(0.0).unwrap()[0];
        let var = z.iter().map(|r| r[0] * r[0]).sum::<f64>() / 20.0;
        assert!((w - 2.0).abs() < 1e-6, "{w}");
        let shrunk = ne.solve(1.0).unwrap()[0];
        assert!((shrunk - 2.0 * var / (var + 1.0)).abs() < 1e-6, "{shrunk}");
    }
}
