//! Category suggestions: a multinomial naive Bayes model over a matter's words (jieba's) and character bigrams, with
//! its street as one more feature, trained from the district's own closed cases by the category each was finally
//! routed to. Small and honest: its confidence is calibrated on cases it was not trained on (one temperature), and
//! every suggestion says which of the text's words weighed most for it.
//!
//! A feature counts once per case (presence, not frequency), so a long complaint that repeats a word does not drown
//! the rest. Laplace smoothing `ALPHA`; a feature never seen in training is ignored.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::org::UnitId;

/// Additive smoothing of the feature counts.
pub const ALPHA: f64 = 0.1;
/// The suggestions given: the most likely three.
pub const TOP: usize = 3;
/// Words shown as a suggestion's reasons.
pub const REASONS: usize = 5;

/// The features of a matter: its text's jieba words and bigrams (as the search index cuts them), and its street.
pub fn features(title: &str, description: &str, street: Option<UnitId>) -> BTreeSet<String> {
    let doc = crate::search::document(&[title, description], None, None, None);
    let mut out: BTreeSet<String> = doc
        .grams
        .split(' ')
        .chain(doc.words.split(' '))
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect();
    if let Some(s) = street {
        out.insert(format!("@{s}"));
    }
    out
}

/// One training example: its features and the category code it was finally routed to.
#[derive(Debug, Clone)]
pub struct Example {
    pub features: BTreeSet<String>,
    pub category: String,
}

/// The trained model, as stored (JSON) and loaded by every app server.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Model {
    /// Category codes, in the order the counts index them.
    pub categories: Vec<String>,
    /// Training cases per category.
    pub docs: Vec<u32>,
    /// Feature occurrences per category.
    pub totals: Vec<u64>,
    /// Per feature, the categories it occurred in and how often.
    pub counts: HashMap<String, Vec<(u16, u32)>>,
    /// Divides the log-likelihoods before they become probabilities (fitted on held-back cases; 1 before fitting).
    pub temperature: f64,
}

/// A category the model suggests: its code, probability and the words that weighed most for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Scored {
    pub category: String,
    pub score: f64,
    pub reasons: Vec<String>,
}

impl Model {
    /// Counts the examples. Categories are ordered by code, so two trainings on the same cases give the same model.
    pub fn train(examples: &[Example]) -> Model {
        let categories: BTreeSet<&str> = examples.iter().map(|e| e.category.as_str()).collect();
        let categories: Vec<String> = categories.into_iter().map(str::to_string).collect();
        let index: HashMap<&str, u16> = categories
            .iter()
            .enumerate()
            .map(|(i, c)| (c.as_str(), i as u16))
            .collect();
        let mut docs = vec![0u32; categories.len()];
        let mut totals = vec![0u64; categories.len()];
        let mut counts: HashMap<String, Vec<(u16, u32)>> = HashMap::new();
        for e in examples {
            let c = index[e.category.as_str()];
            docs[c as usize] += 1;
            totals[c as usize] += e.features.len() as u64;
            for f in &e.features {
                let entry = counts.entry(f.clone()).or_default();
                match entry.iter_mut().find(|(k, _)| *k == c) {
                    Some((_, n)) => *n += 1,
                    None => entry.push((c, 1)),
                }
            }
        }
        Model {
            categories,
            docs,
            totals,
            counts,
            temperature: 1.0,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
    }

    /// Training cases counted.
    pub fn cases(&self) -> u64 {
        self.docs.iter().map(|d| *d as u64).sum()
    }

    /// The log-likelihood of each category given the features (unnormalised), and the features the model knows.
    fn log_scores<'a>(&'a self, features: &'a BTreeSet<String>) -> (Vec<f64>, Vec<Known<'a>>) {
        let n: f64 = self.cases() as f64;
        let k = self.categories.len() as f64;
        let v = self.counts.len() as f64;
        let known: Vec<Known<'a>> = features
            .iter()
            .filter_map(|f| self.counts.get(f).map(|c| (f.as_str(), c.as_slice())))
            .collect();
        let m = known.len() as f64;
        let mut scores: Vec<f64> = (0..self.categories.len())
            .map(|c| {
                ((self.docs[c] as f64 + 1.0) / (n + k)).ln()
                    + m * (ALPHA.ln() - (self.totals[c] as f64 + ALPHA * v).ln())
            })
            .collect();
        for (_, per) in &known {
            for (c, count) in per.iter() {
                scores[*c as usize] += (*count as f64 + ALPHA).ln() - ALPHA.ln();
            }
        }
        (scores, known)
    }

