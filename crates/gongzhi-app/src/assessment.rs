//! The assessment's use cases: the district's monthly ranking of streets, departments and enterprises (区考核块),
//! each street's scoring of the departments that served it (块考核条), the closings behind every figure, closing
//! (freezing) a month and the differences since, the trend and the dashboard, cadre performance records
//! (干部实绩档案) proposed from events and reviewed, the month's topic (每月一题) from the hotspots, and the month's
//! report as a spreadsheet. Figures are always recomputed from the records; nobody types one.

use std::collections::HashMap;

use gongzhi_domain::Millis;
use gongzhi_domain::assessment::{
    self as rules, EntryKind, EntryStatus, Figures, Measure, Month, RankedKind, Scheme,
    ServiceWeights, Tally, Weights, WhistleTally,
};
use gongzhi_domain::cases::CaseKind;
use gongzhi_domain::org::{Role, UnitId, UnitKind, UserId};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::assessment::{
    ClosingDifference, ClosingFilter, ClosingRow, Entry, EntryFilter, Frozen, NewTopic, Source,
    Topic, TopicBaseline, TopicMonth, TopicTargets, UnitStreetTally,
};
use gongzhi_store::org::UnitRecord;
use gongzhi_store::{Page, PageRequest};

use crate::{App, AppError, StaffPrincipal};

const SERVICE_WEIGHTS: &str = "assessment.service_weights";
const TOP_N: &str = "assessment.top_n";
/// Default: the rankings name the top and bottom three.
pub const TOP_N_DEFAULT: u32 = 3;
const RANK_MIN_CASES: &str = "assessment.rank_min_cases";
/// Default: a unit with fewer than ten assessed cases in the month is listed with its figures but not ranked, so that
/// one or two cases cannot make a champion or a laggard (issue 26, item 5). No primary source fixes the figure: it is
/// the district's choice (setting `assessment.rank_min_cases`, 0–1000).
pub const RANK_MIN_CASES_DEFAULT: i64 = 10;

const GOVERNANCE_MONTHS: &str = "assessment.governance_months";
/// Default: the 治理类街乡 list looks at the last three months (the district's choice, 1–12; no published text fixes
/// the window).
pub const GOVERNANCE_MONTHS_DEFAULT: usize = 3;

/// How many months the 治理类街乡 list looks back over (setting `assessment.governance_months`, default 3).
pub async fn governance_months(app: &App) -> Result<usize, AppError> {
    whole_setting(
        app,
        GOVERNANCE_MONTHS,
        GOVERNANCE_MONTHS_RANGE,
        GOVERNANCE_MONTHS_DEFAULT,
    )
    .await
}

/// The ranges the office may set: the top/bottom count, the ranking minimum, the 治理类街乡 window.
const TOP_N_RANGE: std::ops::RangeInclusive<u32> = 1..=10;
const RANK_MIN_CASES_RANGE: std::ops::RangeInclusive<i64> = 0..=1000;
const GOVERNANCE_MONTHS_RANGE: std::ops::RangeInclusive<usize> = 1..=12;

/// A whole number within its range, as typed or stored.
fn parse_in<T: std::str::FromStr + PartialOrd>(
    raw: &str,
    range: std::ops::RangeInclusive<T>,
) -> Option<T> {
    raw.trim().parse().ok().filter(|n| range.contains(n))
}

/// A whole-number setting within its range; its default when unset or out of range.
async fn whole_setting<T: std::str::FromStr + PartialOrd>(
    app: &App,
    key: &str,
    range: std::ops::RangeInclusive<T>,
    default: T,
) -> Result<T, AppError> {
    Ok(app
        .store()
        .get_setting(key)
        .await?
        .and_then(|d| parse_in(&d, range))
        .unwrap_or(default))
}

/// Three whole numbers separated by commas, summing to more than zero.
pub fn parse_weights(raw: &str) -> Option<(u32, u32, u32)> {
    let v: Vec<u32> = raw
        .split([',', '，'])
        .map(|x| x.trim().parse().ok())
        .collect::<Option<_>>()?;
    let [a, b, c] = <[u32; 3]>::try_from(v).ok()?;
    (a + b + c > 0 && a.max(b).max(c) <= 100).then_some((a, b, c))
}

/// Every recorded version of every class's scheme (分级分类考评), oldest first.
pub async fn schemes(app: &App) -> Result<Vec<Scheme>, AppError> {
    Ok(app.store().assessment_schemes().await?)
}

/// The scheme in force for a class in a month (the recorded version, else the platform's default).
pub async fn scheme(app: &App, class: RankedKind, month: Month) -> Result<Scheme, AppError> {
    Ok(rules::scheme_in_force(&schemes(app).await?, class, month))
}

/// A class's scheme as the assessment office records it.
#[derive(Debug, Clone)]
pub struct SchemeInput {
    pub class: RankedKind,
    /// YYYY-MM: the first month scored by it.
    pub effective_from: String,
    pub weights: Weights,
    pub street_share: u32,
    pub kinds: Vec<CaseKind>,
    pub source: String,
}

