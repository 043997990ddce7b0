//! Deterministic rewrites of a post that fix the issues [`analyze`] finds, each re-analysed
//! with its predicted quality.
//!
//! Every strategy runs only when its issue is present, and touches nothing but what it
//! fixes: the user's words are never reworded and no word is invented. Except for
//! `calm_shouting` (which changes letter case only) every edit removes, moves or re-breaks
//! text that was already there.
//!
//! | strategy | issue | what it does |
//! | --- | --- | --- |
//! | `trim_to_limit` | `over_limit` | cuts at the last sentence end that fits the platform's limit in its own unit (falling back to a word end + `…`), keeping a final line of hashtags or links |
//! | `cap_hashtags` | `too_many_hashtags_for_platform`, `too_many_hashtags` | keeps the first hashtags the platform's practice allows, on a final line; hashtags inside sentences that are not kept lose their `#` |
//! | `move_hashtags_to_end` | `hook_below_fold` | moves blocks of hashtags to a final line so the first line ends before the fold |
//! | `break_hook` | `hook_below_fold` | breaks the first line after its first sentence, or at the last clause (`,` `;` `:` `—`) before the fold |
//! | `move_link_to_comment` | `link_in_body` | takes the links out of the body (LinkedIn: post them as the first comment) |
//! | `split_paragraphs` | `wall_of_text` | breaks long paragraphs at sentence ends into paragraphs of about [`PARAGRAPH_TARGET`] characters |
//! | `calm_shouting` | `shouting` | lowercases words written in capitals (keeping short acronyms) |
//! | `all` | several | every applicable fix in the order above (links, capitals, hashtags, paragraphs, hook, then trimming) |
//!
//! When the result of a strategy is still over the platform's limit it is trimmed as well,
//! so every variant returned can be posted.

use serde::{Deserialize, Serialize};
use unicode_segmentation::GraphemeCursor;

use super::entities::{Entity, EntityKind, extract_entities};
use super::limits::{LengthUnit, check_length};
use super::practice::post_practice;
use super::quality::WALL_OF_TEXT;
use super::{ContentAnalysis, analyze};
use crate::Result;
use crate::model::Platform;

/// Characters a paragraph is split toward by `split_paragraphs`: half the wall-of-text
/// threshold, about four lines on a phone (a brandpilot choice, not a platform figure).
pub const PARAGRAPH_TARGET: u32 = WALL_OF_TEXT / 2;

/// One rewrite of a post, re-analysed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "uniffi", derive(uniffi::Record))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Variant {
    /// Stable id of the rewrite: `trim_to_limit`, `cap_hashtags`, `move_hashtags_to_end`,
    /// `break_hook`, `move_link_to_comment`, `split_paragraphs`, `calm_shouting`, or `all`
    /// for every applicable fix together.
    pub strategy: String,
    /// The rewritten text.
    pub text: String,
    /// What was changed, in words and numbers.
    pub changes: Vec<String>,
    /// Issue codes of the original that the variant no longer has.
    pub fixes: Vec<String>,
    /// The variant's full analysis.
    pub analysis: ContentAnalysis,
    /// The variant's quality score (0–100).
    pub quality: f64,
    /// `quality` minus the original's quality.
    pub quality_gain: f64,
}

