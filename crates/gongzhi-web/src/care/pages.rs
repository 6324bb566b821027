//! The care pages: the care home (coverage by street and level with a chart), the elder registry and an elder's
//! page (guardian and consent, assessments), the assessment form two assessors fill in on site, an assessment's page
//! with the review, appeal and conclusion, and the census import (upload, progress that refreshes itself while it
//! runs, and the error report to download).

use std::collections::{BTreeMap, HashMap};

use askama::Template;
use axum::Router;
use axum::extract::{Multipart, Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use gongzhi_app::care::AssessmentInput;
use gongzhi_domain::care::{AssessStatus, Economic, Item, Living, Need, Reason, level_label};
use gongzhi_domain::org::{Role, UnitKind, UserId};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::PageRequest;

use super::api::{
    AssessmentItem, CensusImportItem, Coverage, ElderItem, assessment_item, coverage_rows,
    elder_filter, elder_item, import_item, unit_names,
};
use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, QueryData, ReqLang, Staff};
use crate::page::{Bar, Chart, PageCtx, refusal_message, render, see_other};
use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/staff/care", get(home))
        .route("/staff/care/elders", get(elders))
        .route("/staff/care/elders/{id}", get(elder_page))
        .route("/staff/care/elders/{id}/guardian", post(guardian))
        .route(
            "/staff/care/elders/{id}/assess",
            get(assess_form).post(assess),
        )
        .route("/staff/care/assessments", get(worklist))
        .route("/staff/care/assessments/{id}", get(assessment_page))
        .route("/staff/care/assessments/{id}/{step}", post(assessment_step))
        .route(
            "/staff/care/census",
            get(census_page)
                .post(census_upload)
                .layer(axum::extract::DefaultBodyLimit::max(
                    gongzhi_app::care::MAX_CENSUS_BYTES + 64 * 1024,
                )),
        )
        .route("/staff/care/census/{id}", get(census_progress))
        .route("/staff/care/census/{id}/report.csv", get(census_report))
}

/// What the care pages show a staff member: their scope's role flags.
struct Powers {
    officer: bool,
    district: bool,
}

fn powers(staff: &Staff) -> Powers {
    Powers {
        officer: staff.has(Role::CareAdmin),
        district: [Role::CareAdmin, Role::Assessor, Role::Leader, Role::Admin]
            .iter()
            .any(|r| staff.has(*r)),
    }
}

#[derive(Template)]
#[template(path = "care_home.html")]
struct HomePage {
    ctx: PageCtx,
    coverage: Coverage,
    charts: Vec<Chart>,
    /// This month's deliveries: service, hours, deliveries.
    delivered: Vec<(&'static str, String, i64)>,
    /// Months with the fund's settled payments and the subsidies advanced.
    money: Vec<(String, i64, i64)>,
    officer: bool,
    district: bool,
    admin: bool,
    /// Records deliveries: an officer, or staff of a facility.
    carer: bool,
}

impl HomePage {
    fn level_name(&self, l: &usize) -> &'static str {
        self.ctx.care_level(&(*l as u8))
    }
    fn yuan(&self, fen: &i64) -> String {
        super::network_pages::yuan(fen)
    }
    fn share(&self, n: &i64, of: &i64) -> String {
        if *of == 0 {
            "—".into()
        } else {
            format!("{:.1}%", *n as f64 * 100.0 / *of as f64)
        }
    }
}