/// Records a class's scheme from a month on (the assessment office). Refused: a month that is not YYYY-MM or a
/// source longer than 500 characters (invalid); weights that are all zero, a street share for the streets, no kind
/// or petitions counted (conflict `scheme_invalid`); a month at or before a frozen month (conflict `month_frozen`:
/// a frozen month keeps the scheme it was scored by).
pub async fn save_scheme(
    app: &App,
    staff: &StaffPrincipal,
    input: &SchemeInput,
) -> Result<Scheme, AppError> {
    require_office(staff)?;
    let mut e = ValidationErrors::default();
    let from = Month::parse(input.effective_from.trim());
    if from.is_none() {
        e.add("effective_from", "invalid_month");
    }
    let source = input.source.trim();
    if source.chars().count() > 500 {
        e.add("source", "too_long");
    }
    let Some(from) = from.filter(|_| e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let mut kinds = input.kinds.clone();
    kinds.sort_by_key(|k| k.code());
    kinds.dedup();
    let scheme = Scheme {
        class: input.class,
        effective_from: from,
        weights: input.weights,
        street_share: input.street_share,
        kinds,
        source: source.to_owned(),
    };
    if scheme.check().is_err() {
        return Err(AppError::Conflict("scheme_invalid"));
    }
    match app
        .store()
        .save_scheme(&staff.actor(app.now()), &scheme)
        .await
    {
        Err(gongzhi_store::StoreError::Conflict { .. }) => Err(AppError::Conflict("month_frozen")),
        other => {
            other?;
            Ok(scheme)
        }
    }
}

/// The weights of a street's scoring of a department (setting `assessment.service_weights`, default 30,40,30).
pub async fn service_weights(app: &App) -> Result<ServiceWeights, AppError> {
    let raw = app.store().get_setting(SERVICE_WEIGHTS).await?;
    Ok(raw
        .as_deref()
        .and_then(parse_weights)
        .map(|(reports, ratings, cases)| ServiceWeights {
            reports,
            ratings,
            cases,
        })
        .unwrap_or_default())
}

/// How many units the rankings name at the top and at the bottom (setting `assessment.top_n`, default 3).
pub async fn top_n(app: &App) -> Result<u32, AppError> {
    whole_setting(app, TOP_N, TOP_N_RANGE, TOP_N_DEFAULT).await
}

/// The fewest assessed cases a unit needs in the month to be ranked (setting `assessment.rank_min_cases`, default 10).
pub async fn rank_min_cases(app: &App) -> Result<i64, AppError> {
    whole_setting(
        app,
        RANK_MIN_CASES,
        RANK_MIN_CASES_RANGE,
        RANK_MIN_CASES_DEFAULT,
    )
    .await
}

/// The assessment settings as typed by the assessment office: the weights of a street's scoring of a department,
/// the top/bottom count and the fewest cases to be ranked (empty keeps it as it is). The weights of each class's
/// score are its scheme ([`save_scheme`]).
pub async fn save_settings(
    app: &App,
    staff: &StaffPrincipal,
    service: &str,
    top: &str,
    min_cases: &str,
    governance: &str,
) -> Result<(), AppError> {
    require_office(staff)?;
    let mut errors = ValidationErrors::default();
    if parse_weights(service).is_none() {
        errors.add("service_weights", "weights_format");
    }
    if parse_in(top, TOP_N_RANGE).is_none() {
        errors.add("top_n", "out_of_range");
    }
    let min_cases = min_cases.trim();
    if !min_cases.is_empty() && parse_in(min_cases, RANK_MIN_CASES_RANGE).is_none() {
        errors.add("rank_min_cases", "out_of_range");
    }
    let governance = governance.trim();
    if !governance.is_empty() && parse_in(governance, GOVERNANCE_MONTHS_RANGE).is_none() {
        errors.add("governance_months", "out_of_range");
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let clean = |raw: &str| {
        parse_weights(raw)
            .map(|(a, b, c)| format!("{a},{b},{c}"))
            .unwrap_or_default()
    };
    let mut settings = vec![
        (SERVICE_WEIGHTS, clean(service)),
        (TOP_N, top.trim().to_owned()),
    ];
    for (key, value) in [(RANK_MIN_CASES, min_cases), (GOVERNANCE_MONTHS, governance)] {
        if !value.is_empty() {
            settings.push((key, value.to_owned()));
        }
    }
    app.store()
        .set_settings(&staff.actor(app.now()), &settings)
        .await?;
    Ok(())
}

/// The assessment office (考核办) decides; district leaders and administrators see what it sees.
fn require_office(staff: &StaffPrincipal) -> Result<(), AppError> {
    staff.require(Role::Evaluator)
}

/// Who opens the district dashboard: leaders, the assessment office and dispatchers (the district's command).
pub fn sees_dashboard(roles: &[Role]) -> bool {
    roles
        .iter()
        .any(|r| matches!(r, Role::Leader | Role::Evaluator | Role::Dispatcher))
}

fn sees_district(staff: &StaffPrincipal) -> bool {
    staff.roles.iter().any(|r| {
        matches!(
            r,
            Role::Evaluator | Role::Leader | Role::Dispatcher | Role::Admin
        )
    })
}

/// Every unit may see the rankings (they are published inside the government); district roles see everything
/// behind them, other staff the closings of their own unit (and, in a street, of the street's communities).
pub fn may_see_closings_of(staff: &StaffPrincipal, units: &[UnitRecord], unit: UnitId) -> bool {
    if sees_district(staff) || staff.unit_id == unit {
        return true;
    }
    // A street's people see its communities' closings too.
    staff.unit_kind == UnitKind::Street
        && units
            .iter()
            .any(|u| u.unit.id == unit && u.street_id == Some(staff.unit_id))
}

/// A unit as the rankings name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    pub id: UnitId,
    pub code: String,
    pub name: String,
}

/// One ranked unit of a month.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    pub unit: UnitRef,
    pub figures: Figures,
    /// The score of the three rates alone, by the class's weights.
    pub rates_score: Option<f64>,
    /// The streets' evaluation 0–100 (departments and enterprises): the mean of the scores each street gave it.
    pub street_share: Option<f64>,
    /// The streets behind the streets' evaluation: each street's whistles, ratings and cases, and its score.
    pub services: Vec<ServiceRow>,
    /// The month's score: the rates, and for departments and enterprises the streets' evaluation by its share.
    pub score: Option<f64>,
    pub rank: Option<u32>,
    pub top: bool,
    pub bottom: bool,
    /// At the bottom this month and the month before (末位约谈).
    pub flagged: bool,
    /// Approved send-backs charged to the unit (it sent back a case the dispatcher agreed it should not have had).
    pub send_backs: i64,
    /// How it answered whistles (departments and enterprises).
    pub whistles: WhistleTally,
    /// Ranked: it had at least the month's minimum of assessed cases (listed with its figures either way).
    pub ranked: bool,
    /// A street's residents (常住人口) as recorded on the unit, if known.
    pub population: Option<i64>,
}

impl UnitRow {
    /// The volume beside the score: a street's assessed cases per 10,000 residents (none without its population).
    pub fn per_10k(&self) -> Option<f64> {
        self.population
            .filter(|p| *p > 0)
            .map(|p| self.figures.cases as f64 * 10_000.0 / p as f64)
    }
}

/// A month's ranking.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranking {
    pub month: Month,
    pub kind: RankedKind,
    pub rows: Vec<UnitRow>,
    /// The class's scheme in force in the month.
    pub scheme: Scheme,
    pub top_n: u32,
    /// The fewest assessed cases a unit needs to be ranked.
    pub min_cases: i64,
    /// Set when the month was closed: the figures are the frozen ones.
    pub frozen: Option<Frozen>,
    /// Closings that differ from the frozen month (zero when not frozen).
    pub differences: usize,
    pub district: Figures,
    /// The dispatch centre's time to routing for the month's cases.
    pub dispatch: rules::DispatchFigures,
}

/// The unit a closing counts for in a ranking of `kind`: a street answers for its communities and its command
/// centre; departments and enterprises for themselves.
fn ranked_unit(kind: RankedKind, u: &UnitRecord) -> Option<UnitId> {
    match (kind, u.unit.kind) {
        (RankedKind::Street, UnitKind::Street) => Some(u.unit.id),
        (RankedKind::Street, UnitKind::Community | UnitKind::CommandCentre) => u.street_id,
        (RankedKind::Department, UnitKind::Department) => Some(u.unit.id),
        (RankedKind::Enterprise, UnitKind::Enterprise) => Some(u.unit.id),
        _ => None,
    }
}

fn ranked_kind_of(kind: UnitKind) -> Option<RankedKind> {
    match kind {
        UnitKind::Street => Some(RankedKind::Street),
        UnitKind::Department => Some(RankedKind::Department),
        UnitKind::Enterprise => Some(RankedKind::Enterprise),
        _ => None,
    }
}

/// The source of a month's official figures: frozen if it was closed.
async fn official(app: &App, month: Month) -> Result<(Source, Option<Frozen>), AppError> {
    let frozen = app.store().frozen_month(month).await?;
    Ok((
        if frozen.is_some() {
            Source::Frozen(month)
        } else {
            Source::Live
        },
        frozen,
    ))
}

/// What a month's scoring reads: its closings' counts per unit, street and kind, and the summoned units' whistles.
struct MonthData {
    tallies: Vec<UnitStreetTally>,
    whistles: Vec<(UnitId, UnitId, WhistleTally)>,
}

async fn month_data(app: &App, month: Month, source: Source) -> Result<MonthData, AppError> {
    Ok(MonthData {
        tallies: app.store().assessment_tallies(month, source).await?,
        whistles: app.store().assessment_whistles(month, app.now()).await?,
    })
}

/// One department's or enterprise's service to one street in a month as the street scores it (块考核条): its
/// reports and the street's ratings of them, and its cases placed in the street (the kinds its class counts).
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceRow {
    /// The department or enterprise.
    pub unit: UnitRef,
    /// The street that scored it.
    pub street: UnitRef,
    pub whistles: WhistleTally,
    /// The department's cases placed in the street.
    pub figures: Figures,
    pub case_score: Option<f64>,
    pub score: Option<f64>,
    pub rank: Option<u32>,
}

fn unit_ref(u: &UnitRecord) -> UnitRef {
    UnitRef {
        id: u.unit.id,
        code: u.unit.code.clone(),
        name: u.unit.name.clone(),
    }
}

