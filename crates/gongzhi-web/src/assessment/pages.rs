//! The assessment pages: the monthly ranking (streets, departments, enterprises) with its charts, each rate linking
//! to the cases behind it; a street's scoring of the departments that served it; closing a month and the
//! differences since; the leaders' dashboard; cadre performance records with their review; hotspots and the
//! month's topic; the printable report and its XLSX twin; the assessment settings.

use crate::page::json_for_script as script_json;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::json;

use gongzhi_app::assessment::{
    self as use_cases, Dashboard, FigureCases, Hotspot, Ranking, StreetView, TopicInput, TopicView,
};
use gongzhi_domain::assessment::{EntryKind, Measure, Month, RankedKind, Rate};
use gongzhi_domain::org::Role;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::PageRequest;
use gongzhi_store::assessment::{ClosingDifference, Entry};

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, QueryData, ReqLang, Staff};
use crate::page::{PageCtx, render, see_other};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/assessment", get(ranking_page))
        .route("/staff/assessment/freeze", post(freeze))
        .route("/staff/assessment/settings", post(save_settings))
        .route("/staff/assessment/schemes", post(save_scheme))
        .route("/staff/assessment/units/{code}", get(cases_page))
        .route("/staff/assessment/streets/{code}", get(street_page))
        .route("/staff/assessment/differences", get(differences_page))
        .route("/staff/assessment/report", get(report_page))
        .route("/staff/assessment/report.xlsx", get(report_xlsx))
        .route("/staff/assessment/records", get(records_page))
        .route("/staff/assessment/records/{id}/review", post(review))
        .route("/staff/assessment/records/review", post(review_batch))
        .route("/staff/assessment/topics", get(topics_page).post(adopt))
        .route("/staff/assessment/topics/{id}/progress", post(progress))
        .route("/staff/dashboard", get(dashboard_page))
}

/// The month a page shows: `?month=YYYY-MM`, else the last month (the one being assessed).
fn page_month(state: &AppState, query: &QueryData) -> Result<Month, AppError> {
    match query.get("month") {
        "" => Ok(Month::of(state.now()).previous()),
        m => Month::parse(m).ok_or_else(|| {
            let mut e = ValidationErrors::default();
            e.add("month", "invalid_month");
            AppError::Validation(e)
        }),
    }
}

/// A rate as shown: "87.50%", or "无评价" / "no rating".
fn pct(ctx: &PageCtx, r: Rate) -> String {
    match r.value() {
        Some(v) => format!("{:.2}%", v * 100.0),
        None => ctx.t("assess.no_rating").to_owned(),
    }
}

fn score(s: Option<f64>) -> String {
    s.map(|s| format!("{s:.2}")).unwrap_or_else(|| "—".into())
}

/// One cell of a ranking: the value shown and where it links (the cases behind it).
pub struct Cell {
    pub text: String,
    pub href: String,
}

pub struct RankRow {
    /// Whether the viewer may open the cases behind the figures (and, for a street, its scoring of departments).
    pub linked: bool,
    pub street_linked: bool,
    pub code: String,
    pub name: String,
    pub rank: String,
    pub cells: Vec<Cell>,
    pub score: String,
    /// The three rates' score alone and the streets' evaluation (departments and enterprises).
    pub rates_score: String,
    pub street_share: String,
    /// A street's cases per 10,000 residents.
    pub per_10k: String,
    /// The streets behind the streets' evaluation: name, its score, reports in time (of summons), mean rating.
    pub services: Vec<(String, String, String, String)>,
    pub send_backs: i64,
    pub whistles: String,
    pub rating: String,
    pub marks: Vec<&'static str>,
}

