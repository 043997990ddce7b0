//! Email-safe HTML of a [`Digest`]: table layout, inline CSS only (no `<style>`), no
//! scripts, no external assets (no images, fonts or stylesheets to fetch), inline SVG
//! charts. Every piece of user text is escaped.

use std::fmt::Write;

use super::digest::{Digest, DigestGoal};
use super::narrate::{group, num, pct, points};
use super::{Evidence, Insight, svg};
use crate::goal::GoalStatus;
use crate::score::Trend;

const FONT: &str = "font-family:Arial,Helvetica,sans-serif;";
const INK: &str = "#1f2933";
const MUTED: &str = "#616e7c";

/// Escapes `&`, `<`, `>`, `"` and `'` for text and attribute values.
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn evidence_value(e: &Evidence) -> String {
    match e.unit.as_str() {
        "%" => pct(e.value),
        "×" => format!("{}×", num(e.value)),
        "points" => points(e.value, false),
        "z" => format!("z = {}", num(e.value)),
        "fraction" | "progress" => pct(e.value * 100.0),
        "value" | "" => num(e.value),
        u => format!("{} {u}", num(e.value)),
    }
}

fn section(out: &mut String, title: &str) {
    let _ = write!(
        out,
        "<tr><td style=\"padding:20px 28px 6px 28px;{FONT}font-size:13px;font-weight:bold;\
         letter-spacing:0.06em;text-transform:uppercase;color:{MUTED};\">{}</td></tr>",
        escape(title)
    );
}

fn insight_row(out: &mut String, i: &Insight) {
    let evidence: Vec<String> = i
        .evidence
        .iter()
        .take(4)
        .map(|e| format!("{}: {}", escape(&e.label), escape(&evidence_value(e))))
        .collect();
    let _ = write!(
        out,
        "<tr><td class=\"insight\" data-kind=\"{kind}\" style=\"padding:8px 28px;{FONT}color:{INK};\">\
         <div style=\"font-size:16px;font-weight:bold;margin:0 0 4px 0;\">{title}</div>\
         <div style=\"font-size:14px;line-height:1.5;margin:0 0 4px 0;\">{body}</div>\
         <div style=\"font-size:12px;color:{MUTED};margin:0 0 4px 0;\">{evidence}</div>",
        kind = i.kind.as_str(),
        title = escape(&i.title),
        body = escape(&i.body),
        evidence = evidence.join(" · "),
    );
    for a in i.actions.iter().take(2) {
        let _ = write!(
            out,
            "<div style=\"font-size:14px;color:#1d4ed8;\">&#8594; {}</div>",
            escape(a)
        );
    }
    out.push_str("</td></tr>");
}

fn status_word(s: GoalStatus) -> (&'static str, &'static str) {
    match s {
        GoalStatus::NotStarted => ("not started", "#7b8794"),
        GoalStatus::OnTrack => ("on track", "#15803d"),
        GoalStatus::AtRisk => ("at risk", "#b45309"),
        GoalStatus::OffTrack => ("off track", "#b91c1c"),
        GoalStatus::Achieved => ("achieved", "#15803d"),
        GoalStatus::Missed => ("missed", "#b91c1c"),
    }
}

fn goal_row(out: &mut String, g: &DigestGoal) {
    let (word, color) = status_word(g.status);
    let done = (g.progress.clamp(0.0, 1.0) * 100.0).round() as u32;
    let name = g.name.clone().unwrap_or_else(|| g.goal_id.clone());
    let bar = if done == 0 {
        "<td style=\"background:#e4e7eb;height:8px;font-size:0;line-height:0;\">&nbsp;</td>"
            .to_owned()
    } else if done >= 100 {
        "<td style=\"background:#2563eb;height:8px;font-size:0;line-height:0;\">&nbsp;</td>"
            .to_owned()
    } else {
        format!(
            "<td width=\"{done}%\" style=\"background:#2563eb;height:8px;font-size:0;line-height:0;\">&nbsp;</td>\
             <td width=\"{}%\" style=\"background:#e4e7eb;height:8px;font-size:0;line-height:0;\">&nbsp;</td>",
            100 - done
        )
    };
    let _ = write!(
        out,
        "<tr><td class=\"goal\" style=\"padding:8px 28px;{FONT}color:{INK};\">\
         <div style=\"font-size:14px;font-weight:bold;\">{name} \
         <span style=\"font-weight:normal;color:{color};\">· {word}</span></div>\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"margin:6px 0;\"><tr>{bar}</tr></table>\
         <div style=\"font-size:12px;color:{MUTED};\">{progress} done (expected {expected}) · now {current} of {target} · {days} days left</div></td></tr>",
        name = escape(&name),
        progress = pct(g.progress * 100.0),
        expected = pct(g.expected_progress * 100.0),
        current = escape(&num(g.current_value)),
        target = escape(&num(g.target)),
        days = group(g.days_remaining.floor() as i64),
    );
}