/// Every street's score of every department and enterprise that served it in the month.
fn services(
    units: &[UnitRecord],
    data: &MonthData,
    schemes: &[Scheme],
    month: Month,
    weights: ServiceWeights,
) -> Vec<ServiceRow> {
    let by_id: HashMap<UnitId, &UnitRecord> = units.iter().map(|u| (u.unit.id, u)).collect();
    let class_of = |id: &UnitId| {
        by_id
            .get(id)
            .and_then(|u| ranked_kind_of(u.unit.kind))
            .filter(|k| *k != RankedKind::Street)
    };
    let mut parts: HashMap<(UnitId, UnitId), (Tally, WhistleTally)> = HashMap::new();
    let in_force: HashMap<RankedKind, Scheme> = [RankedKind::Department, RankedKind::Enterprise]
        .into_iter()
        .map(|k| (k, rules::scheme_in_force(schemes, k, month)))
        .collect();
    for t in &data.tallies {
        let (Some(class), Some(street)) = (class_of(&t.unit_id), t.street_id) else {
            continue;
        };
        if in_force[&class].counts(t.kind) {
            parts
                .entry((t.unit_id, street))
                .or_default()
                .0
                .merge(&t.tally);
        }
    }
    for (unit, street, w) in &data.whistles {
        if class_of(unit).is_some() {
            parts.entry((*unit, *street)).or_default().1.merge(w);
        }
    }
    let mut out: Vec<ServiceRow> = parts
        .into_iter()
        .filter_map(|((unit, street), (tally, w))| {
            let class = class_of(&unit)?;
            let street = by_id.get(&street)?;
            let case_score = rules::score(&tally.figures(), in_force[&class].weights);
            Some(ServiceRow {
                unit: unit_ref(by_id[&unit]),
                street: unit_ref(street),
                whistles: w,
                figures: tally.figures(),
                case_score,
                score: rules::service_score(&w, case_score, weights),
                rank: None,
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.unit.code, &a.street.code).cmp(&(&b.unit.code, &b.street.code)));
    out
}

/// A unit's month as its class scores it.
#[derive(Debug, Clone, Default)]
struct Scored {
    tally: Tally,
    rates: Option<f64>,
    street_share: Option<f64>,
    services: Vec<ServiceRow>,
    score: Option<f64>,
}

/// Scores every unit of a class in a month by the class's scheme: the kinds it counts, its weights and the
/// streets' share. Answers the units' scores and the district's figures (every kind but petitions).
fn score_class(
    units: &[UnitRecord],
    kind: RankedKind,
    data: &MonthData,
    schemes: &[Scheme],
    month: Month,
    weights: ServiceWeights,
) -> (HashMap<UnitId, Scored>, Tally) {
    let scheme = rules::scheme_in_force(schemes, kind, month);
    let by_id: HashMap<UnitId, &UnitRecord> = units.iter().map(|u| (u.unit.id, u)).collect();
    let mut out: HashMap<UnitId, Scored> = HashMap::new();
    let mut district = Tally::default();
    for t in &data.tallies {
        district.merge(&t.tally);
        if !scheme.counts(t.kind) {
            continue;
        }
        if let Some(target) = by_id.get(&t.unit_id).and_then(|u| ranked_unit(kind, u)) {
            out.entry(target).or_default().tally.merge(&t.tally);
        }
    }
    if kind != RankedKind::Street {
        for s in services(units, data, schemes, month, weights) {
            out.entry(s.unit.id).or_default().services.push(s);
        }
    }
    for v in out.values_mut() {
        v.rates = rules::score(&v.tally.figures(), scheme.weights);
        v.street_share =
            rules::street_evaluation(&v.services.iter().map(|s| s.score).collect::<Vec<_>>());
        v.score = rules::combined_score(v.rates, v.street_share, scheme.street_share);
    }
    (out, district)
}

/// Units ranked by score, with their rank (none without a score).
type Ranked = Vec<(UnitId, Option<u32>)>;

/// The top, the bottom and the ranks of scored units.
fn bottom_of(rows: &[(UnitId, Option<f64>)], n: u32) -> (Vec<UnitId>, Vec<UnitId>, Ranked) {
    let ranked = rules::rank(rows);
    let (top, bottom) = rules::top_and_bottom(&ranked, n);
    (top, bottom, ranked)
}

/// One unit's petitions (信访) closed in a month, evaluated on their own terms.
#[derive(Debug, Clone)]
pub struct PetitionRow {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub tally: rules::PetitionTally,
}

/// The month's petition table: every unit that closed a petition, by name. Petitions are evaluated apart from the
/// hotline's three rates (信访工作条例): accepted within the days to decide, answered on time, the petitioners'
/// satisfaction with the answer, and how many went on to 复查 or 复核. A frozen month reads its frozen closings.
pub async fn petitions(app: &App, month: Month) -> Result<(Vec<PetitionRow>, bool), AppError> {
    let units = app.store().list_units().await?;
    let names: HashMap<UnitId, &str> = units
        .iter()
        .map(|u| (u.unit.id, u.unit.name.as_str()))
        .collect();
    let (source, frozen) = official(app, month).await?;
    let accept_days = crate::settings::petition_step_days(app).await?[0];
    let mut by_unit: HashMap<UnitId, rules::PetitionTally> = HashMap::new();
    for p in app.store().petition_closings(month, source).await? {
        by_unit
            .entry(p.unit_id)
            .or_default()
            .add(&p.petition, accept_days);
    }
    let mut rows: Vec<PetitionRow> = by_unit
        .into_iter()
        .map(|(unit_id, tally)| PetitionRow {
            unit_id,
            unit_name: names.get(&unit_id).copied().unwrap_or_default().to_owned(),
            tally,
        })
        .collect();
    rows.sort_by(|a, b| a.unit_name.cmp(&b.unit_name));
    Ok((rows, frozen.is_some()))
}

/// The district's ranking of one kind of unit for a month, by the class's scheme in force in that month.
pub async fn ranking(
    app: &App,
    staff: &StaffPrincipal,
    month: Month,
    kind: RankedKind,
) -> Result<Ranking, AppError> {
    let _ = staff;
    let units = app.store().list_units().await?;
    let schemes = schemes(app).await?;
    let service = service_weights(app).await?;
    let n = top_n(app).await?;
    let (source, frozen) = official(app, month).await?;
    let data = month_data(app, month, source).await?;
    let (now_scored, district) = score_class(&units, kind, &data, &schemes, month, service);
    let (prev_source, _) = official(app, month.previous()).await?;
    let prev_data = month_data(app, month.previous(), prev_source).await?;
    let (prev_scored, _) = score_class(
        &units,
        kind,
        &prev_data,
        &schemes,
        month.previous(),
        service,
    );
    let ranked_units: Vec<&UnitRecord> = units
        .iter()
        .filter(|u| u.unit.active && ranked_kind_of(u.unit.kind) == Some(kind))
        .collect();
    let min_cases = rank_min_cases(app).await?;
    // Below the minimum a unit keeps its score but takes no rank, and so is neither top nor bottom.
    let rank_score = |s: Option<&Scored>| {
        s.filter(|s| s.tally.cases >= min_cases)
            .and_then(|s| s.score)
    };
    let scores: Vec<(UnitId, Option<f64>)> = ranked_units
        .iter()
        .map(|u| (u.unit.id, rank_score(now_scored.get(&u.unit.id))))
        .collect();
    let before: Vec<(UnitId, Option<f64>)> = ranked_units
        .iter()
        .map(|u| (u.unit.id, rank_score(prev_scored.get(&u.unit.id))))
        .collect();
    let (top, bottom, ranked) = bottom_of(&scores, n);
    let (_, bottom_before, _) = bottom_of(&before, n);
    let flagged = rules::flagged(&bottom, &bottom_before);
    let mut whistles: HashMap<UnitId, WhistleTally> = HashMap::new();
    if kind != RankedKind::Street {
        for (unit, _, w) in &data.whistles {
            whistles.entry(*unit).or_default().merge(w);
        }
    }
    let (start, end) = month.bounds();
    let send_backs = app.store().approved_send_backs(start, end).await?;
    let by_id: HashMap<UnitId, &UnitRecord> = units.iter().map(|u| (u.unit.id, u)).collect();
    let mut charged: HashMap<UnitId, i64> = HashMap::new();
    for (unit, count) in send_backs {
        if let Some(target) = by_id.get(&unit).and_then(|u| ranked_unit(kind, u)) {
            *charged.entry(target).or_default() += count;
        }
    }
    let mut rows: Vec<UnitRow> = ranked_units
        .iter()
        .zip(ranked)
        .map(|(u, (id, rank))| {
            let scored = now_scored.get(&id).cloned().unwrap_or_default();
            UnitRow {
                unit: unit_ref(u),
                figures: scored.tally.figures(),
                rates_score: scored.rates,
                street_share: scored.street_share,
                services: scored.services,
                score: scored.score,
                rank,
                top: top.contains(&id),
                bottom: bottom.contains(&id),
                flagged: flagged.contains(&id),
                send_backs: charged.get(&id).copied().unwrap_or(0),
                whistles: whistles.get(&id).copied().unwrap_or_default(),
                ranked: scored.tally.cases >= min_cases,
                population: (u.unit.population > 0).then_some(u.unit.population),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        a.rank
            .unwrap_or(u32::MAX)
            .cmp(&b.rank.unwrap_or(u32::MAX))
            .then(a.unit.code.cmp(&b.unit.code))
    });
    let differences = if frozen.is_some() {
        app.store().frozen_differences(month, None).await?.len()
    } else {
        0
    };
    Ok(Ranking {
        month,
        kind,
        rows,
        scheme: rules::scheme_in_force(&schemes, kind, month),
        top_n: n,
        min_cases,
        frozen,
        differences,
        district: district.figures(),
        dispatch: dispatch(app, month).await?,
    })
}

/// The dispatch centre's figures of a month: read live while the month runs; once it is over, kept per server for
/// ten minutes (a ranking, a dashboard and a report each read them, and a past month's routings hardly change).
async fn dispatch(app: &App, month: Month) -> Result<rules::DispatchFigures, AppError> {
    let (from, until) = month.bounds();
    let over = app.now() >= until;
    if over
        && let Some((at, figures)) = app.caches.dispatch.lock().await.get(&month)
        && at.elapsed() < crate::caches::PAST_MONTH_TTL
    {
        return Ok(*figures);
    }
    let (times, waiting) = app.store().dispatch_times(from, until).await?;
    let figures = rules::DispatchFigures::of(times, waiting);
    if over {
        app.caches
            .dispatch
            .lock()
            .await
            .insert(month, (std::time::Instant::now(), figures));
    }
    Ok(figures)
}

/// A street or community named (or not) by the 治理类街乡 rule, with the figures that put it there.
#[derive(Debug, Clone, PartialEq)]
pub struct GovernanceRow {
    pub unit: UnitRef,
    /// The street of a community.
    pub street: Option<UnitRef>,
    /// Assessed cases over the window.
    pub cases: i64,
    pub population: Option<i64>,
    /// Cases per 10,000 residents over the window, when the population is recorded.
    pub per_10k: Option<f64>,
    /// The rule's volume: `per_10k` when every unit of the class has its population, else `cases`.
    pub volume: f64,
    /// The score of the window's closings together (the streets' scheme in force in the last month).
    pub score: Option<f64>,
    pub named: bool,
}

/// One class's side of the 治理类街乡 list.
#[derive(Debug, Clone, PartialEq)]
pub struct GovernanceClass {
    /// Whether the volume is per 10,000 residents (else a caseload).
    pub per_10k: bool,
    pub volume_median: f64,
    pub score_median: Option<f64>,
    /// Every unit of the class, the named first (by volume), then the rest by volume.
    pub rows: Vec<GovernanceRow>,
}

/// The 治理类街乡 list of a month: the streets and communities with high volume and low scores over the window
/// ending with the month ([`rules::governance`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Governance {
    pub months: Vec<Month>,
    pub streets: GovernanceClass,
    pub communities: GovernanceClass,
}

/// The 治理类街乡 list (official figures: a frozen month reads its frozen closings).
pub async fn governance(app: &App, month: Month) -> Result<Governance, AppError> {
    let units = app.store().list_units().await?;
    let months = month.trailing(governance_months(app).await?);
    let scheme = scheme(app, RankedKind::Street, month).await?;
    let by_id: HashMap<UnitId, &UnitRecord> = units.iter().map(|u| (u.unit.id, u)).collect();
    let mut streets: HashMap<UnitId, Tally> = HashMap::new();
    let mut communities: HashMap<UnitId, Tally> = HashMap::new();
    for m in &months {
        let (source, _) = official(app, *m).await?;
        for t in app.store().assessment_tallies(*m, source).await? {
            if !scheme.counts(t.kind) {
                continue;
            }
            let Some(u) = by_id.get(&t.unit_id) else {
                continue;
            };
            if let Some(street) = ranked_unit(RankedKind::Street, u) {
                streets.entry(street).or_default().merge(&t.tally);
            }
            if u.unit.kind == UnitKind::Community {
                communities.entry(u.unit.id).or_default().merge(&t.tally);
            }
        }
    }
    let class = |kind: UnitKind, tallies: &HashMap<UnitId, Tally>| {
        let members: Vec<&UnitRecord> = units
            .iter()
            .filter(|u| u.unit.active && u.unit.kind == kind)
            .collect();
        let per_10k = !members.is_empty() && members.iter().all(|u| u.unit.population > 0);
        let mut rows: Vec<GovernanceRow> = members
            .iter()
            .map(|u| {
                let t = tallies.get(&u.unit.id).copied().unwrap_or_default();
                let population = (u.unit.population > 0).then_some(u.unit.population);
                let rate = population.map(|p| t.cases as f64 * 10_000.0 / p as f64);
                GovernanceRow {
                    unit: unit_ref(u),
                    street: (kind == UnitKind::Community)
                        .then(|| u.street_id.and_then(|s| by_id.get(&s)).map(|s| unit_ref(s)))
                        .flatten(),
                    cases: t.cases,
                    population,
                    per_10k: rate,
                    volume: if per_10k {
                        rate.unwrap_or(0.0)
                    } else {
                        t.cases as f64
                    },
                    score: rules::score(&t.figures(), scheme.weights),
                    named: false,
                }
            })
            .collect();
        let (volume_median, score_median, named) = rules::governance(
            &rows
                .iter()
                .map(|r| rules::GovernanceFigures {
                    unit: r.unit.id,
                    volume: r.volume,
                    score: r.score,
                })
                .collect::<Vec<_>>(),
        );
        for r in rows.iter_mut() {
            r.named = named.contains(&r.unit.id);
        }
        rows.sort_by(|a, b| {
            b.named
                .cmp(&a.named)
                .then(b.volume.total_cmp(&a.volume))
                .then(a.unit.code.cmp(&b.unit.code))
        });
        GovernanceClass {
            per_10k,
            volume_median,
            score_median,
            rows,
        }
    };
    Ok(Governance {
        streets: class(UnitKind::Street, &streets),
        communities: class(UnitKind::Community, &communities),
        months,
    })
}

/// A street's scoring of the departments and enterprises that served it in a month.
#[derive(Debug, Clone, PartialEq)]
pub struct StreetView {
    pub street: UnitRef,
    pub month: Month,
    pub rows: Vec<ServiceRow>,
    pub weights: ServiceWeights,
}

/// The streets a person may open the scoring of: their own street, or all for the district's roles.
pub async fn street_view(
    app: &App,
    staff: &StaffPrincipal,
    street_code: &str,
    month: Month,
) -> Result<StreetView, AppError> {
    let units = app.store().list_units().await?;
    let street = units
        .iter()
        .find(|u| u.unit.code == street_code && u.unit.kind == UnitKind::Street)
        .ok_or(AppError::NotFound)?;
    if !may_see_street(staff, street.unit.id) {
        return Err(AppError::Forbidden("not_your_street"));
    }
    let service = service_weights(app).await?;
    let (source, _) = official(app, month).await?;
    let data = month_data(app, month, source).await?;
    let schemes = schemes(app).await?;
    let mut rows: Vec<ServiceRow> = services(&units, &data, &schemes, month, service)
        .into_iter()
        .filter(|s| s.street.id == street.unit.id)
        .collect();
    let ranked = rules::rank(
        &rows
            .iter()
            .map(|r| (r.unit.id, r.score))
            .collect::<Vec<_>>(),
    );
    for (row, (_, rank)) in rows.iter_mut().zip(ranked) {
        row.rank = rank;
    }
    rows.sort_by(|a, b| {
        a.rank
            .unwrap_or(u32::MAX)
            .cmp(&b.rank.unwrap_or(u32::MAX))
            .then(a.unit.code.cmp(&b.unit.code))
    });
    Ok(StreetView {
        street: unit_ref(street),
        month,
        rows,
        weights: service,
    })
}

/// The closings behind one figure of one unit, with what each contributes to the numerator.
#[derive(Debug, Clone, PartialEq)]
pub struct FigureCases {
    pub unit: UnitRef,
    pub month: Month,
    pub measure: Measure,
    pub frozen: bool,
    /// The figure as the rankings show it.
    pub rate: rules::Rate,
    pub page: Page<(ClosingRow, i64)>,
}

/// What one closing adds to a figure's numerator (satisfaction in tenths).
pub fn contribution(measure: Measure, c: &ClosingRow) -> i64 {
    match measure {
        Measure::Cases => 1,
        Measure::Response => c.contacted_in_time as i64,
        Measure::Resolution => c.resolved.unwrap_or(false) as i64,
        Measure::Satisfaction => c.satisfaction.map(rules::satisfaction_tenths).unwrap_or(0),
        Measure::OnTime => c.on_time as i64,
        Measure::Redo => (c.round > 1) as i64,
    }
}

fn rate_of(f: &Figures, measure: Measure) -> rules::Rate {
    match measure {
        Measure::Cases => rules::Rate {
            numerator: f.cases,
            denominator: f.cases,
        },
        Measure::Response => f.response,
        Measure::Resolution => f.resolution,
        Measure::Satisfaction => f.satisfaction,
        Measure::OnTime => f.on_time,
        Measure::Redo => f.redo,
    }
}

/// The cases behind a figure of a unit (a street with its communities), optionally only those placed in a street.
pub async fn figure_cases(
    app: &App,
    staff: &StaffPrincipal,
    code: &str,
    month: Month,
    measure: Measure,
    street_code: Option<&str>,
    page: PageRequest,
) -> Result<FigureCases, AppError> {
    let units = app.store().list_units().await?;
    let unit = units
        .iter()
        .find(|u| u.unit.code == code)
        .ok_or(AppError::NotFound)?;
    let street = match street_code {
        Some(s) => Some(
            units
                .iter()
                .find(|u| u.unit.code == s && u.unit.kind == UnitKind::Street)
                .ok_or(AppError::NotFound)?
                .unit
                .id,
        ),
        None => None,
    };
    let allowed = may_see_closings_of(staff, &units, unit.unit.id)
        || street.is_some_and(|s| staff.street_id == Some(s) && staff.has(Role::Street));
    if !allowed {
        return Err(AppError::Forbidden("not_your_unit"));
    }
    let members: Vec<UnitId> = match ranked_kind_of(unit.unit.kind) {
        Some(kind) => units
            .iter()
            .filter(|u| ranked_unit(kind, u) == Some(unit.unit.id))
            .map(|u| u.unit.id)
            .collect(),
        None => vec![unit.unit.id],
    };
    let (source, frozen) = official(app, month).await?;
    // A ranked unit's figures count the kinds its class's scheme counts; petitions are never among them.
    let kinds = match ranked_kind_of(unit.unit.kind) {
        Some(class) => scheme(app, class, month).await?.kinds,
        None => Vec::new(),
    };
    let mut tally = Tally::default();
    for t in app.store().assessment_tallies(month, source).await? {
        if members.contains(&t.unit_id)
            && street.is_none_or(|s| t.street_id == Some(s))
            && (kinds.is_empty() || kinds.contains(&t.kind))
        {
            tally.merge(&t.tally);
        }
    }
    let filter = ClosingFilter {
        units: members,
        street,
        rated_only: measure.rated_only(),
        kinds,
    };
    let rows = app
        .store()
        .assessment_closings(month, source, &filter, page)
        .await?;
    let page = Page {
        items: rows
            .items
            .into_iter()
            .map(|c| (contribution(measure, &c), c))
            .map(|(n, c)| (c, n))
            .collect(),
        total: rows.total,
        page: rows.page,
        per_page: rows.per_page,
    };
    Ok(FigureCases {
        unit: UnitRef {
            id: unit.unit.id,
            code: unit.unit.code.clone(),
            name: unit.unit.name.clone(),
        },
        month,
        measure,
        frozen: frozen.is_some(),
        rate: rate_of(&tally.figures(), measure),
        page,
    })
}

/// Closes (freezes) a month: only the assessment office, only a month that is over, only once.
pub async fn freeze(app: &App, staff: &StaffPrincipal, month: Month) -> Result<i64, AppError> {
    require_office(staff)?;
    let now = app.now();
    if now < month.bounds().1 {
        return Err(AppError::Conflict("month_open"));
    }
    if app.store().frozen_month(month).await?.is_some() {
        return Err(AppError::Conflict("month_frozen"));
    }
    match app.store().freeze_month(&staff.actor(now), month).await {
        Err(gongzhi_store::StoreError::Conflict { .. }) => Err(AppError::Conflict("month_frozen")),
        other => Ok(other?),
    }
}

/// The closings of a frozen month that changed since: the district's for district roles, one's own unit's (and a
/// street's communities') for everyone else.
pub async fn differences(
    app: &App,
    staff: &StaffPrincipal,
    month: Month,
) -> Result<Vec<ClosingDifference>, AppError> {
    if app.store().frozen_month(month).await?.is_none() {
        return Ok(Vec::new());
    }
    if sees_district(staff) {
        return Ok(app.store().frozen_differences(month, None).await?);
    }
    let units = app.store().list_units().await?;
    let own: Vec<UnitId> = units
        .iter()
        .filter(|u| may_see_closings_of(staff, &units, u.unit.id))
        .map(|u| u.unit.id)
        .collect();
    Ok(app.store().frozen_differences(month, Some(&own)).await?)
}

/// Whether the person may open a street's scoring of the departments that served it.
/// The street's own officers (not every unit lying in the street: a mediation committee or a care station has no
/// part in the street's scoring).
pub fn may_see_street(staff: &StaffPrincipal, street: UnitId) -> bool {
    sees_district(staff)
        || (staff.has(Role::Street) && (staff.street_id == Some(street) || staff.unit_id == street))
}

/// The district's three rates month by month (official figures), oldest first.
pub async fn trend(
    app: &App,
    end: Month,
    months: usize,
) -> Result<Vec<(Month, Figures)>, AppError> {
    let mut out = Vec::new();
    for m in end.trailing(months) {
        let (source, _) = official(app, m).await?;
        let mut t = Tally::default();
        for u in app.store().assessment_tallies(m, source).await? {
            t.merge(&u.tally);
        }
        out.push((m, t.figures()));
    }
    Ok(out)
}

/// What the leaders' dashboard shows for a month.
#[derive(Debug, Clone, PartialEq)]
pub struct Dashboard {
    pub month: Month,
    pub trend: Vec<(Month, Figures)>,
    pub streets: Ranking,
    pub departments: Ranking,
    /// Cases received in the month: themes (columns) × streets (rows).
    pub themes: Vec<String>,
    pub grid: Vec<(UnitRef, Vec<i64>)>,
    /// Open cases past their handling deadline now, per unit (most first).
    pub overdue: Vec<(UnitRef, i64)>,
    pub whistles: WhistleTally,
    /// Mediations ended in the month: agreed, not agreed.
    pub mediations: (i64, i64),
}

/// The leaders' dashboard: no personal data and no case behind it, so every member of staff may read it.
pub async fn dashboard(
    app: &App,
    staff: &StaffPrincipal,
    month: Month,
) -> Result<Dashboard, AppError> {
    if !sees_dashboard(&staff.roles) {
        return Err(AppError::Forbidden("forbidden"));
    }
    let units = app.store().list_units().await?;
    let refs: HashMap<UnitId, UnitRef> = units
        .iter()
        .map(|u| {
            (
                u.unit.id,
                UnitRef {
                    id: u.unit.id,
                    code: u.unit.code.clone(),
                    name: u.unit.name.clone(),
                },
            )
        })
        .collect();
    let version = app.store().catalogue_version().await?;
    let catalogue = app.store().catalogue(version).await?;
    let theme_of: HashMap<&str, &str> = catalogue
        .iter()
        .map(|c| (c.code.as_str(), c.theme.as_str()))
        .collect();
    let mut themes: Vec<String> = Vec::new();
    for c in &catalogue {
        if !themes.contains(&c.theme) {
            themes.push(c.theme.clone());
        }
    }
    let streets: Vec<&UnitRecord> = units
        .iter()
        .filter(|u| u.unit.kind == UnitKind::Street && u.unit.active)
        .collect();
    let mut grid: Vec<(UnitRef, Vec<i64>)> = streets
        .iter()
        .map(|s| (refs[&s.unit.id].clone(), vec![0; themes.len()]))
        .collect();
    let (start, end) = month.bounds();
    for p in app.store().received_by_place(start, end).await? {
        let (Some(street), Some(theme)) = (p.street_id, theme_of.get(p.category_code.as_str()))
        else {
            continue;
        };
        let Some(col) = themes.iter().position(|t| t == theme) else {
            continue;
        };
        if let Some(row) = grid.iter_mut().find(|(u, _)| u.id == street) {
            row.1[col] += p.count;
        }
    }
    let mut overdue: Vec<(UnitRef, i64)> = app
        .store()
        .overdue_by_unit(app.now())
        .await?
        .into_iter()
        .filter_map(|(u, n)| refs.get(&u).map(|r| (r.clone(), n)))
        .collect();
    overdue.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.code.cmp(&b.0.code)));
    overdue.truncate(15);
    let mut whistles = WhistleTally::default();
    for (_, _, w) in app.store().assessment_whistles(month, app.now()).await? {
        whistles.merge(&w);
    }
    Ok(Dashboard {
        month,
        trend: trend(app, month, 12).await?,
        streets: ranking(app, staff, month, RankedKind::Street).await?,
        departments: ranking(app, staff, month, RankedKind::Department).await?,
        themes,
        grid,
        overdue,
        whistles,
        mediations: app.store().assessment_mediations(month).await?,
    })
}