async fn home(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
) -> Result<Response, AppError> {
    let p = staff.principal(&addr);
    gongzhi_app::care::elder_scope(&p)?;
    let coverage = coverage_rows(&state, &p).await?;
    let mut totals = [0i64; 6];
    for s in &coverage.streets {
        for (l, n) in s.by_level.iter().enumerate() {
            totals[l] += n;
        }
    }
    let top = totals.iter().copied().max().unwrap_or(0).max(1);
    let level_chart = Chart {
        title: "care.chart_levels",
        bars: totals
            .iter()
            .enumerate()
            .map(|(i, n)| Bar {
                label: lang
                    .try_t(&format!("level.{i}"))
                    .unwrap_or_else(|| level_label(i as u8))
                    .chars()
                    .take(12)
                    .collect(),
                value: n.to_string(),
                height: n * 100 / top,
            })
            .collect(),
    };
    let top_street = coverage
        .streets
        .iter()
        .map(|s| s.elders)
        .max()
        .unwrap_or(0)
        .max(1);
    let street_chart = Chart {
        title: "care.chart_streets",
        bars: coverage
            .streets
            .iter()
            .map(|s| Bar {
                label: s.street.trim_end_matches("街道").chars().take(7).collect(),
                value: s.elders.to_string(),
                height: s.elders * 100 / top_street,
            })
            .collect(),
    };
    let month = gongzhi_app::care::services::month_of(state.now());
    let delivered = state
        .reads
        .delivered_in(month)
        .await?
        .into_iter()
        .map(|(s, minutes, n)| (s.code(), format!("{:.1}", minutes as f64 / 60.0), n))
        .collect();
    let first = (month / 100 - 1) * 100 + month % 100;
    let money: Vec<(String, i64, i64)> = state
        .reads
        .money_by_month(first)
        .await?
        .into_iter()
        .map(|(m, f, s)| (format!("{:04}-{:02}", m / 100, m % 100), f, s))
        .collect();
    let top_money = money.iter().map(|(_, f, _)| *f).max().unwrap_or(0).max(1);
    let money_chart = Chart {
        title: "care.chart_fund",
        bars: money
            .iter()
            .map(|(m, f, _)| Bar {
                label: m[2..].to_owned(),
                value: format!("{:.0}", *f as f64 / 100.0),
                height: f * 100 / top_money,
            })
            .collect(),
    };
    let pw = powers(&staff);
    let carer = pw.officer
        || gongzhi_app::care::services::my_facility(&state.app, &p)
            .await?
            .is_some();
    Ok(render(&HomePage {
        carer,
        ctx: PageCtx::new(lang, Some(&staff)),
        coverage,
        charts: vec![level_chart, street_chart, money_chart],
        delivered,
        money,
        officer: pw.officer,
        district: pw.district,
        admin: staff.has(Role::Admin),
    }))
}

#[derive(Template)]
#[template(path = "care_elders.html")]
struct EldersPage {
    ctx: PageCtx,
    items: Vec<ElderItem>,
    total: i64,
    page: u32,
    pages: u32,
    streets: Vec<(String, String)>,
    query: HashMap<String, String>,
    /// The query without `page`, for the pager's links.
    base: String,
    errors: ValidationErrors,
}

impl EldersPage {
    fn q(&self, k: &str) -> &str {
        self.query.get(k).map(String::as_str).unwrap_or("")
    }
    fn sel(&self, k: &str, v: impl AsRef<str>) -> bool {
        self.q(k) == v.as_ref()
    }
    fn living_options(&self) -> Vec<(&'static str, &'static str)> {
        Living::ALL
            .iter()
            .map(|l| (l.code(), self.ctx.label("living", l.code())))
            .collect()
    }
    fn economic_options(&self) -> Vec<(&'static str, &'static str)> {
        Economic::ALL
            .iter()
            .map(|l| (l.code(), self.ctx.label("economic", l.code())))
            .collect()
    }
    fn need_options(&self) -> Vec<(&'static str, &'static str)> {
        Need::ALL
            .iter()
            .map(|l| (l.code(), self.ctx.label("need", l.code())))
            .collect()
    }
    fn needs(&self, e: &ElderItem) -> String {
        e.needs
            .iter()
            .map(|n| self.ctx.label("need", n))
            .collect::<Vec<_>>()
            .join("、")
    }
    fn level(&self, e: &ElderItem) -> &'static str {
        e.care_level.map_or("—", |l| self.ctx.care_level(&l))
    }
}

