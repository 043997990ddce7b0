//! The platform prior: how engagement typically varies with the weekday and the local hour
//! of posting, as a multiplicative lift around 1.0 (the mean over the 168 hours of a week).
//!
//! # Sources
//!
//! The public "best times to post" studies publish coarse windows, not curves, so each
//! platform's prior is a smooth documented shape fitted by eye to their windows:
//! `day factor × (floor + Σ Gaussian bumps over the hour)`, normalised to mean 1, raised
//! to the power [`PRIOR_STRENGTH`] (compression toward 1) and normalised again.
//!
//! - Sprout Social, "Best times to post on social media" 2023 (34k+ customers, local
//!   time): Facebook Mon–Thu 8 am–1 pm (Tue to 2 pm); Instagram Mon 10–12, Tue 9–13,
//!   Wed 10–13, Fri 9–11, Sunday worst for both; X Tue–Fri 9 am–noon; LinkedIn Tue–Wed
//!   10 am–noon. TikTok 2023–2025: Tue 2–6 pm (2025: 5 pm), Wed 2–5 pm, Thu 3–5 pm, Sunday
//!   worst (sproutsocial.com/insights, best-times-to-post-on-tiktok; summarised by
//!   O'Dwyer's, 2023-06-07).
//! - Hootsuite, "Best time to post on social media in 2023" (its own channels, ~8M
//!   followers): Facebook Mon 10 am PT, Instagram Mon 9 am PT, Twitter Fri 9 am PT,
//!   LinkedIn Mon 1 pm PT, TikTok Sun 1 pm PT; earlier editions: LinkedIn Tue/Wed 9 am.
//! - Buffer (analysis of 1M+ Facebook posts; Instagram methodology post, May 2025, 3.1M
//!   posts, engagement ÷ reach in the channel's local time): weekday mornings lead;
//!   LinkedIn Tue–Thu with a 7:30–8:30 am and 5–6 pm shoulder (as summarised by
//!   HubSpot/CoSchedule).
//!
//! Threads, Bluesky and Mastodon have no comparable study: they use X's shape (text-first,
//! real-time feeds). YouTube has none either: an afternoon/evening shape with flat days is
//! assumed, and is the least certain of the nine.
//!
//! These studies rank hours by total engagement, which mixes audience activity with the
//! per-post effect of timing; the per-post effect is much smaller. Hence the compression:
//! the prior's lifts stay within about 0.55–1.5 of the user's mean.

use super::time::{WEEK_HOURS, Weekday};
use crate::model::Platform;

/// Exponent applied to the studies' normalised day/hour contrast (0 = flat, 1 = full):
/// a peak hour at 3.6× the weekly mean of total engagement becomes a ≈1.4× prior lift,
/// a night hour at 0.15× becomes ≈0.6×.
pub const PRIOR_STRENGTH: f64 = 0.25;

/// One bump of the hour shape: centre hour, width (standard deviation, hours), height.
type Bump = (f64, f64, f64);

struct Shape {
    /// Monday-first day factors.
    days: [f64; 7],
    /// Level outside the bumps (night).
    floor: f64,
    bumps: &'static [Bump],
}