/// How far back proposals look: the verdict window (7 days) and a margin, so an event that becomes one later (a
/// verdict after the closing, a report that never came) is still found.
const PROPOSE_LOOKBACK_DAYS: i64 = 40;
/// The sweeper proposes at most this often (one app server of several; each proposal is idempotent anyway).
const PROPOSE_EVERY_MS: i64 = 3_600_000;

/// Proposes the cadre entries of the last 40 days' events; proposing twice adds nothing. Answers how many are new.
pub async fn propose_entries(app: &App) -> Result<u64, AppError> {
    let now = app.now();
    Ok(app
        .store()
        .propose_entries(now - PROPOSE_LOOKBACK_DAYS * 86_400_000, now + 1, now)
        .await?)
}

/// The sweeper's part: propose entries once an hour (a clock set back runs it again).
pub async fn sweep(app: &App, now: Millis) -> Result<u64, AppError> {
    if !app
        .store()
        .claim_periodic("assessment.proposed_at", now, PROPOSE_EVERY_MS)
        .await?
    {
        return Ok(0);
    }
    propose_entries(app).await
}

/// Whose entries a person may list: their own; a unit head their unit's; the assessment office and leaders all.
pub async fn entries(
    app: &App,
    staff: &StaffPrincipal,
    mut filter: EntryFilter,
    page: PageRequest,
) -> Result<Page<Entry>, AppError> {
    if !(staff.has(Role::Evaluator) || staff.has(Role::Leader)) {
        if staff.unit_head {
            if filter.user != Some(staff.user_id) {
                filter.units = Some(vec![staff.unit_id]);
            }
        } else {
            filter.user = Some(staff.user_id);
        }
    }
    Ok(app.store().cadre_entries(&filter, page).await?)
}

