//! The person's data as retrievable items: [`knowledge_items`] and [`retrieve`] (BM25).

use serde::{Deserialize, Serialize};

use super::{Bm25, PersonData, PortfolioKind, clip};

/// Where a retrievable item comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// One of the person's posts (`post:<id>`).
    Post,
    /// A dimension (or the overall score) of the latest brand analysis
    /// (`analysis:<dimension>`, `analysis:overall`).
    Analysis,
    /// A recommendation of the latest analysis (`recommendation:<action>`).
    Recommendation,
    /// A goal (`goal:<id>`, or `goal:<index>` for a goal without id).
    Goal,
    /// A portfolio item (`portfolio:<id>`).
    Portfolio,
}

/// One piece of the person's data, as the coach retrieves and cites it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KnowledgeItem {
    /// Stable id, prefixed by kind (`portfolio:p1`, `post:123`, `analysis:engagement`).
    pub id: String,
    /// Where it comes from.
    pub kind: ItemKind,
    /// A one-line title.
    pub title: String,
    /// The text that is indexed and shown to the model.
    pub text: String,
}

/// A retrieved item with its BM25 score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RetrievedItem {
    /// The item's id.
    pub id: String,
    /// Its kind.
    pub kind: ItemKind,
    /// Its title.
    pub title: String,
    /// Its BM25 score for the question (> 0).
    pub score: f64,
}

/// Longest item text kept, in characters (a long post is clipped for the prompt and index).
const MAX_ITEM_TEXT: usize = 1_500;

/// The person's data as items: portfolio, goals, the latest analysis (overall, each scored
/// dimension with its factors, each recommendation), then posts. Deterministic order.
///
/// ```
/// use brandpilot::llm::tools::{knowledge_items, PersonData, PortfolioItem, PortfolioKind};
/// let person = PersonData {
///     portfolio: vec![PortfolioItem { id: "p1".into(), kind: PortfolioKind::Skill, title: "Rust".into(), description: String::new(), skills: vec![] }],
///     ..PersonData::default()
/// };
/// assert_eq!(knowledge_items(&person)[0].id, "portfolio:p1");
/// ```
pub fn knowledge_items(person: &PersonData) -> Vec<KnowledgeItem> {
    let mut items = Vec::new();
    for p in &person.portfolio {
        let kind = match p.kind {
            PortfolioKind::Project => "project",
            PortfolioKind::Skill => "skill",
            PortfolioKind::Experience => "experience",
        };
        let mut text = format!("{kind}: {}. {}", p.title, p.description);
        if !p.skills.is_empty() {
            text.push_str(&format!(" Skills: {}.", p.skills.join(", ")));
        }
        items.push(item(
            format!("portfolio:{}", p.id),
            ItemKind::Portfolio,
            &p.title,
            &text,
        ));
    }
    for (i, g) in person.goals.iter().enumerate() {
        let id = g.id.clone().unwrap_or_else(|| i.to_string());
        let metric = snake(&g.metric);
        let title = g.name.clone().unwrap_or_else(|| format!("{metric} goal"));
        let text = format!(
            "Goal: {title}. Move {} from {} to {} between {} and {}.",
            metric.replace('_', " "),
            g.baseline,
            g.target,
            g.start.date_naive(),
            g.deadline.date_naive()
        );
        items.push(item(format!("goal:{id}"), ItemKind::Goal, &title, &text));
    }
    if let Some(a) = person.latest_analysis() {
        let notes = a.notes.join(" ");
        items.push(item(
            "analysis:overall".to_owned(),
            ItemKind::Analysis,
            "Overall brand score",
            &format!(
                "Overall brand score {:.0} of 100 on {} ({} industry). {notes}",
                a.overall, a.platform, a.industry
            ),
        ));
        for d in &a.dimensions {
            let Some(score) = d.score else { continue };
            let name = d.dimension.as_str();
            let factors: Vec<String> = d
                .factors
                .iter()
                .map(|f| match (f.value, f.benchmark_median) {
                    (Some(v), Some(m)) => format!("{} {v:.2} {} (peers {m:.2})", f.label, f.unit),
                    (Some(v), None) => format!("{} {v:.2} {}", f.label, f.unit),
                    _ => format!("{} unknown", f.label),
                })
                .collect();
            items.push(item(
                format!("analysis:{name}"),
                ItemKind::Analysis,
                &format!("{name} score"),
                &format!(
                    "Brand {name} score {score:.0} of 100. {}.",
                    factors.join("; ")
                ),
            ));
        }
        for r in &a.recommendations {
            items.push(item(
                format!("recommendation:{}", snake(&r.action)),
                ItemKind::Recommendation,
                &r.title,
                &format!(
                    "Recommendation: {}. {} Improves {} by about {:.1} points.",
                    r.title,
                    r.detail,
                    r.dimension.as_str(),
                    r.expected_gain
                ),
            ));
        }
    }
    for p in &person.posts {
        let first_line = p.text.lines().next().unwrap_or_default();
        items.push(item(
            format!("post:{}", p.id),
            ItemKind::Post,
            &clip(first_line, 80),
            &format!("{} post: {}", p.platform, p.text),
        ));
    }
    items
}

fn item(id: String, kind: ItemKind, title: &str, text: &str) -> KnowledgeItem {
    KnowledgeItem {
        id,
        kind,
        title: clip(title, 120),
        text: clip(text, MAX_ITEM_TEXT),
    }
}

/// The snake_case JSON name of a unit enum value.
fn snake<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The `k` items that best match `question` (BM25 over title and text), best first; items
/// with no word of the question are left out. Returns the items' indices with the
/// retrieved records.
///
/// ```
/// use brandpilot::llm::tools::{knowledge_items, retrieve, PersonData, PortfolioItem, PortfolioKind};
/// let skill = |id: &str, title: &str| PortfolioItem { id: id.into(), kind: PortfolioKind::Skill, title: title.into(), description: String::new(), skills: vec![] };
/// let person = PersonData { portfolio: vec![skill("a", "Kubernetes"), skill("b", "Public speaking")], ..Default::default() };
/// let items = knowledge_items(&person);
/// let hits = retrieve(&items, "How do I get better at public speaking?", 3);
/// assert_eq!(hits.len(), 1);
/// assert_eq!(hits[0].1.id, "portfolio:b");
/// ```
pub fn retrieve(items: &[KnowledgeItem], question: &str, k: usize) -> Vec<(usize, RetrievedItem)> {
    let docs: Vec<String> = items
        .iter()
        .map(|i| format!("{}\n{}", i.title, i.text))
        .collect();
    Bm25::new(&docs)
        .rank(question, k)
        .into_iter()
        .map(|(i, score)| {
            let it = &items[i];
            (
                i,
                RetrievedItem {
                    id: it.id.clone(),
                    kind: it.kind,
                    title: it.title.clone(),
                    score,
                },
            )
        })
        .collect()
}
