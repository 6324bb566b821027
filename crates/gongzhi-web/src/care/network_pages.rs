//! The care network's pages: the public directory of facilities by street, the carers' delivery form and month
//! (with the subsidy on each receipt), officers' verification, care plans on the elder's page (propose, record the
//! answer), monthly settlements (enter, check, settle; a spreadsheet and a printable report), and the accident
//! roster with its export.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use gongzhi_app::care::services::{ServiceInput, month_of};
use gongzhi_domain::care::Need;
use gongzhi_domain::care::ltc::SettlementStatus;
use gongzhi_domain::care::services::{Meal, Place};
use gongzhi_domain::org::{Role, UnitKind};
use gongzhi_domain::powers::format_yuan;
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::PageRequest;

use super::network::{
    FacilityItem, ServiceItem, SettlementItem, SettlementLineItem, facility_item, line_item,
    service_item, settlement_item,
};
use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, MaybeStaff, QueryData, ReqLang, Staff};
use crate::page::{PageCtx, after_form, refusal_message, render};
use crate::state::AppState;
use gongzhi_domain::export::csv_cell;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/care/facilities", get(directory))
        .route("/staff/care/services", get(services_page).post(record))
        .route("/staff/care/services/verify", post(verify))
        .route("/staff/care/elders/{id}/plan", post(propose))
        .route("/staff/care/elders/{id}/insurance", post(insurance))
        .route(
            "/staff/care/elders/{id}/insurance/check",
            post(check_contribution),
        )
        .route("/staff/care/plans/{id}/decision", post(decide))
        .route("/staff/care/settlements", get(settlements_page).post(enter))
        .route("/staff/care/settlements/{id}", get(settlement_page))
        .route(
            "/staff/care/settlements/{id}/export.csv",
            get(settlement_csv),
        )
        .route("/staff/care/settlements/{id}/{step}", post(advance))
        .route("/staff/care/roster", get(roster_page).post(build_roster))
        .route("/staff/care/roster.csv", get(roster_csv))
        .route("/staff/care/rules", get(rules_page))
        .route("/staff/care/services/{id}/receipt", get(receipt))
}

#[derive(Template)]
#[template(path = "care_receipt.html")]
struct ReceiptPage {
    ctx: PageCtx,
    r: ServiceItem,
    facility: String,
    elder: String,
    rule: String,
    when: String,
}

impl ReceiptPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
}

/// A delivery's receipt (printable): the bill, the subsidy and the rule that gave it, what the elder paid.
async fn receipt(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    let (r, f) =
        gongzhi_app::care::services::record(&state.app, &staff.principal(&addr), &id).await?;
    let elder = state.reads.elder(&r.elder_id).await?.name;
    let rule = match &r.subsidy_rule {
        Some(code) => state
            .reads
            .subsidy_rules()
            .await?
            .into_iter()
            .find(|x| &x.code == code)
            .map(|x| x.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    Ok(render(&ReceiptPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        when: gongzhi_domain::format_local(r.started_at),
        r: service_item(&r),
        facility: f.name,
        elder,
        rule,
    }))
}

#[derive(Template)]
#[template(path = "care_rules.html")]
struct RulesPage {
    ctx: PageCtx,
    rules: super::network::RulesItem,
    bands: Vec<gongzhi_domain::care::BandVersion>,
    active: String,
}

impl RulesPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
    fn level(&self, l: &u8) -> &'static str {
        self.ctx.care_level(l)
    }
    fn level_n(&self, l: &i64) -> &'static str {
        self.ctx.care_level(&(*l as u8))
    }
    fn band_names(&self) -> [&'static str; 4] {
        ["能力完好", "轻度受损", "中度受损", "重度受损"]
    }
}

/// The rules in force: subsidies, benefits by level, and the bands and matrix of every version.
async fn rules_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
) -> Result<Response, AppError> {
    gongzhi_app::care::elder_scope(&staff.principal(&addr))?;
    Ok(render(&RulesPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        rules: super::network::rules_item(&state).await?,
        bands: gongzhi_app::care::band_versions(&state.app).await?,
        active: gongzhi_app::care::active_bands(&state.app).await?.code,
    }))
}