/// Rewrites `text` to fix the issues [`analyze`] finds for `platform`, one variant per
/// applicable strategy plus `all` when several apply (see the [module docs](self)).
///
/// A variant is kept when it raises the quality score, or fixes an issue without lowering
/// it (`move_link_to_comment`: LinkedIn's link penalty is not part of the score); identical
/// texts are kept once. Sorted by quality descending, then strategy. Empty when there is
/// nothing to fix. Deterministic.
///
/// Errors (`invalid_input`, field `text`): as [`analyze`].
///
/// ```
/// use brandpilot::content::optimize;
/// use brandpilot::model::Platform;
///
/// let text = "We cut our cloud bill by 38% in one quarter. Here is every step we took, \
///             from tagging to rightsizing to the weekly review that keeps it down, and what \
///             we would do differently next time.\n\nWhat would you try first?";
/// let variants = optimize(text, Platform::Instagram).unwrap();
/// let hook = variants.iter().find(|v| v.strategy == "break_hook").unwrap();
/// assert!(hook.text.starts_with("We cut our cloud bill by 38% in one quarter.\n\nHere is"));
/// assert_eq!(hook.fixes, ["hook_below_fold"]);
/// assert!(hook.quality_gain > 0.0);
/// ```
pub fn optimize(text: &str, platform: Platform) -> Result<Vec<Variant>> {
    let original = analyze(text, platform)?;
    if original.issues.is_empty() {
        return Ok(Vec::new());
    }
    let mut out: Vec<Variant> = Vec::new();
    let mut seen: Vec<String> = vec![text.to_owned()];
    let mut keep = |strategy: &str, edit: Edit, out: &mut Vec<Variant>| {
        if seen.contains(&edit.text) {
            return;
        }
        let Ok(analysis) = analyze(&edit.text, platform) else {
            return;
        };
        seen.push(edit.text.clone());
        let fixes: Vec<String> = original
            .issues
            .iter()
            .filter(|i| !analysis.issues.iter().any(|j| j.code == i.code))
            .map(|i| i.code.clone())
            .collect();
        let quality = analysis.quality.score;
        let gain = quality - original.quality.score;
        if gain > 1e-9 || (gain > -1e-9 && !fixes.is_empty()) {
            out.push(Variant {
                strategy: strategy.to_owned(),
                text: edit.text,
                changes: edit.changes,
                fixes,
                analysis,
                quality,
                quality_gain: gain,
            });
        }
    };

    for &(strategy, apply) in STRATEGIES {
        let Some(edit) = apply(text, &original) else {
            continue;
        };
        let Some(edit) = fit(edit, platform) else {
            continue;
        };
        keep(strategy, edit, &mut out);
    }

    // Every applicable fix in turn, each judged on the text the previous ones left.
    let mut current = Edit {
        text: text.to_owned(),
        changes: Vec::new(),
    };
    let mut current_analysis = original.clone();
    let mut applied = 0;
    for &(_, apply) in STRATEGIES {
        if let Some(edit) = apply(&current.text, &current_analysis) {
            let Ok(a) = analyze(&edit.text, platform) else {
                continue;
            };
            if a.quality.score + 1e-9 >= current_analysis.quality.score {
                current.text = edit.text;
                current.changes.extend(edit.changes);
                current_analysis = a;
                applied += 1;
            }
        }
    }
    if applied >= 2 {
        if let Some(edit) = fit(current, platform) {
            keep("all", edit, &mut out);
        }
    }

    out.sort_by(|a, b| {
        b.quality
            .total_cmp(&a.quality)
            .then_with(|| a.strategy.cmp(&b.strategy))
    });
    Ok(out)
}

/// A rewritten text and what was changed.
struct Edit {
    text: String,
    changes: Vec<String>,
}

type Strategy = fn(&str, &ContentAnalysis) -> Option<Edit>;

/// The strategies in the order `all` applies them; trimming comes last so it sees the
/// final text.
const STRATEGIES: &[(&str, Strategy)] = &[
    ("move_link_to_comment", move_link_to_comment),
    ("calm_shouting", calm_shouting),
    ("cap_hashtags", cap_hashtags),
    ("move_hashtags_to_end", move_hashtags_to_end),
    ("split_paragraphs", split_paragraphs),
    ("break_hook", break_hook),
    ("trim_to_limit", trim_to_limit),
];

fn has(a: &ContentAnalysis, code: &str) -> bool {
    a.issues.iter().any(|i| i.code == code)
}

/// Trims an edit that is still over the platform's limit; `None` when it cannot be.
fn fit(mut edit: Edit, platform: Platform) -> Option<Edit> {
    if fits(&edit.text, platform) {
        return Some(edit);
    }
    let trimmed = trim(&edit.text, platform)?;
    edit.text = trimmed.text;
    edit.changes.extend(trimmed.changes);
    Some(edit)
}

// ---------------------------------------------------------------------------------------
// trim_to_limit

fn trim_to_limit(text: &str, a: &ContentAnalysis) -> Option<Edit> {
    if !has(a, "over_limit") {
        return None;
    }
    trim(text, a.platform)
}

/// Whether `text` is within the platform's length (and byte) limit.
fn fits(text: &str, platform: Platform) -> bool {
    let c = check_length(text, platform);
    c.length <= c.limit && c.byte_limit.is_none_or(|max| c.bytes <= max)
}

fn unit_name(unit: LengthUnit) -> &'static str {
    match unit {
        LengthUnit::Weighted => "weighted characters",
        LengthUnit::Characters => "characters",
        LengthUnit::Graphemes => "graphemes",
        LengthUnit::Utf16Units => "UTF-16 units",
        LengthUnit::Bytes => "bytes",
    }
}

