//! The assessment of units (区考核块、块考核条): a unit's monthly figures computed from its assessed cases, the score
//! from the three rates (三率) with configurable weights, and the monthly ranking with its top and bottom and the
//! units at the bottom two months running (末位约谈). Pure arithmetic on what the store reads; every rate is kept as
//! its numerator and denominator, so a page can show the cases behind both.

use serde::Serialize;

use crate::cases::{CaseKind, Satisfaction};

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

/// The weights of the score's three rates. The default, 10 / 45 / 45, is the weighting reported for Beijing's monthly
/// 接诉即办 ranking (see [`Scheme::builtin`]); it replaced 30 / 35 / 35, an example published by 准格尔旗 (Inner Mongolia).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Weights {
    pub response: u32,
    pub resolution: u32,
    pub satisfaction: u32,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            response: 10,
            resolution: 45,
            satisfaction: 45,
        }
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

/// The counts behind a unit's figures, as the store sums them from the month's closings (or as [`Tally::add`]
/// counts them one case at a time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Tally {
    pub cases: i64,
    pub contacted_in_time: i64,
    pub on_time: i64,
    pub redone: i64,
    pub rated: i64,
    pub resolved: i64,
    /// The satisfaction points in tenths (satisfied 10, basic 8, dissatisfied 0).
    pub satisfaction_tenths: i64,
}

impl Tally {
    pub fn add(&mut self, c: &Assessed) {
        self.cases += 1;
        self.contacted_in_time += c.contacted_in_time as i64;
        self.on_time += c.on_time as i64;
        self.redone += c.reopened as i64;
        if let Some((resolved, s)) = c.verdict {
            self.rated += 1;
            self.resolved += resolved as i64;
            self.satisfaction_tenths += satisfaction_tenths(s);
        }
    }

    pub fn merge(&mut self, o: &Tally) {
        self.cases += o.cases;
        self.contacted_in_time += o.contacted_in_time;
        self.on_time += o.on_time;
        self.redone += o.redone;
        self.rated += o.rated;
        self.resolved += o.resolved;
        self.satisfaction_tenths += o.satisfaction_tenths;
    }

    pub fn figures(&self) -> Figures {
        Figures {
            cases: self.cases,
            response: Rate {
                numerator: self.contacted_in_time,
                denominator: self.cases,
            },
            resolution: Rate {
                numerator: self.resolved,
                denominator: self.rated,
            },
            satisfaction: Rate {
                numerator: self.satisfaction_tenths,
                denominator: 10 * self.rated,
            },
            on_time: Rate {
                numerator: self.on_time,
                denominator: self.cases,
            },
            redo: Rate {
                numerator: self.redone,
                denominator: self.cases,
            },
        }
    }
}

/// One petition (信访) closed in the month, as its own evaluation needs it. Petitions follow the 信访工作条例 (2022)
/// and are evaluated apart, never in the hotline's three rates (接诉即办 三率).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AssessedPetition {
    pub received_at: crate::Millis,
    /// When the petition was accepted (受理); none when it was refused or never accepted.
    pub accepted_at: Option<crate::Millis>,
    /// The written answer came by the handling deadline in force (60 days from acceptance, +30 once extended).
    pub answered_in_time: bool,
    /// The petitioner's verdict on the answer, if they gave one.
    pub verdict: Option<(bool, Satisfaction)>,
    /// The petitioner asked the organ above for a review (复查) or re-review (复核).
    pub reviewed: bool,
}

/// A unit's petition figures for a month: accepted within the days to decide (受理 on time), answered on time
/// (按期办结), the petitioners' satisfaction with the answer, and how many went on to 复查 or 复核.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct PetitionTally {
    pub petitions: i64,
    pub accepted_in_time: i64,
    pub answered_in_time: i64,
    pub rated: i64,
    pub satisfaction_tenths: i64,
    pub reviewed: i64,
}

impl PetitionTally {
    /// Counts one petition; `accept_days` are the calendar days to decide on acceptance, counted from the day after
    /// receipt (信访工作条例: 15 days; setting `petition.step_days`, first step).
    pub fn add(&mut self, p: &AssessedPetition, accept_days: u32) {
        self.petitions += 1;
        let accept_by = crate::lifecycle::days_after(p.received_at, accept_days);
        self.accepted_in_time += p.accepted_at.is_some_and(|at| at < accept_by) as i64;
        self.answered_in_time += p.answered_in_time as i64;
        if let Some((_, s)) = p.verdict {
            self.rated += 1;
            self.satisfaction_tenths += satisfaction_tenths(s);
        }
        self.reviewed += p.reviewed as i64;
    }
    pub fn accepted(&self) -> Rate {
        Rate {
            numerator: self.accepted_in_time,
            denominator: self.petitions,
        }
    }
    pub fn answered(&self) -> Rate {
        Rate {
            numerator: self.answered_in_time,
            denominator: self.petitions,
        }
    }
    pub fn satisfaction(&self) -> Rate {
        Rate {
            numerator: self.satisfaction_tenths,
            denominator: 10 * self.rated,
        }
    }
}

/// The figures of a unit's assessed cases.
pub fn figures(cases: &[Assessed]) -> Figures {
    let mut t = Tally::default();
    for c in cases {
        t.add(c);
    }
    t.figures()
}