/// Fen as yuan for people: `¥1,234.50`.
pub(crate) fn yuan(fen: &i64) -> String {
    format!("¥{}", format_yuan(*fen))
}

fn month_text(m: i64) -> String {
    format!("{:04}-{:02}", m / 100, m % 100)
}

fn parse_month(raw: &str) -> Option<i64> {
    let (y, m) = raw.trim().split_once('-')?;
    let month = y.parse::<i64>().ok()? * 100 + m.parse::<i64>().ok()?;
    (y.len() == 4 && m.len() == 2 && gongzhi_domain::care::ltc::valid_month(month)).then_some(month)
}

// --- the public directory ---------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "care_facilities.html")]
struct DirectoryPage {
    ctx: PageCtx,
    streets: Vec<(String, String)>,
    street: String,
    items: Vec<FacilityItem>,
}

impl DirectoryPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
}

async fn directory(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    query: QueryData,
) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    let street = super::network::street_param(&mut errors, query.0.get("street"), true);
    let names = super::api::unit_names(&state).await?;
    let units = state.reads.list_units().await?;
    let streets = units
        .iter()
        .filter(|u| u.unit.kind == UnitKind::Street)
        .map(|u| (u.unit.id.to_string(), u.unit.name.clone()))
        .collect();
    let covered = super::network::covered_now(&state).await?;
    let items = if street.is_some() || query.get("street").is_empty() {
        gongzhi_app::care::services::facilities(&state.app, street)
            .await?
            .iter()
            .map(|f| facility_item(f, &names, &covered))
            .collect()
    } else {
        Vec::new()
    };
    Ok(render(&DirectoryPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        streets,
        street: street.map(|s| s.to_string()).unwrap_or_default(),
        items,
    }))
}

// --- deliveries -------------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "care_services.html")]
struct ServicesPage {
    ctx: PageCtx,
    facility: Option<FacilityItem>,
    facilities: Vec<(String, String)>,
    officer: bool,
    month: String,
    items: Vec<(ServiceItem, String)>,
    total: i64,
    plan_elders: Vec<(String, String)>,
    now_local: String,
    message: String,
}

impl ServicesPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
    fn services(&self) -> Vec<&'static str> {
        self.facility
            .as_ref()
            .map(|f| {
                f.services
                    .iter()
                    .filter_map(|s| Need::parse(&s.service).map(|n| n.code()))
                    .collect()
            })
            .unwrap_or_default()
    }
    fn meals(&self) -> Vec<(&'static str, &'static str)> {
        Meal::ALL
            .iter()
            .map(|m| (m.code(), self.ctx.label("meal", m.code())))
            .collect()
    }
}