    /// Every category's probability given the features, most likely first.
    pub fn rank(&self, features: &BTreeSet<String>, temperature: f64) -> Vec<(usize, f64)> {
        if self.is_empty() {
            return Vec::new();
        }
        let (scores, _) = self.log_scores(features);
        softmax_ranked(&scores, temperature)
    }

    /// The `top` most likely categories among those `allowed` (the current catalogue's), each with the words that
    /// weighed most for it.
    pub fn suggest(
        &self,
        features: &BTreeSet<String>,
        top: usize,
        allowed: impl Fn(&str) -> bool,
    ) -> Vec<Scored> {
        if self.is_empty() {
            return Vec::new();
        }
        let (scores, known) = self.log_scores(features);
        let ranked = softmax_ranked(&scores, self.temperature);
        let k = self.categories.len();
        let v = self.counts.len() as f64;
        ranked
            .into_iter()
            .filter(|(c, _)| allowed(&self.categories[*c]))
            .take(top)
            .map(|(c, p)| {
                // A feature's weight for c: how much likelier it is under c than under the categories on average.
                let log_p = |cat: usize, per: &[(u16, u32)]| {
                    let count = per
                        .iter()
                        .find(|(i, _)| *i as usize == cat)
                        .map_or(0, |(_, n)| *n);
                    ((count as f64 + ALPHA) / (self.totals[cat] as f64 + ALPHA * v)).ln()
                };
                let mut weighed: Vec<(&str, f64)> = known
                    .iter()
                    .filter(|(f, _)| !f.starts_with('@'))
                    .map(|(f, per)| {
                        let mean = (0..k).map(|o| log_p(o, per)).sum::<f64>() / k as f64;
                        (*f, log_p(c, per) - mean)
                    })
                    .filter(|(_, w)| *w > 0.0)
                    .collect();
                weighed.sort_by(|a, b| {
                    b.1.total_cmp(&a.1)
                        .then(b.0.chars().count().cmp(&a.0.chars().count()))
                        .then(a.0.cmp(b.0))
                });
                let mut reasons: Vec<String> = Vec::new();
                for (f, _) in weighed {
                    // A bigram inside a word already given adds nothing to read.
                    if reasons.iter().any(|r| r.contains(f)) {
                        continue;
                    }
                    reasons.push(f.to_string());
                    if reasons.len() == REASONS {
                        break;
                    }
                }
                Scored {
                    category: self.categories[c].clone(),
                    score: p,
                    reasons,
                }
            })
            .collect()
    }
}

/// A feature of a text the model knows, with its counts per category.
type Known<'a> = (&'a str, &'a [(u16, u32)]);

fn softmax_ranked(scores: &[f64], temperature: f64) -> Vec<(usize, f64)> {
    let t = if temperature > 0.0 { temperature } else { 1.0 };
    let max = scores.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let exp: Vec<f64> = scores.iter().map(|s| ((s - max) / t).exp()).collect();
    let sum: f64 = exp.iter().sum();
    let mut ranked: Vec<(usize, f64)> = exp
        .into_iter()
        .enumerate()
        .map(|(i, e)| (i, e / sum))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked
}

/// How a model did on cases it was not trained on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    pub cases: u64,
    /// Share whose category was the first suggestion.
    pub top1: f64,
    /// Share whose category was among the first three.
    pub top3: f64,
    /// The temperature that gave the held-back cases' categories the highest likelihood.
    pub temperature: f64,
}

/// Temperatures tried when calibrating.
const TEMPERATURES: &[f64] = &[1.0, 1.5, 2.0, 3.0, 4.0, 6.0, 8.0, 12.0, 16.0, 24.0, 32.0];

/// Measures a model on held-back examples and fits its temperature (the one that minimises their log loss).
pub fn evaluate(model: &Model, held: &[Example]) -> Evaluation {
    let mut top1 = 0u64;
    let mut top3 = 0u64;
    let mut loss = vec![0f64; TEMPERATURES.len()];
    for e in held {
        let (scores, _) = model.log_scores(&e.features);
        let truth = model.categories.iter().position(|c| *c == e.category);
        let ranked = softmax_ranked(&scores, 1.0);
        if let Some(t) = truth {
            let at = ranked.iter().position(|(c, _)| *c == t);
            top1 += u64::from(at == Some(0));
            top3 += u64::from(at.is_some_and(|a| a < TOP));
        }
        for (i, temp) in TEMPERATURES.iter().enumerate() {
            let p = truth.map_or(0.0, |t| {
                softmax_ranked(&scores, *temp)
                    .into_iter()
                    .find(|(c, _)| *c == t)
                    .map_or(0.0, |(_, p)| p)
            });
            loss[i] -= p.max(1e-12).ln();
        }
    }
    let best = loss
        .iter()
        .enumerate()
        .min_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i);
    let n = held.len().max(1) as f64;
    Evaluation {
        cases: held.len() as u64,
        top1: top1 as f64 / n,
        top3: top3 as f64 / n,
        temperature: TEMPERATURES[best],
    }
}

