//! The assessment's JSON API: the monthly ranking of streets, departments or enterprises with the three rates and
//! the score; the cases behind any figure; a street's scoring of the departments that served it; closing a month
//! and its differences since; the district's trend; cadre performance entries and a person's summary; the
//! hotspots and the month's topics; and the month's report as XLSX.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use gongzhi_app::assessment::{
    self as use_cases, FigureCases, Ranking, StreetView, TopicInput, TopicView, UnitRef,
};
use gongzhi_domain::assessment::{
    EntryKind, EntryStatus, Figures, Measure, Month, RankedKind, Rate, WhistleTally,
};
use gongzhi_domain::org::UserId;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::assessment::{ClosingDifference, ClosingRow, Entry, EntryFilter};

use crate::api::{ApiJson, Checked, ErrorBody, parse_date, parse_uuid, query_int, strings};
use crate::codec::iso;
use crate::error::AppError;
use crate::extract::{ClientAddr, QueryData, Staff};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/api/v1/assessment/units", get(units))
        .route("/api/v1/assessment/petitions", get(petitions))
        .route("/api/v1/assessment/governance", get(governance))
        .route("/api/v1/assessment/units/{code}/cases", get(unit_cases))
        .route("/api/v1/assessment/streets/{code}", get(street))
        .route("/api/v1/assessment/trend", get(trend))
        .route("/api/v1/assessment/months/{month}/freeze", post(freeze))
        .route(
            "/api/v1/assessment/months/{month}/differences",
            get(differences),
        )
        .route("/api/v1/assessment/report", get(report))
        .route("/api/v1/assessment/records", get(records))
        .route("/api/v1/assessment/records/{id}/review", post(review))
        .route("/api/v1/assessment/records/review", post(review_batch))
        .route("/api/v1/assessment/people/{id}/summary", get(summary))
        .route("/api/v1/assessment/hotspots", get(hotspots))
        .route("/api/v1/assessment/topics", get(topics).post(adopt))
        .route("/api/v1/assessment/topics/candidates", get(candidates))
        .route("/api/v1/assessment/schemes", get(schemes).post(save_scheme))
        .route("/api/v1/assessment/topics/{id}/progress", post(progress))
}

/// Only the named query fields; each present value checked.
fn only(query: &QueryData, known: &[&str], errors: &mut ValidationErrors) {
    if query.0.keys().any(|k| !known.contains(&k.as_str())) {
        errors.add("query", "unknown_field");
    }
}

/// A month from the query (`YYYY-MM`, 2000–2200), required.
pub(crate) fn month_query(query: &QueryData, errors: &mut ValidationErrors) -> Option<Month> {
    match query.0.get("month") {
        None => {
            errors.add("month", "required");
            None
        }
        Some(m) => {
            let parsed = Month::parse(m);
            if parsed.is_none() {
                errors.add("month", "invalid_month");
            }
            parsed
        }
    }
}

fn month_path(raw: &str) -> Result<Month, AppError> {
    Month::parse(raw).ok_or_else(|| {
        let mut e = ValidationErrors::default();
        e.add("month", "invalid_month");
        AppError::Validation(e)
    })
}

/// A unit as the rankings name it.
#[derive(Serialize, ToSchema)]
pub struct UnitBody {
    pub code: String,
    pub name: String,
}

fn unit_body(u: &UnitRef) -> UnitBody {
    UnitBody {
        code: u.code.clone(),
        name: u.name.clone(),
    }
}

/// A figure as its parts; the rate is `numerator / denominator` (satisfaction counts tenths: satisfied 10, basic
/// 8, dissatisfied 0 per rated case).
#[derive(Serialize, ToSchema)]
pub struct FigureRate {
    pub numerator: i64,
    pub denominator: i64,
    /// 0–1, or null when there is nothing to count.
    pub value: Option<f64>,
}

fn rate_body(r: Rate) -> FigureRate {
    FigureRate {
        numerator: r.numerator,
        denominator: r.denominator,
        value: r.value(),
    }
}

/// Every figure of a unit as its parts.
#[derive(Serialize, ToSchema)]
pub struct FiguresBody {
    pub response: FigureRate,
    pub resolution: FigureRate,
    pub satisfaction: FigureRate,
    pub on_time: FigureRate,
    pub redo: FigureRate,
}

fn figures_body(f: &Figures) -> FiguresBody {
    FiguresBody {
        response: rate_body(f.response),
        resolution: rate_body(f.resolution),
        satisfaction: rate_body(f.satisfaction),
        on_time: rate_body(f.on_time),
        redo: rate_body(f.redo),
    }
}

/// How a unit answered whistles in the month.
#[derive(Serialize, ToSchema)]
pub struct UnitWhistles {
    /// Summons whose report is in or overdue.
    pub summoned: i64,
    pub reported_in_time: i64,
    pub late_or_missing: i64,
    pub rated: i64,
    /// Reports in time as a fraction 0–1, or null.
    pub on_time_rate: Option<f64>,
    /// The streets' ratings' mean 1–5, or null.
    pub mean_rating: Option<f64>,
}

fn whistle_body(w: &WhistleTally) -> UnitWhistles {
    UnitWhistles {
        summoned: w.summoned,
        reported_in_time: w.reported_in_time,
        late_or_missing: w.late_or_missing,
        rated: w.rated,
        on_time_rate: w.on_time().value(),
        mean_rating: w.mean_rating(),
    }
}

fn round2(v: Option<f64>) -> Option<f64> {
    v.map(|v| (v * 100.0).round() / 100.0)
}

/// One unit's month.
#[derive(Serialize, ToSchema)]
pub struct UnitRowBody {
    pub unit: UnitBody,
    /// Cases assessed: closed in the month with this unit accountable at closing.
    pub cases: i64,
    pub response_rate: Option<f64>,
    pub resolution_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
    /// 0–100 with two decimals; null when nothing was assessed.
    pub score: Option<f64>,
    /// 1 is best; ties share a rank; null without a score.
    #[schema(minimum = 1)]
    pub rank: Option<u32>,
    pub on_time_rate: Option<f64>,
    pub redo_rate: Option<f64>,
    /// Send-backs the dispatcher approved, charged to the unit that sent them.
    pub send_backs: i64,
    pub top: bool,
    pub bottom: bool,
    /// At the bottom this month and the month before (末位约谈).
    pub flagged: bool,
    /// Ranked: the unit had at least the month's minimum of assessed cases (`min_cases`); below it the unit is
    /// listed with its figures and score but takes no rank.
    pub ranked: bool,
    /// The month's caseload: the assessed cases behind the figures.
    pub volume: i64,
    /// A street's assessed cases per 10,000 residents (null for departments and enterprises, or when the street's
    /// population is not recorded).
    pub per_10k_residents: Option<f64>,
    /// The class of unit whose scheme scored the row (street, department, enterprise).
    #[schema(pattern = r"^(street|department|enterprise)$")]
    pub class: String,
    /// The class's weights of the three rates in force in the month.
    pub weights: WeightsBody,
    /// The three rates' score alone, 0–100.
    pub rates_score: Option<f64>,
    /// The streets' evaluation of a department or enterprise, 0–100 (the mean of the scores in `streets`); null
    /// for streets, or when no street summoned it or had its cases.
    pub street_share: Option<f64>,
    /// The percent of `score` that is `street_share`.
    pub street_share_percent: u32,
    /// The streets behind `street_share`: each street's whistles, ratings, cases and score.
    pub streets: Vec<StreetScoreBody>,
    pub figures: FiguresBody,
    pub whistles: UnitWhistles,
}

