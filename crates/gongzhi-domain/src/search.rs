//! Chinese full-text search: what a case is indexed by and how a query matches it, the same on SQLite (FTS5) and
//! PostgreSQL (tsvector), so the database's own index does the work and nothing lives outside the database.
//!
//! A text becomes three token streams, each a space-separated string the database's simple tokenizer splits again:
//! - `grams`: every run of Chinese characters as its overlapping character bigrams (a lone character as itself), and
//!   every run of letters or digits as one lowercase word, in text order. A query's Chinese run matches as the phrase
//!   of its bigrams (consecutive), so any substring of two or more characters is found however a segmenter would have
//!   split it: 油烟, 漏水, 鲁谷 or 八角北路 match wherever they stand.
//! - `words`: the words jieba's search mode cuts the text into (two characters or more, or letters and digits), for
//!   ranking: a query whose run is a whole word matches there too and ranks higher.
//! - `scope`: the case's street, community and accountable unit as tokens (`zs…`, `zc…`, `zu…`), so the caller's scope
//!   is part of the same full-text match and a street officer's search never reads another street's cases.
//!
//! Only the title, description, address and public replies are indexed: never a name, a phone or an ID number.

use std::sync::LazyLock;

use crate::org::{Scope, UnitId};

pub(crate) static JIEBA: LazyLock<jieba_rs::Jieba> = LazyLock::new(jieba_rs::Jieba::new);

/// The Chinese characters searched (the CJK blocks of the Basic Multilingual Plane, which hold everyday text); the
/// API's `q` pattern names the same ranges.
fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}')
}

/// What a searchable query must contain, as a JSON Schema (ECMA 262) pattern: a letter or digit (ASCII or
/// full-width), or two Chinese characters in a row.
pub const QUERY_PATTERN: &str = r"^[\s\S]*([0-9A-Za-z\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A]|[\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF]{2})[\s\S]*$";

/// Full-width letters and digits as ASCII, lowercase.
fn fold(c: char) -> char {
    let c = match c {
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// A run of a text: Chinese characters, or letters and digits.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Run {
    Han(Vec<char>),
    Word(String),
}

fn runs(text: &str) -> Vec<Run> {
    let mut out = Vec::new();
    let mut han: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush = |out: &mut Vec<Run>, han: &mut Vec<char>, word: &mut String| {
        if !han.is_empty() {
            out.push(Run::Han(std::mem::take(han)));
        }
        if !word.is_empty() {
            out.push(Run::Word(std::mem::take(word)));
        }
    };
    for c in text.chars().map(fold) {
        if is_han(c) {
            if !word.is_empty() {
                flush(&mut out, &mut han, &mut word);
            }
            han.push(c);
        } else if c.is_ascii_alphanumeric() {
            if !han.is_empty() {
                flush(&mut out, &mut han, &mut word);
            }
            word.push(c);
        } else {
            flush(&mut out, &mut han, &mut word);
        }
    }
    flush(&mut out, &mut han, &mut word);
    out
}

fn bigrams(chars: &[char]) -> Vec<String> {
    if chars.len() == 1 {
        return vec![chars[0].to_string()];
    }
    chars.windows(2).map(|w| w.iter().collect()).collect()
}

/// What a case is indexed by.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Document {
    pub grams: String,
    pub words: String,
    pub scope: String,
}

fn scope_token(prefix: &str, id: UnitId) -> String {
    format!("{prefix}{}", id.to_string().replace('-', ""))
}

