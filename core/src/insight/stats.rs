//! Small robust statistics and the stable id hash.

/// Scale factor that makes the median absolute deviation a consistent estimator of the
/// standard deviation for normal data (1 / Φ⁻¹(3/4) ≈ 1.4826; Iglewicz & Hoaglin 1993).
pub(crate) const MAD_SCALE: f64 = 1.4826;

/// Scale factor for the mean absolute deviation when the MAD is 0 (√(π/2) ≈ 1.253314;
/// the fallback IBM SPSS and Iglewicz & Hoaglin's follow-ups use for the modified z-score).
pub(crate) const MEAN_AD_SCALE: f64 = 1.253314;

pub(crate) use crate::stats::median;

/// Median and robust standard deviation (1.4826 × MAD, else 1.2533 × mean absolute
/// deviation when the MAD is 0) of `values`; `None` when empty.
pub(crate) fn robust_center_scale(values: &[f64]) -> Option<(f64, f64)> {
    let mut v = values.to_vec();
    let m = median(&mut v)?;
    let mut dev: Vec<f64> = values.iter().map(|x| (x - m).abs()).collect();
    let mad = median(&mut dev)?;
    let scale = if mad > 0.0 {
        MAD_SCALE * mad
    } else {
        MEAN_AD_SCALE * dev.iter().sum::<f64>() / dev.len() as f64
    };
    Some((m, scale))
}

/// Count, mean and sample variance (NaN below two values).
pub(crate) fn mean_var(values: &[f64]) -> (usize, f64, f64) {
    let n = values.len();
    if n == 0 {
        return (0, f64::NAN, f64::NAN);
    }
    let mean = values.iter().sum::<f64>() / n as f64;
    let var = if n >= 2 {
        values.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64
    } else {
        f64::NAN
    };
    (n, mean, var)
}

/// FNV-1a, 64 bits (Fowler, Noll, Vo; parameters from the reference at
/// isthe.com/chongo/tech/comp/fnv). Written out rather than taken from a crate because the
/// ids it makes are a public contract: they must stay identical across versions, platforms
/// and languages, which a five-line function fixed by its specification guarantees and a
/// `Hasher` implementation (whose `write_str` framing may change) does not.
pub(crate) fn fnv1a64(bytes: &[u8]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes
        .iter()
        .fold(OFFSET, |h, &b| (h ^ u64::from(b)).wrapping_mul(PRIME))
}

/// A stable 16-hex-digit id of `parts` joined by `|`.
pub(crate) fn stable_id(parts: &[&str]) -> String {
    format!("{:016x}", fnv1a64(parts.join("|").as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv_matches_reference_vectors() {
        // From the FNV reference test suite.
        assert_eq!(fnv1a64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn robust_scale() {
        let (m, s) = robust_center_scale(&[1.0, 2.0, 3.0, 4.0, 100.0]).unwrap();
        assert_eq!(m, 3.0);
        assert!((s - MAD_SCALE).abs() < 1e-12);
        let (m, s) = robust_center_scale(&[5.0, 5.0, 5.0, 9.0]).unwrap();
        assert_eq!(m, 5.0);
        assert!((s - MEAN_AD_SCALE).abs() < 1e-12);
        assert_eq!(median(&mut [4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&mut []), None);
    }
}