/// The score 0–100: the weighted rates, the weights of rates with nothing to rate spread over the others in
/// proportion; `None` when no rate has anything to rate.
pub fn score(f: &Figures, w: Weights) -> Option<f64> {
    let parts = [
        (f.response.value(), w.response),
        (f.resolution.value(), w.resolution),
        (f.satisfaction.value(), w.satisfaction),
    ];
    let total: u32 = parts
        .iter()
        .filter(|(v, _)| v.is_some())
        .map(|(_, w)| *w)
        .sum();
    if total == 0 {
        return None;
    }
    let sum: f64 = parts
        .iter()
        .filter_map(|(v, w)| v.map(|v| v * f64::from(*w)))
        .sum();
    Some(sum * 100.0 / f64::from(total))
}

/// Ranks by score, highest first, ties sharing a rank ("1, 2, 2, 4"); units without a score are not ranked. Scores
/// are compared at 0.01 points, as they are shown.
pub fn rank<K: Clone>(scores: &[(K, Option<f64>)]) -> Vec<(K, Option<u32>)> {
    let shown = |s: f64| (s * 100.0).round() as i64;
    let mut ranked: Vec<(usize, i64)> = scores
        .iter()
        .enumerate()
        .filter_map(|(i, (_, s))| s.map(|s| (i, shown(s))))
        .collect();
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
    let top: Vec<K> = ranked
        .iter()
        .filter(|(_, r)| r.is_some_and(|r| r <= n))
        .map(|(k, _)| k.clone())
        .collect();
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
    bottom_now
        .iter()
        .filter(|k| bottom_before.contains(k))
        .cloned()
        .collect()
}

/// An assessment month (Beijing time), as YYYYMM.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(i64);

impl Month {
    /// Parses `YYYY-MM` (2000–2199; the API's pattern says the same).
    pub fn parse(text: &str) -> Option<Month> {
        let (y, m) = text.split_once('-')?;
        if y.len() != 4 || m.len() != 2 || !y.bytes().chain(m.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let month = y.parse::<i64>().ok()? * 100 + m.parse::<i64>().ok()?;
        (crate::care::ltc::valid_month(month) && month < 220_000).then_some(Month(month))
    }

    /// The month an instant falls in, in Beijing time.
    pub fn of(at: crate::Millis) -> Month {
        let d = crate::calendar::local_date(at);
        Month(i64::from(d.year()) * 100 + i64::from(d.month()))
    }

    pub fn yyyymm(self) -> i64 {
        self.0
    }

    pub fn previous(self) -> Month {
        Month(crate::care::ltc::previous_month(self.0))
    }

    pub fn next(self) -> Month {
        Month(crate::care::ltc::next_month(self.0))
    }

    /// The first instant of the month and the first of the next, in Beijing time.
    pub fn bounds(self) -> (crate::Millis, crate::Millis) {
        let first = |m: i64| {
            let date =
                jiff::civil::Date::new((m / 100) as i16, (m % 100) as i8, 1).unwrap_or_default();
            crate::calendar::start_of(date)
        };
        (first(self.0), first(crate::care::ltc::next_month(self.0)))
    }

    /// The `n` months ending with this one, oldest first.
    pub fn trailing(self, n: usize) -> Vec<Month> {
        let mut out = vec![self];
        while out.len() < n {
            let before = out[0].previous();
            out.insert(0, before);
        }
        out
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.0 / 100, self.0 % 100)
    }
}

coded! {
    /// A figure whose cases can be listed: the assessed cases (the denominator) with, per case, whether and how much
    /// it counts in the numerator.
    Measure {
        Cases = "cases",
        Response = "response",
        Resolution = "resolution",
        Satisfaction = "satisfaction",
        OnTime = "on_time",
        Redo = "redo",
    }
}

impl Measure {
    /// Whether only rated cases make the denominator.
    pub fn rated_only(self) -> bool {
        matches!(self, Measure::Resolution | Measure::Satisfaction)
    }
}

coded! {
    /// Whose ranking: the district ranks streets (with their communities' cases), departments and enterprises.
    RankedKind {
        Street = "street",
        Department = "department",
        Enterprise = "enterprise",
    }
}

/// How a summoned unit answered the whistles of a month (吹哨报到): reports in time out of summons due, and the
/// streets' ratings (each rating the mean of timeliness, attitude and result, 1–5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct WhistleTally {
    pub summoned: i64,
    pub reported_in_time: i64,
    pub late_or_missing: i64,
    pub rated: i64,
    /// The sum of the three scores of every rating.
    pub rating_points: i64,
}

impl WhistleTally {
    pub fn merge(&mut self, o: &WhistleTally) {
        self.summoned += o.summoned;
        self.reported_in_time += o.reported_in_time;
        self.late_or_missing += o.late_or_missing;
        self.rated += o.rated;
        self.rating_points += o.rating_points;
    }

    /// Reports in time as a rate.
    pub fn on_time(&self) -> Rate {
        Rate {
            numerator: self.reported_in_time,
            denominator: self.summoned,
        }
    }

    /// The mean rating 1–5, or none.
    pub fn mean_rating(&self) -> Option<f64> {
        (self.rated > 0).then(|| self.rating_points as f64 / (3 * self.rated) as f64)
    }
}