/// The index document of a case's texts (title, description, address, public replies) and its place.
pub fn document(
    texts: &[&str],
    street: Option<UnitId>,
    community: Option<UnitId>,
    unit: Option<UnitId>,
) -> Document {
    let mut grams: Vec<String> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    for text in texts {
        for run in runs(text) {
            match run {
                Run::Han(chars) => grams.extend(bigrams(&chars)),
                Run::Word(w) => grams.push(w),
            }
        }
        for token in JIEBA.cut_for_search(text, true) {
            let w: String = token.word.chars().map(fold).collect();
            let han = w.chars().filter(|c| is_han(*c)).count();
            let keep = (han >= 2 && han == w.chars().count())
                || (!w.is_empty() && w.chars().all(|c| c.is_ascii_alphanumeric()));
            if keep && !words.contains(&w) {
                words.push(w);
            }
        }
    }
    let mut scope = Vec::new();
    if let Some(s) = street {
        scope.push(scope_token("zs", s));
    }
    if let Some(c) = community {
        scope.push(scope_token("zc", c));
    }
    if let Some(u) = unit {
        scope.push(scope_token("zu", u));
    }
    Document {
        grams: grams.join(" "),
        words: words.join(" "),
        scope: scope.join(" "),
    }
}

/// One term of a query: a Chinese run (matched as the phrase of its bigrams, or as a whole word), or a word of letters
/// and digits. Every term must match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The tokens of the phrase in the `grams` column.
    pub grams: Vec<String>,
    /// The run as typed (folded): what is highlighted, and the word it may match in `words`.
    pub text: String,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    /// Scope tokens, any of which must match (none: the whole district).
    pub scope: Vec<String>,
}

/// Why a query cannot be searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryError {
    /// Nothing to search for: no run of two Chinese characters or more, and no letters or digits.
    TooShort,
    /// More than 200 characters.
    TooLong,
}

/// The longest query searched, in characters.
pub const MAX_QUERY_CHARS: usize = 200;
/// At most this many terms are matched (the rest of a pasted paragraph adds nothing).
const MAX_TERMS: usize = 8;

/// Parses what a person typed. A lone Chinese character is left out when other terms remain (it says little and
/// is not indexed on its own); a query of lone characters only is too short.
pub fn parse(q: &str, scope: Scope) -> Result<Query, QueryError> {
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(QueryError::TooLong);
    }
    let mut terms: Vec<Term> = Vec::new();
    for run in runs(q) {
        let term = match run {
            Run::Han(chars) if chars.len() >= 2 => Term {
                grams: bigrams(&chars),
                text: chars.iter().collect(),
            },
            Run::Han(_) => continue,
            Run::Word(w) => Term {
                grams: vec![w.clone()],
                text: w,
            },
        };
        if !terms.contains(&term) {
            terms.push(term);
        }
    }
    if terms.is_empty() {
        return Err(QueryError::TooShort);
    }
    terms.truncate(MAX_TERMS);
    let scope = match scope {
        Scope::District => Vec::new(),
        Scope::Street(s) => vec![scope_token("zs", s), scope_token("zu", s)],
        Scope::Community(c) => vec![scope_token("zc", c), scope_token("zu", c)],
        Scope::Unit(u) => vec![scope_token("zu", u)],
        // Matches nothing: no case carries this token.
        Scope::Nothing => vec!["znothing".into()],
    };
    Ok(Query { terms, scope })
}

impl Query {
    /// The SQLite FTS5 expression: each term's bigram phrase (or its whole word) in its column, all terms, and any of
    /// the scope tokens. Tokens are only Chinese characters, ASCII letters and digits, and are quoted besides.
    pub fn fts5(&self) -> String {
        let mut parts: Vec<String> = self
            .terms
            .iter()
            .map(|t| {
                // A run of three characters or more may also be one of jieba's words, which ranks it higher; a
                // two-character run's bigram is the word itself.
                if t.grams.len() > 1 {
                    format!(
                        "(grams : \"{}\" OR words : \"{}\")",
                        t.grams.join(" "),
                        t.text
                    )
                } else {
                    format!("grams : \"{}\"", t.grams[0])
                }
            })
            .collect();
        if !self.scope.is_empty() {
            parts.push(format!(
                "scope : ({})",
                self.scope
                    .iter()
                    .map(|s| format!("\"{s}\""))
                    .collect::<Vec<_>>()
                    .join(" OR ")
            ));
        }
        parts.join(" AND ")
    }

