//! The assessment of units (区考核块、块考核条): a unit's monthly figures computed from its assessed cases, the score
//! from the three rates (三率) with configurable weights, and the monthly ranking with its top and bottom and the
//! units at the bottom two months running (末位约谈). Pure arithmetic on what the store reads; every rate is kept as
//! its numerator and denominator, so a page can show the cases behind both.

use serde::Serialize;

use crate::cases::Satisfaction;

/// One assessed case as the figures need it: closed in the month with the unit accountable at closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Assessed {
    /// The first contact with the resident was recorded by the contact deadline.
    pub contacted_in_time: bool,
    /// Closed by the handling deadline.
    pub on_time: bool,
    /// Reopened (redone) before this closing.
    pub reopened: bool,
    /// The resident's verdict, if they gave one: resolved or not, and how satisfied.
    pub verdict: Option<(bool, Satisfaction)>,
}

/// A rate as its parts: `numerator / denominator`, or no rate when there is nothing to count. Satisfaction counts in
/// tenths (satisfied 10, basic 8, dissatisfied 0 out of 10 per rated case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Rate {
    pub numerator: i64,
    pub denominator: i64,
}

impl Rate {
    /// The fraction 0–1, or `None` ("no rating") when the denominator is zero.
    pub fn value(&self) -> Option<f64> {
        (self.denominator > 0).then(|| self.numerator as f64 / self.denominator as f64)
    }
}

/// The weights of the score (default 30 / 35 / 35).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Weights {
    pub response: u32,
    pub resolution: u32,
    pub satisfaction: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights { response: 30, resolution: 35, satisfaction: 35 }
    }
}

/// A unit's figures for a month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub cases: i64,
    pub response: Rate,
    pub resolution: Rate,
    pub satisfaction: Rate,
    pub on_time: Rate,
    pub redo: Rate,
}

/// The points of a satisfaction verdict, in tenths.
pub fn satisfaction_tenths(s: Satisfaction) -> i64 {
    match s {
        Satisfaction::Satisfied => 10,
        Satisfaction::Basic => 8,
        Satisfaction::Dissatisfied => 0,
    }
}

/// The figures of a unit's assessed cases.
pub fn figures(cases: &[Assessed]) -> Figures {
    let n = cases.len() as i64;
    let rated: Vec<(bool, Satisfaction)> = cases.iter().filter_map(|c| c.verdict).collect();
    let r = rated.len() as i64;
    Figures {
        cases: n,
        response: Rate { numerator: cases.iter().filter(|c| c.contacted_in_time).count() as i64, denominator: n },
        resolution: Rate { numerator: rated.iter().filter(|(resolved, _)| *resolved).count() as i64, denominator: r },
        satisfaction: Rate { numerator: rated.iter().map(|(_, s)| satisfaction_tenths(*s)).sum(), denominator: 10 * r },
        on_time: Rate { numerator: cases.iter().filter(|c| c.on_time).count() as i64, denominator: n },
        redo: Rate { numerator: cases.iter().filter(|c| c.reopened).count() as i64, denominator: n },
    }
}

/// The score 0–100: the weighted rates, the weights of rates with nothing to rate spread over the others in
/// proportion; `None` when no rate has anything to rate.
pub fn score(f: &Figures, w: Weights) -> Option<f64> {
    let parts = [(f.response.value(), w.response), (f.resolution.value(), w.resolution), (f.satisfaction.value(), w.satisfaction)];
    let total: u32 = parts.iter().filter(|(v, _)| v.is_some()).map(|(_, w)| *w).sum();
    if total == 0 {
        return None;
    }
    let sum: f64 = parts.iter().filter_map(|(v, w)| v.map(|v| v * f64::from(*w))).sum();
    Some(sum * 100.0 / f64::from(total))
}

/// Ranks by score, highest first, ties sharing a rank ("1, 2, 2, 4"); units without a score are not ranked. Scores
/// are compared at 0.01 points, as they are shown.
pub fn rank<K: Clone>(scores: &[(K, Option<f64>)]) -> Vec<(K, Option<u32>)> {
    let shown = |s: f64| (s * 100.0).round() as i64;
    let mut ranked: Vec<(usize, i64)> = scores.iter().enumerate().filter_map(|(i, (_, s))| s.map(|s| (i, shown(s)))).collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let mut out: Vec<(K, Option<u32>)> = scores.iter().map(|(k, _)| (k.clone(), None)).collect();
    let mut previous: Option<(i64, u32)> = None;
    for (position, (i, s)) in ranked.iter().enumerate() {
        let r = match previous {
            Some((p, r)) if p == *s => r,
            _ => position as u32 + 1,
        };
        previous = Some((*s, r));
        out[*i].1 = Some(r);
    }
    out
}