fn rank_rows(
    ctx: &PageCtx,
    r: &Ranking,
    may: &dyn Fn(gongzhi_domain::org::UnitId) -> (bool, bool),
) -> Vec<RankRow> {
    let month = r.month;
    r.rows
        .iter()
        .map(|row| {
            let href = |m: Measure| {
                format!(
                    "/staff/assessment/units/{}?month={month}&measure={}",
                    row.unit.code,
                    m.code()
                )
            };
            let f = &row.figures;
            let mut marks = Vec::new();
            if row.top {
                marks.push("assess.top");
            }
            if row.bottom {
                marks.push("assess.bottom");
            }
            if row.flagged {
                marks.push("assess.flagged");
            }
            if !row.ranked {
                marks.push("assess.not_ranked");
            }
            let (linked, street_linked) = may(row.unit.id);
            RankRow {
                linked,
                street_linked,
                code: row.unit.code.clone(),
                name: row.unit.name.clone(),
                rank: row
                    .rank
                    .map(|r| r.to_string())
                    .unwrap_or_else(|| "—".into()),
                cells: vec![
                    Cell {
                        text: f.cases.to_string(),
                        href: href(Measure::Cases),
                    },
                    Cell {
                        text: pct(ctx, f.response),
                        href: href(Measure::Response),
                    },
                    Cell {
                        text: pct(ctx, f.resolution),
                        href: href(Measure::Resolution),
                    },
                    Cell {
                        text: pct(ctx, f.satisfaction),
                        href: href(Measure::Satisfaction),
                    },
                    Cell {
                        text: pct(ctx, f.on_time),
                        href: href(Measure::OnTime),
                    },
                    Cell {
                        text: pct(ctx, f.redo),
                        href: href(Measure::Redo),
                    },
                ],
                score: score(row.score),
                rates_score: score(row.rates_score),
                street_share: score(row.street_share),
                per_10k: row
                    .per_10k()
                    .map(|v| format!("{v:.2}"))
                    .unwrap_or_else(|| "—".into()),
                services: row
                    .services
                    .iter()
                    .map(|sv| {
                        (
                            sv.street.name.clone(),
                            score(sv.score),
                            format!("{}/{}", sv.whistles.reported_in_time, sv.whistles.summoned),
                            sv.whistles
                                .mean_rating()
                                .map(|m| format!("{m:.2}"))
                                .unwrap_or_else(|| "—".into()),
                        )
                    })
                    .collect(),
                send_backs: row.send_backs,
                whistles: if row.whistles.summoned > 0 {
                    pct(ctx, row.whistles.on_time())
                } else {
                    "—".into()
                },
                rating: row
                    .whistles
                    .mean_rating()
                    .map(|m| format!("{m:.2}"))
                    .unwrap_or_else(|| "—".into()),
                marks,
            }
        })
        .collect()
}

/// The bar chart of the scores of a ranking.
fn scores_chart(r: &Ranking) -> serde_json::Value {
    let ranked: Vec<_> = r.rows.iter().filter(|row| row.score.is_some()).collect();
    json!({
        "grid": {"left": 110, "right": 20, "top": 10, "bottom": 30},
        "tooltip": {},
        "xAxis": {"type": "value", "min": 0, "max": 100},
        "yAxis": {"type": "category", "inverse": true, "data": ranked.iter().map(|row| row.unit.name.clone()).collect::<Vec<_>>()},
        "series": [{"type": "bar", "data": ranked.iter().map(|row| (row.score.unwrap_or(0.0) * 100.0).round() / 100.0).collect::<Vec<_>>(), "itemStyle": {"color": "#b22222"}}]
    })
}

/// The line chart of the district's three rates month by month.
fn trend_chart(
    ctx: &PageCtx,
    trend: &[(Month, gongzhi_domain::assessment::Figures)],
) -> serde_json::Value {
    let series = |key: &str, pick: fn(&gongzhi_domain::assessment::Figures) -> Rate| {
        json!({"type": "line", "name": ctx.t(key), "connectNulls": false,
               "data": trend.iter().map(|(_, f)| pick(f).value().map(|v| (v * 10_000.0).round() / 100.0)).collect::<Vec<_>>()})
    };
    json!({
        "grid": {"left": 40, "right": 20, "top": 40, "bottom": 30},
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "xAxis": {"type": "category", "data": trend.iter().map(|(m, _)| m.to_string()).collect::<Vec<_>>()},
        "yAxis": {"type": "value", "max": 100},
        "series": [
            series("assess.response", |f| f.response),
            series("assess.resolution", |f| f.resolution),
            series("assess.satisfaction", |f| f.satisfaction),
        ]
    })
}