    /// The PostgreSQL `to_tsquery('simple', …)` text: phrases with `<->`, terms with `&`, scope with `|`.
    pub fn tsquery(&self) -> String {
        let quote = |t: &str| format!("'{t}'");
        let mut parts: Vec<String> = self
            .terms
            .iter()
            .map(|t| {
                let phrase = t
                    .grams
                    .iter()
                    .map(|g| quote(g))
                    .collect::<Vec<_>>()
                    .join(" <-> ");
                if t.grams.len() > 1 {
                    format!("(({phrase}) | {})", quote(&t.text))
                } else {
                    format!("({phrase})")
                }
            })
            .collect();
        if !self.scope.is_empty() {
            parts.push(format!(
                "({})",
                self.scope
                    .iter()
                    .map(|s| quote(s))
                    .collect::<Vec<_>>()
                    .join(" | ")
            ));
        }
        parts.join(" & ")
    }
}

impl Query {
    /// The FTS5 expression matching any of the query's bigrams or whole words (for the knowledge base, whose few
    /// hundred answers are ranked by how much of the question they share rather than filtered by all of it).
    pub fn fts5_any(&self) -> String {
        let grams: Vec<String> = self
            .terms
            .iter()
            .flat_map(|t| t.grams.iter().map(|g| format!("\"{g}\"")))
            .collect();
        let words: Vec<String> = self
            .terms
            .iter()
            .map(|t| format!("\"{}\"", t.text))
            .collect();
        format!(
            "grams : ({}) OR words : ({})",
            grams.join(" OR "),
            words.join(" OR ")
        )
    }

    /// `fts5_any` for PostgreSQL's `to_tsquery('simple', …)`.
    pub fn tsquery_any(&self) -> String {
        let mut tokens: Vec<String> = self
            .terms
            .iter()
            .flat_map(|t| t.grams.iter().map(|g| format!("'{g}'")))
            .collect();
        tokens.extend(
            self.terms
                .iter()
                .filter(|t| t.grams.len() > 1)
                .map(|t| format!("'{}'", t.text)),
        );
        tokens.join(" | ")
    }
}

/// A text cut into pieces, the matched ones marked: what a page highlights.
pub fn highlight(text: &str, query: &Query) -> Vec<(String, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let folded: Vec<char> = chars.iter().map(|c| fold(*c)).collect();
    let mut marked = vec![false; chars.len()];
    for term in &query.terms {
        let needle: Vec<char> = term.text.chars().collect();
        if needle.is_empty() || needle.len() > folded.len() {
            continue;
        }
        for i in 0..=folded.len() - needle.len() {
            if folded[i..i + needle.len()] == needle[..] {
                marked[i..i + needle.len()]
                    .iter_mut()
                    .for_each(|m| *m = true);
            }
        }
    }
    let mut out: Vec<(String, bool)> = Vec::new();
    for (c, m) in chars.into_iter().zip(marked) {
        match out.last_mut() {
            Some((s, last)) if *last == m => s.push(c),
            _ => out.push((c.to_string(), m)),
        }
    }
    out
}

/// The part of a long text around its first match, at most `max` characters, with an ellipsis where cut.
pub fn snippet(text: &str, query: &Query, max: usize) -> Vec<(String, bool)> {
    let pieces = highlight(text, query);
    let total: usize = pieces.iter().map(|(s, _)| s.chars().count()).sum();
    if total <= max {
        return pieces;
    }
    let first = pieces
        .iter()
        .take_while(|(_, m)| !m)
        .map(|(s, _)| s.chars().count())
        .sum::<usize>();
    let start = first.saturating_sub(max / 4);
    let mut out: Vec<(String, bool)> = Vec::new();
    if start > 0 {
        out.push(("…".into(), false));
    }
    let (mut pos, mut taken) = (0usize, 0usize);
    for (s, m) in pieces {
        let n = s.chars().count();
        let (from, to) = (start.max(pos), (pos + n).min(start + max));
        if from < to {
            out.push((s.chars().skip(from - pos).take(to - from).collect(), m));
            taken += to - from;
        }
        pos += n;
    }
    if start + taken < total {
        out.push(("…".into(), false));
    }
    out
}