/// A person's entries over a period, by kind: confirmed, proposed and rejected counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    pub user_id: UserId,
    pub name: String,
    pub from: Millis,
    pub until: Millis,
    pub rows: Vec<(EntryKind, [i64; 3])>,
}

pub async fn summary(
    app: &App,
    staff: &StaffPrincipal,
    user: UserId,
    from: Millis,
    until: Millis,
) -> Result<Summary, AppError> {
    let person = app.store().get_user(user).await?;
    let allowed = user == staff.user_id
        || staff.has(Role::Evaluator)
        || staff.has(Role::Leader)
        || (staff.unit_head && person.unit_id == staff.unit_id);
    if !allowed {
        return Err(AppError::Forbidden("forbidden"));
    }
    let counts = app.store().cadre_summary(user, from, until).await?;
    let rows = EntryKind::ALL
        .iter()
        .map(|k| {
            let n = |s: EntryStatus| {
                counts
                    .iter()
                    .filter(|(kk, ss, _)| kk == k && *ss == s)
                    .map(|c| c.2)
                    .sum::<i64>()
            };
            (
                *k,
                [
                    n(EntryStatus::Confirmed),
                    n(EntryStatus::Proposed),
                    n(EntryStatus::Rejected),
                ],
            )
        })
        .collect();
    Ok(Summary {
        user_id: user,
        name: person.display_name,
        from,
        until,
        rows,
    })
}