#[derive(Template)]
#[template(path = "assessment.html")]
struct RankingPage {
    ctx: PageCtx,
    month: String,
    previous: String,
    next: String,
    kind: &'static str,
    kinds: Vec<(&'static str, &'static str)>,
    rows: Vec<RankRow>,
    frozen: Option<(String, String)>,
    differences: usize,
    /// The class's scheme in force: weights, the streets' share, from when, its source.
    weights: String,
    street_share: u32,
    scheme_from: String,
    scheme_source: String,
    /// Every recorded version: class label key, from, weights, streets' share, kinds, source.
    schemes: Vec<(&'static str, String, String, u32, String, String)>,
    /// The kinds a scheme may count: code and label key.
    countable: Vec<(&'static str, String)>,
    top_n: u32,
    min_cases: i64,
    /// The 治理类街乡 list (on the streets' ranking): the window's months, and each named unit with its street (for a
    /// community), volume, its class's median volume, score and median score.
    governance_months: usize,
    governance: Vec<(String, String, String, String, String, String)>,
    /// The dispatch centre's time: routed, median and 90th percentile minutes, waiting.
    dispatch: (i64, String, String, i64),
    office: bool,
    street_code: Option<String>,
    scores_json: String,
    trend_json: String,
    service_weights: String,
    saved: bool,
    /// The month's petitions, evaluated apart: unit, petitions, accepted in time, answered in time, satisfaction,
    /// reviews asked.
    petitions: Vec<(String, i64, String, String, String, i64)>,
}

async fn ranking_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = page_month(&state, &query)?;
    let kind = match query.get("kind") {
        "" => RankedKind::Street,
        k => RankedKind::parse(k).ok_or(AppError::NotFound)?,
    };
    let principal = staff.principal(&addr);
    let r = use_cases::ranking(&state.app, &principal, month, kind).await?;
    let trend = use_cases::trend(&state.app, month, 12).await?;
    let ctx = PageCtx::new(lang, Some(&staff));
    let units = state.reads.list_units().await?;
    let may = |u| {
        (
            use_cases::may_see_closings_of(&principal, &units, u),
            use_cases::may_see_street(&principal, u),
        )
    };
    let street_code = principal
        .street_id
        .or_else(|| {
            (principal.unit_kind == gongzhi_domain::org::UnitKind::Street)
                .then_some(principal.unit_id)
        })
        .filter(|s| gongzhi_app::assessment::may_see_street(&principal, *s))
        .and_then(|s| units.iter().find(|u| u.unit.id == s))
        .map(|u| u.unit.code.clone());
    let sw = use_cases::service_weights(&state.app).await?;
    let pct = |r: gongzhi_domain::assessment::Rate| {
        r.value()
            .map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
    };
    let petitions = use_cases::petitions(&state.app, month)
        .await?
        .0
        .into_iter()
        .map(|p| {
            (
                p.unit_name,
                p.tally.petitions,
                pct(p.tally.accepted()),
                pct(p.tally.answered()),
                pct(p.tally.satisfaction()),
                p.tally.reviewed,
            )
        })
        .collect();
    let class_key = |k: RankedKind| match k {
        RankedKind::Street => "assess.kind_street",
        RankedKind::Department => "assess.kind_department",
        RankedKind::Enterprise => "assess.kind_enterprise",
    };
    let schemes = use_cases::schemes(&state.app)
        .await?
        .into_iter()
        .map(|v| {
            (
                class_key(v.class),
                v.effective_from.to_string(),
                format!(
                    "{},{},{}",
                    v.weights.response, v.weights.resolution, v.weights.satisfaction
                ),
                v.street_share,
                v.kinds
                    .iter()
                    .map(|k| ctx.t(&format!("kind.{}", k.code())).to_owned())
                    .collect::<Vec<_>>()
                    .join(ctx.t("list.sep")),
                v.source,
            )
        })
        .collect();
    let governance_months = use_cases::governance_months(&state.app).await?;
    let governance = if kind == RankedKind::Street {
        let g = use_cases::governance(&state.app, month).await?;
        let two = |v: f64| format!("{v:.2}");
        [&g.streets, &g.communities]
            .into_iter()
            .flat_map(|c| {
                let unit = if c.per_10k {
                    ctx.t("assess.per_10k")
                } else {
                    ctx.t("assess.cases")
                };
                c.rows.iter().filter(|r| r.named).map(move |r| {
                    (
                        r.unit.name.clone(),
                        r.street
                            .as_ref()
                            .map(|s| s.name.clone())
                            .unwrap_or_default(),
                        format!("{} {}", two(r.volume), unit),
                        two(c.volume_median),
                        score(r.score),
                        score(c.score_median),
                    )
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let minutes = |ms: Option<i64>| {
        ms.map(|m| format!("{:.0}", m as f64 / 60_000.0))
            .unwrap_or_else(|| "—".into())
    };
    let page = RankingPage {
        dispatch: (
            r.dispatch.routed,
            minutes(r.dispatch.median_ms),
            minutes(r.dispatch.p90_ms),
            r.dispatch.waiting,
        ),
        governance_months,
        governance,
        petitions,
        month: month.to_string(),
        previous: month.previous().to_string(),
        next: month.next().to_string(),
        kind: kind.code(),
        kinds: vec![
            ("street", "assess.kind_street"),
            ("department", "assess.kind_department"),
            ("enterprise", "assess.kind_enterprise"),
        ],
        rows: rank_rows(&ctx, &r, &may),
        frozen: r.frozen.as_ref().map(|f| {
            (
                gongzhi_domain::format_local(f.frozen_at),
                f.frozen_by.clone().unwrap_or_default(),
            )
        }),
        differences: r.differences,
        weights: format!(
            "{},{},{}",
            r.scheme.weights.response, r.scheme.weights.resolution, r.scheme.weights.satisfaction
        ),
        street_share: r.scheme.street_share,
        scheme_from: r.scheme.effective_from.to_string(),
        scheme_source: r.scheme.source.clone(),
        schemes,
        countable: gongzhi_domain::cases::CaseKind::ALL
            .iter()
            .filter(|k| **k != gongzhi_domain::cases::CaseKind::Petition)
            .map(|k| (k.code(), format!("kind.{}", k.code())))
            .collect(),
        top_n: r.top_n,
        min_cases: r.min_cases,
        office: principal.has(Role::Evaluator),
        street_code,
        scores_json: script_json(&scores_chart(&r)),
        trend_json: script_json(&trend_chart(&ctx, &trend)),
        service_weights: format!("{},{},{}", sw.reports, sw.ratings, sw.cases),
        saved: query.get("saved") == "1",
        ctx,
    };
    Ok(render(&page))
}

async fn freeze(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let month = Month::parse(form.get("month")).ok_or(AppError::NotFound)?;
    use_cases::freeze(&state.app, &staff.principal(&addr), month).await?;
    Ok(see_other(&format!(
        "/staff/assessment?month={month}&kind={}&saved=1",
        RankedKind::parse(form.get("kind"))
            .unwrap_or(RankedKind::Street)
            .code()
    ))
    .into_response())
}

async fn save_settings(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    use_cases::save_settings(
        &state.app,
        &staff.principal(&addr),
        form.get("service_weights"),
        form.get("top_n"),
        form.get("rank_min_cases"),
        form.get("governance_months"),
    )
    .await?;
    Ok(see_other("/staff/assessment?saved=1").into_response())
}

/// The assessment office records a class's scheme from a month on.
async fn save_scheme(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let class = RankedKind::parse(form.get("class")).ok_or(AppError::NotFound)?;
    let number = |field: &str| form.get(field).trim().parse::<u32>().ok();
    let (Some(response), Some(resolution), Some(satisfaction), Some(share)) = (
        number("response"),
        number("resolution"),
        number("satisfaction"),
        number("street_share").or((class == RankedKind::Street).then_some(0)),
    ) else {
        let mut e = gongzhi_domain::validation::ValidationErrors::default();
        e.add("weights", "weights_format");
        return Err(AppError::Validation(e));
    };
    let kinds = form
        .get_all("kinds")
        .iter()
        .filter_map(|k| gongzhi_domain::cases::CaseKind::parse(k))
        .collect();
    use_cases::save_scheme(
        &state.app,
        &staff.principal(&addr),
        &use_cases::SchemeInput {
            class,
            effective_from: form.get("effective_from").to_owned(),
            weights: gongzhi_domain::assessment::Weights {
                response,
                resolution,
                satisfaction,
            },
            street_share: share,
            kinds,
            source: form.get("source").to_owned(),
        },
    )
    .await?;
    Ok(see_other(&format!("/staff/assessment?kind={}&saved=1", class.code())).into_response())
}

pub struct CaseLine {
    pub case_no: String,
    pub title: String,
    pub round: i64,
    pub closed_at: String,
    pub agent: String,
    pub contacted: bool,
    pub on_time: bool,
    pub verdict: String,
    pub counts: String,
}

fn verdict_text(ctx: &PageCtx, c: &gongzhi_store::assessment::ClosingRow) -> String {
    match (c.resolved, c.satisfaction) {
        (Some(r), Some(s)) => format!(
            "{} · {}",
            ctx.t(if r {
                "assess.resolved"
            } else {
                "assess.unresolved"
            }),
            ctx.label("satisfaction", s.code())
        ),
        _ => ctx.t("assess.no_verdict").to_owned(),
    }
}

fn case_line(ctx: &PageCtx, c: &gongzhi_store::assessment::ClosingRow, counts: String) -> CaseLine {
    CaseLine {
        case_no: c.case_no.as_str().to_owned(),
        title: c.title.clone(),
        round: c.round,
        closed_at: gongzhi_domain::format_local(c.closed_at),
        agent: c.agent_name.clone().unwrap_or_default(),
        contacted: c.contacted_in_time,
        on_time: c.on_time,
        verdict: verdict_text(ctx, c),
        counts,
    }
}

#[derive(Template)]
#[template(path = "assessment_cases.html")]
struct CasesPage {
    ctx: PageCtx,
    unit: String,
    code: String,
    month: String,
    measure: &'static str,
    measures: Vec<(&'static str, &'static str)>,
    rate: String,
    parts: String,
    frozen: bool,
    lines: Vec<CaseLine>,
    total: i64,
    page: u32,
    pages: u32,
    street: String,
}

async fn cases_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(code): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = page_month(&state, &query)?;
    let measure = match query.get("measure") {
        "" => Measure::Cases,
        m => Measure::parse(m).ok_or(AppError::NotFound)?,
    };
    let page = query
        .get("page")
        .parse::<u32>()
        .unwrap_or(1)
        .clamp(1, 100_000);
    let street = query.get("street");
    let f: FigureCases = use_cases::figure_cases(
        &state.app,
        &staff.principal(&addr),
        &code,
        month,
        measure,
        (!street.is_empty()).then_some(street),
        PageRequest::new(page, 50),
    )
    .await?;
    let ctx = PageCtx::new(lang, Some(&staff));
    let lines = f
        .page
        .items
        .iter()
        .map(|(c, n)| {
            let counts = match measure {
                Measure::Satisfaction => format!("{:.1}", *n as f64 / 10.0),
                _ if *n > 0 => "✓".into(),
                _ => "—".into(),
            };
            case_line(&ctx, c, counts)
        })
        .collect();
    let parts = match measure {
        Measure::Satisfaction => format!(
            "{:.1} / {}",
            f.rate.numerator as f64 / 10.0,
            f.rate.denominator / 10
        ),
        _ => format!("{} / {}", f.rate.numerator, f.rate.denominator),
    };
    let p = CasesPage {
        unit: f.unit.name.clone(),
        code: f.unit.code.clone(),
        month: month.to_string(),
        measure: measure.code(),
        measures: Measure::ALL
            .iter()
            .map(|m| (m.code(), measure_key(*m)))
            .collect(),
        rate: pct(&ctx, f.rate),
        parts,
        frozen: f.frozen,
        lines,
        total: f.page.total,
        page: f.page.page,
        pages: f.page.pages(),
        street: street.to_owned(),
        ctx,
    };
    Ok(render(&p))
}

fn measure_key(m: Measure) -> &'static str {
    match m {
        Measure::Cases => "assess.cases",
        Measure::Response => "assess.response",
        Measure::Resolution => "assess.resolution",
        Measure::Satisfaction => "assess.satisfaction",
        Measure::OnTime => "assess.on_time",
        Measure::Redo => "assess.redo",
    }
}

pub struct ServiceLine {
    pub code: String,
    pub name: String,
    pub rank: String,
    pub summoned: i64,
    pub in_time: String,
    pub rating: String,
    pub cases: i64,
    pub case_score: String,
    pub score: String,
}

#[derive(Template)]
#[template(path = "assessment_street.html")]
struct StreetPage {
    ctx: PageCtx,
    street: String,
    code: String,
    month: String,
    weights: String,
    lines: Vec<ServiceLine>,
}

async fn street_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(code): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = page_month(&state, &query)?;
    let v: StreetView =
        use_cases::street_view(&state.app, &staff.principal(&addr), &code, month).await?;
    let ctx = PageCtx::new(lang, Some(&staff));
    let lines = v
        .rows
        .iter()
        .map(|r| ServiceLine {
            code: r.unit.code.clone(),
            name: r.unit.name.clone(),
            rank: r.rank.map(|r| r.to_string()).unwrap_or_else(|| "—".into()),
            summoned: r.whistles.summoned,
            in_time: if r.whistles.summoned > 0 {
                pct(&ctx, r.whistles.on_time())
            } else {
                "—".into()
            },
            rating: r
                .whistles
                .mean_rating()
                .map(|m| format!("{m:.2}"))
                .unwrap_or_else(|| "—".into()),
            cases: r.figures.cases,
            case_score: score(r.case_score),
            score: score(r.score),
        })
        .collect();
    Ok(render(&StreetPage {
        street: v.street.name.clone(),
        code: v.street.code.clone(),
        month: month.to_string(),
        weights: format!(
            "{} / {} / {}",
            v.weights.reports, v.weights.ratings, v.weights.cases
        ),
        lines,
        ctx,
    }))
}

#[derive(Template)]
#[template(path = "assessment_differences.html")]
struct DifferencesPage {
    ctx: PageCtx,
    month: String,
    rows: Vec<(Option<CaseLine>, Option<CaseLine>)>,
}

async fn differences_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = page_month(&state, &query)?;
    let d: Vec<ClosingDifference> =
        use_cases::differences(&state.app, &staff.principal(&addr), month).await?;
    let ctx = PageCtx::new(lang, Some(&staff));
    let rows = d
        .iter()
        .map(|d| {
            (
                d.before.as_ref().map(|c| case_line(&ctx, c, String::new())),
                d.after.as_ref().map(|c| case_line(&ctx, c, String::new())),
            )
        })
        .collect();
    Ok(render(&DifferencesPage {
        month: month.to_string(),
        rows,
        ctx,
    }))
}

#[derive(Template)]
#[template(path = "assessment_report.html")]
struct ReportPage {
    ctx: PageCtx,
    month: String,
    frozen: bool,
    sections: Vec<(&'static str, Vec<RankRow>)>,
    district: Vec<String>,
}

async fn report_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = page_month(&state, &query)?;
    let principal = staff.principal(&addr);
    let ctx = PageCtx::new(lang, Some(&staff));
    let mut sections = Vec::new();
    let mut frozen = false;
    let mut district = Vec::new();
    for (kind, key) in [
        (RankedKind::Street, "assess.kind_street"),
        (RankedKind::Department, "assess.kind_department"),
        (RankedKind::Enterprise, "assess.kind_enterprise"),
    ] {
        let r = use_cases::ranking(&state.app, &principal, month, kind).await?;
        frozen = r.frozen.is_some();
        if district.is_empty() {
            let f = &r.district;
            district = vec![
                f.cases.to_string(),
                pct(&ctx, f.response),
                pct(&ctx, f.resolution),
                pct(&ctx, f.satisfaction),
                pct(&ctx, f.on_time),
            ];
        }
        sections.push((key, rank_rows(&ctx, &r, &|_| (false, false))));
    }
    Ok(render(&ReportPage {
        month: month.to_string(),
        frozen,
        sections,
        district,
        ctx,
    }))
}

async fn report_xlsx(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = page_month(&state, &query)?;
    super::api::xlsx_response(&state, &staff, &addr, month).await
}

pub struct EntryLine {
    pub id: String,
    pub person: String,
    pub kind: &'static str,
    pub positive: bool,
    pub at: String,
    pub evidence: String,
    pub status: &'static str,
    pub reviewer: String,
    pub reason: String,
    pub may_review: bool,
}

#[derive(Template)]
#[template(path = "assessment_records.html")]
struct RecordsPage {
    ctx: PageCtx,
    lines: Vec<EntryLine>,
    total: i64,
    page: u32,
    pages: u32,
    status: String,
    summary: Vec<(&'static str, bool, [i64; 3])>,
    me: String,
    from: String,
    to: String,
    /// A refused batch review, said beside its form.
    error: String,
}

impl RecordsPage {
    /// Some entry on the page is the viewer's to review.
    fn reviews_any(&self) -> bool {
        self.lines.iter().any(|e| e.may_review)
    }
}

fn entry_key(k: EntryKind) -> &'static str {
    match k {
        EntryKind::RedoSatisfied => "assess.e_redo_satisfied",
        EntryKind::Overdue => "assess.e_overdue",
        EntryKind::SendBackApproved => "assess.e_send_back_approved",
        EntryKind::WhistleLate => "assess.e_whistle_late",
        EntryKind::HighStreetRating => "assess.e_high_street_rating",
        EntryKind::LeaderCaseResolved => "assess.e_leader_case_resolved",
        EntryKind::MediationSettled => "assess.e_mediation_settled",
    }
}

async fn records_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let principal = staff.principal(&addr);
    let mut errors = ValidationErrors::default();
    let filter = super::api::entry_filter(&query, &mut errors, true);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let page = query
        .get("page")
        .parse::<u32>()
        .unwrap_or(1)
        .clamp(1, 100_000);
    let found = use_cases::entries(
        &state.app,
        &principal,
        filter.clone(),
        PageRequest::new(page, 50),
    )
    .await?;
    let summary = use_cases::summary(
        &state.app,
        &principal,
        principal.user_id,
        filter.from.unwrap_or(0),
        filter.until.unwrap_or(i64::MAX),
    )
    .await?;
    let ctx = PageCtx::new(lang, Some(&staff));
    let lines = found
        .items
        .iter()
        .map(|e: &Entry| EntryLine {
            id: e.id.clone(),
            person: e.user_name.clone(),
            kind: entry_key(e.kind),
            positive: e.kind.positive(),
            at: gongzhi_domain::format_local(e.at),
            evidence: e.label.clone(),
            status: match e.status.code() {
                "confirmed" => "assess.confirmed",
                "rejected" => "assess.rejected",
                _ => "assess.proposed",
            },
            reviewer: e.reviewed_by.clone().unwrap_or_default(),
            reason: e.reason.clone(),
            may_review: e.status.code() == "proposed"
                && e.user_id != principal.user_id
                && (principal.has(Role::Evaluator)
                    || (principal.unit_head && e.unit_id == Some(principal.unit_id))),
        })
        .collect();
    Ok(render(&RecordsPage {
        lines,
        total: found.total,
        page: found.page,
        pages: found.pages(),
        status: query.get("status").to_owned(),
        summary: summary
            .rows
            .iter()
            .map(|(k, counts)| (entry_key(*k), k.positive(), *counts))
            .collect(),
        me: summary.name,
        from: query.get("from").to_owned(),
        to: query.get("to").to_owned(),
        error: crate::page::refusal_message(lang, query.get("error")),
        ctx,
    }))
}

async fn review(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    use_cases::review(
        &state.app,
        &staff.principal(&addr),
        &id,
        form.get("decision") == "confirm",
        form.get("reason"),
    )
    .await?;
    Ok(see_other("/staff/assessment/records?status=proposed").into_response())
}

/// A reviewed batch of entries, ticked on the records page, decided with one reason; a refusal comes back beside the
/// form.
async fn review_batch(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let back = "/staff/assessment/records?status=proposed";
    crate::page::after_form(
        use_cases::review_batch(
            &state.app,
            &staff.principal(&addr),
            &form.get_all("ids"),
            form.get("decision") == "confirm",
            form.get("reason"),
        )
        .await,
        back,
        back,
    )
}

pub struct HotLine {
    pub category: String,
    pub name: String,
    pub street_code: String,
    pub community_code: String,
    pub place: String,
    pub count: i64,
    pub baseline: String,
    pub z: String,
    /// The month's cases of the hotspot: number and title.
    pub cases: Vec<(String, String)>,
}

/// A candidate line: code, name, calls, repeats, dissatisfied share, streets, index, chosen.
pub struct CandidateLine {
    pub category: String,
    pub name: String,
    pub cases: i64,
    pub repeats: i64,
    pub dissatisfied: String,
    pub streets: i64,
    pub index: String,
    pub chosen: bool,
}

/// A theme's month as the page shows it: month, calls, resolution, satisfaction.
pub struct ThemeMonth {
    pub month: String,
    pub cases: i64,
    pub resolution: String,
    pub satisfaction: String,
}

/// A theme as the page shows it: its chart, its baseline (calls a month, resolution, satisfaction), its targets and
/// its months.
pub struct ThemeLine {
    pub t: TopicView,
    pub chart: String,
    pub baseline: (String, String, String),
    pub targets: String,
    pub months: Vec<ThemeMonth>,
}

#[derive(Template)]
#[template(path = "assessment_topics.html")]
struct TopicsPage {
    ctx: PageCtx,
    /// The year whose themes are shown and chosen.
    year: i64,
    /// The month of the early warnings and the last month of the candidates' window.
    month: String,
    window_from: String,
    hot: Vec<HotLine>,
    candidates: Vec<CandidateLine>,
    topics: Vec<ThemeLine>,
    may_adopt: bool,
    units: Vec<(String, String)>,
    today: String,
}

async fn topics_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    // The early warnings and the candidates look at complete months: the last one by default.
    let month = match query.get("month") {
        "" => Month::of(state.now()).previous(),
        _ => page_month(&state, &query)?,
    };
    let this_year = Month::of(state.now()).yyyymm() / 100;
    let year = match query.get("year") {
        "" => this_year,
        y => y
            .parse::<i64>()
            .ok()
            .filter(|y| (2000..=2199).contains(y))
            .ok_or(AppError::NotFound)?,
    };
    let principal = staff.principal(&addr);
    let ctx = PageCtx::new(lang, Some(&staff));
    let hot: Vec<Hotspot> = use_cases::hotspots(&state.app, month).await?;
    let percent = |v: Option<f64>| {
        v.map(|v| format!("{:.1}%", v * 100.0))
            .unwrap_or_else(|| "—".into())
    };
    let candidates = use_cases::candidates(&state.app, month, year)
        .await?
        .into_iter()
        .take(30)
        .map(|c| CandidateLine {
            dissatisfied: percent(Some(c.figures.dissatisfied_share())),
            category: c.category_code,
            name: c.category_name,
            cases: c.figures.cases,
            repeats: c.figures.repeats,
            streets: c.figures.streets,
            index: format!("{:.2}", c.index),
            chosen: c.chosen,
        })
        .collect();
    let topics = use_cases::topics(&state.app, &principal, year).await?;
    let topics = topics
        .into_iter()
        .map(|t| {
            let option = json!({
                "grid": {"left": 40, "right": 10, "top": 10, "bottom": 30},
                "tooltip": {},
                "xAxis": {"type": "category", "data": t.months.iter().map(|m| m.month.to_string()).collect::<Vec<_>>()},
                "yAxis": {"type": "value", "minInterval": 1},
                "series": [
                    {"type": "bar", "data": t.months.iter().map(|m| m.figures.cases).collect::<Vec<_>>(), "itemStyle": {"color": "#b22222"}},
                    {"type": "line", "data": t.months.iter().map(|_| (t.baseline_per_month() * 10.0).round() / 10.0).collect::<Vec<_>>(), "itemStyle": {"color": "#555"}}
                ]
            });
            let baseline = (
                format!("{:.1}", t.baseline_per_month()),
                percent(t.baseline_resolution()),
                percent(t.baseline_satisfaction()),
            );
            let target = |v: Option<i64>| v.map(|v| format!("{v}%")).unwrap_or_else(|| "—".into());
            let targets = format!(
                "{} {} · {} {} · {} {}",
                ctx.t("assess.target_reduction"),
                target(t.topic.targets.reduction),
                ctx.t("assess.resolution"),
                target(t.topic.targets.resolution),
                ctx.t("assess.satisfaction"),
                target(t.topic.targets.satisfaction)
            );
            let months = t
                .months
                .iter()
                .map(|m| ThemeMonth {
                    month: m.month.to_string(),
                    cases: m.figures.cases,
                    resolution: percent(m.resolution()),
                    satisfaction: percent(m.satisfaction()),
                })
                .collect();
            ThemeLine {
                chart: script_json(&option),
                t,
                baseline,
                targets,
                months,
            }
        })
        .collect();
    let units = state
        .reads
        .list_units()
        .await?
        .into_iter()
        .filter(|u| {
            u.unit.active
                && matches!(
                    u.unit.kind,
                    gongzhi_domain::org::UnitKind::Street
                        | gongzhi_domain::org::UnitKind::Department
                        | gongzhi_domain::org::UnitKind::Enterprise
                )
        })
        .map(|u| (u.unit.code, u.unit.name))
        .collect();
    let mut lines = Vec::with_capacity(hot.len());
    for h in hot.iter().take(30) {
        let cases = use_cases::hotspot_cases(
            &state.app,
            month,
            &h.category_code,
            h.street.as_ref().map(|s| s.id),
            h.community.as_ref().map(|c| c.id),
        )
        .await?;
        lines.push(HotLine {
            category: h.category_code.clone(),
            name: h.category_name.clone(),
            street_code: h
                .street
                .as_ref()
                .map(|s| s.code.clone())
                .unwrap_or_default(),
            community_code: h
                .community
                .as_ref()
                .map(|s| s.code.clone())
                .unwrap_or_default(),
            place: match (&h.street, &h.community) {
                (Some(s), Some(c)) => format!("{} {}", s.name, c.name),
                (Some(s), None) => s.name.clone(),
                _ => String::new(),
            },
            count: h.count,
            baseline: format!("{:.1}", h.baseline),
            z: format!("{:.1}", h.z),
            cases: cases
                .into_iter()
                .map(|(_, no, title, _)| (no.as_str().to_owned(), title))
                .collect(),
        });
    }
    Ok(render(&TopicsPage {
        year,
        month: month.to_string(),
        window_from: month
            .trailing(use_cases::CANDIDATE_MONTHS)
            .first()
            .copied()
            .unwrap_or(month)
            .to_string(),
        hot: lines,
        candidates,
        topics,
        may_adopt: principal.has(Role::Evaluator) || principal.has(Role::Leader),
        units,
        today: gongzhi_domain::calendar::local_date(state.now()).to_string(),
        ctx,
    }))
}