/// The weights of a street's scoring of a department that served it (块考核条): reports in time, the street's
/// ratings (the mean scaled 1–5 → 0–1), and the three rates of the department's cases placed in the street.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ServiceWeights {
    pub reports: u32,
    pub ratings: u32,
    pub cases: u32,
}

impl Default for ServiceWeights {
    fn default() -> Self {
        ServiceWeights {
            reports: 30,
            ratings: 40,
            cases: 30,
        }
    }
}

/// A street's score of a department 0–100: reports in time, ratings scaled 1 → 0 and 5 → 1, and the case score
/// (already 0–100); parts with nothing to count give their weight to the others.
pub fn service_score(
    w: &WhistleTally,
    case_score: Option<f64>,
    weights: ServiceWeights,
) -> Option<f64> {
    let parts = [
        (w.on_time().value(), weights.reports),
        (w.mean_rating().map(|m| (m - 1.0) / 4.0), weights.ratings),
        (case_score.map(|s| s / 100.0), weights.cases),
    ];
    let total: u32 = parts
        .iter()
        .filter(|(v, _)| v.is_some())
        .map(|(_, w)| *w)
        .sum();
    if total == 0 {
        return None;
    }
    Some(
        parts
            .iter()
            .filter_map(|(v, w)| v.map(|v| v * f64::from(*w)))
            .sum::<f64>()
            * 100.0
            / f64::from(total),
    )
}

/// How a class of unit is assessed from a month on (分级分类考评): the weights of its three rates, the share of its
/// monthly score that is the streets' evaluation of it (块考核条), and which kinds of case count. Beijing ranks four
/// classes apart (四类排名: districts, streets and townships, city departments, state-owned enterprises); inside one
/// district the classes are its streets, its departments and its enterprises. A scheme is versioned data: a new
/// version takes effect from a month, and a month is always scored by the version in force in it, so a frozen month
/// keeps its figures whatever the weights become later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scheme {
    pub class: RankedKind,
    pub effective_from: Month,
    pub weights: Weights,
    /// Percent of the monthly score that is the streets' evaluation (0 for streets, who are not summoned).
    pub street_share: u32,
    /// The kinds of case whose closings count in the three rates (petitions never: 信访工作条例, evaluated apart).
    pub kinds: Vec<CaseKind>,
    /// Where the figures come from, as the assessment office recorded it.
    pub source: String,
}

/// Why a scheme cannot be saved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemeError {
    Weights,
    StreetShare,
    Kinds,
}

impl Scheme {
    /// The platform's default for a class, in force until a district records its own (no primary source fixed the
    /// figures; see the README's assessment settings): the three rates weighted 10/45/45 — the weights reported for
    /// Beijing's monthly 接诉即办 ranking (响应率 10%, 解决率 45%, 满意率 45%), not confirmed here from a primary text —
    /// and, for departments and enterprises, a third of the score from the streets' evaluation (the 2018 实施方案 of
    /// 街乡吹哨、部门报到 gives the streets' evaluation about a third of the departments' assessment as reported; a
    /// default, not a confirmed figure). Every kind but petitions counts.
    pub fn builtin(class: RankedKind) -> Scheme {
        Scheme {
            class,
            effective_from: Month(200_001),
            weights: Weights::default(),
            street_share: match class {
                RankedKind::Street => 0,
                RankedKind::Department | RankedKind::Enterprise => 33,
            },
            kinds: CaseKind::ALL
                .into_iter()
                .filter(|k| *k != CaseKind::Petition)
                .collect(),
            source: "默认值（未查到原始文件）".into(),
        }
    }

    /// Checks a scheme as the office typed it: weights 0–100 summing above zero; a street share 0–100 (0 for the
    /// streets themselves); at least one kind of case, never petitions.
    pub fn check(&self) -> Result<(), SchemeError> {
        let w = self.weights;
        if w.response + w.resolution + w.satisfaction == 0
            || w.response.max(w.resolution).max(w.satisfaction) > 100
        {
            return Err(SchemeError::Weights);
        }
        if self.street_share > 100 || (self.class == RankedKind::Street && self.street_share != 0) {
            return Err(SchemeError::StreetShare);
        }
        if self.kinds.is_empty() || self.kinds.contains(&CaseKind::Petition) {
            return Err(SchemeError::Kinds);
        }
        Ok(())
    }

    /// Whether closings of a kind count for this class.
    pub fn counts(&self, kind: CaseKind) -> bool {
        self.kinds.contains(&kind)
    }
}

/// The scheme in force for a class in a month: the latest version taking effect at or before it, else the default.
pub fn scheme_in_force(schemes: &[Scheme], class: RankedKind, month: Month) -> Scheme {
    schemes
        .iter()
        .filter(|s| s.class == class && s.effective_from <= month)
        .max_by_key(|s| s.effective_from)
        .cloned()
        .unwrap_or_else(|| Scheme::builtin(class))
}

/// The streets' evaluation of a department or enterprise in a month (0–100): the mean of the scores each street that
/// summoned it or had its cases gave it on the street's own page ([`service_score`]), each street counting once.
pub fn street_evaluation(per_street: &[Option<f64>]) -> Option<f64> {
    let scored: Vec<f64> = per_street.iter().flatten().copied().collect();
    (!scored.is_empty()).then(|| scored.iter().sum::<f64>() / scored.len() as f64)
}