/// One street's scoring of a department or enterprise (块考核条).
#[derive(Serialize, ToSchema)]
pub struct StreetScoreBody {
    pub street: UnitBody,
    /// Summons, on-site reports in time (a report by phone is not reporting) and the street's ratings.
    pub whistles: UnitWhistles,
    /// The unit's cases placed in the street.
    pub cases: i64,
    pub case_score: Option<f64>,
    /// The street's score 0–100 (reports, ratings and cases by the street's weights).
    pub score: Option<f64>,
}

/// A class's scheme (分级分类考评): from which month, the weights, the streets' share, the kinds that count.
#[derive(Serialize, ToSchema)]
pub struct SchemeBody {
    #[schema(pattern = r"^(street|department|enterprise)$")]
    pub class: String,
    /// The first month it scores.
    #[schema(pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$")]
    pub effective_from: String,
    pub weights: WeightsBody,
    /// Percent of the score that is the streets' evaluation.
    pub street_share: u32,
    /// The kinds of case counted in the three rates.
    pub kinds: Vec<String>,
    pub source: String,
    /// The platform's default (no version recorded).
    pub builtin: bool,
}

pub(crate) fn scheme_body(s: &gongzhi_domain::assessment::Scheme) -> SchemeBody {
    SchemeBody {
        class: s.class.code().to_owned(),
        effective_from: s.effective_from.to_string(),
        weights: WeightsBody {
            response: s.weights.response,
            resolution: s.weights.resolution,
            satisfaction: s.weights.satisfaction,
        },
        street_share: s.street_share,
        kinds: s.kinds.iter().map(|k| k.code().to_owned()).collect(),
        source: s.source.clone(),
        builtin: *s == gongzhi_domain::assessment::Scheme::builtin(s.class),
    }
}

/// The three weights of the score.
#[derive(Serialize, ToSchema)]
pub struct WeightsBody {
    pub response: u32,
    pub resolution: u32,
    pub satisfaction: u32,
}

/// A month's ranking.
#[derive(Serialize, ToSchema)]
pub struct UnitsBody {
    #[schema(pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$")]
    pub month: String,
    #[schema(pattern = r"^(street|department|enterprise)$")]
    pub kind: String,
    /// Closed by the assessment office: the figures are the frozen ones.
    pub frozen: bool,
    #[schema(schema_with = crate::api::instant_opt)]
    pub frozen_at: Option<String>,
    /// Closings that changed since the month was frozen.
    pub differences: i64,
    pub weights: WeightsBody,
    /// The class's scheme in force in the month.
    pub scheme: SchemeBody,
    pub top_n: u32,
    /// The fewest assessed cases a unit needs in the month to be ranked (setting, default 10).
    pub min_cases: i64,
    /// The dispatch centre's own time: the month's cases from the call to their first routing (units answer for the
    /// time after).
    pub dispatch: DispatchBody,
    pub rows: Vec<UnitRowBody>,
}

/// The dispatch centre's time to routing over the month's cases.
#[derive(Serialize, ToSchema)]
pub struct DispatchBody {
    pub routed: i64,
    /// Minutes from the call to the first routing: the median and the 90th percentile (nearest rank).
    pub median_minutes: Option<f64>,
    pub p90_minutes: Option<f64>,
    /// Open cases of the month not routed yet.
    pub waiting: i64,
}

pub(crate) fn units_body(r: &Ranking) -> UnitsBody {
    UnitsBody {
        month: r.month.to_string(),
        kind: r.kind.code().to_owned(),
        frozen: r.frozen.is_some(),
        frozen_at: r.frozen.as_ref().map(|f| iso(f.frozen_at)),
        differences: r.differences as i64,
        weights: WeightsBody {
            response: r.scheme.weights.response,
            resolution: r.scheme.weights.resolution,
            satisfaction: r.scheme.weights.satisfaction,
        },
        scheme: scheme_body(&r.scheme),
        top_n: r.top_n,
        min_cases: r.min_cases,
        dispatch: DispatchBody {
            routed: r.dispatch.routed,
            median_minutes: r
                .dispatch
                .median_ms
                .map(|m| (m as f64 / 600.0).round() / 100.0),
            p90_minutes: r
                .dispatch
                .p90_ms
                .map(|m| (m as f64 / 600.0).round() / 100.0),
            waiting: r.dispatch.waiting,
        },
        rows: r
            .rows
            .iter()
            .map(|row| UnitRowBody {
                unit: unit_body(&row.unit),
                cases: row.figures.cases,
                response_rate: row.figures.response.value(),
                resolution_rate: row.figures.resolution.value(),
                satisfaction_rate: row.figures.satisfaction.value(),
                score: round2(row.score),
                rank: row.rank,
                on_time_rate: row.figures.on_time.value(),
                redo_rate: row.figures.redo.value(),
                send_backs: row.send_backs,
                top: row.top,
                bottom: row.bottom,
                flagged: row.flagged,
                ranked: row.ranked,
                volume: row.figures.cases,
                per_10k_residents: round2(row.per_10k()),
                class: r.kind.code().to_owned(),
                weights: WeightsBody {
                    response: r.scheme.weights.response,
                    resolution: r.scheme.weights.resolution,
                    satisfaction: r.scheme.weights.satisfaction,
                },
                rates_score: round2(row.rates_score),
                street_share: round2(row.street_share),
                street_share_percent: r.scheme.street_share,
                streets: row
                    .services
                    .iter()
                    .map(|s| StreetScoreBody {
                        street: unit_body(&s.street),
                        whistles: whistle_body(&s.whistles),
                        cases: s.figures.cases,
                        case_score: round2(s.case_score),
                        score: round2(s.score),
                    })
                    .collect(),
                figures: figures_body(&row.figures),
                whistles: whistle_body(&row.whistles),
            })
            .collect(),
    }
}