async fn elders(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let p = staff.principal(&addr);
    gongzhi_app::care::elder_scope(&p)?;
    let mut errors = ValidationErrors::default();
    let today = gongzhi_domain::calendar::local_date(state.now());
    let (filter, page) = elder_filter(&query, today, &mut errors, true);
    let found = gongzhi_app::care::elders(&state.app, &p, filter, page).await?;
    let names = unit_names(&state).await?;
    let (ids, phones) = (
        gongzhi_app::care::sees_id_numbers(&p),
        gongzhi_app::care::sees_phones(&p),
    );
    let today_ymd = gongzhi_domain::local_yyyymmdd(state.now()) as i64;
    let units = state.reads.list_units().await?;
    let streets = units
        .iter()
        .filter(|u| u.unit.kind == UnitKind::Street)
        .map(|u| (u.unit.id.to_string(), u.unit.name.clone()))
        .collect();
    let base = query
        .0
        .iter()
        .filter(|(k, v)| k.as_str() != "page" && !v.is_empty())
        .map(|(k, v)| {
            format!(
                "{}={}",
                crate::codec::encode_component(k),
                crate::codec::encode_component(v)
            )
        })
        .collect::<Vec<_>>()
        .join("&");
    Ok(render(&EldersPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        items: found
            .items
            .iter()
            .map(|e| elder_item(e, &names, ids, phones, today_ymd))
            .collect(),
        total: found.total,
        page: found.page,
        pages: found.pages(),
        streets,
        query: query.0.clone(),
        base,
        errors,
    }))
}

#[derive(Template)]
#[template(path = "care_elder.html")]
struct ElderPage {
    ctx: PageCtx,
    e: ElderItem,
    assessments: Vec<AssessmentItem>,
    ins: super::network::InsuranceItem,
    can_assess: bool,
    can_guardian: bool,
    can_plan: bool,
    can_decide: bool,
    message: String,
}

impl ElderPage {
    fn needs(&self) -> String {
        self.e
            .needs
            .iter()
            .map(|n| self.ctx.label("need", n))
            .collect::<Vec<_>>()
            .join(self.ctx.t("suggest.word_separator"))
    }
    fn status(&self, a: &AssessmentItem) -> &'static str {
        self.ctx.label("assess_status", &a.status)
    }
    fn level(&self, l: &Option<u8>) -> &'static str {
        l.map_or("—", |l| self.ctx.care_level(&l))
    }
    fn yuan(&self, fen: &i64) -> String {
        super::network_pages::yuan(fen)
    }
    fn month(&self, m: &i64) -> String {
        format!("{:04}-{:02}", m / 100, m % 100)
    }
    fn level_n(&self, l: &i64) -> &'static str {
        self.ctx.care_level(&(*l as u8))
    }
}

async fn elder_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    let p = staff.principal(&addr);
    let e = gongzhi_app::care::elder(&state.app, &p, &id).await?;
    let names = unit_names(&state).await?;
    let today = gongzhi_domain::local_yyyymmdd(state.now()) as i64;
    let item = elder_item(
        &e,
        &names,
        gongzhi_app::care::sees_id_numbers(&p),
        gongzhi_app::care::sees_phones(&p),
        today,
    );
    let assessments =
        super::api::assessment_items(&state, &state.reads.assessments_of(&e.id).await?).await?;
    let message = match query.get("done") {
        "" => refusal_message(lang, query.get("error")),
        done => lang
            .try_t(&format!("care.done_{done}"))
            .unwrap_or("")
            .to_owned(),
    };
    let ins = super::network::insurance_item(&state, &p, &e.id).await?;
    Ok(render(&ElderPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        e: item,
        assessments,
        ins,
        can_assess: staff.has(Role::Assessor),
        can_guardian: gongzhi_app::care::may_set_guardian(&p),
        can_plan: staff.has(Role::CareAdmin),
        can_decide: staff.has(Role::CareAdmin)
            || (staff.has(Role::Station) && p.street_id == Some(e.street_id)),
        message,
    }))
}