/// The monthly score with the streets' share (块考核条): `(100 − share)% × rates + share% × streets`. A part with
/// nothing to count gives its share to the other; `None` when neither has anything.
pub fn combined_score(rates: Option<f64>, streets: Option<f64>, share: u32) -> Option<f64> {
    match (rates, streets) {
        (Some(r), Some(s)) => {
            let share = f64::from(share.min(100)) / 100.0;
            Some(r * (1.0 - share) + s * share)
        }
        (Some(r), None) => Some(r),
        (None, Some(s)) if share > 0 => Some(s),
        _ => None,
    }
}

/// The 治理类街乡 rule: over the last months, a street (among streets) or a community (among communities) whose volume
/// — cases per 10,000 residents where every unit of the class has its population recorded, else its caseload — is
/// above the class's median and whose score is below the class's median is named for treatment. Beijing names the
/// streets and townships with many complaints and low rankings 治理类街乡 and puts them under the city's supervision;
/// no published text fixes a numeric cut, so the medians (and the window, setting `assessment.governance_months`,
/// default 3) are the district's choice, stated in the README.
#[derive(Debug, Clone, PartialEq)]
pub struct GovernanceFigures<K> {
    pub unit: K,
    pub volume: f64,
    pub score: Option<f64>,
}

/// The medians of a class (volume, score over scored units) and the units the rule names, highest volume first.
pub fn governance<K: Clone>(rows: &[GovernanceFigures<K>]) -> (f64, Option<f64>, Vec<K>) {
    let median = |mut v: Vec<f64>| -> Option<f64> {
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let n = v.len();
        Some(if n % 2 == 1 {
            v[n / 2]
        } else {
            (v[n / 2 - 1] + v[n / 2]) / 2.0
        })
    };
    let volume_median = median(rows.iter().map(|r| r.volume).collect()).unwrap_or(0.0);
    let score_median = median(rows.iter().filter_map(|r| r.score).collect());
    let mut named: Vec<&GovernanceFigures<K>> = rows
        .iter()
        .filter(|r| {
            r.volume > volume_median
                && matches!((r.score, score_median), (Some(s), Some(m)) if s < m)
        })
        .collect();
    named.sort_by(|a, b| b.volume.total_cmp(&a.volume));
    (
        volume_median,
        score_median,
        named.into_iter().map(|r| r.unit.clone()).collect(),
    )
}

/// The dispatch centre's own time (派单): a unit answers for the time it held a case, from when it received it, and the
/// dispatch centre for the time before — from the call to the first routing. Figures over the month's cases: how many
/// were routed, the median and the 90th percentile of the time to routing (nearest rank), and how many still wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct DispatchFigures {
    pub routed: i64,
    pub median_ms: Option<i64>,
    pub p90_ms: Option<i64>,
    pub waiting: i64,
}

impl DispatchFigures {
    /// From each routed case's time to routing (any order) and the count still waiting.
    pub fn of(mut times: Vec<i64>, waiting: i64) -> DispatchFigures {
        times.sort_unstable();
        let rank = |p: usize| -> Option<i64> {
            if times.is_empty() {
                return None;
            }
            // Nearest rank: the smallest value with at least p% of the values at or below it.
            let k = (p * times.len()).div_ceil(100).max(1);
            Some(times[k - 1])
        };
        DispatchFigures {
            routed: times.len() as i64,
            median_ms: rank(50),
            p90_ms: rank(90),
            waiting,
        }
    }
}

/// The surge rule (每月一题's early warning). A category at a place surges in a month when its count `n` is at least
/// [`HOT_MIN_CASES`] and stands well above its baseline — the count `μ` of the same category and place in the same
/// month a year earlier, so that a season (heating in November, rain in July) does not fire it — by Poisson's
/// measure: `(n − μ) / √max(μ, 1) ≥ HOT_Z` and `n ≥ 2μ`. Case counts of a small area are counts of rare events;
/// under Poisson their spread is `√μ`, so `z ≥ 3` is an excess a steady month would show about once in a few
/// hundred, and `n ≥ 2μ` keeps a busy place's normal noise out. The year's themes are chosen apart, from the
/// twelve months' complaints ([`rank_candidates`]).
pub const HOT_MIN_CASES: i64 = 5;
/// The baseline is the same month this many months earlier (a year).
pub const HOT_BASELINE_LAG: usize = 12;
pub const HOT_Z: f64 = 3.0;

/// The excess of a count over its baseline (`z`), when the rule calls it hot.
pub fn hot(count: i64, baseline: &[i64]) -> Option<f64> {
    if count < HOT_MIN_CASES || baseline.is_empty() {
        return None;
    }
    let mean = baseline.iter().sum::<i64>() as f64 / baseline.len() as f64;
    let z = (count as f64 - mean) / mean.max(1.0).sqrt();
    (z >= HOT_Z && count as f64 >= 2.0 * mean).then_some(z)
}

/// One category's last twelve months, as the choice of the year's themes (每月一题) weighs it: Beijing's themes are
/// the high-frequency, common and hard problems (高频共性难点) of the year's complaints.
#[derive(Debug, Clone, PartialEq)]
pub struct CandidateFigures<K> {
    pub key: K,
    /// Calls received, duplicates included (each is a resident who called).
    pub cases: i64,
    /// Repeat calls: calls merged into an earlier case of the same matter, and cases reopened after closing.
    pub repeats: i64,
    /// Verdicts given, and how many were dissatisfied.
    pub rated: i64,
    pub dissatisfied: i64,
    /// Streets with at least one call.
    pub streets: i64,
}