async fn services_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let p = staff.principal(&addr);
    let officer = staff.has(Role::CareAdmin);
    let names = super::api::unit_names(&state).await?;
    let all = gongzhi_app::care::services::facilities(&state.app, None).await?;
    let chosen = if officer {
        all.iter().find(|f| f.id == query.get("facility")).cloned()
    } else {
        Some(
            gongzhi_app::care::services::my_facility(&state.app, &p)
                .await?
                .ok_or(AppError::Forbidden)?,
        )
    };
    let month = parse_month(query.get("month")).unwrap_or_else(|| month_of(state.now()));
    let found = gongzhi_app::care::services::records(
        &state.app,
        &p,
        chosen.as_ref().map(|f| f.id.as_str()),
        month,
        PageRequest::new(1, 200),
    )
    .await?;
    let elders = super::api::elder_names(&state, found.items.iter().map(|r| &r.elder_id)).await?;
    let items = found
        .items
        .iter()
        .map(|r| {
            (
                service_item(r),
                elders.get(&r.elder_id).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let plans = match &chosen {
        Some(f) => state.reads.plans_for(&f.id, month_of(state.now())).await?,
        None => Vec::new(),
    };
    let planned = super::api::elder_names(&state, plans.iter().map(|p| &p.elder_id)).await?;
    let plan_elders: Vec<(String, String)> = plans
        .iter()
        .filter_map(|p| {
            planned
                .get(&p.elder_id)
                .map(|n| (p.elder_id.clone(), n.clone()))
        })
        .collect();
    let now = crate::page::local_input(state.now());
    let message = match query.get("done") {
        "" => refusal_message(lang, query.get("error")),
        "recorded" => lang.t("care.service_recorded").replace(
            "{subsidy}",
            &yuan(&query.get("subsidy").parse().unwrap_or(0)),
        ),
        "verified" => lang
            .t("care.services_verified")
            .replace("{n}", query.get("n")),
        _ => String::new(),
    };
    let covered = super::network::covered_now(&state).await?;
    Ok(render(&ServicesPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        facility: chosen.as_ref().map(|f| facility_item(f, &names, &covered)),
        facilities: if officer {
            all.iter().map(|f| (f.id.clone(), f.name.clone())).collect()
        } else {
            Vec::new()
        },
        officer,
        month: month_text(month),
        items,
        total: found.total,
        plan_elders,
        now_local: now,
        message,
    }))
}

async fn record(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let p = staff.principal(&addr);
    let facility_id = form.get("facility_id").to_owned();
    let back = format!(
        "/staff/care/services?facility={}",
        crate::codec::encode_component(&facility_id)
    );
    // The elder by the plan list, or by ID number.
    let elder_id = if !form.get("elder_id").is_empty() {
        form.get("elder_id").to_owned()
    } else {
        let number = form.get("id_number").trim().to_ascii_uppercase();
        match gongzhi_app::care::services::elder_by_id_number(&state.app, &p, &facility_id, &number)
            .await
        {
            Ok(id) => id,
            Err(gongzhi_app::AppError::NotFound) => {
                return Ok(
                    crate::page::see_other(&format!("{back}&error=unknown_elder")).into_response(),
                );
            }
            Err(e) => {
                return after_form(Err::<(), _>(e), &back, &back);
            }
        }
    };
    let started_at = crate::page::parse_local_datetime(form.get("started_at"));
    let Some(started_at) = started_at else {
        return Ok(crate::page::see_other(&format!("{back}&error=not_an_instant")).into_response());
    };
    let input = ServiceInput {
        elder_id,
        facility_id,
        service: Need::parse(form.get("service")).unwrap_or(Need::Meals),
        started_at,
        minutes: form.get("minutes").parse().unwrap_or(0),
        place: Place::parse(form.get("place")).unwrap_or(Place::Home),
        meal: Meal::parse(form.get("meal")),
    };
    match gongzhi_app::care::services::record_service(&state.app, &p, &input).await {
        Ok(r) => Ok(crate::page::see_other(&format!(
            "{back}&done=recorded&subsidy={}",
            r.subsidy_fen
        ))
        .into_response()),
        Err(e) => after_form(Err::<(), _>(e), &back, &back),
    }
}

async fn verify(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let facility = form.get("facility_id").to_owned();
    let month = parse_month(form.get("month")).ok_or(AppError::MalformedForm)?;
    let back = format!(
        "/staff/care/services?facility={}&month={}",
        crate::codec::encode_component(&facility),
        month_text(month)
    );
    match gongzhi_app::care::services::verify_month(
        &state.app,
        &staff.principal(&addr),
        &facility,
        month,
    )
    .await
    {
        Ok(n) => Ok(crate::page::see_other(&format!("{back}&done=verified&n={n}")).into_response()),
        Err(e) => after_form(Err::<(), _>(e), &back, &back),
    }
}

// --- plans ------------------------------------------------------------------------------------------------------

async fn propose(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let id = super::api::id_param(&id)?;
    let back = format!("/staff/care/elders/{id}");
    after_form(
        gongzhi_app::care::services::propose_plan(&state.app, &staff.principal(&addr), &id).await,
        &format!("{back}?done=plan#plans"),
        &back,
    )
}

/// Enrolment and one contribution row from the elder's page (officers): the amount in yuan.
async fn insurance(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let id = super::api::id_param(&id)?;
    let p = staff.principal(&addr);
    let back = format!("/staff/care/elders/{id}");
    if let Some(c) = gongzhi_domain::care::ltc::Category::parse(form.get("category"))
        && let Err(e) = gongzhi_app::care::services::enrol(&state.app, &p, &id, c).await
    {
        return after_form(Err::<(), _>(e), &back, &back);
    }
    if !form.get("amount").is_empty() {
        let amount = gongzhi_domain::powers::parse_yuan(form.get("amount"));
        let payer = gongzhi_domain::care::ltc::Payer::parse(form.get("payer"));
        let (Some(amount), Some(payer), Ok(year)) =
            (amount, payer, form.get("year").parse::<i64>())
        else {
            return Ok(crate::page::see_other(&format!("{back}?error=invalid")).into_response());
        };
        let result =
            gongzhi_app::care::services::contribute(&state.app, &p, &id, year, payer, amount).await;
        return after_form(result, &format!("{back}?done=contribution#plans"), &back);
    }
    Ok(crate::page::see_other(&format!("{back}?done=enrolled#plans")).into_response())
}

/// A second officer confirms a contribution row from the elder's page.
async fn check_contribution(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let id = super::api::id_param(&id)?;
    let back = format!("/staff/care/elders/{id}");
    let payer = gongzhi_domain::care::ltc::Payer::parse(form.get("payer"));
    let (Some(payer), Ok(year)) = (payer, form.get("year").parse::<i64>()) else {
        return Ok(crate::page::see_other(&format!("{back}?error=invalid")).into_response());
    };
    let result = gongzhi_app::care::services::check_contribution(
        &state.app,
        &staff.principal(&addr),
        &id,
        year,
        payer,
    )
    .await;
    after_form(
        result,
        &format!("{back}?done=contribution_checked#plans"),
        &back,
    )
}

async fn decide(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let id = super::api::id_param(&id)?;
    let plan = state.reads.plan(&id).await?;
    let back = format!("/staff/care/elders/{}", plan.elder_id);
    let version: i64 = form
        .get("version")
        .parse()
        .map_err(|_| AppError::MalformedForm)?;
    let accept = form.get("accept") == "true";
    let result = gongzhi_app::care::services::decide_plan(
        &state.app,
        &staff.principal(&addr),
        &id,
        accept,
        form.get("decided_by"),
        form.get("note"),
        version,
    )
    .await;
    after_form(
        result,
        &format!(
            "{back}?done={}#plans",
            if accept {
                "plan_accepted"
            } else {
                "plan_declined"
            }
        ),
        &back,
    )
}

// --- settlements ------------------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "care_settlements.html")]
struct SettlementsPage {
    ctx: PageCtx,
    month: String,
    items: Vec<SettlementItem>,
    providers: Vec<(String, String)>,
    message: String,
}

impl SettlementsPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
}