async fn guardian(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let id = super::api::id_param(&id)?;
    let version: i64 = form
        .get("version")
        .parse()
        .map_err(|_| AppError::MalformedForm)?;
    let back = format!("/staff/care/elders/{id}");
    let result = gongzhi_app::care::set_guardian(
        &state.app,
        &staff.principal(&addr),
        &id,
        form.get("guardian_name"),
        form.get("guardian_phone"),
        form.get("consent") == "on",
        version,
    )
    .await;
    crate::page::after_form(result, &format!("{back}?done=guardian_saved"), &back)
}

/// The assessment form's typed values, kept when it is refused.
#[derive(Default)]
struct AssessInput {
    items: BTreeMap<String, String>,
    reason: String,
    second: String,
    level: String,
    note: String,
}

#[derive(Template)]
#[template(path = "care_assess.html")]
struct AssessPage {
    ctx: PageCtx,
    e: ElderItem,
    assessors: Vec<(String, String)>,
    input: AssessInput,
    errors: ValidationErrors,
    message: String,
}

impl AssessPage {
    fn groups(&self) -> Vec<(&'static str, Vec<Item>)> {
        use gongzhi_domain::care::Group;
        [Group::DailyLiving, Group::Cognition, Group::Perception]
            .iter()
            .map(|g| {
                (
                    g.code(),
                    Item::ALL
                        .iter()
                        .copied()
                        .filter(|i| i.group() == *g)
                        .collect(),
                )
            })
            .collect()
    }
    fn chosen(&self, item: &Item, score: &u8) -> bool {
        self.input
            .items
            .get(item.code())
            .is_some_and(|v| v == &score.to_string())
    }
    fn error(&self, field: &str) -> &'static str {
        self.errors
            .code_for(field)
            .map(|c| self.ctx.err(c))
            .unwrap_or("")
    }
    fn reasons(&self) -> Vec<(&'static str, &'static str)> {
        Reason::ALL
            .iter()
            .map(|r| (r.code(), self.ctx.label("reason", r.code())))
            .collect()
    }
    fn levels(&self) -> Vec<(String, &'static str)> {
        (0..=5u8)
            .map(|l| (l.to_string(), self.ctx.care_level(&l)))
            .collect()
    }
}

async fn assessors(state: &AppState, me: UserId) -> Result<Vec<(String, String)>, AppError> {
    let ids: Vec<UserId> = state
        .reads
        .users_with_role(Role::Assessor)
        .await?
        .into_iter()
        .filter(|u| *u != me)
        .collect();
    let names = state.reads.user_names(&ids).await?;
    Ok(ids
        .iter()
        .map(|u| (u.to_string(), names.get(u).cloned().unwrap_or_default()))
        .collect())
}

/// The assessment form, empty or as typed with its errors and message.
async fn assess_page(
    state: &AppState,
    lang: crate::i18n::Lang,
    staff: &Staff,
    addr: &ClientAddr,
    id: &str,
    (input, errors, message): (AssessInput, ValidationErrors, String),
) -> Result<Response, AppError> {
    staff.require(Role::Assessor)?;
    let p = staff.principal(addr);
    let e = gongzhi_app::care::elder(&state.app, &p, id).await?;
    let names = unit_names(state).await?;
    let today = gongzhi_domain::local_yyyymmdd(state.now()) as i64;
    let item = elder_item(&e, &names, true, true, today);
    let page = AssessPage {
        ctx: PageCtx::new(lang, Some(staff)),
        e: item,
        assessors: assessors(state, staff.session.user.id).await?,
        input,
        errors,
        message,
    };
    Ok(render(&page))
}

async fn assess_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    let input = AssessInput {
        reason: "first".into(),
        ..Default::default()
    };
    assess_page(
        &state,
        lang,
        &staff,
        &addr,
        &id,
        (input, ValidationErrors::default(), String::new()),
    )
    .await
}