/// Cuts `text` to fit: at the last sentence end that fits, else at the last word end that
/// fits followed by `…`. A final block of hashtag / link lines is kept when the body can be
/// cut to leave room for it. Never cuts inside an entity or a grapheme cluster.
fn trim(text: &str, platform: Platform) -> Option<Edit> {
    let entities = extract_entities(text);
    let before = check_length(text, platform);
    let trimmed_end = text.trim_end().len();
    let tail_start = tail_start(text, &entities);
    // (body end, suffix kept after the cut)
    let mut plans: Vec<(usize, &str)> = Vec::new();
    if let Some(t) = tail_start {
        let body_end = text[..t].trim_end().len();
        plans.push((body_end, &text[body_end..trimmed_end]));
    }
    plans.push((trimmed_end, ""));

    let ends = sentence_ends(text, &entities);
    for &(body_end, suffix) in &plans {
        let candidates: Vec<usize> = ends.iter().copied().filter(|&p| p <= body_end).collect();
        let build = |p: usize| format!("{}{suffix}", &text[..p]);
        if let Some(p) = longest_fitting(&candidates, &build, platform) {
            let new = build(p);
            let after = check_length(&new, platform).length;
            let kept = if suffix.is_empty() {
                String::new()
            } else {
                " and kept the final line".to_owned()
            };
            return Some(Edit {
                changes: vec![format!(
                    "Cut the text after a sentence{kept} to fit {platform}'s limit of {} {}: {} → {after}.",
                    before.limit,
                    unit_name(before.unit),
                    before.length
                )],
                text: new,
            });
        }
    }
    let words = word_ends(text, &entities);
    for &(body_end, suffix) in &plans {
        let candidates: Vec<usize> = words.iter().copied().filter(|&p| p <= body_end).collect();
        let build = |p: usize| {
            let head = text[..p].trim_end_matches([',', ';', ':', '-', '–', '—']);
            format!("{head}…{suffix}")
        };
        if let Some(p) = longest_fitting(&candidates, &build, platform) {
            let new = build(p);
            let after = check_length(&new, platform).length;
            return Some(Edit {
                changes: vec![format!(
                    "Cut the text at a word with \"…\" (no sentence end fits) to fit {platform}'s limit of {} {}: {} → {after}.",
                    before.limit,
                    unit_name(before.unit),
                    before.length
                )],
                text: new,
            });
        }
    }
    None
}

/// The longest candidate cut whose text fits (lengths grow with the cut, so a binary
/// search finds it; a linear check below guards against the odd non-monotone case).
fn longest_fitting(
    candidates: &[usize],
    build: &dyn Fn(usize) -> String,
    platform: Platform,
) -> Option<usize> {
    let n = candidates.partition_point(|&p| fits(&build(p), platform));
    candidates[..n]
        .iter()
        .rev()
        .copied()
        .find(|&p| text_has_content(&build(p)) && fits(&build(p), platform))
}

fn text_has_content(s: &str) -> bool {
    s.chars().any(|c| !c.is_whitespace() && c != '…')
}

/// Byte offset where a final block of lines holding only hashtags, URLs or mentions starts,
/// when the text has such a block after some other text.
fn tail_start(text: &str, entities: &[Entity]) -> Option<usize> {
    let mut start = None;
    let mut line_end = text.trim_end().len();
    loop {
        let line_start = text[..line_end].rfind('\n').map_or(0, |i| i + 1);
        let line = &text[line_start..line_end];
        if !line.trim().is_empty() {
            if !only_entities(line_start, line_end, text, entities) {
                break;
            }
            start = Some(line_start);
        }
        if line_start == 0 {
            return None; // nothing but entities: no body to cut
        }
        line_end = line_start - 1;
    }
    start
}

/// Whether `text[from..to]` holds at least one entity and otherwise only whitespace.
fn only_entities(from: usize, to: usize, text: &str, entities: &[Entity]) -> bool {
    let mut pos = from;
    let mut any = false;
    for e in entities {
        let (s, t) = (e.byte_start as usize, e.byte_end as usize);
        if t <= from || s >= to {
            continue;
        }
        if !text[pos..s.max(pos)].trim().is_empty() {
            return false;
        }
        any = true;
        pos = t.min(to);
    }
    any && text[pos..to].trim().is_empty()
}

/// Whether byte offset `p` falls strictly inside an entity.
fn inside_entity(entities: &[Entity], p: usize) -> bool {
    let i = entities.partition_point(|e| (e.byte_start as usize) < p);
    i > 0 && (entities[i - 1].byte_end as usize) > p
}