async fn settlements_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let p = staff.principal(&addr);
    let this = month_of(state.now());
    let last = gongzhi_domain::care::ltc::previous_month(this);
    let month = parse_month(query.get("month")).unwrap_or(last);
    let found = gongzhi_app::care::services::settlements(&state.app, &p, month).await?;
    let all = gongzhi_app::care::services::facilities(&state.app, None).await?;
    let names: std::collections::HashMap<&str, &str> = all
        .iter()
        .map(|f| (f.id.as_str(), f.name.as_str()))
        .collect();
    Ok(render(&SettlementsPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        month: month_text(month),
        items: found
            .iter()
            .map(|s| settlement_item(s, names.get(s.facility_id.as_str()).copied().unwrap_or("")))
            .collect(),
        providers: all
            .iter()
            .filter(|f| f.home_care_slots > 0)
            .map(|f| (f.id.clone(), f.name.clone()))
            .collect(),
        message: refusal_message(lang, query.get("error")),
    }))
}

async fn enter(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let month = parse_month(form.get("month"));
    let back = format!(
        "/staff/care/settlements?month={}",
        crate::codec::encode_component(form.get("month"))
    );
    let Some(month) = month else {
        return Ok(crate::page::see_other(&format!("{back}&error=not_a_month")).into_response());
    };
    match gongzhi_app::care::services::enter_settlement(
        &state.app,
        &staff.principal(&addr),
        form.get("facility_id"),
        month,
    )
    .await
    {
        Ok(id) => Ok(
            crate::page::see_other(&format!("/staff/care/settlements/{id}?done=entered"))
                .into_response(),
        ),
        Err(e) => after_form(Err::<(), _>(e), &back, &back),
    }
}

