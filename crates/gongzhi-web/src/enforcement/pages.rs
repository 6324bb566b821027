//! The enforcement pages: the list, opening a case, the case page with the form of its next stage, and the measured
//! results by street and month with bar charts drawn as SVG on the server (no script, nothing fetched).

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use gongzhi_app::enforcement::{OpenRequest, Step};
use gongzhi_domain::enforcement::EnforcementCase;
use gongzhi_domain::powers::{Power, format_yuan, parse_yuan};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::PageRequest;
use gongzhi_store::enforcement::{EnforcementEvent, MonthResults};

use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, QueryData, ReqLang, Staff};
use crate::page::{Bar, Chart, PageCtx, render};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/enforcement", get(list))
        .route("/staff/enforcement/new", get(new_page).post(open))
        .route("/staff/enforcement/results", get(results))
        .route("/staff/enforcement/files/{id}", get(file))
        .route("/staff/enforcement/{no}", get(case_page))
        .route("/staff/enforcement/{no}/decision", get(decision_document))
        .route("/enforcement/published", get(published_page))
        .route(
            "/staff/enforcement/{no}/{step}",
            post(step).layer(axum::extract::DefaultBodyLimit::max(
                3 * 5 * 1024 * 1024 + 256 * 1024,
            )),
        )
}

#[derive(Template)]
#[template(path = "enforcement_list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<EnforcementCase>,
    total: i64,
}

async fn list(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
) -> Result<Response, AppError> {
    let found = gongzhi_app::enforcement::list(
        &state.app,
        &staff.principal(&addr),
        PageRequest::new(1, 100),
    )
    .await?;
    Ok(render(&ListPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        rows: found.items,
        total: found.total,
    }))
}

#[derive(Template)]
#[template(path = "enforcement_new.html")]
struct NewPage {
    ctx: PageCtx,
    powers: Vec<Power>,
    input: OpenRequest,
    errors: ValidationErrors,
}

impl NewPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
}

async fn new_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    let (_, powers) = gongzhi_app::powers::current(&state.app).await?;
    let input = OpenRequest {
        source: if query.get("source").is_empty() {
            "patrol".into()
        } else {
            query.get("source").into()
        },
        source_ref: query.get("ref").into(),
        party_kind: "person".into(),
        ..Default::default()
    };
    Ok(render(&NewPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        powers,
        input,
        errors: ValidationErrors::default(),
    }))
}