fn is_grapheme_boundary(text: &str, p: usize) -> bool {
    if p == 0 || p >= text.len() {
        return p <= text.len();
    }
    if !text.is_char_boundary(p) {
        return false;
    }
    GraphemeCursor::new(p, text.len(), true)
        .is_boundary(text, 0)
        .unwrap_or(false)
}

const TERMINATORS: [char; 7] = ['.', '!', '?', '…', '。', '！', '？'];
const CLOSERS: [char; 10] = ['"', '\'', '”', '’', ')', ']', '»', '）', '」', '』'];
/// Abbreviations whose period does not end a sentence (as in `readability`).
const ABBREVIATIONS: [&str; 11] = [
    "dr", "e.g", "etc", "i.e", "jr", "mr", "mrs", "ms", "sr", "st", "vs",
];

/// Byte offsets `p` where `text[..p]` ends a sentence: after `.`, `!`, `?`, `…` (and
/// closing quotes or brackets) followed by whitespace or the end, after the CJK full stops,
/// and at the end of every non-empty line. Not after an abbreviation, a list number
/// (`1.`) or an initial (`J.`); never inside an entity or a grapheme cluster. Sorted.
fn sentence_ends(text: &str, entities: &[Entity]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c == '\n' {
            let line_end = text[..i].trim_end().len();
            let line_start = text[..i].rfind('\n').map_or(0, |j| j + 1);
            if line_end > line_start {
                out.push(line_end);
            }
            continue;
        }
        if !TERMINATORS.contains(&c) {
            continue;
        }
        let mut end = i + c.len_utf8();
        while let Some(&(j, d)) = iter.peek() {
            if TERMINATORS.contains(&d) || CLOSERS.contains(&d) {
                end = j + d.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        let next = text[end..].chars().next();
        let cjk = matches!(c, '。' | '！' | '？');
        if !(cjk || next.is_none_or(char::is_whitespace)) {
            continue;
        }
        if c == '.' && end == i + 1 && !ends_sentence_word(&text[..i]) {
            continue;
        }
        if inside_entity(entities, i) || inside_entity(entities, end) {
            continue;
        }
        out.push(end);
    }
    let last = text.trim_end().len();
    if last > 0 {
        out.push(last);
    }
    out.sort_unstable();
    out.dedup();
    out.retain(|&p| is_grapheme_boundary(text, p));
    out
}

/// Whether the word ending `before` (the text before a `.`) can end a sentence.
fn ends_sentence_word(before: &str) -> bool {
    let word_start = before.rfind(char::is_whitespace).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = before[word_start..].trim_start_matches(|c: char| !c.is_alphanumeric());
    if word.is_empty() {
        return true;
    }
    if word.chars().all(|c| c.is_ascii_digit()) {
        return false; // "1." in a list
    }
    if word.chars().count() == 1 && word.chars().all(char::is_uppercase) {
        return false; // an initial
    }
    let lower = word.to_lowercase();
    !ABBREVIATIONS.contains(&lower.as_str())
}

/// Byte offsets where a word ends (a whitespace run starts after text), outside entities
/// and at grapheme boundaries.
fn word_ends(text: &str, entities: &[Entity]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut prev_ws = true;
    for (i, c) in text.char_indices() {
        let ws = c.is_whitespace();
        if ws && !prev_ws && !inside_entity(entities, i) && is_grapheme_boundary(text, i) {
            out.push(i);
        }
        prev_ws = ws;
    }
    out
}

// ---------------------------------------------------------------------------------------
// Hashtags

fn cap_hashtags(text: &str, a: &ContentAnalysis) -> Option<Edit> {
    if !has(a, "too_many_hashtags_for_platform") && !has(a, "too_many_hashtags") {
        return None;
    }
    let practice = post_practice(a.platform);
    let keep = a
        .length
        .hashtag_limit
        .map_or(practice.max_hashtags, |cap| cap.min(practice.max_hashtags));
    relocate_hashtags(text, keep as usize)
}

/// Applies when the first line is too long for the fold and ends in a block of hashtags.
fn move_hashtags_to_end(text: &str, a: &ContentAnalysis) -> Option<Edit> {
    if !has(a, "hook_below_fold") {
        return None;
    }
    let (start, end) = first_line(text)?;
    let in_hook = a.entities.iter().any(|e| {
        e.kind == EntityKind::Hashtag
            && (e.byte_start as usize) >= start
            && (e.byte_end as usize) <= end
            && in_trailing_block(text, e.byte_end as usize, &a.entities)
    });
    if !in_hook {
        return None;
    }
    relocate_hashtags(text, usize::MAX)
}

/// Byte range of the first non-empty line, without its surrounding whitespace.
fn first_line(text: &str) -> Option<(usize, usize)> {
    let mut line_start = 0;
    loop {
        let line_end = text[line_start..]
            .find('\n')
            .map_or(text.len(), |i| line_start + i);
        let line = &text[line_start..line_end];
        if !line.trim().is_empty() {
            let lead = line.len() - line.trim_start().len();
            return Some((line_start + lead, line_start + line.trim_end().len()));
        }
        if line_end == text.len() {
            return None;
        }
        line_start = line_end + 1;
    }
}

/// Keeps the first `keep` distinct hashtags (case-insensitive) and puts them on a final
/// line. A hashtag inside a sentence (followed by text on its line) stays in place when it
/// is kept and loses its `#` when it is not; blocks of hashtags that end their line are
/// removed from where they are.
fn relocate_hashtags(text: &str, keep: usize) -> Option<Edit> {
    let entities = extract_entities(text);
    let tags: Vec<&Entity> = entities
        .iter()
        .filter(|e| e.kind == EntityKind::Hashtag)
        .collect();
    if tags.is_empty() {
        return None;
    }
    // Distinct tags (lowercase) in order of appearance, with their first spelling.
    let mut keys: Vec<String> = Vec::new();
    let mut spelled: Vec<&str> = Vec::new();
    for t in &tags {
        let key = t.text.to_lowercase();
        if !keys.contains(&key) {
            keys.push(key);
            spelled.push(&text[t.byte_start as usize..t.byte_end as usize]);
        }
    }
    let kept_keys = &keys[..keys.len().min(keep)];

    let mut remove: Vec<(usize, usize)> = Vec::new();
    let mut untag: Vec<usize> = Vec::new();
    let mut inline_kept: Vec<String> = Vec::new();
    let mut final_line: Vec<(String, &str)> = Vec::new();
    let mut untagged: Vec<&str> = Vec::new();
    for t in &tags {
        let (s, e) = (t.byte_start as usize, t.byte_end as usize);
        let key = t.text.to_lowercase();
        let kept = kept_keys.contains(&key);
        if in_trailing_block(text, e, &entities) {
            remove.push((s, e));
            if kept && !final_line.iter().any(|(k, _)| *k == key) {
                final_line.push((key, &text[s..e]));
            }
        } else if kept {
            inline_kept.push(key);
        } else {
            untag.push(s);
            untagged.push(&t.text);
        }
    }
    final_line.retain(|(k, _)| !inline_kept.contains(k));

    let body = edit_spans(text, &remove, &untag);
    let line: Vec<&str> = final_line.iter().map(|(_, w)| *w).collect();
    let new = match (body.trim().is_empty(), line.is_empty()) {
        (true, true) => return None,
        (true, false) => line.join(" "),
        (false, true) => body,
        (false, false) => format!("{}\n\n{}", body.trim_end(), line.join(" ")),
    };
    if new == text {
        return None;
    }
    let mut changes = Vec::new();
    let moved = line.len();
    if keep == usize::MAX {
        changes.push(format!(
            "Moved {moved} hashtag{} to a final line: {}.",
            plural(moved),
            line.join(" ")
        ));
    } else {
        let kept = kept_keys.len();
        changes.push(if kept < keys.len() {
            format!(
                "Kept the first {kept} of {} hashtags ({}); dropped {} ({}).",
                keys.len(),
                spelled[..kept].join(" "),
                keys.len() - kept,
                spelled[kept..].join(" ")
            )
        } else {
            format!(
                "Kept each of the {kept} hashtags once ({}); dropped the repeats.",
                spelled.join(" ")
            )
        });
        if moved > 0 {
            changes.push(format!(
                "Put the kept hashtag{} on a final line: {}.",
                plural(moved),
                line.join(" ")
            ));
        }
        if !untagged.is_empty() {
            changes.push(format!(
                "Turned {} hashtag{} inside sentences into plain words ({}).",
                untagged.len(),
                plural(untagged.len()),
                untagged.join(", ")
            ));
        }
    }
    Some(Edit { text: new, changes })
}

/// Whether the hashtag ending at byte `end` is followed, up to the end of its line, only by
/// whitespace and other hashtags.
fn in_trailing_block(text: &str, end: usize, entities: &[Entity]) -> bool {
    let line_end = text[end..].find('\n').map_or(text.len(), |i| end + i);
    let mut pos = end;
    for e in entities {
        let (s, t) = (e.byte_start as usize, e.byte_end as usize);
        if s < end || s >= line_end {
            continue;
        }
        if e.kind != EntityKind::Hashtag || !text[pos..s].trim().is_empty() {
            return false;
        }
        pos = t;
    }
    text[pos..line_end].trim().is_empty()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// `text` with the byte spans in `remove` taken out (with the spaces before them, or after
/// them at the start of a line) and the sigil character at each offset in `untag` dropped.
/// Lines emptied by the removal go, without leaving a double blank line; the other lines
/// are copied unchanged except for trailing spaces the removal leaves.
fn edit_spans(text: &str, remove: &[(usize, usize)], untag: &[usize]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut dropped_line = false;
    let mut emitted = false;
    let mut last_blank = true;
    let mut line_start = 0;
    for line in text.split('\n') {
        let line_end = line_start + line.len();
        let mut edits: Vec<(usize, usize)> = remove
            .iter()
            .copied()
            .filter(|&(s, _)| s >= line_start && s < line_end)
            .collect();
        for &u in untag {
            if u >= line_start && u < line_end {
                let sigil = text[u..].chars().next().map_or(1, char::len_utf8);
                edits.push((u, u + sigil));
            }
        }
        edits.sort_unstable();
        let new_line = if edits.is_empty() {
            line.to_owned()
        } else {
            let mut s = String::with_capacity(line.len());
            let mut pos = line_start;
            for (a, b) in edits {
                if a < pos {
                    continue;
                }
                let kept = &text[pos..a];
                if remove.contains(&(a, b)) {
                    let trimmed = kept.trim_end_matches([' ', '\t']);
                    s.push_str(trimmed);
                    pos = b;
                    if s.trim().is_empty() {
                        // At the start of the line: drop the spaces after instead.
                        pos += text[b..line_end].len()
                            - text[b..line_end].trim_start_matches([' ', '\t']).len();
                    }
                } else {
                    s.push_str(kept);
                    pos = b;
                }
            }
            s.push_str(&text[pos..line_end]);
            if s.trim().is_empty() {
                dropped_line = true;
                line_start = line_end + 1;
                continue;
            }
            s.trim_end().to_owned()
        };
        let blank = new_line.trim().is_empty();
        if dropped_line && blank && last_blank {
            line_start = line_end + 1;
            continue;
        }
        if !blank {
            dropped_line = false;
        }
        if emitted {
            out.push('\n');
        }
        out.push_str(&new_line);
        emitted = true;
        last_blank = blank;
        line_start = line_end + 1;
    }
    let end = out.trim_end().len();
    out.truncate(end);
    out
}

// ---------------------------------------------------------------------------------------
// break_hook

fn break_hook(text: &str, a: &ContentAnalysis) -> Option<Edit> {
    if !has(a, "hook_below_fold") {
        return None;
    }
    let fold = post_practice(a.platform).fold_chars? as usize;
    let entities = &a.entities;
    let (start, end) = first_line(text)?;
    let chars_to = |p: usize| text[..p].chars().count();
    let followed_by_space = |p: usize| text[p..end].starts_with([' ', '\t']);

    let first_sentence = sentence_ends(text, entities)
        .into_iter()
        .find(|&p| p > start && p < end && followed_by_space(p));
    let (cut, how) = match first_sentence {
        Some(p) if chars_to(p) <= fold => (p, "after its first sentence"),
        _ => {
            // The last clause boundary before the fold: after , ; : or a dash, then a space.
            let mut best = None;
            for (i, c) in text[start..end].char_indices() {
                if !matches!(c, ',' | ';' | ':' | '—' | '–') {
                    continue;
                }
                let p = start + i + c.len_utf8();
                if chars_to(p) > fold {
                    break;
                }
                if followed_by_space(p) && !inside_entity(entities, p) {
                    best = Some(p);
                }
            }
            (best?, "at a clause")
        }
    };
    let after = text[cut..end].trim_start_matches([' ', '\t']);
    let rest = end - after.len();
    let mut new = String::with_capacity(text.len() + 2);
    new.push_str(&text[..cut]);
    new.push_str("\n\n");
    new.push_str(&text[rest..]);
    Some(Edit {
        changes: vec![format!(
            "Broke the first line {how} (character {}), before {}'s ~{fold}-character \"see more\" fold.",
            chars_to(cut),
            a.platform
        )],
        text: new,
    })
}

// ---------------------------------------------------------------------------------------
// move_link_to_comment

fn move_link_to_comment(text: &str, a: &ContentAnalysis) -> Option<Edit> {
    if !has(a, "link_in_body") {
        return None;
    }
    let urls: Vec<&Entity> = a
        .entities
        .iter()
        .filter(|e| e.kind == EntityKind::Url)
        .collect();
    if urls.is_empty() {
        return None;
    }
    let spans: Vec<(usize, usize)> = urls
        .iter()
        .map(|e| (e.byte_start as usize, e.byte_end as usize))
        .collect();
    let new = edit_spans(text, &spans, &[]);
    if new.trim().is_empty() {
        return None;
    }
    let list: Vec<&str> = urls.iter().map(|e| e.text.as_str()).collect();
    Some(Edit {
        text: new,
        changes: vec![format!(
            "Took {} link{} out of the body ({}): post {} as the first comment.",
            list.len(),
            plural(list.len()),
            list.join(" "),
            if list.len() == 1 { "it" } else { "them" }
        )],
    })
}

// ---------------------------------------------------------------------------------------
// split_paragraphs

fn split_paragraphs(text: &str, a: &ContentAnalysis) -> Option<Edit> {
    if !has(a, "wall_of_text") {
        return None;
    }
    let entities = extract_entities(text);
    let ends = sentence_ends(text, &entities);
    let target = PARAGRAPH_TARGET as usize;
    // Paragraphs: runs of non-blank lines, as byte ranges.
    let mut paragraphs: Vec<(usize, usize)> = Vec::new();
    let mut pos = 0;
    let mut open: Option<usize> = None;
    for line in text.split_inclusive('\n') {
        let blank = line.trim().is_empty();
        match (blank, open) {
            (false, None) => open = Some(pos),
            (true, Some(s)) => {
                paragraphs.push((s, text[..pos].trim_end().len()));
                open = None;
            }
            _ => {}
        }
        pos += line.len();
    }
    if let Some(s) = open {
        paragraphs.push((s, text.trim_end().len()));
    }

    let mut breaks: Vec<usize> = Vec::new();
    let mut split = 0;
    let mut longest = 0;
    for (s, e) in paragraphs {
        let chars = text[s..e].chars().filter(|&c| c != '\n').count();
        if chars <= WALL_OF_TEXT as usize {
            continue;
        }
        longest = longest.max(chars);
        let bounds: Vec<usize> = ends.iter().copied().filter(|&p| p > s && p < e).collect();
        let mut chunk = s;
        let mut prev: Option<usize> = None;
        let before = breaks.len();
        for b in bounds.into_iter().chain(std::iter::once(e)) {
            if text[chunk..b].chars().count() > target {
                if let Some(pb) = prev.filter(|&pb| pb > chunk) {
                    breaks.push(pb);
                    chunk = pb;
                }
            }
            if b < e {
                prev = Some(b);
            }
        }
        if breaks.len() > before {
            split += 1;
        }
    }
    if breaks.is_empty() {
        return None;
    }
    let mut new = String::with_capacity(text.len() + 2 * breaks.len());
    let mut pos = 0;
    for &b in &breaks {
        new.push_str(&text[pos..b]);
        new.push_str("\n\n");
        pos = b + text[b..].len() - text[b..].trim_start().len();
    }
    new.push_str(&text[pos..]);
    Some(Edit {
        text: new,
        changes: vec![format!(
            "Split {split} paragraph{} over {WALL_OF_TEXT} characters (longest {longest}) at {} sentence end{}.",
            plural(split),
            breaks.len(),
            plural(breaks.len())
        )],
    })
}

// ---------------------------------------------------------------------------------------
// calm_shouting

/// A group of capitalised words shouts when it has two or more words one of which is at
/// least this long (`BIG NEWS`), or one word of at least [`SHOUT_ALONE`] letters
/// (`AMAZING`). Short isolated words are kept as acronyms (`AI`, `CEO`, `NASA`).
const SHOUT_IN_GROUP: usize = 4;
/// See [`SHOUT_IN_GROUP`].
const SHOUT_ALONE: usize = 5;

fn calm_shouting(text: &str, a: &ContentAnalysis) -> Option<Edit> {
    if !has(a, "shouting") {
        return None;
    }
    let entities = extract_entities(text);
    // Alphabetic runs (as `features` counts capitals): (start, end, all capitals).
    let mut runs: Vec<(usize, usize, bool)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_alphabetic() && i < text.len(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let w = &text[s..i];
                let caps = w.chars().count() >= 2 && w.chars().all(char::is_uppercase);
                let in_entity = entities
                    .iter()
                    .any(|e| (e.byte_start as usize) <= s && s < e.byte_end as usize);
                runs.push((s, i, caps && !in_entity));
                start = None;
            }
            _ => {}
        }
    }
    // Groups of consecutive capitalised runs.
    let mut calm: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < runs.len() {
        if !runs[i].2 {
            i += 1;
            continue;
        }
        let j = runs[i..].iter().take_while(|r| r.2).count() + i;
        let group = &runs[i..j];
        let len = |r: &(usize, usize, bool)| text[r.0..r.1].chars().count();
        let shouts = if group.len() >= 2 {
            group.iter().any(|r| len(r) >= SHOUT_IN_GROUP)
        } else {
            len(&group[0]) >= SHOUT_ALONE
        };
        if shouts {
            calm.extend(group.iter().map(|r| (r.0, r.1)));
        }
        i = j;
    }
    if calm.is_empty() {
        return None;
    }
    let mut new = String::with_capacity(text.len());
    let mut pos = 0;
    let mut words: Vec<&str> = Vec::new();
    for &(s, e) in &calm {
        new.push_str(&text[pos..s]);
        let word = &text[s..e];
        words.push(word);
        let lower = word.to_lowercase();
        if starts_sentence(&text[..s]) {
            let mut chars = lower.chars();
            if let Some(first) = chars.next() {
                new.extend(first.to_uppercase());
                new.push_str(chars.as_str());
            }
        } else {
            new.push_str(&lower);
        }
        pos = e;
    }
    new.push_str(&text[pos..]);
    let shown: Vec<&str> = words.iter().copied().take(8).collect();
    Some(Edit {
        text: new,
        changes: vec![format!(
            "Lowercased {} word{} written in capitals ({}{}).",
            words.len(),
            plural(words.len()),
            shown.join(", "),
            if words.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        )],
    })
}