/// Whether a case is held back from training to measure the model: one in ten, by its id, the same every time.
pub fn held_back(id: &str) -> bool {
    id.bytes()
        .fold(0u32, |h, b| h.wrapping_mul(31).wrapping_add(b as u32))
        % 10
        == 0
}

#[cfg(test)]
mod smoothing_tests {
    use super::*;

    /// The model's stated smoothing, worked by hand: two cases, A with {x, y} and B with {y, z}. For a matter with
    /// the one feature x, multinomial naive Bayes with add-0.1 smoothing gives A
    /// P(x|A) = (1 + 0.1) / (2 + 0.3) and B P(x|B) = 0.1 / (2 + 0.3), equal priors: P(A|x) = 1.1 / 1.2 = 11/12.
    /// (Add-one smoothing would give 2/3.)
    #[test]
    fn the_smoothing_is_a_tenth_of_a_count() {
        let set = |f: &[&str]| {
            f.iter()
                .map(|s| s.to_string())
                .collect::<BTreeSet<String>>()
        };
        let model = Model::train(&[
            Example {
                features: set(&["x", "y"]),
                category: "A".into(),
            },
            Example {
                features: set(&["y", "z"]),
                category: "B".into(),
            },
        ]);
        let ranked = model.rank(&set(&["x"]), 1.0);
        assert_eq!(model.categories[ranked[0].0], "A");
        assert!((ranked[0].1 - 11.0 / 12.0).abs() < 1e-12, "{ranked:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ex(text: &str, cat: &str) -> Example {
        Example {
            features: features(text, "", None),
            category: cat.to_string(),
        }
    }

    #[test]
    fn the_likeliest_category_comes_first_with_the_words_that_decided_it() {
        let examples = vec![
            ex("楼下饭店油烟很大", "B04"),
            ex("烧烤店油烟熏人", "B04"),
            ex("餐馆排油烟扰民", "B04"),
            ex("楼上漏水到我家", "D06"),
            ex("屋顶漏雨墙发霉", "D06"),
            ex("卫生间漏水", "D06"),
            ex("晚上施工噪音太大", "B01"),
        ];
        let model = Model::train(&examples);
        assert_eq!(model.cases(), 7);
        let got = model.suggest(&features("饭馆油烟太大", "", None), 3, |_| true);
        assert_eq!(got[0].category, "B04");
        assert!(got[0].score > got[1].score && got[0].score <= 1.0);
        assert!(
            got[0].reasons.iter().any(|r| r.contains("油烟")),
            "{:?}",
            got[0].reasons
        );
        let total: f64 = model
            .rank(&features("饭馆油烟太大", "", None), 1.0)
            .iter()
            .map(|(_, p)| p)
            .sum();
        assert!((total - 1.0).abs() < 1e-9);
        // A category no longer in the catalogue is skipped.
        let got = model.suggest(&features("饭馆油烟太大", "", None), 3, |c| c != "B04");
        assert_ne!(got[0].category, "B04");
        // Unknown words alone give the prior.
        let got = model.suggest(&features("完全无关", "", None), 1, |_| true);
        assert_eq!(
            got[0].category, "B04",
            "the commonest category (ties by code)"
        );
        assert!(got[0].reasons.is_empty());
    }

    #[test]
    fn evaluation_counts_top_one_and_top_three_and_calibrates() {
        let train = vec![
            ex("饭店油烟", "B04"),
            ex("油烟扰民", "B04"),
            ex("楼上漏水", "D06"),
            ex("水管漏水", "D06"),
            ex("施工噪音", "B01"),
        ];
        let model = Model::train(&train);
        let held = vec![
            ex("餐馆油烟", "B04"),
            ex("漏水严重", "D06"),
            ex("饭店油烟扰民", "D06"),
        ];
        let e = evaluate(&model, &held);
        assert_eq!(e.cases, 3);
        assert!((e.top1 - 2.0 / 3.0).abs() < 1e-9, "{e:?}");
        assert!((e.top3 - 1.0).abs() < 1e-9, "{e:?}");
        assert!(TEMPERATURES.contains(&e.temperature));
    }

    #[test]
    fn one_case_in_ten_is_held_back_and_always_the_same() {
        let ids: Vec<String> = (0..10_000)
            .map(|i| format!("0190f1e2-{i:04x}-7000-8000-000000000000"))
            .collect();
        let held = ids.iter().filter(|i| held_back(i)).count();
        assert!((800..1200).contains(&held), "{held}");
        assert_eq!(held, ids.iter().filter(|i| held_back(i)).count());
    }
}