async fn open(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let input = OpenRequest {
        power: form.get("power").into(),
        source: form.get("source").into(),
        source_ref: form.get("source_ref").into(),
        party_kind: form.get("party_kind").into(),
        party_name: form.get("party_name").into(),
        party_address: form.get("party_address").into(),
        facts: form.get("facts").into(),
        procedure: form.get("procedure").into(),
        kind: form.get("kind").into(),
        fine_fen: fen_field(&form, "fine")?,
        grade: form.get("grade").into(),
        statement: form.get("statement").into(),
        violation_on: form.get("violation_on").into(),
        safety_risk: form.get("safety_risk") == "1",
    };
    match gongzhi_app::enforcement::open(&state.app, &staff.principal(&addr), &input).await {
        Ok(c) => Ok(
            crate::page::see_other(&format!("/staff/enforcement/{}", c.enforcement_no))
                .into_response(),
        ),
        Err(gongzhi_app::AppError::Invalid(errors)) => {
            let (_, powers) = gongzhi_app::powers::current(&state.app).await?;
            let mut r = render(&NewPage {
                ctx: PageCtx::new(lang, Some(&staff)),
                powers,
                input,
                errors,
            });
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Template)]
#[template(path = "enforcement_case.html")]
struct CasePage {
    ctx: PageCtx,
    c: EnforcementCase,
    power: Power,
    timeline: Vec<EnforcementEvent>,
    files: Vec<(String, String, i64)>,
    message: String,
    is_head: bool,
    is_reviewer: bool,
    /// What the decision waits for, as a refusal code (defence_pending, hearing_pending, review_pending).
    waiting: Option<&'static str>,
    late: bool,
    /// The street's officers who may preside over a hearing (not the investigators): (id, name).
    presiders: Vec<(String, String)>,
    /// The end of the periods to challenge, the publication's due time and whether it is late.
    challenge_end: Option<i64>,
    publication_due: Option<i64>,
    publication_late: bool,
}

impl CasePage {
    fn yuan(&self, fen: Option<i64>) -> String {
        fen.map(format_yuan).unwrap_or_else(|| "—".into())
    }
    fn fine_range(&self) -> String {
        crate::powers::fine_range(&self.power, &self.ctx)
    }
    fn graded(&self) -> bool {
        self.power.fines.iter().any(|f| f.grade.is_some())
    }
    fn sqm(&self) -> String {
        format!(
            "{}.{:02}",
            self.c.removed_sqm_x100 / 100,
            self.c.removed_sqm_x100 % 100
        )
    }
    fn collected(&self) -> String {
        format_yuan(self.c.fine_collected_fen)
    }
    fn fined(&self) -> String {
        self.yuan(self.c.fine_fen)
    }
    fn late(&self) -> String {
        format_yuan(self.c.late_fen)
    }
    fn paid(&self) -> String {
        self.yuan(self.c.paid_fen)
    }
    fn in_stage(&self, stages: &[&str]) -> bool {
        stages.contains(&self.c.stage.code())
    }
    fn imposes(&self) -> bool {
        matches!(self.c.ruling.map(|r| r.code()), Some("penalty" | "order"))
    }
    fn decision_stands(&self) -> bool {
        !self
            .c
            .challenge_outcome
            .is_some_and(|o| o.ends_the_decision())
    }
    fn challenge_open(&self) -> bool {
        self.c.challenge.is_some() && self.c.challenge_outcome.is_none()
    }
    fn orders(&self) -> Vec<gongzhi_domain::powers::Penalty> {
        self.power
            .penalties
            .iter()
            .copied()
            .filter(|p| p.is_order())
            .collect()
    }
    fn hearing_open(&self) -> bool {
        self.c.stage.code() == "notified"
            && matches!(self.c.hearing.code(), "offered" | "requested" | "scheduled")
    }
}

async fn case_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let principal = staff.principal(&addr);
    let (c, power) = gongzhi_app::enforcement::visible(&state.app, &principal, &no).await?;
    let message = crate::page::refusal_message(lang, query.get("error"));
    let timeline = state.reads.enforcement_timeline(&c.id).await?;
    let files = state.reads.enforcement_files(&c.id).await?;
    let now = state.now();
    let presiders = if c.stage == gongzhi_domain::enforcement::Stage::Notified {
        gongzhi_app::enforcement::presiders(&state.app, &c)
            .await?
            .into_iter()
            .map(|(id, name)| (id.to_string(), name))
            .collect()
    } else {
        Vec::new()
    };
    let cal = gongzhi_app::cases::calendar(&state.app).await?;
    Ok(render(&CasePage {
        ctx: PageCtx::new(lang, Some(&staff)),
        is_head: principal.unit_head && principal.has(gongzhi_domain::org::Role::Street),
        is_reviewer: principal.has(gongzhi_domain::org::Role::LegalReviewer),
        waiting: c.waiting_for(now).map(|w| w.code()),
        late: c.late(now),
        presiders,
        challenge_end: gongzhi_domain::enforcement::challenge_periods_end(&c, &cal),
        publication_due: gongzhi_domain::enforcement::publication_due(&c, &cal),
        publication_late: gongzhi_domain::enforcement::publication_late(&c, &cal, now),
        c,
        power,
        timeline,
        files,
        message,
    }))
}

/// Amounts typed in yuan on the forms, as fen (a bad amount is the field's error).
fn fen_field(form: &FormData, field: &'static str) -> Result<Option<i64>, AppError> {
    match form.get(field).trim() {
        "" => Ok(None),
        raw => parse_yuan(raw)
            .map(Some)
            .ok_or_else(|| gongzhi_app::AppError::field(field, "not_money").into()),
    }
}