/// Whether a word after `before` starts a sentence (start of text or line, or after a
/// sentence-ending mark).
fn starts_sentence(before: &str) -> bool {
    let trimmed = before.trim_end_matches([' ', '\t']);
    // Opening quotes and brackets before the word, then closers after the last sentence.
    let core = trimmed
        .trim_end_matches(['"', '\'', '“', '‘', '(', '[', '«'])
        .trim_end_matches([' ', '\t']);
    if core.len() < trimmed.len() && core.ends_with(|c: char| c.is_alphanumeric()) {
        return false; // an opening quote inside a sentence
    }
    let core = core.trim_end_matches(CLOSERS);
    match core.chars().next_back() {
        None | Some('\n') => true,
        Some(c) => TERMINATORS.contains(&c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentence_ends_skip_abbreviations_numbers_and_urls() {
        let t = "Hi Dr. Who. 1. First! See example.com/a. Done";
        let ends: Vec<&str> = sentence_ends(t, &extract_entities(t))
            .into_iter()
            .map(|p| &t[..p])
            .collect();
        assert_eq!(
            ends,
            [
                "Hi Dr. Who.",
                "Hi Dr. Who. 1. First!",
                "Hi Dr. Who. 1. First! See example.com/a.",
                t
            ]
        );
    }

    #[test]
    fn spans_are_removed_cleanly() {
        let t = "Intro line\n\n#a #b\n\nMore text #c\n#d starts";
        let ents = extract_entities(t);
        let spans: Vec<(usize, usize)> = ents
            .iter()
            .map(|e| (e.byte_start as usize, e.byte_end as usize))
            .collect();
        assert_eq!(
            edit_spans(t, &spans, &[]),
            "Intro line\n\nMore text\nstarts"
        );
        assert_eq!(edit_spans("Love #rust a lot", &[], &[5]), "Love rust a lot");
    }

    #[test]
    fn tail_blocks() {
        let t = "Body text.\n\n#a #b\nhttps://example.com";
        assert_eq!(tail_start(t, &extract_entities(t)), Some(12));
        let t = "#a #b";
        assert_eq!(tail_start(t, &extract_entities(t)), None);
        let t = "Body #a";
        assert_eq!(tail_start(t, &extract_entities(t)), None);
    }

    #[test]
    fn sentence_starts() {
        assert!(starts_sentence(""));
        assert!(starts_sentence("Done. "));
        assert!(starts_sentence("line\n"));
        assert!(!starts_sentence("we "));
        assert!(!starts_sentence("we ("));
        assert!(!starts_sentence("said \""));
        assert!(starts_sentence("He said \"Go.\" "));
        assert!(starts_sentence("Done. \""));
    }
}
