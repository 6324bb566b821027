//! The knowledge base (知识库) that intake operators answer consultations from. Chinese has no spaces, so entries
//! and queries are compared by character bigrams (and whole words for Latin text and numbers): simple, dependable,
//! and enough for a knowledge base of hundreds to a few thousand entries.

use std::collections::HashSet;

/// One entry as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct KbEntry {
    pub id: String,
    pub question: String,
    pub answer: String,
    /// Catalogue category codes the entry belongs to.
    pub categories: Vec<String>,
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// The search terms of a text: bigrams of consecutive Chinese characters (a lone character counts alone), and
/// lowercased runs of letters and digits.
pub fn terms(text: &str) -> HashSet<String> {
    let mut out = HashSet::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_cjk(c) {
            let start = i;
            while i < chars.len() && is_cjk(chars[i]) {
                i += 1;
            }
            let run = &chars[start..i];
            if run.len() == 1 {
                out.insert(run[0].to_string());
            }
            for w in run.windows(2) {
                out.insert(w.iter().collect());
            }
        } else if c.is_alphanumeric() {
            let start = i;
            while i < chars.len() && chars[i].is_alphanumeric() && !is_cjk(chars[i]) {
                i += 1;
            }
            out.insert(chars[start..i].iter().collect::<String>().to_lowercase());
        } else {
            i += 1;
        }
    }
    out
}

/// Entries matching `query`, best first: the share of the query's terms found in the question (counted double) and
/// the answer. Entries matching under a fifth of the query are left out.
pub fn search<'a>(entries: &'a [KbEntry], query: &str, limit: usize) -> Vec<(&'a KbEntry, f64)> {
    let q = terms(query);
    if q.is_empty() {
        return Vec::new();
    }
    let mut scored: Vec<(&KbEntry, f64)> = entries
        .iter()
        .map(|e| {
            let (qt, at) = (terms(&e.question), terms(&e.answer));
            let hits: f64 = q
                .iter()
                .map(|t| {
                    if qt.contains(t) {
                        2.0
                    } else if at.contains(t) {
                        1.0
                    } else {
                        0.0
                    }
                })
                .sum();
            (e, hits / (2.0 * q.len() as f64))
        })
        .filter(|(_, s)| *s >= 0.2)
        .collect();
    scored.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then_with(|| a.0.question.cmp(&b.0.question))
    });
    scored.truncate(limit);
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_text_is_split_into_bigrams() {
        let t = terms("暖气不热 95598");
        assert!(
            t.contains("暖气") && t.contains("气不") && t.contains("不热") && t.contains("95598")
        );
        assert!(terms("热").contains("热"));
    }
}