async fn step(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path((no, name)): Path<(String, String)>,
    request: axum::extract::Request,
) -> Result<Response, AppError> {
    let (form, files) = crate::whistle::action_form(request, &state).await?;
    staff.check_csrf(&form)?;
    let note = form.get("note").to_owned();
    let step = match name.as_str() {
        "file" => Step::File {
            approve: form.get("approve") == "1",
            note,
        },
        "evidence" => Step::Evidence { note, files },
        "notify" => Step::Notify {
            kind: form.get("kind").into(),
            fine_fen: fen_field(&form, "fine")?,
            confiscated_fen: fen_field(&form, "confiscated")?,
            grade: form.get("grade").into(),
            complex: form.get("complex") == "1",
            note,
        },
        "hearing" => Step::Hearing {
            step: form.get("hearing_step").into(),
            scheduled_at: crate::page::parse_local_datetime(form.get("scheduled_at")),
            presided_by: form.get("presided_by").into(),
            record: form.get("record").into(),
        },
        "review" => Step::Review {
            approve: form.get("approve") == "1",
            note,
        },
        "decide" => Step::Decide {
            ruling: form.get("ruling").into(),
            kind: form.get("kind").into(),
            fine_fen: fen_field(&form, "fine")?,
            confiscated_fen: fen_field(&form, "confiscated")?,
            grade: form.get("grade").into(),
            transfer_to: form.get("transfer_to").into(),
            order: form.get("order").into(),
            order_days: form.get("order_days").trim().parse().ok(),
            social_impact: form.get("social_impact") == "1",
            collective: form.get("collective") == "1",
            note,
        },
        "compulsion" => Step::Compulsion {
            step: form.get("compulsion_step").into(),
            days: form.get("days").trim().parse().ok(),
            note,
        },
        "challenge" => Step::Challenge {
            step: form.get("challenge_step").into(),
            kind: form.get("kind").into(),
            outcome: form.get("outcome").into(),
            at: crate::page::parse_local_datetime(form.get("at"))
                .ok_or_else(|| AppError::from(gongzhi_app::AppError::field("at", "not_a_date")))?,
            note,
        },
        "publish" => Step::Publish { note },
        "serve" => Step::Serve {
            served_at: crate::page::parse_local_datetime(form.get("served_at")).ok_or_else(
                || AppError::from(gongzhi_app::AppError::field("served_at", "not_a_date")),
            )?,
            note,
        },
        "payment" => Step::Payment {
            paid_fen: fen_field(&form, "paid")?.unwrap_or(0),
            late_fen: fen_field(&form, "late")?.unwrap_or(0),
            paid_at: crate::page::parse_local_datetime(form.get("paid_at")).ok_or_else(|| {
                AppError::from(gongzhi_app::AppError::field("paid_at", "not_a_date"))
            })?,
        },
        "extend" => Step::Extend {
            reason: form.get("reason").into(),
            collective: form.get("collective") == "1",
        },
        "execute" => Step::Execute {
            forced: form.get("forced") == "1",
            execution: form.get("execution").into(),
            fine_collected_fen: fen_field(&form, "fine_collected")?.unwrap_or(0),
            removed_sqm_x100: fen_field(&form, "removed_sqm")?.unwrap_or(0),
            stalls_cleared: form.get("stalls_cleared").trim().parse().unwrap_or(0),
        },
        "close" => Step::Close { note },
        _ => return Err(AppError::NotFound),
    };
    let back = format!("/staff/enforcement/{}", crate::codec::encode_component(&no));
    crate::page::after_form(
        gongzhi_app::enforcement::step(&state.app, &staff.principal(&addr), &no, step).await,
        &back,
        &back,
    )
}

fn chart(
    title: &'static str,
    months: &[String],
    values: &[i64],
    shown: impl Fn(i64) -> String,
) -> Chart {
    let max = values.iter().copied().max().unwrap_or(0).max(1);
    Chart {
        title,
        bars: months
            .iter()
            .zip(values)
            .map(|(m, v)| Bar {
                label: m[5..].to_owned(),
                value: shown(*v),
                height: v * 100 / max,
            })
            .collect(),
    }
}

#[derive(Template)]
#[template(path = "enforcement_results.html")]
struct ResultsPage {
    ctx: PageCtx,
    from: String,
    to: String,
    rows: Vec<MonthResults>,
    charts: Vec<Chart>,
}

impl ResultsPage {
    fn yuan(&self, fen: &i64) -> String {
        format_yuan(*fen)
    }
    fn sqm(&self, x: &i64) -> String {
        format!("{}.{:02}", x / 100, x % 100)
    }
}