async fn assess(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let id = super::api::id_param(&id)?;
    let input = AssessInput {
        items: Item::ALL
            .iter()
            .filter(|i| !form.get(i.code()).is_empty())
            .map(|i| (i.code().to_owned(), form.get(i.code()).to_owned()))
            .collect(),
        reason: form.get("reason").into(),
        second: form.get("second_assessor").into(),
        level: form.get("assessor_level").into(),
        note: form.get("note").into(),
    };
    let mut errors = ValidationErrors::default();
    let mut items = BTreeMap::new();
    for (code, v) in &input.items {
        match v.parse::<i64>() {
            Ok(n) => {
                items.insert(code.clone(), n);
            }
            Err(_) => errors.add_named(format!("items.{code}"), "score_not_allowed"),
        }
    }
    let reason = Reason::parse(&input.reason);
    if reason.is_none() {
        errors.add("reason", "invalid_choice");
    }
    let second = UserId::parse(&input.second);
    if second.is_none() {
        errors.add("second_assessor", "required");
    }
    // The assessors' reading of the table is optional: the table decides (an empty choice is the table's).
    let level = match input.level.trim() {
        "" => None,
        raw => {
            let l = raw.parse::<u8>().ok().filter(|l| *l <= 5);
            if l.is_none() {
                errors.add("assessor_level", "invalid_level");
            }
            l
        }
    };
    if errors.is_empty() {
        let request = AssessmentInput {
            elder_id: id.clone(),
            reason: reason.unwrap_or(Reason::First),
            items,
            second_assessor: second.expect("checked"),
            assessor_level: level,
            note: input.note.clone(),
        };
        match gongzhi_app::care::record_assessment(&state.app, &staff.principal(&addr), &request)
            .await
        {
            Ok(a) => {
                return Ok(
                    see_other(&format!("/staff/care/assessments/{}?done=recorded", a.id))
                        .into_response(),
                );
            }
            Err(gongzhi_app::AppError::Invalid(e)) => errors = e,
            Err(gongzhi_app::AppError::Conflict(code)) => {
                let mut r = assess_page(
                    &state,
                    lang,
                    &staff,
                    &addr,
                    &id,
                    (input, errors, refusal_message(lang, code)),
                )
                .await?;
                *r.status_mut() = StatusCode::CONFLICT;
                return Ok(r);
            }
            Err(e) => return Err(e.into()),
        }
    }
    let message = lang.t("care.fix_errors").to_owned();
    let mut r = assess_page(&state, lang, &staff, &addr, &id, (input, errors, message)).await?;
    *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(r)
}

#[derive(Template)]
#[template(path = "care_assessment.html")]
struct AssessmentPage {
    ctx: PageCtx,
    a: AssessmentItem,
    e: ElderItem,
    can_review: bool,
    /// The caller is the second assessor and has not confirmed the scores yet.
    can_confirm: bool,
    can_appeal: bool,
    can_conclude: bool,
    can_reassess: bool,
    message: String,
}

impl AssessmentPage {
    fn items(&self) -> Vec<(&'static str, &'static str, i64, &'static str)> {
        Item::ALL
            .iter()
            .map(|i| {
                (
                    i.group().code(),
                    self.ctx.care_item(i.code()),
                    self.a.items.get(i.code()).copied().unwrap_or(0),
                    if i.allowed().len() == 5 { "0–4" } else { "" },
                )
            })
            .collect()
    }
    fn level(&self, l: &Option<u8>) -> &'static str {
        l.map_or("—", |l| self.ctx.care_level(&l))
    }
    fn level_of(&self, l: &u8) -> &'static str {
        self.ctx.care_level(l)
    }
}