impl<K> CandidateFigures<K> {
    /// The share of verdicts that were dissatisfied (0 without verdicts).
    pub fn dissatisfied_share(&self) -> f64 {
        if self.rated == 0 {
            0.0
        } else {
            self.dissatisfied as f64 / self.rated as f64
        }
    }
}

/// Ranks the candidates for the year's themes on four measures together — volume, repeat calls, the share of
/// dissatisfied verdicts and the spread across streets — each as the candidate's place among all candidates
/// (percentile 0–1, ties sharing the mean place), the index their mean. Equal weights are the platform's choice:
/// Beijing names the measures (高频、共性、难点: frequent, shared across places, hard to satisfy) but publishes no
/// weights. Highest index first.
pub fn rank_candidates<K: Clone>(rows: &[CandidateFigures<K>]) -> Vec<(K, f64)> {
    let n = rows.len();
    if n == 0 {
        return Vec::new();
    }
    let percentile = |values: Vec<f64>| -> Vec<f64> {
        values
            .iter()
            .map(|v| {
                if n == 1 {
                    return 1.0;
                }
                let below = values.iter().filter(|w| *w < v).count() as f64;
                let equal = values.iter().filter(|w| *w == v).count() as f64;
                // The mean place of the tied values, scaled 0 (lowest) to 1 (highest).
                (below + (equal - 1.0) / 2.0) / (n as f64 - 1.0)
            })
            .collect()
    };
    let measures = [
        percentile(rows.iter().map(|r| r.cases as f64).collect()),
        percentile(rows.iter().map(|r| r.repeats as f64).collect()),
        percentile(rows.iter().map(|r| r.dissatisfied_share()).collect()),
        percentile(rows.iter().map(|r| r.streets as f64).collect()),
    ];
    let mut out: Vec<(K, f64)> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                r.key.clone(),
                measures.iter().map(|m| m[i]).sum::<f64>() / 4.0,
            )
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

/// The baseline mean of a hotspot (for display).
pub fn baseline_mean(baseline: &[i64]) -> f64 {
    if baseline.is_empty() {
        0.0
    } else {
        baseline.iter().sum::<i64>() as f64 / baseline.len() as f64
    }
}

coded! {
    /// What a cadre performance entry (干部实绩档案) records, each proposed from an event with its evidence.
    EntryKind {
        /// A case closed with the resident satisfied after a redo. (+)
        RedoSatisfied = "redo_satisfied",
        /// A case closed after its handling deadline, charged to its agent at closing. (−)
        Overdue = "overdue",
        /// A send-back the dispatcher approved (the unit should not have been asked): charged to who asked. (−)
        SendBackApproved = "send_back_approved",
        /// A whistle report after its deadline, or none at all (charged to the unit's heads). (−)
        WhistleLate = "whistle_late",
        /// A street's rating of a report averaging 4.5 or more. (+)
        HighStreetRating = "high_street_rating",
        /// A leader-owned (escalated) difficult case closed resolved. (+)
        LeaderCaseResolved = "leader_case_resolved",
        /// A mediation that ended in agreement, for its mediator. (+)
        MediationSettled = "mediation_settled",
    }
}

impl EntryKind {
    pub fn positive(self) -> bool {
        matches!(
            self,
            EntryKind::RedoSatisfied
                | EntryKind::HighStreetRating
                | EntryKind::LeaderCaseResolved
                | EntryKind::MediationSettled
        )
    }
}

coded! {
    /// A proposed entry waits for a reviewer, who confirms or rejects it with a reason.
    EntryStatus {
        Proposed = "proposed",
        Confirmed = "confirmed",
        Rejected = "rejected",
    }
}

/// A street rating counts as high at this mean of its three scores (each 1–5), in tenths: 4.5.
pub const HIGH_RATING_TENTHS: i64 = 45;

#[cfg(test)]
mod petition_tests {
    use super::*;