#[derive(Template)]
#[template(path = "care_settlement.html")]
struct SettlementPage {
    ctx: PageCtx,
    s: SettlementItem,
    lines: Vec<(SettlementLineItem, String)>,
    officer: bool,
    /// Who entered, checked and settled it, by name.
    people: [String; 3],
    /// The caller did the step before the next one, so may not do the next (maker-checker).
    did_last_step: bool,
    message: String,
}

impl SettlementPage {
    fn yuan(&self, fen: &i64) -> String {
        yuan(fen)
    }
    fn month(&self) -> String {
        month_text(self.s.month)
    }
    fn service(&self, code: &str) -> &'static str {
        self.ctx.label("need", code)
    }
}

async fn settlement_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
    query: QueryData,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    let (s, lines, f) =
        gongzhi_app::care::services::settlement(&state.app, &staff.principal(&addr), &id).await?;
    let names = super::api::elder_names(&state, lines.iter().map(|l| &l.line.elder_id)).await?;
    let named = lines
        .iter()
        .map(|l| {
            (
                line_item(l),
                names.get(&l.line.elder_id).cloned().unwrap_or_default(),
            )
        })
        .collect();
    let message = match query.get("done") {
        "" => refusal_message(lang, query.get("error")),
        done => lang
            .try_t(&format!("care.done_{done}"))
            .unwrap_or("")
            .to_owned(),
    };
    let by = [&s.entered_by, &s.checked_by, &s.settled_by];
    let ids: Vec<gongzhi_domain::org::UserId> = by
        .iter()
        .filter_map(|u| u.as_deref().and_then(gongzhi_domain::org::UserId::parse))
        .collect();
    let who = state.reads.user_names(&ids).await?;
    let people = by.map(|u| {
        u.as_deref()
            .and_then(gongzhi_domain::org::UserId::parse)
            .and_then(|u| who.get(&u).cloned())
            .unwrap_or_default()
    });
    let me = Some(staff.session.user.id.to_string());
    let did_last_step = match s.status {
        SettlementStatus::Entered => s.entered_by == me,
        SettlementStatus::Checked => s.checked_by == me,
        SettlementStatus::Settled => false,
    };
    let officer = staff.has(Role::CareAdmin);
    Ok(render(&SettlementPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        s: settlement_item(&s, &f.name),
        lines: named,
        officer,
        people,
        did_last_step,
        message,
    }))
}

async fn advance(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path((id, step)): Path<(String, String)>,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let id = super::api::id_param(&id)?;
    let to = match step.as_str() {
        "check" => SettlementStatus::Checked,
        "settle" => SettlementStatus::Settled,
        _ => return Err(AppError::NotFound),
    };
    let version: i64 = form
        .get("version")
        .parse()
        .map_err(|_| AppError::MalformedForm)?;
    let back = format!("/staff/care/settlements/{id}");
    after_form(
        gongzhi_app::care::services::advance(&state.app, &staff.principal(&addr), &id, to, version)
            .await,
        &format!("{back}?done={}", to.code()),
        &back,
    )
}