/// The digest as one self-contained, email-safe HTML document.
///
/// Inline CSS and a table layout (what email clients render), no `<script>`, no
/// `<style>`, no `<link>`, no external image, font or stylesheet; the radar of the
/// dimensions, the follower and engagement sparklines and the weekday × hour heat map are
/// inline `<svg>` elements (classes `chart-radar`, `chart-followers`, `chart-engagement`,
/// `chart-heatmap`). All user text (names, post snippets, goal names) is escaped.
pub fn render_html(d: &Digest) -> String {
    let mut out = String::with_capacity(24 * 1024);
    let who = d
        .account
        .display_name
        .clone()
        .unwrap_or_else(|| d.account.handle.clone());
    let _ = write!(
        out,
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head>\
         <body style=\"margin:0;padding:0;background:#f4f5f7;\">\
         <table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" style=\"background:#f4f5f7;\">\
         <tr><td align=\"center\" style=\"padding:24px 12px;\">\
         <table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" \
         style=\"width:600px;max-width:100%;background:#ffffff;border-radius:8px;\">\
         <tr><td style=\"padding:24px 28px 4px 28px;{FONT}font-size:13px;color:{MUTED};\">{label} · {who} (@{handle}) · {platform}</td></tr>\
         <tr><td style=\"padding:0 28px 8px 28px;{FONT}font-size:24px;font-weight:bold;color:{INK};\">{headline}</td></tr>",
        title = escape(&format!("{} · {}", d.period_label, d.headline)),
        label = escape(&d.period_label),
        who = escape(&who),
        handle = escape(&d.account.handle),
        platform = escape(d.account.platform.as_str()),
        headline = escape(&d.headline),
    );

    if let Some(s) = &d.score {
        let change = match (s.delta, s.trend) {
            (Some(delta), Trend::Improved) => format!("up {}", points(delta.abs(), false)),
            (Some(delta), Trend::Declined) => format!("down {}", points(delta.abs(), false)),
            (Some(delta), _) => format!("steady ({})", points(delta, true)),
            (None, _) => "first analysis".to_owned(),
        };
        section(&mut out, "Brand score");
        let _ = write!(
            out,
            "<tr><td style=\"padding:4px 28px;{FONT}color:{INK};\">\
             <span style=\"font-size:36px;font-weight:bold;\">{score}</span>\
             <span style=\"font-size:14px;color:{MUTED};\"> / 100 · {change}</span></td></tr>\
             <tr><td align=\"center\" style=\"padding:4px 28px;\">{radar}</td></tr>",
            score = escape(&num(s.overall)),
            change = escape(&change),
            radar = svg::radar(&d.charts.radar),
        );
    }

    section(&mut out, "Trends");
    let er_unit = "%";
    let _ = write!(
        out,
        "<tr><td style=\"padding:4px 28px;{FONT}font-size:13px;color:{MUTED};\">Followers<br>{}</td></tr>\
         <tr><td style=\"padding:4px 28px;{FONT}font-size:13px;color:{MUTED};\">Engagement rate per {}<br>{}</td></tr>",
        svg::sparkline("chart-followers", "Followers", &d.charts.followers, ""),
        d.period.period.as_str(),
        svg::sparkline(
            "chart-engagement",
            "Engagement rate",
            &d.charts.engagement_rate,
            er_unit
        ),
    );

    if !d.achievements.is_empty() {
        section(&mut out, "Achievements");
        for a in &d.achievements {
            insight_row(&mut out, a);
        }
    }
    if !d.insights.is_empty() {
        section(&mut out, "Insights");
        for i in &d.insights {
            insight_row(&mut out, i);
        }
    }
    if !d.goals.is_empty() {
        section(&mut out, "Goals");
        for g in &d.goals {
            goal_row(&mut out, g);
        }
    }

    section(&mut out, "Next week");
    let slots: Vec<String> = d
        .plan
        .slots
        .iter()
        .map(|s| {
            let day = s.weekday.as_str();
            let mut day = day.to_owned();
            if let Some(f) = day.get_mut(0..1) {
                f.make_ascii_uppercase();
            }
            format!("{day} {} at {:02}:00", s.date.format("%-d %b"), s.hour)
        })
        .collect();
    let posts = if d.plan.posts == 1 { "post" } else { "posts" };
    let _ = write!(
        out,
        "<tr><td style=\"padding:4px 28px;{FONT}font-size:14px;line-height:1.5;color:{INK};\">\
         Plan {n} {posts}: {slots}.</td></tr>",
        n = d.plan.posts,
        slots = escape(&slots.join(", ")),
    );
    for a in &d.plan.actions {
        let _ = write!(
            out,
            "<tr><td style=\"padding:2px 28px;{FONT}font-size:14px;color:#1d4ed8;\">&#8594; {}</td></tr>",
            escape(a)
        );
    }
    let _ = write!(
        out,
        "<tr><td style=\"padding:12px 28px 4px 28px;{FONT}font-size:13px;color:{MUTED};\">\
         Best times ({tz}): darker is better; outlined are the planned slots.</td></tr>\
         <tr><td align=\"center\" style=\"padding:4px 28px 16px 28px;\">{heat}</td></tr>",
        tz = escape(&d.period.time_zone),
        heat = svg::heatmap(&d.charts.heatmap, &d.plan.slots),
    );
    let _ = write!(
        out,
        "<tr><td style=\"padding:16px 28px 24px 28px;{FONT}font-size:11px;color:{MUTED};border-top:1px solid #e4e7eb;\">\
         Computed from your own data by brandpilot. Reply with what was useful: your feedback tunes next week's insights.</td></tr>\
         </table></td></tr></table></body></html>"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup() {
        assert_eq!(
            escape("<script>alert('x') & \"y\"</script>"),
            "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;"
        );
    }
}
