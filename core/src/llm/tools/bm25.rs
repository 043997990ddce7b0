//! Okapi BM25 ranking over short documents: [`Bm25`] and its [`tokenize`]r.
//!
//! Hand-written: the documents are a few hundred items of one person's data, ranked per
//! question in memory. Search-engine crates (tantivy and the like) bring an on-disk index,
//! their own tokenizer pipeline and many dependencies for what is forty lines here.
//!
//! The scoring function is BM25 as given by S. Robertson and H. Zaragoza, "The Probabilistic
//! Relevance Framework: BM25 and Beyond", Foundations and Trends in Information Retrieval
//! 3(4), 2009, eq. 3.15, with the non-negative IDF `ln(1 + (N − n + 0.5) / (n + 0.5))`
//! (Lucene's variant, so a term found in most items never scores below zero).

use std::collections::HashMap;

/// Term-frequency saturation: how fast repeated terms stop adding score.
pub const K1: f64 = 1.2;
/// Length normalisation: 0 ignores document length, 1 normalises fully.
pub const B: f64 = 0.75;

/// English function words that carry no topic (a short list: BM25's IDF already damps
/// frequent words; these are the ones that would still add noise to short questions).
const STOP_WORDS: &[&str] = &[
    "a", "about", "an", "and", "any", "are", "as", "at", "be", "been", "but", "by", "can", "could",
    "did", "do", "does", "for", "from", "had", "has", "have", "how", "i", "if", "in", "into", "is",
    "it", "its", "me", "my", "of", "on", "or", "our", "should", "so", "that", "the", "their",
    "them", "there", "these", "this", "those", "to", "was", "we", "were", "what", "when", "where",
    "which", "who", "why", "will", "with", "would", "you", "your",
];

/// Lower-cased word tokens of `text` without stop words: runs of letters and digits (a
/// trailing `+` or `#` kept, so `c++` and `c#` survive; a leading `#` dropped, so `#rust` is
/// `rust`), a plural `s` stripped from words
/// of four letters or more (not `ss`: "posts" → "post", "class" stays).
///
/// ```
/// use brandpilot::llm::tools::tokenize;
/// assert_eq!(tokenize("What are my best Posts about Rust?"), ["best", "post", "rust"]);
/// ```
pub fn tokenize(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '+' || c == '#'))
        .map(|w| w.trim_start_matches(['#', '+']).to_lowercase())
        .map(|w| {
            let mut w = w;
            if w.chars().count() >= 4 && w.ends_with('s') && !w.ends_with("ss") {
                w.pop();
            }
            w
        })
        .filter(|w| w.chars().any(char::is_alphanumeric) && !STOP_WORDS.contains(&w.as_str()))
        .collect()
}

/// A BM25 index over a fixed list of documents.
///
/// ```
/// use brandpilot::llm::tools::Bm25;
/// let index = Bm25::new(&["Rust conference talk", "Marketing budget for ads", "Rust crate for CSV"]);
/// let ranked = index.rank("rust talk", 2);
/// assert_eq!(ranked[0].0, 0);
/// assert_eq!(ranked.len(), 2);
/// ```
#[derive(Debug, Clone)]
pub struct Bm25 {
    /// Term frequencies of each document.
    docs: Vec<HashMap<String, u32>>,
    /// Token count of each document.
    lengths: Vec<f64>,
    /// How many documents contain each term.
    df: HashMap<String, u32>,
    avg_length: f64,
}

impl Bm25 {
    /// Indexes `documents` (tokenised with [`tokenize`]).
    pub fn new<S: AsRef<str>>(documents: &[S]) -> Self {
        let mut docs = Vec::with_capacity(documents.len());
        let mut lengths = Vec::with_capacity(documents.len());
        let mut df: HashMap<String, u32> = HashMap::new();
        for d in documents {
            let tokens = tokenize(d.as_ref());
            lengths.push(tokens.len() as f64);
            let mut tf: HashMap<String, u32> = HashMap::new();
            for t in tokens {
                *tf.entry(t).or_default() += 1;
            }
            for term in tf.keys() {
                *df.entry(term.clone()).or_default() += 1;
            }
            docs.push(tf);
        }
        let avg_length = if lengths.is_empty() {
            0.0
        } else {
            lengths.iter().sum::<f64>() / lengths.len() as f64
        };
        Bm25 {
            docs,
            lengths,
            df,
            avg_length,
        }
    }

    /// The BM25 score of document `doc` for the (deduplicated) terms of `query`; 0 for an
    /// unknown document.
    pub fn score(&self, query: &str, doc: usize) -> f64 {
        let mut terms = tokenize(query);
        terms.sort();
        terms.dedup();
        self.score_terms(&terms, doc)
    }

    fn score_terms(&self, terms: &[String], doc: usize) -> f64 {
        let (Some(tf), Some(&len)) = (self.docs.get(doc), self.lengths.get(doc)) else {
            return 0.0;
        };
        let n = self.docs.len() as f64;
        let norm = if self.avg_length > 0.0 {
            len / self.avg_length
        } else {
            0.0
        };
        terms
            .iter()
            .filter_map(|t| {
                let f = f64::from(*tf.get(t)?);
                let df = f64::from(self.df.get(t).copied().unwrap_or(0));
                let idf = (1.0 + (n - df + 0.5) / (df + 0.5)).ln();
                Some(idf * f * (K1 + 1.0) / (f + K1 * (1.0 - B + B * norm)))
            })
            .sum()
    }

    /// The `k` best documents for `query` as `(index, score)`, best first, ties by index;
    /// documents scoring 0 (no query term) are left out.
    pub fn rank(&self, query: &str, k: usize) -> Vec<(usize, f64)> {
        let mut terms = tokenize(query);
        terms.sort();
        terms.dedup();
        let mut scored: Vec<(usize, f64)> = (0..self.docs.len())
            .map(|i| (i, self.score_terms(&terms, i)))
            .filter(|(_, s)| *s > 0.0)
            .collect();
        scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        scored.truncate(k);
        scored
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stop_words_and_case_are_dropped() {
        assert_eq!(
            tokenize("THE Rust and the C++ / C# talks"),
            ["rust", "c++", "c#", "talk"]
        );
        assert!(tokenize("what is it").is_empty());
        assert!(tokenize("").is_empty());
    }

    #[test]
    fn idf_and_length_normalisation() {
        let index = Bm25::new(&[
            "rust rust rust",
            "rust and python and go and java and kotlin and swift",
            "python",
        ]);
        // Same term frequency 1 vs 3: the shorter, denser document wins.
        assert!(index.score("rust", 0) > index.score("rust", 1));
        // A rare term outweighs a common one.
        assert!(index.score("python kotlin", 1) > index.score("python kotlin", 2));
        assert_eq!(index.score("rust", 99), 0.0);
        assert!(index.rank("haskell", 3).is_empty());
        assert!(Bm25::new::<&str>(&[]).rank("rust", 3).is_empty());
    }

    #[test]
    fn scores_match_the_formula() {
        let index = Bm25::new(&["a rust crate", "python"]);
        // N = 2, n(rust) = 1, dl = 2 ("rust", "crate"), avgdl = 1.5, f = 1.
        let idf = (1.0f64 + (2.0 - 1.0 + 0.5) / 1.5).ln();
        let expected = idf * 2.2 / (1.0 + 1.2 * (1.0 - 0.75 + 0.75 * 2.0 / 1.5));
        assert!((index.score("rust", 0) - expected).abs() < 1e-12);
    }
}