/// The settlement report as a spreadsheet (CSV with a BOM): one line per record, and the totals.
async fn settlement_csv(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    Path(id): Path<String>,
) -> Result<Response, AppError> {
    let id = super::api::id_param(&id)?;
    let (s, lines, f) =
        gongzhi_app::care::services::settlement(&state.app, &staff.principal(&addr), &id).await?;
    let y = |fen: i64| format_yuan(fen).replace(',', "");
    let mut out = String::from(
        "\u{feff}机构,月份,日期,老人,服务,金额（元）,基金支付（元）,个人自付（元）,超限额自付（元）,拒付原因\n",
    );
    let names = super::api::elder_names(&state, lines.iter().map(|l| &l.line.elder_id)).await?;
    for l in &lines {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{}\n",
            csv_cell(&f.name),
            month_text(s.month),
            super::api::ymd_text(l.local_day),
            csv_cell(
                names
                    .get(&l.line.elder_id)
                    .map(String::as_str)
                    .unwrap_or("")
            ),
            l.service.label(),
            y(l.line.amount_fen),
            y(l.line.fund_fen),
            y(l.line.self_fen),
            y(l.line.over_cap_fen),
            csv_cell(l.line.rejected.as_deref().unwrap_or(""))
        ));
    }
    let t = &s.totals;
    out.push_str(&format!(
        "{},{},合计,,{} 条,{},{},{},{},拒付 {}\n",
        csv_cell(&f.name),
        month_text(s.month),
        t.lines,
        y(t.amount_fen),
        y(t.fund_fen),
        y(t.self_fen),
        y(t.over_cap_fen),
        y(t.rejected_fen)
    ));
    Ok(super::api::csv_response(
        &format!("settlement-{}-{}.csv", s.month, &s.id[..8]),
        out,
    ))
}

// --- the accident roster ----------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "care_roster.html")]
struct RosterPage {
    ctx: PageCtx,
    year: i64,
    total: i64,
    page: u32,
    pages: u32,
    items: Vec<(String, String, String, String)>,
    message: String,
}

async fn roster_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let year = query
        .get("year")
        .parse::<i64>()
        .ok()
        .filter(|y| (2000..=2200).contains(y))
        .unwrap_or_else(|| i64::from(gongzhi_domain::calendar::local_date(state.now()).year()));
    let page = query
        .get("page")
        .parse::<u32>()
        .ok()
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let found = gongzhi_app::care::services::roster(
        &state.app,
        &staff.principal(&addr),
        year,
        Some(PageRequest::new(page, 100)),
    )
    .await?;
    let names = super::api::unit_names(&state).await?;
    let message = match query.get("done") {
        "" => refusal_message(lang, query.get("error")),
        _ => lang.t("care.roster_built").replace("{n}", query.get("n")),
    };
    Ok(render(&RosterPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        year,
        total: found.total,
        page: found.page,
        pages: found.pages(),
        items: found
            .items
            .iter()
            .map(|r| {
                (
                    r.name.clone(),
                    gongzhi_domain::care::mask_id(&r.id_number),
                    names.get(&r.street_id).cloned().unwrap_or_default(),
                    r.insurer.clone(),
                )
            })
            .collect(),
        message,
    }))
}

async fn build_roster(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    staff.check_csrf(&form)?;
    let year: i64 = form.get("year").parse().unwrap_or(0);
    let back = format!("/staff/care/roster?year={year}");
    match gongzhi_app::care::services::build_roster_as(
        &state.app,
        &staff.principal(&addr),
        year,
        form.get("insurer"),
    )
    .await
    {
        Ok(n) => Ok(crate::page::see_other(&format!("{back}&done=built&n={n}")).into_response()),
        Err(e) => after_form(Err::<(), _>(e), &back, &back),
    }
}

/// The roster as a spreadsheet (CSV with a BOM) for the insurer: officers see ID numbers in full, as the insurer
/// needs them.
async fn roster_csv(
    State(state): State<AppState>,
    staff: Staff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let year = query
        .get("year")
        .parse::<i64>()
        .ok()
        .filter(|y| (2000..=2200).contains(y))
        .ok_or(AppError::NotFound)?;
    let found =
        gongzhi_app::care::services::roster(&state.app, &staff.principal(&addr), year, None)
            .await?;
    let names = super::api::unit_names(&state).await?;
    let mut out =
        String::from("\u{feff}姓名,公民身份号码,街道,保险公司,保单号,起保日期,终止日期\n");
    for r in &found.items {
        out.push_str(&format!(
            "{},{},{},{},{},{},{}\n",
            csv_cell(&r.name),
            r.id_number,
            csv_cell(&names.get(&r.street_id).cloned().unwrap_or_default()),
            csv_cell(&r.insurer),
            csv_cell(&r.policy_no),
            super::api::ymd_text(r.period_from),
            super::api::ymd_text(r.period_until)
        ));
    }
    Ok(super::api::csv_response(
        &format!("accident-roster-{year}.csv"),
        out,
    ))
}