/// The district's ranking of streets (with their communities' cases), departments or enterprises for a month, on
/// the three rates (响应率、解决率、满意率) and the weighted score; the top and bottom named. Any staff member may
/// read it.
#[utoipa::path(
    operation_id = "assessment_units",
    get, path = "/api/v1/assessment/units", tag = "assessment",
    params(
        ("month" = String, Query, pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$", description = "YYYY-MM, Beijing time"),
        ("kind" = String, Query, pattern = r"^(street|department|enterprise)$"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the ranking", body = UnitsBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn units(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    only(&query, &["month", "kind"], &mut errors);
    let month = month_query(&query, &mut errors);
    let kind = match query.0.get("kind") {
        None => {
            errors.add("kind", "required");
            None
        }
        Some(k) => {
            let kind = RankedKind::parse(k);
            if kind.is_none() {
                errors.add("kind", "invalid_choice");
            }
            kind
        }
    };
    let (Some(month), Some(kind), true) = (month, kind, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let r = use_cases::ranking(&state.app, &staff.principal(&addr), month, kind).await?;
    Ok(Json(units_body(&r)).into_response())
}

/// The month of a query that takes nothing else.
fn month_only(query: &QueryData) -> Result<Month, AppError> {
    let mut errors = ValidationErrors::default();
    only(query, &["month"], &mut errors);
    let month = month_query(query, &mut errors);
    match (month, errors.is_empty()) {
        (Some(month), true) => Ok(month),
        _ => Err(AppError::Validation(errors)),
    }
}

/// One unit's petitions closed in the month.
#[derive(Serialize, ToSchema)]
pub struct PetitionUnitBody {
    pub unit_id: String,
    pub unit: String,
    pub petitions: i64,
    /// Accepted (受理) within the days to decide, of all the unit's petitions closed in the month.
    pub accepted_in_time: FigureRate,
    /// Answered by the handling deadline in force (按期办结).
    pub answered_in_time: FigureRate,
    /// The petitioners' satisfaction with the answer, in tenths (satisfied 10, basic 8, dissatisfied 0).
    pub satisfaction: FigureRate,
    /// How many went on to 复查 or 复核.
    pub reviewed: i64,
}

/// The month's petition table.
#[derive(Serialize, ToSchema)]
pub struct PetitionsBody {
    pub month: String,
    /// The month is frozen: these are its figures as frozen.
    pub frozen: bool,
    pub units: Vec<PetitionUnitBody>,
}

/// The month's petitions (信访) per unit, evaluated on their own terms and never in the hotline's three rates
/// (信访工作条例): accepted on time, answered on time, satisfaction with the answer, reviews asked. Any staff member may
/// read it.
#[utoipa::path(
    operation_id = "assessment_petitions",
    get, path = "/api/v1/assessment/petitions", tag = "assessment",
    params(
        ("month" = String, Query, pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$", description = "YYYY-MM, Beijing time"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the petition table", body = PetitionsBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn petitions(
    State(state): State<AppState>,
    _staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = month_only(&query)?;
    let (rows, frozen) = use_cases::petitions(&state.app, month).await?;
    Ok(Json(PetitionsBody {
        month: month.to_string(),
        frozen,
        units: rows
            .iter()
            .map(|r| PetitionUnitBody {
                unit_id: r.unit_id.to_string(),
                unit: r.unit_name.clone(),
                petitions: r.tally.petitions,
                accepted_in_time: rate_body(r.tally.accepted()),
                answered_in_time: rate_body(r.tally.answered()),
                satisfaction: rate_body(r.tally.satisfaction()),
                reviewed: r.tally.reviewed,
            })
            .collect(),
    })
    .into_response())
}

/// One closing behind a figure.
#[derive(Serialize, ToSchema)]
pub struct ClosingBody {
    #[schema(schema_with = strings::case_no)]
    pub case_no: String,
    pub title: String,
    /// 1: the first handling; 2: the redo after a reopen.
    pub round: i64,
    #[schema(schema_with = crate::api::instant)]
    pub closed_at: String,
    pub agent: Option<String>,
    pub contacted_in_time: bool,
    pub on_time: bool,
    pub resolved: Option<bool>,
    #[schema(pattern = r"^(satisfied|basic|dissatisfied)$")]
    pub satisfaction: Option<String>,
    /// What this closing adds to the figure's numerator (tenths for satisfaction).
    pub counts: i64,
}

fn closing_body(c: &ClosingRow, counts: i64) -> ClosingBody {
    ClosingBody {
        case_no: c.case_no.as_str().to_owned(),
        title: c.title.clone(),
        round: c.round,
        closed_at: iso(c.closed_at),
        agent: c.agent_name.clone(),
        contacted_in_time: c.contacted_in_time,
        on_time: c.on_time,
        resolved: c.resolved,
        satisfaction: c.satisfaction.map(|s| s.code().to_owned()),
        counts,
    }
}

/// The cases behind one figure.
#[derive(Serialize, ToSchema)]
pub struct FigureCasesBody {
    pub unit: UnitBody,
    pub month: String,
    #[schema(pattern = r"^(cases|response|resolution|satisfaction|on_time|redo)$")]
    pub measure: String,
    pub frozen: bool,
    pub rate: FigureRate,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub items: Vec<ClosingBody>,
}

fn figure_cases_body(f: &FigureCases) -> FigureCasesBody {
    FigureCasesBody {
        unit: unit_body(&f.unit),
        month: f.month.to_string(),
        measure: f.measure.code().to_owned(),
        frozen: f.frozen,
        rate: rate_body(f.rate),
        total: f.page.total,
        page: f.page.page,
        per_page: f.page.per_page,
        items: f
            .page
            .items
            .iter()
            .map(|(c, n)| closing_body(c, *n))
            .collect(),
    }
}

/// The cases behind a unit's figure in a month: the figure's denominator (all assessed cases; the rated ones for
/// resolution and satisfaction), each with what it adds to the numerator. District roles see every unit's; other
/// staff their own unit's (a street also its communities'); `street` narrows to the cases placed in a street.
#[utoipa::path(
    operation_id = "assessment_unit_cases",
    get, path = "/api/v1/assessment/units/{code}/cases", tag = "assessment",
    params(
        ("code" = String, Path, pattern = r"^[a-z][a-z0-9._-]{0,63}$"),
        ("month" = String, Query, pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$"),
        ("measure" = Option<String>, Query, pattern = r"^(cases|response|resolution|satisfaction|on_time|redo)$"),
        ("street" = Option<String>, Query, pattern = r"^[a-z][a-z0-9._-]{0,63}$"),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 100000),
        ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the cases", body = FigureCasesBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "not_your_unit", body = ErrorBody),
        (status = 404, description = "no such unit or street", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn unit_cases(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(code): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    only(
        &query,
        &["month", "measure", "street", "page", "per_page"],
        &mut errors,
    );
    let month = month_query(&query, &mut errors);
    let measure = match query.0.get("measure") {
        None => Some(Measure::Cases),
        Some(m) => {
            let parsed = Measure::parse(m);
            if parsed.is_none() {
                errors.add("measure", "invalid_choice");
            }
            parsed
        }
    };
    let street = query.0.get("street").cloned();
    if street
        .as_deref()
        .is_some_and(|s| s.is_empty() || s.len() > 100)
    {
        errors.add("street", "invalid");
    }
    let page = crate::api::page_params(&mut errors, &query.0, 50);
    let (Some(month), Some(measure), true) = (month, measure, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let f = use_cases::figure_cases(
        &state.app,
        &staff.principal(&addr),
        &code,
        month,
        measure,
        street.as_deref(),
        page,
    )
    .await?;
    Ok(Json(figure_cases_body(&f)).into_response())
}

/// A department as a street scored it.
#[derive(Serialize, ToSchema)]
pub struct ServiceRowBody {
    pub unit: UnitBody,
    pub whistles: UnitWhistles,
    /// The department's cases placed in the street.
    pub cases: i64,
    pub figures: FiguresBody,
    pub case_score: Option<f64>,
    pub score: Option<f64>,
    #[schema(minimum = 1)]
    pub rank: Option<u32>,
}

/// A street's scoring of the departments that served it (块考核条).
#[derive(Serialize, ToSchema)]
pub struct StreetBody {
    pub street: UnitBody,
    pub month: String,
    /// The weights: reports in time, the street's ratings, the cases placed in the street.
    pub weights: Vec<u32>,
    pub rows: Vec<ServiceRowBody>,
}

pub(crate) fn street_body(v: &StreetView) -> StreetBody {
    StreetBody {
        street: unit_body(&v.street),
        month: v.month.to_string(),
        weights: vec![v.weights.reports, v.weights.ratings, v.weights.cases],
        rows: v
            .rows
            .iter()
            .map(|r| ServiceRowBody {
                unit: unit_body(&r.unit),
                whistles: whistle_body(&r.whistles),
                cases: r.figures.cases,
                figures: figures_body(&r.figures),
                case_score: round2(r.case_score),
                score: round2(r.score),
                rank: r.rank,
            })
            .collect(),
    }
}

/// A street's scoring of the departments and enterprises that served it in a month: whistle reports in time, the
/// street's ratings, and their cases placed in the street. The street's own people and district roles.
#[utoipa::path(
    operation_id = "assessment_street",
    get, path = "/api/v1/assessment/streets/{code}", tag = "assessment",
    params(
        ("code" = String, Path, pattern = r"^[a-z][a-z0-9._-]{0,63}$"),
        ("month" = String, Query, pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the scoring", body = StreetBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "not_your_street", body = ErrorBody),
        (status = 404, description = "no such street", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn street(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(code): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = month_only(&query)?;
    let v = use_cases::street_view(&state.app, &staff.principal(&addr), &code, month).await?;
    Ok(Json(street_body(&v)).into_response())
}

/// The district's figures in one month.
#[derive(Serialize, ToSchema)]
pub struct TrendPoint {
    pub month: String,
    pub cases: i64,
    pub response_rate: Option<f64>,
    pub resolution_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
}

/// The district's three rates month by month, oldest first (official figures: frozen months as frozen).
#[utoipa::path(
    operation_id = "assessment_trend",
    get, path = "/api/v1/assessment/trend", tag = "assessment",
    params(
        ("month" = String, Query, pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$", description = "the last month"),
        ("months" = Option<u32>, Query, minimum = 1, maximum = 24),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the trend", body = Vec<TrendPoint>),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn trend(
    State(state): State<AppState>,
    _staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    only(&query, &["month", "months"], &mut errors);
    let month = month_query(&query, &mut errors);
    let months = query_int(
        &mut errors,
        "months",
        query.0.get("months").map(String::as_str),
        1,
        24,
    )
    .unwrap_or(12);
    let (Some(month), true) = (month, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let points = use_cases::trend(&state.app, month, months as usize).await?;
    Ok(Json(
        points
            .iter()
            .map(|(m, f)| trend_point(*m, f))
            .collect::<Vec<_>>(),
    )
    .into_response())
}

pub(crate) fn trend_point(m: Month, f: &Figures) -> TrendPoint {
    TrendPoint {
        month: m.to_string(),
        cases: f.cases,
        response_rate: f.response.value(),
        resolution_rate: f.resolution.value(),
        satisfaction_rate: f.satisfaction.value(),
    }
}

/// A frozen month.
#[derive(Serialize, ToSchema)]
pub struct FrozenBody {
    pub month: String,
    /// Closings copied.
    pub closings: i64,
}

/// Closes (freezes) a month that is over: its closings are copied as they stand; the rankings then show the frozen
/// figures and later changes as differences. The assessment office only; once per month.
#[utoipa::path(
    operation_id = "assessment_freeze",
    post, path = "/api/v1/assessment/months/{month}/freeze", tag = "assessment",
    params(("month" = String, Path, pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "frozen", body = FrozenBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "the assessment office only", body = ErrorBody),
        (status = 409, description = "month_open (not over yet), month_frozen", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn freeze(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(month): Path<String>,
) -> Result<Response, AppError> {
    let month = month_path(&month)?;
    let closings = use_cases::freeze(&state.app, &staff.principal(&addr), month).await?;
    Ok(Json(FrozenBody {
        month: month.to_string(),
        closings,
    })
    .into_response())
}

/// A closing as frozen and as it is now (null where there is none).
#[derive(Serialize, ToSchema)]
pub struct DifferenceBody {
    pub before: Option<ClosingBody>,
    pub after: Option<ClosingBody>,
}

pub(crate) fn difference_body(d: &ClosingDifference) -> DifferenceBody {
    DifferenceBody {
        before: d.before.as_ref().map(|c| closing_body(c, 0)),
        after: d.after.as_ref().map(|c| closing_body(c, 0)),
    }
}

/// The closings of a frozen month that differ now (a late verdict, a closing recorded late); empty for a month
/// that is not frozen. District roles see the district's, others their own unit's.
#[utoipa::path(
    operation_id = "assessment_differences",
    get, path = "/api/v1/assessment/months/{month}/differences", tag = "assessment",
    params(("month" = String, Path, pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the differences", body = Vec<DifferenceBody>),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn differences(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(month): Path<String>,
) -> Result<Response, AppError> {
    let month = month_path(&month)?;
    let d = use_cases::differences(&state.app, &staff.principal(&addr), month).await?;
    Ok(Json(d.iter().map(difference_body).collect::<Vec<_>>()).into_response())
}

/// The month's report as an XLSX workbook: a sheet per ranking, numbers in real cells, no formulas.
#[utoipa::path(
    operation_id = "assessment_report",
    get, path = "/api/v1/assessment/report", tag = "assessment",
    params(("month" = String, Query, pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the workbook", content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn report(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = month_only(&query)?;
    xlsx_response(&state, &staff, &addr, month).await
}

pub(crate) async fn xlsx_response(
    state: &AppState,
    staff: &Staff,
    addr: &ClientAddr,
    month: Month,
) -> Result<Response, AppError> {
    let bytes = use_cases::report_xlsx(&state.app, &staff.principal(addr), month).await?;
    crate::cases::common::download_response(
        &format!("考核月报-{month}.xlsx"),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        bytes,
    )
}

/// A cadre performance entry and its evidence.
#[derive(Serialize, ToSchema)]
pub struct EntryBody {
    pub id: String,
    pub user_id: String,
    pub user: String,
    #[schema(
        pattern = r"^(redo_satisfied|overdue|send_back_approved|whistle_late|high_street_rating|leader_case_resolved|mediation_settled)$"
    )]
    pub kind: String,
    pub positive: bool,
    #[schema(schema_with = crate::api::instant)]
    pub at: String,
    /// `case` or `whistle`, and its number.
    pub evidence: String,
    pub label: String,
    #[schema(pattern = r"^(proposed|confirmed|rejected)$")]
    pub status: String,
    pub reviewed_by: Option<String>,
    pub reason: String,
}

pub(crate) fn entry_body(e: &Entry) -> EntryBody {
    EntryBody {
        id: e.id.clone(),
        user_id: e.user_id.to_string(),
        user: e.user_name.clone(),
        kind: e.kind.code().to_owned(),
        positive: e.kind.positive(),
        at: iso(e.at),
        evidence: e.evidence.clone(),
        label: e.label.clone(),
        status: e.status.code().to_owned(),
        reviewed_by: e.reviewed_by.clone(),
        reason: e.reason.clone(),
    }
}

crate::api::paged_list! {
    /// A page of entries.
    EntryList of EntryBody
}

/// The period of a summary or list: `from` and `to` dates (Beijing), both included.
fn period(
    query: &QueryData,
    errors: &mut ValidationErrors,
    form: bool,
) -> (Option<i64>, Option<i64>) {
    let day = |field: &'static str, errors: &mut ValidationErrors, end: bool| match query
        .0
        .get(field)
        .filter(|v| !(form && v.is_empty()))
    {
        None => None,
        Some(v) => match parse_date(v) {
            Some(d) => {
                Some(gongzhi_domain::calendar::start_of(d) + if end { 86_400_000 } else { 0 })
            }
            None => {
                errors.add(field, "not_a_date");
                None
            }
        },
    };
    (day("from", errors, false), day("to", errors, true))
}

/// Cadre performance entries (干部实绩档案), proposed from events and reviewed: one's own; a unit head's unit's; the
/// assessment office's and leaders' all.
#[utoipa::path(
    operation_id = "assessment_records",
    get, path = "/api/v1/assessment/records", tag = "assessment",
    params(
        ("user" = Option<String>, Query, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
        ("status" = Option<String>, Query, pattern = r"^(proposed|confirmed|rejected)$"),
        ("from" = Option<String>, Query, format = Date),
        ("to" = Option<String>, Query, format = Date),
        ("page" = Option<u32>, Query, minimum = 1, maximum = 100000),
        ("per_page" = Option<u32>, Query, minimum = 1, maximum = 200),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the entries", body = EntryList),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn records(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    only(
        &query,
        &["user", "status", "from", "to", "page", "per_page"],
        &mut errors,
    );
    let filter = entry_filter(&query, &mut errors, false);
    let page = crate::api::page_params(&mut errors, &query.0, 50);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let found = use_cases::entries(&state.app, &staff.principal(&addr), filter, page).await?;
    Ok(Json(EntryList {
        total: found.total,
        page: found.page,
        per_page: found.per_page,
        items: found.items.iter().map(entry_body).collect(),
    })
    .into_response())
}

/// The entries' filter from a query; a form (`form`) may send empty fields, which then mean "any".
pub(crate) fn entry_filter(
    query: &QueryData,
    errors: &mut ValidationErrors,
    form: bool,
) -> EntryFilter {
    let present = |k: &str| query.0.get(k).filter(|v| !(form && v.is_empty()));
    let user = match present("user") {
        None => None,
        Some(u) => match parse_uuid(u).and_then(|u| UserId::parse(&u.to_string())) {
            Some(u) => Some(u),
            None => {
                errors.add("user", "invalid");
                None
            }
        },
    };
    let status = match present("status") {
        None => None,
        Some(s) => {
            let parsed = EntryStatus::parse(s);
            if parsed.is_none() {
                errors.add("status", "invalid_choice");
            }
            parsed
        }
    };
    let (from, until) = period(query, errors, form);
    EntryFilter {
        user,
        units: None,
        status,
        from,
        until,
    }
}

/// A reviewer's decision on a proposed entry.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryReviewBody {
    #[schema(pattern = r"^(confirm|reject)$")]
    pub decision: String,
    #[schema(schema_with = strings::text_200)]
    pub reason: String,
}

impl Checked for EntryReviewBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if !matches!(self.decision.as_str(), "confirm" | "reject") {
            errors.add("decision", "invalid_choice");
        }
        if self.reason.trim().is_empty() {
            errors.add("reason", "required");
        }
        crate::api::check_len(errors, "reason", &self.reason, 200);
    }
}

/// Confirms or rejects a proposed entry with a reason: the assessment office any, a unit head their unit's, never
/// one's own.
#[utoipa::path(
    operation_id = "assessment_review_entry",
    post, path = "/api/v1/assessment/records/{id}/review", tag = "assessment",
    params(("id" = String, Path, max_length = 300, pattern = r"^[a-z_]+:[0-9a-f:-]+$")),
    request_body = EntryReviewBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "decided", body = EntryBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "not_reviewer, own_entry", body = ErrorBody),
        (status = 404, description = "no such entry", body = ErrorBody),
        (status = 409, description = "already_decided", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn review(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<EntryReviewBody>,
) -> Result<Response, AppError> {
    let e = use_cases::review(
        &state.app,
        &staff.principal(&addr),
        &id,
        body.decision == "confirm",
        &body.reason,
    )
    .await?;
    Ok(Json(entry_body(&e)).into_response())
}

/// A reviewer's decision on a batch of proposed entries, with one reason.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchReviewBody {
    /// The entries decided together (1–500; a repeated id counts once).
    #[schema(schema_with = entry_ids)]
    pub ids: Vec<String>,
    #[schema(pattern = r"^(confirm|reject)$")]
    pub decision: String,
    #[schema(schema_with = strings::text_200)]
    pub reason: String,
}

impl Checked for BatchReviewBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if !matches!(self.decision.as_str(), "confirm" | "reject") {
            errors.add("decision", "invalid_choice");
        }
        if self.ids.is_empty() {
            errors.add("ids", "required");
        } else if self.ids.len() > 500 {
            errors.add("ids", "too_many");
        }
        if self.ids.iter().any(|i| i.len() > 300) {
            errors.add("ids", "too_long");
        }
        if self.reason.trim().is_empty() {
            errors.add("reason", "required");
        }
        crate::api::check_len(errors, "reason", &self.reason, 200);
    }
}

fn entry_ids() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(crate::api::string_schema(
            Some(3),
            Some(300),
            Some(r"^[a-z_]+:[0-9a-f:-]+$"),
            false,
        ))
        .min_items(Some(1))
        .max_items(Some(500))
        .into()
}

/// How many entries a batch decided.
#[derive(Serialize, ToSchema)]
pub struct BatchReviewed {
    pub decided: u64,
}

/// Confirms or rejects a reviewed batch of proposed entries with one reason: every entry must be the reviewer's to
/// decide (the assessment office any, a unit head their unit's, never one's own) and still proposed, or nothing is
/// decided. Each entry keeps the evidence it links.
#[utoipa::path(
    operation_id = "assessment_review_entries",
    post, path = "/api/v1/assessment/records/review", tag = "assessment",
    request_body = BatchReviewBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "decided", body = BatchReviewed),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "not_reviewer, own_entry", body = ErrorBody),
        (status = 404, description = "no such entry", body = ErrorBody),
        (status = 409, description = "already_decided", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn review_batch(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<BatchReviewBody>,
) -> Result<Response, AppError> {
    let decided = use_cases::review_batch(
        &state.app,
        &staff.principal(&addr),
        &body.ids,
        body.decision == "confirm",
        &body.reason,
    )
    .await?;
    Ok(Json(BatchReviewed { decided }).into_response())
}

/// A person's entries of one kind over the period./// A person's entries of one kind over the period.
#[derive(Serialize, ToSchema)]
pub struct SummaryRow {
    pub kind: String,
    pub positive: bool,
    pub confirmed: i64,
    pub proposed: i64,
    pub rejected: i64,
}

/// A person's performance record over a period.
#[derive(Serialize, ToSchema)]
pub struct SummaryBody {
    pub user: String,
    pub rows: Vec<SummaryRow>,
}

/// A person's record over a period (`from` and `to` dates, both included; all time without them): oneself, one's
/// unit head, the assessment office and leaders.
#[utoipa::path(
    operation_id = "assessment_summary",
    get, path = "/api/v1/assessment/people/{id}/summary", tag = "assessment",
    params(
        ("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$"),
        ("from" = Option<String>, Query, format = Date),
        ("to" = Option<String>, Query, format = Date),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the summary", body = SummaryBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 404, description = "no such person", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn summary(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let user = parse_uuid(&id)
        .and_then(|u| UserId::parse(&u.to_string()))
        .ok_or(AppError::NotFound)?;
    let mut errors = ValidationErrors::default();
    only(&query, &["from", "to"], &mut errors);
    let (from, until) = period(&query, &mut errors, false);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let s = use_cases::summary(
        &state.app,
        &staff.principal(&addr),
        user,
        from.unwrap_or(0),
        until.unwrap_or(i64::MAX),
    )
    .await?;
    Ok(Json(summary_body(&s)).into_response())
}

pub(crate) fn summary_body(s: &use_cases::Summary) -> SummaryBody {
    SummaryBody {
        user: s.name.clone(),
        rows: s
            .rows
            .iter()
            .map(|(k, [c, p, r])| SummaryRow {
                kind: k.code().to_owned(),
                positive: EntryKind::positive(*k),
                confirmed: *c,
                proposed: *p,
                rejected: *r,
            })
            .collect(),
    }
}

/// A surge (每月一题's early warning).
#[derive(Serialize, ToSchema)]
pub struct HotspotBody {
    pub category: String,
    pub name: String,
    pub street: Option<UnitBody>,
    pub community: Option<UnitBody>,
    pub count: i64,
    /// The count of the same month a year earlier.
    pub baseline: f64,
    /// `(count − baseline) / √max(baseline, 1)`.
    pub z: f64,
}

/// The month's surges, an early warning beside the year's themes: a category in a street or community surges when
/// its count is at least 5, at least twice the count of the same month a year earlier, and
/// `(n − μ) / √max(μ, 1) ≥ 3` (Poisson), so that a season does not fire it.
#[utoipa::path(
    operation_id = "assessment_hotspots",
    get, path = "/api/v1/assessment/hotspots", tag = "assessment",
    params(("month" = String, Query, pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "hottest first", body = Vec<HotspotBody>),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn hotspots(
    State(state): State<AppState>,
    _staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = month_only(&query)?;
    let h = use_cases::hotspots(&state.app, month).await?;
    Ok(Json(
        h.iter()
            .map(|h| HotspotBody {
                category: h.category_code.clone(),
                name: h.category_name.clone(),
                street: h.street.as_ref().map(unit_body),
                community: h.community.as_ref().map(unit_body),
                count: h.count,
                baseline: (h.baseline * 100.0).round() / 100.0,
                z: (h.z * 100.0).round() / 100.0,
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

/// A candidate for the year's themes: a category over the twelve months.
#[derive(Serialize, ToSchema)]
pub struct CandidateBody {
    pub category: String,
    pub name: String,
    /// Calls received, duplicates included.
    pub cases: i64,
    /// Calls merged into an earlier case of the same matter, and cases reopened.
    pub repeats: i64,
    pub rated: i64,
    pub dissatisfied: i64,
    /// Dissatisfied verdicts ÷ verdicts (0 without verdicts).
    pub dissatisfied_share: f64,
    /// Streets with at least one call.
    pub streets: i64,
    /// The mean of the four measures' percentiles, 0–1 (equal weights).
    pub index: f64,
    /// Already chosen as a district-wide theme of the year.
    pub chosen: bool,
}

/// The candidates for the year's themes.
#[derive(Serialize, ToSchema)]
pub struct CandidatesBody {
    /// The twelve months looked at, first and last.
    pub from: String,
    pub to: String,
    pub year: i64,
    pub candidates: Vec<CandidateBody>,
}

/// The year of a query (`year`, 2000–2199), or the current one.
fn year_query(state: &AppState, query: &QueryData, errors: &mut ValidationErrors) -> i64 {
    match query.0.get("year") {
        None => Month::of(state.app.now()).yyyymm() / 100,
        Some(y) => match y.parse::<i64>() {
            Ok(n) if (2000..=2199).contains(&n) && n.to_string() == *y => n,
            _ => {
                errors.add("year", "invalid_year");
                0
            }
        },
    }
}

/// The candidates for a year's themes (每月一题), ranked from the twelve months ending with `month` (default: the last
/// complete month) on volume, repeat calls, dissatisfaction and spread across streets. Any staff member may read
/// them.
#[utoipa::path(
    operation_id = "assessment_topic_candidates",
    get, path = "/api/v1/assessment/topics/candidates", tag = "assessment",
    params(
        ("month" = Option<String>, Query, pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$", description = "the window's last month"),
        ("year" = Option<i64>, Query, minimum = 2000, maximum = 2199, description = "the year being chosen for (default: this year)"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "highest index first", body = CandidatesBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn candidates(
    State(state): State<AppState>,
    _staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    only(&query, &["month", "year"], &mut errors);
    let month = match query.0.get("month") {
        None => Some(Month::of(state.app.now()).previous()),
        Some(_) => month_query(&query, &mut errors),
    };
    let year = year_query(&state, &query, &mut errors);
    let (Some(month), true) = (month, errors.is_empty()) else {
        return Err(AppError::Validation(errors));
    };
    let c = use_cases::candidates(&state.app, month, year).await?;
    Ok(Json(CandidatesBody {
        from: month
            .trailing(use_cases::CANDIDATE_MONTHS)
            .first()
            .copied()
            .unwrap_or(month)
            .to_string(),
        to: month.to_string(),
        year,
        candidates: c
            .iter()
            .map(|c| CandidateBody {
                category: c.category_code.clone(),
                name: c.category_name.clone(),
                cases: c.figures.cases,
                repeats: c.figures.repeats,
                rated: c.figures.rated,
                dissatisfied: c.figures.dissatisfied,
                dissatisfied_share: (c.figures.dissatisfied_share() * 10_000.0).round() / 10_000.0,
                streets: c.figures.streets,
                index: (c.index * 10_000.0).round() / 10_000.0,
                chosen: c.chosen,
            })
            .collect(),
    })
    .into_response())
}

/// A theme's month: calls, and the verdicts on its closings.
#[derive(Serialize, ToSchema)]
pub struct TopicMonthBody {
    pub month: String,
    pub cases: i64,
    pub rated: i64,
    pub resolution_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
}

/// A theme's baseline, fixed when it was chosen.
#[derive(Serialize, ToSchema)]
pub struct TopicBaselineBody {
    pub months: i64,
    pub cases: i64,
    pub cases_per_month: f64,
    pub resolution_rate: Option<f64>,
    pub satisfaction_rate: Option<f64>,
}

/// A theme's targets in percent.
#[derive(Serialize, ToSchema)]
pub struct TopicTargetsBody {
    /// Fewer calls a month than the baseline's monthly mean.
    pub reduction: Option<i64>,
    pub resolution: Option<i64>,
    pub satisfaction: Option<i64>,
}

/// One of a year's themes with its monthly progress against its baseline.
#[derive(Serialize, ToSchema)]
pub struct TopicBody {
    pub id: String,
    pub year: i64,
    /// The month it was chosen in.
    pub chosen_in: String,
    pub category: String,
    pub category_name: String,
    pub place: String,
    pub title: String,
    pub lead_unit: String,
    /// The measures (措施).
    pub tasks: String,
    #[schema(schema_with = crate::api::instant)]
    pub due_at: String,
    pub baseline: TopicBaselineBody,
    pub targets: TopicTargetsBody,
    #[schema(pattern = r"^(open|done)$")]
    pub status: String,
    pub progress: String,
    pub version: i64,
    /// Each month of the year up to now.
    pub months: Vec<TopicMonthBody>,
}

fn rate4(v: Option<f64>) -> Option<f64> {
    v.map(|v| (v * 10_000.0).round() / 10_000.0)
}

pub(crate) fn topic_body(t: &TopicView) -> TopicBody {
    TopicBody {
        id: t.topic.id.clone(),
        year: t.topic.year,
        chosen_in: t.topic.month.to_string(),
        category: t.topic.category_code.clone(),
        category_name: t.category_name.clone(),
        place: t.place.clone(),
        title: t.topic.title.clone(),
        lead_unit: t.lead_unit.clone(),
        tasks: t.topic.tasks.clone(),
        due_at: iso(t.topic.due_at),
        baseline: TopicBaselineBody {
            months: t.topic.baseline.months,
            cases: t.topic.baseline.cases,
            cases_per_month: (t.baseline_per_month() * 100.0).round() / 100.0,
            resolution_rate: rate4(t.baseline_resolution()),
            satisfaction_rate: rate4(t.baseline_satisfaction()),
        },
        targets: TopicTargetsBody {
            reduction: t.topic.targets.reduction,
            resolution: t.topic.targets.resolution,
            satisfaction: t.topic.targets.satisfaction,
        },
        status: t.topic.status.clone(),
        progress: t.topic.progress.clone(),
        version: t.topic.version,
        months: t
            .months
            .iter()
            .map(|m| TopicMonthBody {
                month: m.month.to_string(),
                cases: m.figures.cases,
                rated: m.figures.rated,
                resolution_rate: rate4(m.resolution()),
                satisfaction_rate: rate4(m.satisfaction()),
            })
            .collect(),
    }
}

/// A year's themes (每月一题) with their monthly progress: calls, resolution and satisfaction against the baseline.
#[utoipa::path(
    operation_id = "assessment_topics",
    get, path = "/api/v1/assessment/topics", tag = "assessment",
    params(("year" = Option<i64>, Query, minimum = 2000, maximum = 2199, description = "default: this year")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the year's themes", body = Vec<TopicBody>),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn topics(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    only(&query, &["year"], &mut errors);
    let year = year_query(&state, &query, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let t = use_cases::topics(&state.app, &staff.principal(&addr), year).await?;
    Ok(Json(t.iter().map(topic_body).collect::<Vec<_>>()).into_response())
}

/// A theme to choose.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AdoptBody {
    /// This year or next.
    #[schema(minimum = 2000, maximum = 2199)]
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub year: i64,
    /// The catalogue category's code.
    #[schema(min_length = 1, max_length = 50)]
    pub category: String,
    /// The street's unit code, or empty for the whole district.
    #[schema(max_length = 100)]
    #[serde(default)]
    pub street: String,
    /// The community's unit code (in the street), or empty.
    #[schema(max_length = 100)]
    #[serde(default)]
    pub community: String,
    #[schema(schema_with = strings::text_100)]
    pub title: String,
    /// The lead unit's code.
    #[schema(min_length = 1, max_length = 100)]
    pub lead_unit: String,
    /// The measures (措施).
    #[schema(schema_with = strings::text_2000)]
    pub tasks: String,
    /// The deadline's date (the end of that day, Beijing time).
    #[schema(format = Date)]
    pub due: String,
    /// Percent fewer calls a month than the baseline.
    #[schema(minimum = 0, maximum = 100)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub target_reduction: Option<i64>,
    /// The resolution rate to reach, percent.
    #[schema(minimum = 0, maximum = 100)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub target_resolution: Option<i64>,
    /// The satisfaction rate to reach, percent.
    #[schema(minimum = 0, maximum = 100)]
    #[serde(default, deserialize_with = "crate::api::whole::opt")]
    pub target_satisfaction: Option<i64>,
}

impl Checked for AdoptBody {
    fn check(&self, errors: &mut ValidationErrors) {
        crate::api::check_len(errors, "title", &self.title, 100);
        crate::api::check_len(errors, "tasks", &self.tasks, 2000);
        if parse_date(&self.due).is_none() {
            errors.add("due", "not_a_date");
        }
        if !(2000..=2199).contains(&self.year) {
            errors.add("year", "invalid_year");
        }
        for (field, v) in [
            ("target_reduction", self.target_reduction),
            ("target_resolution", self.target_resolution),
            ("target_satisfaction", self.target_satisfaction),
        ] {
            if v.is_some_and(|v| !(0..=100).contains(&v)) {
                errors.add(field, "out_of_range");
            }
        }
    }
}

/// Chooses one of the year's themes (每月一题): a category, district-wide or in a street or community, with a lead
/// unit, measures, a deadline and targets; its baseline is the twelve complete months before. The assessment office
/// or a leader; this year or next (`topic_year`); one theme per category and place in a year (`topic_exists`).
#[utoipa::path(
    operation_id = "assessment_adopt_topic",
    post, path = "/api/v1/assessment/topics", tag = "assessment",
    request_body = AdoptBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "chosen", body = TopicBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "the assessment office or a leader", body = ErrorBody),
        (status = 409, description = "topic_exists, topic_year, due_in_the_past", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn adopt(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<AdoptBody>,
) -> Result<Response, AppError> {
    let input = TopicInput {
        year: body.year,
        category: body.category,
        street: body.street,
        community: body.community,
        title: body.title,
        lead_unit: body.lead_unit,
        tasks: body.tasks,
        due: body.due,
        target_reduction: body.target_reduction,
        target_resolution: body.target_resolution,
        target_satisfaction: body.target_satisfaction,
    };
    let principal = staff.principal(&addr);
    let t = use_cases::adopt_topic(&state.app, &principal, &input).await?;
    let view = use_cases::topics(&state.app, &principal, t.year)
        .await?
        .into_iter()
        .find(|v| v.topic.id == t.id)
        .ok_or(AppError::NotFound)?;
    Ok((axum::http::StatusCode::CREATED, Json(topic_body(&view))).into_response())
}

/// Progress on a topic.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicProgressBody {
    #[schema(schema_with = strings::text_4000)]
    pub progress: String,
    #[serde(default)]
    pub done: bool,
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub version: i64,
}

impl Checked for TopicProgressBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if self.progress.trim().is_empty() {
            errors.add("progress", "required");
        }
        crate::api::check_len(errors, "progress", &self.progress, 4000);
    }
}

/// The lead unit (or the office, or a leader) records progress on a topic, and may mark it done.
#[utoipa::path(
    operation_id = "assessment_topic_progress",
    post, path = "/api/v1/assessment/topics/{id}/progress", tag = "assessment",
    params(("id" = String, Path, pattern = r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")),
    request_body = TopicProgressBody,
    security(("bearer" = [])),
    responses(
        (status = 200, description = "recorded", body = TopicBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "forbidden", body = ErrorBody),
        (status = 404, description = "no such topic", body = ErrorBody),
        (status = 409, description = "stale", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn progress(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TopicProgressBody>,
) -> Result<Response, AppError> {
    let id = crate::care::api::id_param(&id)?;
    let principal = staff.principal(&addr);
    let year = use_cases::topic_progress(
        &state.app,
        &principal,
        &id,
        body.version,
        &body.progress,
        body.done,
    )
    .await?;
    let view = use_cases::topics(&state.app, &principal, year)
        .await?
        .into_iter()
        .find(|v| v.topic.id == id)
        .ok_or(AppError::NotFound)?;
    Ok(Json(topic_body(&view)).into_response())
}

/// Every class's scheme: the versions recorded, oldest first, and the one in force this month.
#[derive(Serialize, ToSchema)]
pub struct SchemesBody {
    pub versions: Vec<SchemeBody>,
    /// Per class, the scheme in force in the current month (the default when none is recorded).
    pub in_force: Vec<SchemeBody>,
}

/// The assessment's schemes by class of unit (分级分类考评): weights, the streets' share and the kinds of case that
/// count, each version from a month. Any staff member may read them (the rankings are published inside the
/// government).
#[utoipa::path(
    operation_id = "assessment_schemes",
    get, path = "/api/v1/assessment/schemes", tag = "assessment",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the schemes", body = SchemesBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
    )
)]
pub async fn schemes(State(state): State<AppState>, _staff: Staff) -> Result<Response, AppError> {
    let versions = use_cases::schemes(&state.app).await?;
    let month = Month::of(state.app.now());
    Ok(Json(SchemesBody {
        versions: versions.iter().map(scheme_body).collect(),
        in_force: RankedKind::ALL
            .iter()
            .map(|k| {
                scheme_body(&gongzhi_domain::assessment::scheme_in_force(
                    &versions, *k, month,
                ))
            })
            .collect(),
    })
    .into_response())
}

fn counted_kinds() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    utoipa::openapi::schema::ArrayBuilder::new()
        .items(crate::api::string_schema(
            Some(4),
            Some(12),
            Some(r"^(consultation|help|complaint|report|suggestion|dispute)$"),
            false,
        ))
        .min_items(Some(1))
        .max_items(Some(6))
        .into()
}

/// A class's scheme from a month on.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchemeInputBody {
    #[schema(pattern = r"^(street|department|enterprise)$")]
    pub class: String,
    /// The first month it scores (no month at or after it may be frozen).
    #[schema(pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$")]
    pub effective_from: String,
    #[schema(minimum = 0, maximum = 100)]
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub response: i64,
    #[schema(minimum = 0, maximum = 100)]
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub resolution: i64,
    #[schema(minimum = 0, maximum = 100)]
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub satisfaction: i64,
    /// Percent of the score from the streets' evaluation (0 for streets).
    #[schema(minimum = 0, maximum = 100)]
    #[serde(deserialize_with = "crate::api::whole::one")]
    pub street_share: i64,
    /// The kinds of case counted (never petitions).
    #[schema(schema_with = counted_kinds)]
    pub kinds: Vec<String>,
    /// Where the figures come from (a document, an article).
    #[schema(schema_with = strings::optional_text_500)]
    #[serde(default)]
    pub source: Option<String>,
}

impl Checked for SchemeInputBody {
    fn check(&self, errors: &mut ValidationErrors) {
        if RankedKind::parse(&self.class).is_none() {
            errors.add("class", "invalid_choice");
        }
        if Month::parse(&self.effective_from).is_none() {
            errors.add("effective_from", "invalid_month");
        }
        for (field, v) in [
            ("response", self.response),
            ("resolution", self.resolution),
            ("satisfaction", self.satisfaction),
            ("street_share", self.street_share),
        ] {
            if !(0..=100).contains(&v) {
                errors.add(field, "out_of_range");
            }
        }
        if self.kinds.is_empty()
            || self.kinds.len() > 6
            || self.kinds.iter().any(|k| {
                gongzhi_domain::cases::CaseKind::parse(k)
                    .is_none_or(|k| k == gongzhi_domain::cases::CaseKind::Petition)
            })
        {
            errors.add("kinds", "invalid_choice");
        }
        crate::api::check_len(errors, "source", self.source.as_deref().unwrap_or(""), 500);
    }
}

/// Records a class's scheme from a month on: the assessment office. A month at or before a frozen month is refused
/// (`month_frozen`): a frozen month keeps the scheme it was scored by; all-zero weights or a street share for the
/// streets are refused (`scheme_invalid`).
#[utoipa::path(
    operation_id = "assessment_save_scheme",
    post, path = "/api/v1/assessment/schemes", tag = "assessment",
    request_body = SchemeInputBody,
    security(("bearer" = [])),
    responses(
        (status = 201, description = "recorded", body = SchemeBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 403, description = "the assessment office", body = ErrorBody),
        (status = 409, description = "month_frozen, scheme_invalid", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn save_scheme(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    ApiJson(body): ApiJson<SchemeInputBody>,
) -> Result<Response, AppError> {
    let whole = |v: i64| u32::try_from(v.clamp(0, 100)).unwrap_or(0);
    let input = use_cases::SchemeInput {
        class: RankedKind::parse(&body.class).unwrap_or(RankedKind::Street),
        effective_from: body.effective_from,
        weights: gongzhi_domain::assessment::Weights {
            response: whole(body.response),
            resolution: whole(body.resolution),
            satisfaction: whole(body.satisfaction),
        },
        street_share: whole(body.street_share),
        kinds: body
            .kinds
            .iter()
            .filter_map(|k| gongzhi_domain::cases::CaseKind::parse(k))
            .collect(),
        source: body.source.unwrap_or_default(),
    };
    let saved = use_cases::save_scheme(&state.app, &staff.principal(&addr), &input).await?;
    Ok((axum::http::StatusCode::CREATED, Json(scheme_body(&saved))).into_response())
}

/// A street or community on the 治理类街乡 list, with the figures that put it there (or not).
#[derive(Serialize, ToSchema)]
pub struct GovernanceRowBody {
    pub unit: UnitBody,
    /// The street of a community.
    pub street: Option<UnitBody>,
    /// Assessed cases over the window.
    pub cases: i64,
    pub population: Option<i64>,
    pub per_10k_residents: Option<f64>,
    /// The volume the rule compares: per 10,000 residents when the class's populations are all recorded, else cases.
    pub volume: f64,
    /// The score of the window's closings together, 0–100.
    pub score: Option<f64>,
    /// Named: volume above the class's median and score below it.
    pub named: bool,
}

/// One class's side of the list.
#[derive(Serialize, ToSchema)]
pub struct GovernanceClassBody {
    /// `per_10k_residents` or `cases`.
    #[schema(pattern = r"^(per_10k_residents|cases)$")]
    pub volume_measure: String,
    pub volume_median: f64,
    pub score_median: Option<f64>,
    /// The named units only.
    pub named: Vec<GovernanceRowBody>,
    /// Every unit of the class, the named first.
    pub rows: Vec<GovernanceRowBody>,
}

/// The 治理类街乡 list of a month.
#[derive(Serialize, ToSchema)]
pub struct GovernanceBody {
    pub month: String,
    /// The months looked at, oldest first (setting `assessment.governance_months`, default 3).
    pub months: Vec<String>,
    pub streets: GovernanceClassBody,
    pub communities: GovernanceClassBody,
}

fn governance_class(c: &use_cases::GovernanceClass) -> GovernanceClassBody {
    let row = |r: &use_cases::GovernanceRow| GovernanceRowBody {
        unit: unit_body(&r.unit),
        street: r.street.as_ref().map(unit_body),
        cases: r.cases,
        population: r.population,
        per_10k_residents: round2(r.per_10k),
        volume: (r.volume * 100.0).round() / 100.0,
        score: round2(r.score),
        named: r.named,
    };
    GovernanceClassBody {
        volume_measure: if c.per_10k {
            "per_10k_residents"
        } else {
            "cases"
        }
        .to_owned(),
        volume_median: (c.volume_median * 100.0).round() / 100.0,
        score_median: round2(c.score_median),
        named: c.rows.iter().filter(|r| r.named).map(row).collect(),
        rows: c.rows.iter().map(row).collect(),
    }
}

/// The 治理类街乡 list: the streets and communities whose volume over the last months (cases per 10,000 residents,
/// or the caseload where populations are not recorded) is above their class's median and whose score is below it,
/// with the figures that put them there. Any staff member may read it.
#[utoipa::path(
    operation_id = "assessment_governance",
    get, path = "/api/v1/assessment/governance", tag = "assessment",
    params(
        ("month" = String, Query, pattern = r"^2[01][0-9]{2}-(0[1-9]|1[0-2])$", description = "YYYY-MM, the window's last month"),
    ),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "the list", body = GovernanceBody),
        (status = 401, description = "unauthorized", body = ErrorBody),
        (status = 422, description = "validation_failed", body = ErrorBody),
    )
)]
pub async fn governance(
    State(state): State<AppState>,
    _staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = month_only(&query)?;
    let g = use_cases::governance(&state.app, month).await?;
    Ok(Json(GovernanceBody {
        month: month.to_string(),
        months: g.months.iter().map(|m| m.to_string()).collect(),
        streets: governance_class(&g.streets),
        communities: governance_class(&g.communities),
    })
    .into_response())
}
