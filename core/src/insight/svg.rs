//! Inline SVG charts for the digest: a radar of the dimensions, sparklines, and a
//! weekday × hour heat map. Plain strings, fixed sizes, no scripts, no external assets.
//!
//! Written by hand: the charts are a few dozen shapes each, and plotting crates target
//! files or canvases and bring fonts and external styles an email cannot carry.

use std::fmt::Write;

use super::digest::{ChartPoint, PlannedSlot, RadarAxis};
use super::html::escape;
use super::narrate::num;
use crate::schedule::Weekday;

const INK: &str = "#1f2933";
const MUTED: &str = "#7b8794";
const GRID: &str = "#d9dee4";
const ACCENT: &str = "#2563eb";

fn open(out: &mut String, class: &str, w: u32, h: u32, label: &str) {
    let _ = write!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"{class}\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{l}\"><title>{l}</title>",
        l = escape(label)
    );
}

/// A pentagon radar of the five dimension scores (0–100), the previous analysis dashed.
pub(crate) fn radar(axes: &[RadarAxis]) -> String {
    let (w, h) = (380u32, 260u32);
    let (cx, cy, r) = (190.0f64, 132.0f64, 92.0f64);
    let n = axes.len().max(1) as f64;
    let at = |i: usize, rr: f64| {
        let a = -std::f64::consts::FRAC_PI_2 + i as f64 * std::f64::consts::TAU / n;
        (cx + rr * a.cos(), cy + rr * a.sin())
    };
    let point = |i: usize, v: f64| at(i, r * (v.clamp(0.0, 100.0) / 100.0));
    let poly = |vals: &[f64]| {
        vals.iter()
            .enumerate()
            .map(|(i, &v)| {
                let (x, y) = point(i, v);
                format!("{x:.1},{y:.1}")
            })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = String::new();
    open(&mut out, "chart-radar", w, h, "Brand dimensions radar");
    for level in [25.0, 50.0, 75.0, 100.0] {
        let _ = write!(
            out,
            "<polygon points=\"{}\" fill=\"none\" stroke=\"{GRID}\" stroke-width=\"1\"/>",
            poly(&vec![level; axes.len()])
        );
    }
    for (i, a) in axes.iter().enumerate() {
        let (x, y) = point(i, 100.0);
        let _ = write!(
            out,
            "<line x1=\"{cx}\" y1=\"{cy}\" x2=\"{x:.1}\" y2=\"{y:.1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>"
        );
        let (lx, ly) = {
            let (px, py) = at(i, r + 12.0);
            (px, py + 4.0)
        };
        let anchor = if (lx - cx).abs() < 8.0 {
            "middle"
        } else if lx < cx {
            "end"
        } else {
            "start"
        };
        let score = a.score.map_or("n/a".to_owned(), |s| format!("{s:.0}"));
        let _ = write!(
            out,
            "<text x=\"{lx:.1}\" y=\"{ly:.1}\" text-anchor=\"{anchor}\" font-family=\"Arial,Helvetica,sans-serif\" \
             font-size=\"11\" fill=\"{INK}\">{} {score}</text>",
            escape(a.dimension.as_str())
        );
    }
    if axes.iter().any(|a| a.previous.is_some()) {
        let prev: Vec<f64> = axes.iter().map(|a| a.previous.unwrap_or(0.0)).collect();
        let _ = write!(
            out,
            "<polygon class=\"radar-previous\" points=\"{}\" fill=\"none\" stroke=\"{MUTED}\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>",
            poly(&prev)
        );
    }
    let cur: Vec<f64> = axes.iter().map(|a| a.score.unwrap_or(0.0)).collect();
    let _ = write!(
        out,
        "<polygon class=\"radar-current\" points=\"{}\" fill=\"{ACCENT}\" fill-opacity=\"0.25\" stroke=\"{ACCENT}\" stroke-width=\"2\"/>",
        poly(&cur)
    );
    out.push_str("</svg>");
    out
}

/// A sparkline of `points` with its last value; a dot for one point, a note for none.
pub(crate) fn sparkline(class: &str, label: &str, points: &[ChartPoint], unit: &str) -> String {
    let (w, h) = (260u32, 64u32);
    let (left, right, top, bottom) = (4.0f64, 196.0f64, 8.0f64, 56.0f64);
    let mut out = String::new();
    open(&mut out, class, w, h, label);
    let _ = write!(
        out,
        "<line x1=\"{left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\" stroke=\"{GRID}\" stroke-width=\"1\"/>"
    );
    if points.is_empty() {
        let _ = write!(
            out,
            "<text x=\"{left}\" y=\"36\" font-family=\"Arial,Helvetica,sans-serif\" font-size=\"12\" fill=\"{MUTED}\">No data yet</text></svg>"
        );
        return out;
    }
    let (lo, hi) = points
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), p| {
            (lo.min(p.value), hi.max(p.value))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    let n = points.len();
    let xy = |i: usize, v: f64| {
        let x = if n > 1 {
            left + (right - left) * i as f64 / (n - 1) as f64
        } else {
            right
        };
        let y = if hi > lo {
            bottom - (bottom - top) * (v - lo) / span
        } else {
            (top + bottom) / 2.0
        };
        (x, y)
    };
    if n > 1 {
        let pts: Vec<String> = points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let (x, y) = xy(i, p.value);
                format!("{x:.1},{y:.1}")
            })
            .collect();
        let _ = write!(
            out,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"{ACCENT}\" stroke-width=\"2\" stroke-linejoin=\"round\"/>",
            pts.join(" ")
        );
    }
    let last = &points[n - 1];
    let (x, y) = xy(n - 1, last.value);
    let _ = write!(
        out,
        "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\" fill=\"{ACCENT}\"/>\
         <text x=\"204\" y=\"36\" font-family=\"Arial,Helvetica,sans-serif\" font-size=\"13\" font-weight=\"bold\" fill=\"{INK}\">{}{}</text></svg>",
        escape(&num(last.value)),
        escape(unit)
    );
    out
}