async fn adopt(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let target = |field: &str| form.get(field).trim().parse::<i64>().ok();
    let input = TopicInput {
        year: form.get("year").trim().parse().unwrap_or(0),
        category: form.get("category").to_owned(),
        street: form.get("street").to_owned(),
        community: form.get("community").to_owned(),
        title: form.get("title").to_owned(),
        lead_unit: form.get("lead_unit").to_owned(),
        tasks: form.get("tasks").to_owned(),
        due: form.get("due").to_owned(),
        target_reduction: target("target_reduction"),
        target_resolution: target("target_resolution"),
        target_satisfaction: target("target_satisfaction"),
    };
    let t = use_cases::adopt_topic(&state.app, &staff.principal(&addr), &input).await?;
    Ok(see_other(&format!(
        "/staff/assessment/topics?year={}#topic-{}",
        t.year, t.id
    ))
    .into_response())
}

async fn progress(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let id = crate::care::api::id_param(&id)?;
    let version = form
        .get("version")
        .parse::<i64>()
        .map_err(|_| AppError::NotFound)?;
    use_cases::topic_progress(
        &state.app,
        &staff.principal(&addr),
        &id,
        version,
        form.get("progress"),
        form.get("done") == "1",
    )
    .await?;
    Ok(see_other(&format!("/staff/assessment/topics#topic-{id}")).into_response())
}