/// The units named at the top and at the bottom: those ranked within the first `n` places, and those within the
/// last `n` places (ties included, so a tie at the boundary names everyone tied).
pub fn top_and_bottom<K: Clone>(ranked: &[(K, Option<u32>)], n: u32) -> (Vec<K>, Vec<K>) {
    let ranks: Vec<u32> = ranked.iter().filter_map(|(_, r)| *r).collect();
    let count = ranks.len() as u32;
    if count == 0 || n == 0 {
        return (Vec::new(), Vec::new());
    }
    let top: Vec<K> = ranked.iter().filter(|(_, r)| r.is_some_and(|r| r <= n)).map(|(k, _)| k.clone()).collect();
    // The worst rank at or beyond the last n places: a unit is at the bottom when fewer than n units rank below it.
    let bottom: Vec<K> = ranked
        .iter()
        .filter(|(_, r)| r.is_some_and(|r| ranks.iter().filter(|x| **x > r).count() < n as usize))
        .map(|(k, _)| k.clone())
        .collect();
    (top, bottom)
}

/// The units at the bottom this month and last month too: flagged for a talk (末位约谈).
pub fn flagged<K: Clone + PartialEq>(bottom_now: &[K], bottom_before: &[K]) -> Vec<K> {
    bottom_now.iter().filter(|k| bottom_before.contains(k)).cloned().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(contact: bool, on_time: bool, reopened: bool, verdict: Option<(bool, Satisfaction)>) -> Assessed {
        Assessed { contacted_in_time: contact, on_time, reopened, verdict }
    }

    #[test]
    fn a_hand_computed_month() {
        use Satisfaction::*;
        let cases = [
            case(true, true, false, Some((true, Satisfied))),
            case(true, false, true, Some((true, Basic))),
            case(false, true, false, Some((false, Dissatisfied))),
            case(true, true, false, None),
        ];
        let f = figures(&cases);
        assert_eq!(f.cases, 4);
        assert_eq!(f.response, Rate { numerator: 3, denominator: 4 });
        assert_eq!(f.resolution, Rate { numerator: 2, denominator: 3 });
        assert_eq!(f.satisfaction, Rate { numerator: 18, denominator: 30 });
        assert_eq!((f.on_time.numerator, f.redo.numerator), (3, 1));
        // 30 × 0.75 + 35 × 2/3 + 35 × 0.6 = 22.5 + 23.333… + 21 = 66.83…
        let s = score(&f, Weights::default()).unwrap();
        assert!((s - 66.8333).abs() < 0.001, "{s}");
    }

    #[test]
    fn with_nothing_rated_the_score_uses_the_remaining_weight() {
        let f = figures(&[case(true, true, false, None), case(false, true, false, None)]);
        assert_eq!((f.resolution.value(), f.satisfaction.value()), (None, None), "no rating, not zero");
        assert_eq!(score(&f, Weights::default()), Some(50.0), "the response rate alone, scaled to 100");
        assert_eq!(score(&figures(&[]), Weights::default()), None);
        let custom = Weights { response: 0, resolution: 50, satisfaction: 50 };
        assert_eq!(score(&f, custom), None, "the only rate with something to rate weighs nothing");
    }

    #[test]
    fn ties_share_a_rank_and_the_unrated_are_not_ranked() {
        let scores = vec![("a", Some(90.0)), ("b", Some(80.004)), ("c", Some(80.0)), ("d", None), ("e", Some(70.0)), ("f", Some(95.0))];
        let ranked = rank(&scores);
        let r: Vec<(&str, Option<u32>)> = ranked.clone();
        assert_eq!(r, vec![("a", Some(2)), ("b", Some(3)), ("c", Some(3)), ("d", None), ("e", Some(5)), ("f", Some(1))]);
        let (top, bottom) = top_and_bottom(&ranked, 2);
        assert_eq!(top, vec!["a", "f"]);
        assert_eq!(bottom, vec!["b", "c", "e"], "a tie at the boundary names both");
        assert_eq!(flagged(&bottom, &["e", "x"]), vec!["e"]);
    }
}