/// The most entries one batch decides.
pub const MAX_BATCH: usize = 500;

/// Confirms or rejects a reviewed batch of proposed entries with one reason (a day of one-by-one review becomes one
/// decision); every entry must be the reviewer's to decide and still proposed, or nothing is decided. Each entry
/// keeps the evidence it links.
pub async fn review_batch(
    app: &App,
    staff: &StaffPrincipal,
    ids: &[String],
    confirm: bool,
    reason: &str,
) -> Result<u64, AppError> {
    let mut unique: Vec<String> = Vec::new();
    for id in ids {
        let id = id.trim();
        if !unique.iter().any(|u| u == id) {
            unique.push(id.to_owned());
        }
    }
    let mut e = ValidationErrors::default();
    if unique.is_empty() {
        e.add("ids", "required");
    } else if unique.len() > MAX_BATCH {
        e.add("ids", "too_many");
    }
    let reason = reason.trim();
    if reason.is_empty() {
        e.add("reason", "required");
    } else if reason.chars().count() > 500 {
        e.add("reason", "too_long");
    }
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    for id in &unique {
        let entry = app.store().cadre_entry(id).await?;
        let reviewer =
            staff.has(Role::Evaluator) || (staff.unit_head && entry.unit_id == Some(staff.unit_id));
        if !reviewer {
            return Err(AppError::Forbidden("not_reviewer"));
        }
        if entry.user_id == staff.user_id {
            return Err(AppError::Forbidden("own_entry"));
        }
        if entry.status != EntryStatus::Proposed {
            return Err(AppError::Conflict("already_decided"));
        }
    }
    let status = if confirm {
        EntryStatus::Confirmed
    } else {
        EntryStatus::Rejected
    };
    match app
        .store()
        .review_entries(&staff.actor(app.now()), &unique, status, reason)
        .await
    {
        Err(gongzhi_store::StoreError::Conflict { .. }) => {
            Err(AppError::Conflict("already_decided"))
        }
        other => Ok(other?),
    }
}

/// A reviewer confirms or rejects a proposed entry, with a reason: the assessment office any, a unit head their
/// unit's — never their own.
pub async fn review(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
    confirm: bool,
    reason: &str,
) -> Result<Entry, AppError> {
    review_batch(app, staff, &[id.to_owned()], confirm, reason).await?;
    Ok(app.store().cadre_entry(id).await?)
}

/// A candidate topic: a category hot in a place this month.
#[derive(Debug, Clone, PartialEq)]
pub struct Hotspot {
    pub category_code: String,
    pub category_name: String,
    /// The street, or the community (with its street).
    pub street: Option<UnitRef>,
    pub community: Option<UnitRef>,
    pub count: i64,
    pub baseline: f64,
    pub z: f64,
}