#[derive(Template)]
#[template(path = "dashboard.html")]
struct DashboardPage {
    ctx: PageCtx,
    month: String,
    trend_json: String,
    streets_json: String,
    departments_json: String,
    grid_json: String,
    district: Vec<String>,
    overdue: Vec<(String, i64)>,
    whistles: String,
    mediations: (i64, i64),
    streets: Vec<RankRow>,
}

async fn dashboard_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let month = page_month(&state, &query)?;
    let d: Dashboard = use_cases::dashboard(&state.app, &staff.principal(&addr), month).await?;
    let ctx = PageCtx::new(lang, Some(&staff));
    let mut cells = Vec::new();
    let mut max = 1;
    for (y, (_, counts)) in d.grid.iter().enumerate() {
        for (x, n) in counts.iter().enumerate() {
            cells.push(json!([x, y, n]));
            max = max.max(*n);
        }
    }
    let grid = json!({
        "tooltip": {},
        "grid": {"left": 90, "right": 20, "top": 10, "bottom": 60},
        "xAxis": {"type": "category", "data": d.themes, "axisLabel": {"rotate": 30}},
        "yAxis": {"type": "category", "data": d.grid.iter().map(|(u, _)| u.name.clone()).collect::<Vec<_>>()},
        "visualMap": {"min": 0, "max": max, "calculable": true, "orient": "horizontal", "left": "center", "bottom": 0, "show": false,
                      "inRange": {"color": ["#fff5f0", "#b22222"]}},
        "series": [{"type": "heatmap", "data": cells, "label": {"show": true}}]
    });
    let f = &d.streets.district;
    Ok(render(&DashboardPage {
        month: month.to_string(),
        trend_json: script_json(&trend_chart(&ctx, &d.trend)),
        streets_json: script_json(&scores_chart(&d.streets)),
        departments_json: script_json(&scores_chart(&d.departments)),
        grid_json: script_json(&grid),
        district: vec![
            f.cases.to_string(),
            pct(&ctx, f.response),
            pct(&ctx, f.resolution),
            pct(&ctx, f.satisfaction),
            pct(&ctx, f.on_time),
        ],
        overdue: d
            .overdue
            .iter()
            .map(|(u, n)| (u.name.clone(), *n))
            .collect(),
        whistles: if d.whistles.summoned > 0 {
            pct(&ctx, d.whistles.on_time())
        } else {
            "—".into()
        },
        mediations: d.mediations,
        streets: rank_rows(&ctx, &d.streets, &|_| (false, false)),
        ctx,
    }))
}