async fn assessment_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    let p = staff.principal(&addr);
    let (a, e) = gongzhi_app::care::assessment(&state.app, &p, &id).await?;
    let names = unit_names(&state).await?;
    let today = gongzhi_domain::local_yyyymmdd(state.now()) as i64;
    let now = state.now();
    let officer = staff.has(Role::CareAdmin);
    let mine = [a.assessor1, a.assessor2].contains(&staff.session.user.id);
    let message = match query.get("done") {
        "" => refusal_message(lang, query.get("error")),
        done => lang
            .try_t(&format!("care.done_{done}"))
            .unwrap_or("")
            .to_owned(),
    };
    let page = AssessmentPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        can_review: officer && !mine && a.status == AssessStatus::Recorded,
        can_confirm: a.assessor2 == staff.session.user.id
            && a.status == AssessStatus::Recorded
            && a.assessor2_confirmed_at.is_none(),
        can_appeal: officer
            && a.status == AssessStatus::Publicised
            && a.publicity_until.is_some_and(|u| now <= u),
        can_conclude: officer
            && a.status == AssessStatus::Publicised
            && a.publicity_until.is_some_and(|u| now >= u),
        can_reassess: staff.has(Role::Assessor)
            && matches!(a.status, AssessStatus::Appealed | AssessStatus::Returned),
        e: elder_item(
            &e,
            &names,
            gongzhi_app::care::sees_id_numbers(&p),
            gongzhi_app::care::sees_phones(&p),
            today,
        ),
        a: assessment_item(&state, &a).await?,
        message,
    };
    Ok(render(&page))
}

async fn assessment_step(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path((id, step)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let id = super::api::id_param(&id)?;
    let p = staff.principal(&addr);
    let version: i64 = form
        .get("version")
        .parse()
        .map_err(|_| AppError::MalformedForm)?;
    let back = format!("/staff/care/assessments/{id}");
    let result = match step.as_str() {
        "review" => {
            gongzhi_app::care::review(
                &state.app,
                &p,
                &id,
                if form.get("decision") == "reassess" {
                    gongzhi_app::care::ReviewDecision::Reassess
                } else {
                    gongzhi_app::care::ReviewDecision::Confirm
                },
                None,
                form.get("reason"),
                version,
            )
            .await
        }
        "confirm" => gongzhi_app::care::confirm(&state.app, &p, &id, version).await,
        "appeal" => gongzhi_app::care::appeal(&state.app, &p, &id, form.get("note"), version).await,
        "conclude" => {
            staff.require(Role::CareAdmin)?;
            gongzhi_app::care::conclude(&state.app, &p.actor(state.now()), &id).await
        }
        _ => return Err(AppError::NotFound),
    };
    crate::page::after_form(result, &format!("{back}?done={step}"), &back)
}

#[derive(Template)]
#[template(path = "care_assessments.html")]
struct WorklistPage {
    ctx: PageCtx,
    status: String,
    items: Vec<(AssessmentItem, String)>,
    total: i64,
}

impl WorklistPage {
    fn statuses(&self) -> Vec<(&'static str, &'static str)> {
        AssessStatus::ALL
            .iter()
            .map(|s| (s.code(), self.ctx.label("assess_status", s.code())))
            .collect()
    }
    fn level(&self, l: &Option<u8>) -> &'static str {
        l.map_or("—", |l| self.ctx.care_level(&l))
    }
    fn level_of(&self, l: &u8) -> &'static str {
        self.ctx.care_level(l)
    }
}

async fn worklist(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let p = staff.principal(&addr);
    let status = match query.get("status") {
        "" if staff.has(Role::CareAdmin) => Some(AssessStatus::Recorded),
        "" | "all" => None,
        s => Some(AssessStatus::parse(s).ok_or(AppError::NotFound)?),
    };
    let found =
        gongzhi_app::care::assessments(&state.app, &p, status, PageRequest::new(1, 100)).await?;
    let names = super::api::elder_names(&state, found.items.iter().map(|a| &a.elder_id)).await?;
    let items: Vec<_> = super::api::assessment_items(&state, &found.items)
        .await?
        .into_iter()
        .zip(&found.items)
        .map(|(item, a)| (item, names.get(&a.elder_id).cloned().unwrap_or_default()))
        .collect();
    Ok(render(&WorklistPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        status: status
            .map(|s| s.code().to_owned())
            .unwrap_or_else(|| "all".into()),
        items,
        total: found.total,
    }))
}

#[derive(Template)]
#[template(path = "care_census.html")]
struct CensusPage {
    ctx: PageCtx,
    imports: Vec<CensusImportItem>,
    round: String,
    columns: &'static [&'static str],
    message: String,
}