/// The month's surges by [`rules::hot`] (每月一题's early warning): category × street and category × community
/// against the same month a year earlier, hottest first.
pub async fn hotspots(app: &App, month: Month) -> Result<Vec<Hotspot>, AppError> {
    let units = app.store().list_units().await?;
    let refs: HashMap<UnitId, UnitRef> = units
        .iter()
        .map(|u| {
            (
                u.unit.id,
                UnitRef {
                    id: u.unit.id,
                    code: u.unit.code.clone(),
                    name: u.unit.name.clone(),
                },
            )
        })
        .collect();
    let version = app.store().catalogue_version().await?;
    let names: HashMap<String, String> = app
        .store()
        .catalogue(version)
        .await?
        .into_iter()
        .map(|c| (c.code, c.name))
        .collect();
    let months = [month.trailing(rules::HOT_BASELINE_LAG + 1)[0], month];
    // counts[(category, street, community or none)][month index]
    let mut counts: HashMap<(String, Option<UnitId>, Option<UnitId>), Vec<i64>> = HashMap::new();
    for (i, m) in months.iter().enumerate() {
        let (start, end) = m.bounds();
        for p in app.store().received_by_place(start, end).await? {
            let Some(street) = p.street_id else { continue };
            counts
                .entry((p.category_code.clone(), Some(street), None))
                .or_insert_with(|| vec![0; months.len()])[i] += p.count;
            if let Some(c) = p.community_id {
                counts
                    .entry((p.category_code, Some(street), Some(c)))
                    .or_insert_with(|| vec![0; months.len()])[i] += p.count;
            }
        }
    }
    let mut out: Vec<Hotspot> = counts
        .into_iter()
        .filter_map(|((category, street, community), series)| {
            let (baseline, current) = series.split_at(series.len() - 1);
            let z = rules::hot(current[0], baseline)?;
            Some(Hotspot {
                category_name: names
                    .get(&category)
                    .cloned()
                    .unwrap_or_else(|| category.clone()),
                category_code: category,
                street: street.and_then(|s| refs.get(&s).cloned()),
                community: community.and_then(|c| refs.get(&c).cloned()),
                count: current[0],
                baseline: rules::baseline_mean(baseline),
                z,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.z.total_cmp(&a.z)
            .then(a.category_code.cmp(&b.category_code))
    });
    Ok(out)
}

/// How many months the candidates and a theme's baseline look back over: a year (Beijing chooses the year's themes
/// from the year's complaints).
pub const CANDIDATE_MONTHS: usize = 12;

/// A candidate for the year's themes: a category over the last twelve months, with its index.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub category_code: String,
    pub category_name: String,
    pub figures: rules::CandidateFigures<String>,
    /// The mean of its four percentiles (0–1), by [`rules::rank_candidates`].
    pub index: f64,
    /// Already chosen as a district-wide theme of `year`.
    pub chosen: bool,
}

/// The candidates for a year's themes from the twelve months ending with `last` (the last complete month when the
/// district chooses), highest index first.
pub async fn candidates(app: &App, last: Month, year: i64) -> Result<Vec<Candidate>, AppError> {
    let window = last.trailing(CANDIDATE_MONTHS);
    let (from, until) = (window[0].bounds().0, last.bounds().1);
    let figures = app.store().topic_candidates(from, until).await?;
    let version = app.store().catalogue_version().await?;
    let names: HashMap<String, String> = app
        .store()
        .catalogue(version)
        .await?
        .into_iter()
        .map(|c| (c.code, c.name))
        .collect();
    let chosen: Vec<String> = app
        .store()
        .topics(year)
        .await?
        .into_iter()
        .filter(|t| t.street_id.is_none())
        .map(|t| t.category_code)
        .collect();
    Ok(rules::rank_candidates(&figures)
        .into_iter()
        .filter_map(|(code, index)| {
            let f = figures.iter().find(|f| f.key == code)?.clone();
            Some(Candidate {
                category_name: names.get(&code).cloned().unwrap_or_else(|| code.clone()),
                chosen: chosen.contains(&code),
                category_code: code,
                figures: f,
                index,
            })
        })
        .collect())
}

/// What the assessment office or a leader types to choose one of the year's themes.
#[derive(Debug, Clone, Default)]
pub struct TopicInput {
    pub year: i64,
    pub category: String,
    pub street: String,
    pub community: String,
    pub title: String,
    pub lead_unit: String,
    /// The measures (措施).
    pub tasks: String,
    /// YYYY-MM-DD, the end of that day in Beijing time.
    pub due: String,
    /// Targets in percent: fewer calls a month than the baseline, the resolution and satisfaction rates.
    pub target_reduction: Option<i64>,
    pub target_resolution: Option<i64>,
    pub target_satisfaction: Option<i64>,
}

/// Chooses one of the year's themes (每月一题): a category, district-wide or in a street or community, with a lead
/// unit, measures, a deadline and targets. Its baseline is fixed now: the twelve complete months before. The year is
/// this year or next (`topic_year`); one theme per category and place in a year (`topic_exists`).
pub async fn adopt_topic(
    app: &App,
    staff: &StaffPrincipal,
    input: &TopicInput,
) -> Result<Topic, AppError> {
    if !(staff.has(Role::Evaluator) || staff.has(Role::Leader)) {
        return Err(AppError::Forbidden("forbidden"));
    }
    let units = app.store().list_units().await?;
    let by_code = |code: &str| units.iter().find(|u| u.unit.code == code.trim());
    let mut e = ValidationErrors::default();
    let version = app.store().catalogue_version().await?;
    let catalogue = app.store().catalogue(version).await?;
    if !catalogue.iter().any(|c| c.code == input.category.trim()) {
        e.add("category", "unknown_category");
    }
    let street = if input.street.trim().is_empty() {
        None
    } else {
        by_code(&input.street).filter(|u| u.unit.kind == UnitKind::Street)
    };
    if !input.street.trim().is_empty() && street.is_none() {
        e.add("street", "unknown_unit");
    }
    let community = if input.community.trim().is_empty() {
        None
    } else {
        by_code(&input.community).filter(|u| u.unit.kind == UnitKind::Community)
    };
    if !input.community.trim().is_empty()
        && (community.is_none() || community.and_then(|c| c.street_id) != street.map(|s| s.unit.id))
    {
        e.add("community", "unknown_unit");
    }
    let lead = by_code(&input.lead_unit).filter(|u| u.unit.active);
    if lead.is_none() {
        e.add("lead_unit", "unknown_unit");
    }
    let title = input.title.trim();
    if title.is_empty() || title.chars().count() > 100 {
        e.add(
            "title",
            if title.is_empty() {
                "required"
            } else {
                "too_long"
            },
        );
    }
    let tasks = input.tasks.trim();
    if tasks.is_empty() || tasks.chars().count() > 2000 {
        e.add(
            "tasks",
            if tasks.is_empty() {
                "required"
            } else {
                "too_long"
            },
        );
    }
    for (field, v) in [
        ("target_reduction", input.target_reduction),
        ("target_resolution", input.target_resolution),
        ("target_satisfaction", input.target_satisfaction),
    ] {
        if v.is_some_and(|v| !(0..=100).contains(&v)) {
            e.add(field, "out_of_range");
        }
    }
    let due = jiff::civil::Date::strptime("%Y-%m-%d", input.due.trim())
        .ok()
        .map(|d| gongzhi_domain::calendar::start_of(d) + 86_400_000 - 1);
    if due.is_none() {
        e.add("due", "invalid_date");
    }
    let (Some(lead), Some(due), true) = (lead, due, e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let now = app.now();
    let current = Month::of(now);
    let this_year = current.yyyymm() / 100;
    if !(this_year..=this_year + 1).contains(&input.year) {
        return Err(AppError::Conflict("topic_year"));
    }
    if due < now {
        return Err(AppError::Conflict("due_in_the_past"));
    }
    let (street_id, community_id) = (street.map(|s| s.unit.id), community.map(|c| c.unit.id));
    // The baseline: the twelve complete months before the choice.
    let window = current.previous().trailing(CANDIDATE_MONTHS);
    let b = app
        .store()
        .topic_month(
            input.category.trim(),
            street_id,
            community_id,
            window[0].bounds().0,
            current.bounds().0,
        )
        .await?;
    let t = NewTopic {
        year: input.year,
        month: current,
        category_code: input.category.trim().to_owned(),
        street_id,
        community_id,
        title: title.to_owned(),
        lead_unit_id: lead.unit.id,
        tasks: tasks.to_owned(),
        due_at: due,
        baseline: TopicBaseline {
            cases: b.cases,
            months: CANDIDATE_MONTHS as i64,
            rated: b.rated,
            resolved: b.resolved,
            tenths: b.tenths,
        },
        targets: TopicTargets {
            reduction: input.target_reduction,
            resolution: input.target_resolution,
            satisfaction: input.target_satisfaction,
        },
    };
    match app.store().adopt_topic(&staff.actor(now), &t).await {
        Err(gongzhi_store::StoreError::Conflict { .. }) => Err(AppError::Conflict("topic_exists")),
        other => Ok(other?),
    }
}

/// A theme's month against its baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicProgressMonth {
    pub month: Month,
    pub figures: TopicMonth,
}

/// A theme with its progress month by month through its year (up to the current month).
#[derive(Debug, Clone, PartialEq)]
pub struct TopicView {
    pub topic: Topic,
    pub lead_unit: String,
    pub place: String,
    pub category_name: String,
    pub months: Vec<TopicProgressMonth>,
    pub may_update: bool,
}

impl TopicView {
    /// The baseline's calls a month.
    pub fn baseline_per_month(&self) -> f64 {
        let b = self.topic.baseline;
        b.cases as f64 / b.months.max(1) as f64
    }
    pub fn baseline_resolution(&self) -> Option<f64> {
        let b = self.topic.baseline;
        (b.rated > 0).then(|| b.resolved as f64 / b.rated as f64)
    }
    pub fn baseline_satisfaction(&self) -> Option<f64> {
        let b = self.topic.baseline;
        (b.rated > 0).then(|| b.tenths as f64 / (10 * b.rated) as f64)
    }
}

impl TopicProgressMonth {
    pub fn resolution(&self) -> Option<f64> {
        (self.figures.rated > 0).then(|| self.figures.resolved as f64 / self.figures.rated as f64)
    }
    pub fn satisfaction(&self) -> Option<f64> {
        (self.figures.rated > 0)
            .then(|| self.figures.tenths as f64 / (10 * self.figures.rated) as f64)
    }
}

/// A year's themes with their monthly progress.
pub async fn topics(
    app: &App,
    staff: &StaffPrincipal,
    year: i64,
) -> Result<Vec<TopicView>, AppError> {
    let units = app.store().list_units().await?;
    let name = |id: Option<UnitId>| {
        id.and_then(|i| units.iter().find(|u| u.unit.id == i))
            .map(|u| u.unit.name.clone())
            .unwrap_or_default()
    };
    let version = app.store().catalogue_version().await?;
    let names: HashMap<String, String> = app
        .store()
        .catalogue(version)
        .await?
        .into_iter()
        .map(|c| (c.code, c.name))
        .collect();
    let current = Month::of(app.now());
    let mut out = Vec::new();
    for topic in app.store().topics(year).await? {
        let mut months = Vec::new();
        for m in 1..=12 {
            let Some(month) = Month::parse(&format!("{year:04}-{m:02}")) else {
                continue;
            };
            if month > current {
                break;
            }
            let (start, end) = month.bounds();
            months.push(TopicProgressMonth {
                month,
                figures: app
                    .store()
                    .topic_month(
                        &topic.category_code,
                        topic.street_id,
                        topic.community_id,
                        start,
                        end,
                    )
                    .await?,
            });
        }
        let place = if topic.community_id.is_some() {
            name(topic.community_id)
        } else if topic.street_id.is_some() {
            name(topic.street_id)
        } else {
            "全区".into()
        };
        out.push(TopicView {
            lead_unit: name(Some(topic.lead_unit_id)),
            place,
            category_name: names
                .get(&topic.category_code)
                .cloned()
                .unwrap_or_else(|| topic.category_code.clone()),
            may_update: staff.unit_id == topic.lead_unit_id
                || staff.has(Role::Evaluator)
                || staff.has(Role::Leader),
            months,
            topic,
        });
    }
    Ok(out)
}

/// The lead unit (or the office) records progress on a theme, and may mark it done. Answers the theme's year.
pub async fn topic_progress(
    app: &App,
    staff: &StaffPrincipal,
    id: &str,
    version: i64,
    progress: &str,
    done: bool,
) -> Result<i64, AppError> {
    let topic = app.store().topic(id).await?;
    if !(staff.unit_id == topic.lead_unit_id
        || staff.has(Role::Evaluator)
        || staff.has(Role::Leader))
    {
        return Err(AppError::Forbidden("forbidden"));
    }
    let progress = progress.trim();
    if progress.is_empty() || progress.chars().count() > 4000 {
        let mut e = ValidationErrors::default();
        e.add(
            "progress",
            if progress.is_empty() {
                "required"
            } else {
                "too_long"
            },
        );
        return Err(AppError::Invalid(e));
    }
    app.store()
        .update_topic(&staff.actor(app.now()), id, version, progress, done)
        .await?;
    Ok(topic.year)
}

/// The hotspot's cases (for the candidate list's links).
pub async fn hotspot_cases(
    app: &App,
    month: Month,
    category: &str,
    street: Option<UnitId>,
    community: Option<UnitId>,
) -> Result<
    Vec<(
        gongzhi_domain::cases::CaseId,
        gongzhi_domain::cases::CaseNo,
        String,
        Millis,
    )>,
    AppError,
> {
    let (start, end) = month.bounds();
    Ok(app
        .store()
        .hotspot_cases(category, street, community, start, end)
        .await?)
}

fn pct(r: rules::Rate) -> Option<f64> {
    r.value().map(|v| (v * 10_000.0).round() / 100.0)
}

/// The month's report as an XLSX workbook: one sheet per ranking (streets, departments, enterprises) with numbers in
/// real cells (rates as percentages with two decimals, no formulas): the rates, the score and, beside it, the rates'
/// score, the streets' evaluation and its share, and a street's cases per 10,000 residents.
pub async fn report_xlsx(
    app: &App,
    staff: &StaffPrincipal,
    month: Month,
) -> Result<Vec<u8>, AppError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let number = Format::new().set_num_format("0.00");
    let headers = [
        "名次",
        "单位",
        "编码",
        "考核件数",
        "响应率%",
        "解决率%",
        "满意率%",
        "综合得分",
        "按时办结率%",
        "重办率%",
        "批准退单",
        "吹哨按时报到",
        "街道评价均分",
        "标注",
        "三率得分",
        "街道评价得分",
        "街道评价占比%",
        "每万人件数",
    ];
    for kind in RankedKind::ALL {
        let r = ranking(app, staff, month, *kind).await?;
        let sheet = book.add_worksheet();
        let name = match kind {
            RankedKind::Street => "街道",
            RankedKind::Department => "部门",
            RankedKind::Enterprise => "企业",
        };
        let err = |e: rust_xlsxwriter::XlsxError| AppError::Internal(format!("xlsx: {e}"));
        sheet.set_name(name).map_err(err)?;
        sheet
            .write_string_with_format(
                0,
                0,
                format!(
                    "{month} {name}考核排名{}",
                    if r.frozen.is_some() {
                        "（已封存）"
                    } else {
                        "（未封存，数据可能变化）"
                    }
                ),
                &bold,
            )
            .map_err(err)?;
        for (c, h) in headers.iter().enumerate() {
            sheet
                .write_string_with_format(2, c as u16, *h, &bold)
                .map_err(err)?;
        }
        for (i, row) in r.rows.iter().enumerate() {
            let y = 3 + i as u32;
            if let Some(rank) = row.rank {
                sheet.write_number(y, 0, rank).map_err(err)?;
            }
            sheet.write_string(y, 1, &row.unit.name).map_err(err)?;
            sheet.write_string(y, 2, &row.unit.code).map_err(err)?;
            sheet
                .write_number(y, 3, row.figures.cases as f64)
                .map_err(err)?;
            let f = &row.figures;
            for (c, v) in [
                (4, pct(f.response)),
                (5, pct(f.resolution)),
                (6, pct(f.satisfaction)),
                (7, row.score.map(|s| (s * 100.0).round() / 100.0)),
                (8, pct(f.on_time)),
                (9, pct(f.redo)),
            ] {
                match v {
                    Some(v) => sheet
                        .write_number_with_format(y, c, v, &number)
                        .map_err(err)?,
                    None => sheet.write_string(y, c, "无评价").map_err(err)?,
                };
            }
            sheet
                .write_number(y, 10, row.send_backs as f64)
                .map_err(err)?;
            match pct(row.whistles.on_time()) {
                Some(v) => sheet
                    .write_number_with_format(y, 11, v, &number)
                    .map_err(err)?,
                None => sheet.write_string(y, 11, "").map_err(err)?,
            };
            match row.whistles.mean_rating() {
                Some(v) => sheet
                    .write_number_with_format(y, 12, (v * 100.0).round() / 100.0, &number)
                    .map_err(err)?,
                None => sheet.write_string(y, 12, "").map_err(err)?,
            };
            let mark = [
                (row.top, "前列"),
                (row.bottom, "末位"),
                (row.flagged, "连续两月末位，约谈"),
            ]
            .iter()
            .filter(|(b, _)| *b)
            .map(|(_, t)| *t)
            .collect::<Vec<_>>()
            .join("、");
            sheet.write_string(y, 13, mark).map_err(err)?;
            let two = |v: f64| (v * 100.0).round() / 100.0;
            for (c, v) in [
                (14, row.rates_score.map(two)),
                (15, row.street_share.map(two)),
                (
                    16,
                    (kind != &RankedKind::Street).then_some(f64::from(r.scheme.street_share)),
                ),
                (17, row.per_10k().map(two)),
            ] {
                match v {
                    Some(v) => sheet
                        .write_number_with_format(y, c, v, &number)
                        .map_err(err)?,
                    None => sheet.write_string(y, c, "").map_err(err)?,
                };
            }
        }
        sheet.set_column_width(1, 24).map_err(err)?;
        sheet.set_column_width(2, 26).map_err(err)?;
    }
    book.save_to_buffer()
        .map_err(|e| AppError::Internal(format!("xlsx: {e}")))
}

/// Who writes in the assessment module at all: the assessment office (freezing, settings, reviews), leaders, heads
/// of units (reviewing their people's entries) and the units that lead a monthly topic (whose staff work cases).
pub fn may_write(staff: &StaffPrincipal) -> bool {
    staff.unit_head
        || staff
            .roles
            .iter()
            .any(|r| matches!(r, Role::Evaluator | Role::Leader) || r.works_cases())
}