/// The near-duplicate rule: an open case is a likely duplicate of another when it was received within
/// [`DUP_WINDOW_DAYS`] days of it, in the same community (or, without a community, the same street), within
/// [`DUP_DISTANCE_M`] metres when both have a map point, and their texts share enough: the Jaccard similarity of
/// their title-and-description bigram sets ([`shingles`]) is at least [`DUP_MIN_SIMILARITY`]. Residents describe the
/// same pothole in different words, so the bar is well below "the same text"; the dispatcher decides.
pub const DUP_WINDOW_DAYS: i64 = 7;
pub const DUP_DISTANCE_M: f64 = 500.0;
pub const DUP_MIN_SIMILARITY: f64 = 0.3;

/// The set of bigrams (and words of letters and digits) of texts.
pub fn shingles(texts: &[&str]) -> std::collections::BTreeSet<String> {
    let mut out = std::collections::BTreeSet::new();
    for text in texts {
        for run in runs(text) {
            match run {
                Run::Han(chars) => out.extend(bigrams(&chars)),
                Run::Word(w) => {
                    out.insert(w);
                }
            }
        }
    }
    out
}

/// Jaccard similarity of two shingle sets (0 when both are empty).
pub fn similarity(
    a: &std::collections::BTreeSet<String>,
    b: &std::collections::BTreeSet<String>,
) -> f64 {
    let union = a.union(b).count();
    if union == 0 {
        0.0
    } else {
        a.intersection(b).count() as f64 / union as f64
    }
}

#[cfg(test)]
mod duplicate_rule_tests {
    use super::*;