    #[test]
    fn petitions_are_counted_on_their_own_terms() {
        // Received 2026-11-02 10:00 Beijing: 15 days to decide, to the end of 17 November.
        let received = "2026-11-02T10:00:00+08:00"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_millisecond();
        let end_of_17th = "2026-11-18T00:00:00+08:00"
            .parse::<jiff::Timestamp>()
            .unwrap()
            .as_millisecond();
        let mut t = PetitionTally::default();
        let base = AssessedPetition {
            received_at: received,
            accepted_at: Some(end_of_17th - 1),
            answered_in_time: true,
            verdict: Some((true, Satisfaction::Satisfied)),
            reviewed: false,
        };
        t.add(&base, 15);
        t.add(
            &AssessedPetition {
                accepted_at: Some(end_of_17th),
                answered_in_time: false,
                verdict: Some((false, Satisfaction::Basic)),
                reviewed: true,
                ..base
            },
            15,
        );
        t.add(
            &AssessedPetition {
                accepted_at: None,
                verdict: None,
                ..base
            },
            15,
        );
        assert_eq!(
            (
                t.petitions,
                t.accepted_in_time,
                t.answered_in_time,
                t.rated,
                t.reviewed
            ),
            (3, 1, 2, 2, 1)
        );
        assert_eq!(t.satisfaction().value(), Some(0.9), "(10 + 8) / 20");
        assert_eq!(t.accepted().value(), Some(1.0 / 3.0));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case(
        contact: bool,
        on_time: bool,
        reopened: bool,
        verdict: Option<(bool, Satisfaction)>,
    ) -> Assessed {
        Assessed {
            contacted_in_time: contact,
            on_time,
            reopened,
            verdict,
        }
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
        assert_eq!(
            f.response,
            Rate {
                numerator: 3,
                denominator: 4
            }
        );
        assert_eq!(
            f.resolution,
            Rate {
                numerator: 2,
                denominator: 3
            }
        );
        assert_eq!(
            f.satisfaction,
            Rate {
                numerator: 18,
                denominator: 30
            }
        );
        assert_eq!((f.on_time.numerator, f.redo.numerator), (3, 1));
        // The default weights 10/45/45: 10 × 0.75 + 45 × 2/3 + 45 × 0.6 = 7.5 + 30 + 27 = 64.5
        let s = score(&f, Weights::default()).unwrap();
        assert!((s - 64.5).abs() < 1e-9, "{s}");
    }

    #[test]
    fn with_nothing_rated_the_score_uses_the_remaining_weight() {
        let f = figures(&[
            case(true, true, false, None),
            case(false, true, false, None),
        ]);
        assert_eq!(
            (f.resolution.value(), f.satisfaction.value()),
            (None, None),
            "no rating, not zero"
        );
        assert_eq!(
            score(&f, Weights::default()),
            Some(50.0),
            "the response rate alone, scaled to 100"
        );
        assert_eq!(score(&figures(&[]), Weights::default()), None);
        let custom = Weights {
            response: 0,
            resolution: 50,
            satisfaction: 50,
        };
        assert_eq!(
            score(&f, custom),
            None,
            "the only rate with something to rate weighs nothing"
        );
    }

    #[test]
    fn months_parse_and_bound_in_beijing_time() {
        let m = Month::parse("2026-11").unwrap();
        assert_eq!(m.to_string(), "2026-11");
        let (start, end) = m.bounds();
        // 2026-11-01 00:00 +08:00 = 2026-10-31T16:00Z.
        assert_eq!(start, 1_793_462_400_000);
        assert_eq!(end - start, 30 * 86_400_000);
        assert_eq!(Month::of(start), m);
        assert_eq!(Month::of(start - 1), m.previous());
        assert_eq!(
            Month::parse("2026-12").unwrap().next().to_string(),
            "2027-01"
        );
        for bad in [
            "2026-13",
            "2026-00",
            "26-11",
            "2026-1",
            "2026/11",
            "２０２６-11",
            "",
            "0000-01",
            "1999-12",
            "2200-01",
        ] {
            assert_eq!(Month::parse(bad), None, "{bad}");
        }
        assert_eq!(
            m.trailing(3)
                .iter()
                .map(|m| m.to_string())
                .collect::<Vec<_>>(),
            ["2026-09", "2026-10", "2026-11"]
        );
    }

    #[test]
    fn the_hotspot_rule_wants_a_real_excess() {
        assert!(
            hot(4, &[0, 0, 0, 0, 0, 0]).is_none(),
            "fewer than five cases is never a topic"
        );
        assert!(
            hot(5, &[0, 0, 0, 0, 0, 0]).is_some(),
            "five where there were none"
        );
        assert!(
            hot(12, &[10, 9, 11, 10, 10, 10]).is_none(),
            "a busy place's ordinary month"
        );
        assert!(
            hot(30, &[10, 9, 11, 10, 10, 10]).is_some(),
            "three times the usual"
        );
        // μ = 4: z = (9 − 4) / 2 = 2.5 < 3; 10 gives exactly 3.
        assert!(hot(9, &[4; 6]).is_none());
        assert_eq!(hot(10, &[4; 6]), Some(3.0));
        // Where the mean is above 9, "at least twice the mean" binds: with μ = 16, 29 cases stand 3.25 deviations
        // above it (enough for z ≥ 3) but are under 32, so not hot; 32 are (z = 4).
        assert!(hot(29, &[16; 6]).is_none(), "29 < 2 × 16");
        assert_eq!(hot(32, &[16; 6]), Some(4.0));
    }

    #[test]
    fn a_street_scores_a_department_from_reports_ratings_and_cases() {
        let w = WhistleTally {
            summoned: 4,
            reported_in_time: 3,
            late_or_missing: 1,
            rated: 2,
            rating_points: 27,
        };
        assert_eq!(w.mean_rating(), Some(4.5));
        // 30 × 0.75 + 40 × 0.875 + 30 × 0.8 = 22.5 + 35 + 24 = 81.5
        let s = service_score(&w, Some(80.0), ServiceWeights::default()).unwrap();
        assert!((s - 81.5).abs() < 1e-9, "{s}");
        // No cases in the street: reports and ratings alone, scaled to 100: (22.5 + 35) / 70.
        let s = service_score(&w, None, ServiceWeights::default()).unwrap();
        assert!((s - 57.5 / 0.7).abs() < 1e-9, "{s}");
        assert_eq!(
            service_score(&WhistleTally::default(), None, ServiceWeights::default()),
            None
        );
    }

    #[test]
    fn ties_share_a_rank_and_the_unrated_are_not_ranked() {
        let scores = vec![
            ("a", Some(90.0)),
            ("b", Some(80.004)),
            ("c", Some(80.0)),
            ("d", None),
            ("e", Some(70.0)),
            ("f", Some(95.0)),
        ];
        let ranked = rank(&scores);
        let r: Vec<(&str, Option<u32>)> = ranked.clone();
        assert_eq!(
            r,
            vec![
                ("a", Some(2)),
                ("b", Some(3)),
                ("c", Some(3)),
                ("d", None),
                ("e", Some(5)),
                ("f", Some(1))
            ]
        );
        let (top, bottom) = top_and_bottom(&ranked, 2);
        assert_eq!(top, vec!["a", "f"]);
        assert_eq!(
            bottom,
            vec!["b", "c", "e"],
            "a tie at the boundary names both"
        );
        assert_eq!(flagged(&bottom, &["e", "x"]), vec!["e"]);
    }
}

#[cfg(test)]
mod scheme_tests {
    use super::*;