async fn census_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let p = staff.principal(&addr);
    let imports = gongzhi_app::care::census_imports(&state.app, &p)
        .await?
        .iter()
        .map(import_item)
        .collect();
    Ok(render(&CensusPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        imports,
        round: gongzhi_app::care::default_round(&state.app),
        columns: &gongzhi_domain::care::CENSUS_COLUMNS,
        message: refusal_message(lang, query.get("error")),
    }))
}

async fn census_upload(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    mut multipart: Multipart,
) -> Result<Response, AppError> {
    // Who may import is asked before a byte of the body is read: nobody else's file is ever parsed.
    let p = staff.principal(&addr);
    gongzhi_app::care::may_import_census(&p)?;
    let too_large = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            AppError::TooLarge
        } else {
            AppError::MalformedForm
        }
    };
    let (mut csrf, mut round, mut reference, mut name, mut data) = (
        String::new(),
        String::new(),
        String::new(),
        String::new(),
        Vec::new(),
    );
    while let Some(field) = multipart.next_field().await.map_err(too_large)? {
        match field.name().unwrap_or("") {
            "csrf" => csrf = field.text().await.map_err(too_large)?,
            "round" => round = field.text().await.map_err(too_large)?,
            "reference_date" => reference = field.text().await.map_err(too_large)?,
            "file" => {
                name = field.file_name().unwrap_or("census").to_owned();
                data = field.bytes().await.map_err(too_large)?.to_vec();
            }
            _ => {}
        }
    }
    staff.check_csrf(&FormData(vec![("csrf".into(), csrf)]))?;
    if data.is_empty() {
        return Ok(see_other("/staff/care/census?error=required").into_response());
    }
    // Reading a 100,000-row workbook takes a moment: off the async workers.
    let read = tokio::task::spawn_blocking(move || gongzhi_app::care::read_census(&data))
        .await
        .map_err(AppError::internal)?;
    let file = match read {
        Ok(f) => f,
        Err(rejection) => {
            let id = gongzhi_app::care::reject_census(&state.app, &p, &name, &rejection).await?;
            return Ok(see_other(&format!("/staff/care/census/{id}")).into_response());
        }
    };
    let round = if round.trim().is_empty() {
        gongzhi_app::care::default_round(&state.app)
    } else {
        round
    };
    let id = match gongzhi_app::care::start_census(&state.app, &p, &name, &round, &reference, &file)
        .await
    {
        Ok(id) => id,
        // A reference date that is no date, or in the future: said beside the form.
        Err(gongzhi_app::AppError::Invalid(e)) => {
            let code = e.0.first().map_or("invalid", |f| f.code);
            return Ok(see_other(&format!("/staff/care/census?error={code}")).into_response());
        }
        Err(e) => return Err(e.into()),
    };
    let app = state.app.clone();
    let actor = p.actor(state.now());
    let job = id.clone();
    // The import runs on after the redirect; its progress is in the database, so any app server shows it.
    tokio::spawn(async move {
        if let Err(e) = gongzhi_app::care::run_census(&app, &actor, &job, &file, |_, _| {}).await {
            tracing::error!(import = %job, cause = %e, "census import stopped");
        }
    });
    Ok(see_other(&format!("/staff/care/census/{id}")).into_response())
}

#[derive(Template)]
#[template(path = "care_census_progress.html")]
struct ProgressPage {
    ctx: PageCtx,
    i: CensusImportItem,
    percent: i64,
}

async fn census_progress(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    let i = gongzhi_app::care::census_import(&state.app, &staff.principal(&addr), &id).await?;
    let percent = if i.total_rows == 0 {
        100
    } else {
        i.done_rows * 100 / i.total_rows
    };
    let mut r = render(&ProgressPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        i: import_item(&i),
        percent,
    });
    if i.status == "running" {
        r.headers_mut()
            .insert(header::REFRESH, HeaderValue::from_static("1"));
    }
    Ok(r)
}

async fn census_report(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    let i = gongzhi_app::care::census_import(&state.app, &staff.principal(&addr), &id).await?;
    if i.report.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(super::api::csv_response(
        &format!("census-errors-{}.csv", &i.id[..8]),
        i.report,
    ))
}