fn shape(platform: Platform) -> Shape {
    match platform {
        // Sprout 2023: Tue–Wed 10–12; Hootsuite: Mon 1 pm PT, Tue/Wed 9 am; Buffer/HubSpot
        // shoulders at 8 am and 5–6 pm; weekends weakest.
        Platform::Linkedin => Shape {
            days: [1.0, 1.2, 1.2, 1.1, 0.85, 0.5, 0.45],
            floor: 0.12,
            bumps: &[
                (8.0, 1.2, 0.55),
                (11.0, 1.8, 1.0),
                (13.0, 1.2, 0.4),
                (17.5, 1.2, 0.35),
            ],
        },
        // Sprout 2023: Tue–Fri 9 am–noon; Hootsuite: Fri 9 am PT, weekdays 12–3 pm.
        Platform::X | Platform::Threads | Platform::Bluesky | Platform::Mastodon => Shape {
            days: [1.0, 1.1, 1.1, 1.1, 1.05, 0.7, 0.65],
            floor: 0.15,
            bumps: &[(10.5, 1.8, 1.0), (15.0, 1.8, 0.55), (20.0, 1.8, 0.3)],
        },
        // Sprout 2023: Mon–Thu 8 am–1 pm, Sunday worst; Hootsuite: Mon 10 am PT.
        Platform::Facebook => Shape {
            days: [1.1, 1.1, 1.1, 1.05, 0.95, 0.7, 0.6],
            floor: 0.15,
            bumps: &[(10.5, 2.2, 1.0), (15.0, 1.8, 0.45), (20.0, 1.8, 0.35)],
        },
        // Sprout 2023: Mon 10–12, Tue 9–13, Wed 10–13, Fri 9–11, Sunday worst; Hootsuite:
        // Mon 9 am PT; evening scrolling peak (Buffer).
        Platform::Instagram => Shape {
            days: [1.1, 1.15, 1.1, 1.0, 1.0, 0.75, 0.65],
            floor: 0.15,
            bumps: &[(11.0, 1.8, 1.0), (18.5, 2.0, 0.6)],
        },
        // Sprout 2023–2025: Tue 2–6 pm, Wed 2–5 pm, Thu 3–5 pm, some Wed/Thu 9–11 am,
        // Sunday worst.
        Platform::Tiktok => Shape {
            days: [0.95, 1.1, 1.15, 1.1, 1.0, 0.85, 0.7],
            floor: 0.15,
            bumps: &[(10.0, 1.5, 0.45), (16.0, 2.0, 1.0), (20.5, 1.8, 0.5)],
        },
        // No study found: afternoon and evening viewing, flat days (assumption).
        Platform::Youtube => Shape {
            days: [1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.0],
            floor: 0.15,
            bumps: &[(15.0, 2.5, 1.0), (20.0, 2.0, 0.7)],
        },
    }
}

/// The prior lift of every (weekday, hour) cell of `platform`, Monday 00 first; mean 1.
pub(crate) fn prior_grid(platform: Platform) -> [f64; WEEK_HOURS] {
    let s = shape(platform);
    let hour_level = |h: f64| {
        s.floor
            + s.bumps
                .iter()
                .map(|&(c, w, height)| height * (-(h - c) * (h - c) / (2.0 * w * w)).exp())
                .sum::<f64>()
    };
    let mut grid = [0.0; WEEK_HOURS];
    for (i, v) in grid.iter_mut().enumerate() {
        *v = s.days[i / 24] * hour_level((i % 24) as f64);
    }
    let mean = grid.iter().sum::<f64>() / WEEK_HOURS as f64;
    for v in &mut grid {
        *v = (*v / mean).powf(PRIOR_STRENGTH);
    }
    // Renormalise so the compressed curve has mean 1 again.
    let mean = grid.iter().sum::<f64>() / WEEK_HOURS as f64;
    grid.map(|v| v / mean)
}

/// The prior lift of posting on `platform` at local `weekday` `hour`.
pub fn prior_lift(platform: Platform, weekday: Weekday, hour: u32) -> f64 {
    prior_grid(platform)[super::time::cell(weekday, hour.min(23))]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn priors_have_mean_one_and_a_daytime_weekday_peak() {
        for p in Platform::ALL {
            let g = prior_grid(p);
            let mean = g.iter().sum::<f64>() / g.len() as f64;
            assert!((mean - 1.0).abs() < 1e-12, "{p}");
            let (best, &top) = g
                .iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .unwrap();
            let hour = best % 24;
            assert!((8..=20).contains(&hour), "{p}: peak at {hour}");
            assert!(top < 1.6 && g.iter().all(|&v| v > 0.5), "{p}: {top}");
        }
    }
}