    fn month(text: &str) -> Month {
        Month::parse(text).unwrap()
    }

    fn version(class: RankedKind, from: &str, response: u32) -> Scheme {
        Scheme {
            effective_from: month(from),
            weights: Weights {
                response,
                resolution: 40,
                satisfaction: 40,
            },
            ..Scheme::builtin(class)
        }
    }

    #[test]
    fn the_default_weights_are_beijings_ten_forty_five_forty_five_and_a_third_for_the_streets() {
        // 响应率 10%, 解决率 45%, 满意率 45% as reported for Beijing's monthly ranking; the streets' evaluation about a
        // third of a department's score (街乡吹哨、部门报到).
        for class in RankedKind::ALL {
            let s = Scheme::builtin(*class);
            assert_eq!(
                (
                    s.weights.response,
                    s.weights.resolution,
                    s.weights.satisfaction
                ),
                (10, 45, 45)
            );
            assert!(
                !s.counts(CaseKind::Petition),
                "petitions are evaluated apart"
            );
            assert!(s.counts(CaseKind::Complaint));
            assert_eq!(s.check(), Ok(()));
        }
        assert_eq!(Scheme::builtin(RankedKind::Street).street_share, 0);
        assert_eq!(Scheme::builtin(RankedKind::Department).street_share, 33);
        assert_eq!(Scheme::builtin(RankedKind::Enterprise).street_share, 33);
    }

    #[test]
    fn a_month_is_scored_by_the_version_in_force_in_it() {
        let versions = [
            version(RankedKind::Department, "2026-01", 20),
            version(RankedKind::Department, "2026-07", 30),
            version(RankedKind::Street, "2026-03", 5),
        ];
        let at = |class, m: &str| scheme_in_force(&versions, class, month(m)).weights.response;
        // Before the first version: the default.
        assert_eq!(at(RankedKind::Department, "2025-12"), 10);
        assert_eq!(at(RankedKind::Department, "2026-01"), 20);
        assert_eq!(at(RankedKind::Department, "2026-06"), 20);
        assert_eq!(at(RankedKind::Department, "2026-07"), 30);
        assert_eq!(at(RankedKind::Department, "2027-02"), 30);
        // Classes are apart: the streets' version does not touch the enterprises.
        assert_eq!(at(RankedKind::Street, "2026-02"), 10);
        assert_eq!(at(RankedKind::Street, "2026-03"), 5);
        assert_eq!(at(RankedKind::Enterprise, "2026-08"), 10);
    }

    #[test]
    fn the_streets_share_weighs_their_evaluation_into_the_score() {
        // A third: 90 on the rates and 60 from the streets give 90 × 0.67 + 60 × 0.33 = 60.3 + 19.8 = 80.1.
        let s = combined_score(Some(90.0), Some(60.0), 33).unwrap();
        assert!((s - 80.1).abs() < 1e-9, "{s}");
        // Half and half.
        assert_eq!(combined_score(Some(80.0), Some(40.0), 50), Some(60.0));
        // No street evaluated it: the rates alone; no rates: the streets alone; neither: no score.
        assert_eq!(combined_score(Some(72.0), None, 33), Some(72.0));
        assert_eq!(combined_score(None, Some(64.0), 33), Some(64.0));
        assert_eq!(combined_score(None, Some(64.0), 0), None);
        assert_eq!(combined_score(None, None, 33), None);
        // Streets count once each: the mean of their scores, streets without a score left out.
        assert_eq!(
            street_evaluation(&[Some(80.0), Some(50.0), None]),
            Some(65.0)
        );
        assert_eq!(street_evaluation(&[None]), None);
    }

    #[test]
    fn a_scheme_that_cannot_score_is_refused() {
        let mut s = Scheme::builtin(RankedKind::Department);
        s.weights = Weights {
            response: 0,
            resolution: 0,
            satisfaction: 0,
        };
        assert_eq!(s.check(), Err(SchemeError::Weights));
        let mut s = Scheme::builtin(RankedKind::Street);
        s.street_share = 20;
        assert_eq!(
            s.check(),
            Err(SchemeError::StreetShare),
            "streets are not summoned"
        );
        let mut s = Scheme::builtin(RankedKind::Enterprise);
        s.kinds.push(CaseKind::Petition);
        assert_eq!(s.check(), Err(SchemeError::Kinds));
        s.kinds.clear();
        assert_eq!(s.check(), Err(SchemeError::Kinds));
    }
}

#[cfg(test)]
mod governance_tests {
    use super::*;