async fn results(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let now = state.now();
    let year = gongzhi_domain::calendar::local_date(now).year();
    let from = if query.get("from").is_empty() {
        format!("{year}-01-01")
    } else {
        query.get("from").to_owned()
    };
    let to = if query.get("to").is_empty() {
        gongzhi_domain::calendar::local_date(now).to_string()
    } else {
        query.get("to").to_owned()
    };
    let (Some(f), Some(t)) = (
        crate::cases::common::parse_day_start(&from),
        crate::cases::common::parse_day_end(&to),
    ) else {
        let mut e = ValidationErrors::default();
        e.add("from", "not_a_date");
        return Err(AppError::Validation(e));
    };
    let rows = gongzhi_app::enforcement::results(&state.app, &staff.principal(&addr), f, t).await?;
    // The district's months, summed over streets, for the charts.
    let mut months: Vec<String> = rows.iter().map(|r| r.1.clone()).collect();
    months.sort();
    months.dedup();
    let sum = |pick: fn(&MonthResults) -> i64| {
        months
            .iter()
            .map(|m| rows.iter().filter(|r| &r.1 == m).map(pick).sum())
            .collect::<Vec<i64>>()
    };
    let charts = vec![
        chart(
            "enforcement.chart_fines",
            &months,
            &sum(|r| r.3),
            format_yuan,
        ),
        chart("enforcement.chart_sqm", &months, &sum(|r| r.4), |x| {
            format!("{}", x / 100)
        }),
        chart("enforcement.chart_stalls", &months, &sum(|r| r.5), |x| {
            x.to_string()
        }),
    ];
    Ok(render(&ResultsPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        from,
        to,
        rows,
        charts,
    }))
}

async fn file(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let (filename, content_type, data) =
        gongzhi_app::enforcement::file(&state.app, &staff.principal(&addr), &id).await?;
    crate::cases::common::download_response(&filename, &content_type, data)
}

#[derive(Template)]
#[template(path = "enforcement_decision.html")]
struct DecisionDocument {
    ctx: PageCtx,
    c: EnforcementCase,
    power: Power,
    street: String,
    /// The evidence records' notes, in order (art. 59(二)).
    evidence: Vec<String>,
    review_organ: String,
    court: String,
}

impl DecisionDocument {
    fn yuan(&self, fen: &i64) -> String {
        format_yuan(*fen)
    }
}

/// The decision document (行政处罚决定书) with everything 行政处罚法 art. 59 requires, to print and serve.
async fn decision_document(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(no): Path<String>,
) -> Result<Response, AppError> {
    let principal = staff.principal(&addr);
    let (c, power) = gongzhi_app::enforcement::visible(&state.app, &principal, &no).await?;
    if !matches!(
        c.ruling,
        Some(
            gongzhi_domain::enforcement::Ruling::Penalty
                | gongzhi_domain::enforcement::Ruling::Order
        )
    ) {
        return Err(AppError::NotFound);
    }
    let evidence = state
        .reads
        .enforcement_timeline(&c.id)
        .await?
        .into_iter()
        .filter(|e| e.event == "evidence" && !e.note.is_empty())
        .map(|e| e.note)
        .collect();
    let street = state.reads.get_unit(c.street_id).await?.unit.name;
    let (review_organ, court) = gongzhi_app::settings::challenge_organs(&state.app).await?;
    Ok(render(&DecisionDocument {
        ctx: PageCtx::new(lang, Some(&staff)),
        c,
        power,
        street,
        evidence,
        review_organ,
        court,
    }))
}

#[derive(Template)]
#[template(path = "enforcement_published.html")]
struct PublishedPage {
    ctx: PageCtx,
    rows: Vec<gongzhi_app::enforcement::Published>,
    total: i64,
}

impl PublishedPage {
    fn money(&self, p: &gongzhi_app::enforcement::Published) -> String {
        match (p.fine_fen, p.confiscated_fen) {
            (Some(f), _) => format!("¥{}", format_yuan(f)),
            (None, Some(v)) => format!("¥{}", format_yuan(v)),
            _ => String::new(),
        }
    }
}

/// The published decisions (行政处罚法 art. 48): public, no sign-in; a person's name withheld.
async fn published_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    crate::extract::MaybeStaff(staff): crate::extract::MaybeStaff,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut e = ValidationErrors::default();
    let page = crate::api::page_params(&mut e, &query.0, 50);
    if !e.is_empty() {
        return Err(AppError::Validation(e));
    }
    let found = gongzhi_app::enforcement::published(&state.app, page).await?;
    Ok(render(&PublishedPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        rows: found.items,
        total: found.total,
    }))
}