    /// The near-duplicate rule as stated: Jaccard similarity (shared bigrams over all bigrams) of at least 0.3,
    /// within 7 days and 500 metres.
    #[test]
    fn near_duplicates_share_three_tenths_of_their_bigrams() {
        let set = |s: &[&str]| {
            s.iter()
                .map(|x| x.to_string())
                .collect::<std::collections::BTreeSet<_>>()
        };
        // 3 shared of 10 in all: 0.3, a duplicate; 2 shared of 11: 0.18, not.
        let a = set(&["a1", "a2", "a3", "s1", "s2", "s3"]);
        let b = set(&["b1", "b2", "b3", "b4", "s1", "s2", "s3"]);
        assert!((similarity(&a, &b) - 0.3).abs() < 1e-12);
        assert!(similarity(&a, &b) >= DUP_MIN_SIMILARITY);
        let c = set(&["b1", "b2", "b3", "b4", "s1", "s2", "b5"]);
        assert!((similarity(&a, &c) - 2.0 / 11.0).abs() < 1e-12);
        assert!(similarity(&a, &c) < DUP_MIN_SIMILARITY);
        // The threshold itself and the window, as the rule states them.
        assert_eq!(
            (DUP_MIN_SIMILARITY, DUP_WINDOW_DAYS, DUP_DISTANCE_M),
            (0.3, 7, 500.0)
        );
        assert_eq!(similarity(&set(&[]), &set(&[])), 0.0, "nothing shared");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(pieces: &[(String, bool)]) -> Vec<&str> {
        pieces
            .iter()
            .filter(|(_, m)| *m)
            .map(|(s, _)| s.as_str())
            .collect()
    }

    #[test]
    fn texts_become_bigrams_words_and_scope() {
        let street = UnitId::new();
        let d = document(
            &["鲁谷东街餐馆油烟扰民", "3号楼ＡB"],
            Some(street),
            None,
            None,
        );
        assert_eq!(
            d.grams,
            "鲁谷 谷东 东街 街餐 餐馆 馆油 油烟 烟扰 扰民 3 号楼 ab"
        );
        assert!(d.words.split(' ').any(|w| w == "油烟"), "{}", d.words);
        assert!(d.words.split(' ').any(|w| w == "扰民"), "{}", d.words);
        assert_eq!(
            d.scope,
            format!("zs{}", street.to_string().replace('-', ""))
        );
        assert!(!d.grams.contains('号') || d.grams.contains("号楼"));
    }

    #[test]
    fn queries_match_substrings_and_carry_the_scope() {
        let street = UnitId::new();
        let q = parse("油烟 扰民 3号楼 灯", Scope::Street(street)).unwrap();
        assert_eq!(
            q.terms.iter().map(|t| t.text.as_str()).collect::<Vec<_>>(),
            ["油烟", "扰民", "3", "号楼"],
            "the lone 灯 is left out"
        );
        let s = street.to_string().replace('-', "");
        assert_eq!(
            q.fts5(),
            format!(
                "grams : \"油烟\" AND grams : \"扰民\" AND grams : \"3\" AND grams : \"号楼\" AND scope : (\"zs{s}\" OR \"zu{s}\")"
            )
        );
        assert_eq!(
            parse("八角北路", Scope::District).unwrap().fts5(),
            "(grams : \"八角 角北 北路\" OR words : \"八角北路\")"
        );
        let q = parse("八角北路", Scope::District).unwrap();
        assert_eq!(q.tsquery(), "(('八角' <-> '角北' <-> '北路') | '八角北路')");
        assert_eq!(parse("灯", Scope::District), Err(QueryError::TooShort));
        assert_eq!(parse("，。！", Scope::District), Err(QueryError::TooShort));
        assert_eq!(
            parse(&"很".repeat(201), Scope::District),
            Err(QueryError::TooLong)
        );
        // Nothing a person types reaches the expression but Chinese characters, letters and digits.
        let q = parse("\" OR scope : * NEAR(", Scope::District).unwrap();
        assert_eq!(
            q.fts5(),
            "grams : \"or\" AND grams : \"scope\" AND grams : \"near\""
        );
    }

    #[test]
    fn the_same_matter_in_other_words_is_similar_and_another_matter_is_not() {
        let a = shingles(&[
            "鲁谷路口井盖丢了",
            "鲁谷路和五芳园交叉口的井盖丢了，晚上很危险。",
        ]);
        let b = shingles(&["路口井盖丢失", "鲁谷路五芳园路口井盖丢了，有人差点掉下去。"]);
        let c = shingles(&["楼道灯坏了", "3号楼2单元楼道灯坏了一周。"]);
        assert!(
            similarity(&a, &b) >= DUP_MIN_SIMILARITY,
            "{}",
            similarity(&a, &b)
        );
        assert!(similarity(&a, &c) < 0.1, "{}", similarity(&a, &c));
        assert_eq!(similarity(&a, &a), 1.0);
    }

    #[test]
    fn matches_are_highlighted_and_long_texts_cut_around_them() {
        let q = parse("油烟", Scope::District).unwrap();
        assert_eq!(
            marked(&highlight("楼下餐馆油烟很大，油烟扰民", &q)),
            ["油烟", "油烟"]
        );
        let long = format!("{}油烟{}", "很".repeat(100), "大".repeat(100));
        let s = snippet(&long, &q, 40);
        assert_eq!(marked(&s), ["油烟"]);
        assert_eq!(
            (s.first().unwrap().0.as_str(), s.last().unwrap().0.as_str()),
            ("…", "…")
        );
        assert!(s.iter().map(|(t, _)| t.chars().count()).sum::<usize>() <= 42);
        let q = parse("ab", Scope::District).unwrap();
        assert_eq!(
            marked(&highlight("Ａb栋", &q)),
            ["Ａb"],
            "full-width and case folded"
        );
    }
}