    fn row(unit: &'static str, volume: f64, score: Option<f64>) -> GovernanceFigures<&'static str> {
        GovernanceFigures {
            unit,
            volume,
            score,
        }
    }

    #[test]
    fn high_volume_and_a_low_score_both_are_needed() {
        let rows = [
            row("a", 120.0, Some(70.0)), // busy and poor: named
            row("b", 110.0, Some(95.0)), // at the median volume, and good
            row("c", 40.0, Some(60.0)),  // poor but quiet
            row("d", 90.0, Some(80.0)),  // below the median volume (110)
            row("e", 130.0, Some(75.0)), // busiest, but at the median score, not below it
        ];
        let (volume_median, score_median, named) = governance(&rows);
        assert_eq!(volume_median, 110.0);
        assert_eq!(score_median, Some(75.0));
        // Median score 75 (60, 70, 75, 80, 95): e at 75 is not below it; a (120, 70) is.
        assert_eq!(named, vec!["a"]);
        // With an even count the medians are the means of the middle two.
        let (v, s, named) = governance(&[row("x", 10.0, Some(90.0)), row("y", 30.0, Some(50.0))]);
        assert_eq!((v, s), (20.0, Some(70.0)));
        assert_eq!(named, vec!["y"]);
        // A unit without a score is never named.
        let (_, _, named) = governance(&[row("p", 50.0, None), row("q", 1.0, Some(10.0))]);
        assert!(named.is_empty());
    }
}

#[cfg(test)]
mod candidate_tests {
    use super::*;

    fn c(
        key: &'static str,
        cases: i64,
        repeats: i64,
        rated: i64,
        dissatisfied: i64,
        streets: i64,
    ) -> CandidateFigures<&'static str> {
        CandidateFigures {
            key,
            cases,
            repeats,
            rated,
            dissatisfied,
            streets,
        }
    }

    #[test]
    fn candidates_rank_on_volume_repeats_dissatisfaction_and_spread_together() {
        let ranked = rank_candidates(&[
            // Frequent, repeated, disliked and everywhere: first on every measure.
            c("heating", 900, 120, 300, 90, 9),
            // As many calls, but answered well and in one street only.
            c("parking", 900, 10, 300, 3, 1),
            // Few calls, many repeats, often dissatisfied, in five streets.
            c("noise", 100, 60, 50, 20, 5),
        ]);
        // Percentiles with three candidates: 0, 0.5, 1; a tie shares the mean place.
        // heating: cases (1 + 0.5 tie → 0.75), repeats 1, dissatisfied 0.3 → 0.5 (noise 0.4 is 1), streets 1.
        // parking: cases 0.75, repeats 0, dissatisfied 0.01 → 0, streets 0.
        // noise: cases 0, repeats 0.5, dissatisfied 1, streets 0.5.
        let index: Vec<(&str, f64)> = ranked;
        assert_eq!(index[0].0, "heating");
        assert!((index[0].1 - (0.75 + 1.0 + 0.5 + 1.0) / 4.0).abs() < 1e-9);
        assert_eq!(index[1].0, "noise");
        assert!((index[1].1 - (0.0 + 0.5 + 1.0 + 0.5) / 4.0).abs() < 1e-9);
        assert_eq!(index[2].0, "parking");
        assert!((index[2].1 - 0.75 / 4.0).abs() < 1e-9);
        // One candidate alone tops every measure.
        assert_eq!(rank_candidates(&[c("x", 1, 0, 0, 0, 1)]), vec![("x", 1.0)]);
    }

    #[test]
    fn a_season_does_not_surge_against_the_same_month_a_year_before() {
        // Heating complaints: 40 this November where last November had 36 — a season, not a surge.
        assert!(hot(40, &[36]).is_none());
        // 40 where last November had 10: z = 30 / √10 ≈ 9.5 and 40 ≥ 20.
        let z = hot(40, &[10]).unwrap();
        assert!((z - 30.0 / 10f64.sqrt()).abs() < 1e-9);
        assert_eq!(HOT_BASELINE_LAG, 12);
    }
}

#[cfg(test)]
mod dispatch_tests {
    use super::*;

    #[test]
    fn the_dispatch_centre_answers_for_the_time_to_routing_by_nearest_rank() {
        // Ten cases: routed at intake (0) four times, then 10, 20, 30, 40, 60 and 600 minutes after the call.
        let m = 60_000;
        let times = vec![0, 600 * m, 0, 10 * m, 0, 20 * m, 30 * m, 0, 40 * m, 60 * m];
        let f = DispatchFigures::of(times, 3);
        // Sorted: 0 0 0 0 10 20 30 40 60 600. The median is the 5th value, the 90th percentile the 9th.
        assert_eq!(
            f,
            DispatchFigures {
                routed: 10,
                median_ms: Some(10 * m),
                p90_ms: Some(60 * m),
                waiting: 3
            }
        );
        assert_eq!(DispatchFigures::of(Vec::new(), 0).median_ms, None);
        assert_eq!(DispatchFigures::of(vec![5], 0).p90_ms, Some(5));
    }
}