/// A 7 × 24 heat map of expected lift (Monday first), the planned slots outlined.
pub(crate) fn heatmap(grid: &[f64], planned: &[PlannedSlot]) -> String {
    let (cell_w, cell_h) = (13.0f64, 16.0f64);
    let (left, top) = (34.0f64, 16.0f64);
    let (w, h) = (
        (left + 24.0 * cell_w + 6.0) as u32,
        (top + 7.0 * cell_h + 6.0) as u32,
    );
    let mut out = String::new();
    open(
        &mut out,
        "chart-heatmap",
        w,
        h,
        "Best posting times by weekday and hour",
    );
    let (lo, hi) = grid
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &v| {
            (lo.min(v), hi.max(v))
        });
    let span = if hi > lo { hi - lo } else { 1.0 };
    for hour in (0..24).step_by(6) {
        let _ = write!(
            out,
            "<text x=\"{:.1}\" y=\"11\" font-family=\"Arial,Helvetica,sans-serif\" font-size=\"9\" fill=\"{MUTED}\">{hour:02}h</text>",
            left + f64::from(hour) * cell_w
        );
    }
    for (d, day) in Weekday::ALL.iter().enumerate() {
        let y = top + d as f64 * cell_h;
        let name = &day.as_str()[..3];
        let _ = write!(
            out,
            "<text x=\"0\" y=\"{:.1}\" font-family=\"Arial,Helvetica,sans-serif\" font-size=\"9\" fill=\"{MUTED}\">{name}</text>",
            y + 10.0
        );
        for hour in 0..24usize {
            let v = grid.get(d * 24 + hour).copied().unwrap_or(lo);
            let t = if hi > lo { (v - lo) / span } else { 0.5 };
            let opacity = 0.08 + 0.92 * t;
            let x = left + hour as f64 * cell_w;
            let mark = planned
                .iter()
                .any(|s| s.weekday == *day && s.hour as usize == hour);
            let stroke = if mark {
                format!(" stroke=\"{INK}\" stroke-width=\"1.5\"")
            } else {
                String::new()
            };
            let _ = write!(
                out,
                "<rect x=\"{x:.1}\" y=\"{y:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{ACCENT}\" fill-opacity=\"{opacity:.2}\"{stroke}/>",
                cell_w - 1.0,
                cell_h - 1.0
            );
        }
    }
    out.push_str("</svg>");
    out
}
