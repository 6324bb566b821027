//! Cases over HTTP: the resident's form and tracking page, the staff list and case page, and the same in JSON.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;

use gongzhi_domain::accounts::{MAX_TRACK_FAILURES_PER_ADDRESS, THROTTLE_WINDOW_MS};
use gongzhi_domain::cases::{
    Case, CaseInput, CaseKind, CaseNo, Channel, NewCase, PublicCaseView, mask_phone, parse_last4,
};
use gongzhi_domain::geo::{self, GeoPoint};
use gongzhi_domain::org::{CasePlace, Role, UnitId};
use gongzhi_domain::validation::ValidationErrors;
use gongzhi_store::cases::CaseFilter;
use gongzhi_store::{Actor, PageRequest, now_ms};

use crate::AppState;
use crate::error::AppError;
use crate::extract::{ClientAddr, FormData, JsonObject, MaybeStaff, QueryData, ReqLang, Staff, merge_errors};
use crate::i18n::Lang;
use crate::pages::{PageCtx, render};

/// A point further than this from every community centre lies outside the district and is left for a dispatcher.
const MAX_COMMUNITY_DISTANCE_M: f64 = 3_000.0;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/submit", get(submit_page).post(submit_form))
        .route("/track", get(track_page))
        .route("/staff/cases", get(list_page))
        .route("/staff/cases/{case_no}", get(case_page))
        .route("/api/v1/cases", post(api_create).get(api_list))
        .route("/api/v1/cases/{case_no}", get(api_get))
        .route("/api/v1/track", get(api_track))
}

/// Places a point in its community and street: the nearest community centre within reach.
async fn place(state: &AppState, point: Option<GeoPoint>) -> Result<CasePlace, AppError> {
    let Some(point) = point else { return Ok(CasePlace::default()) };
    let centres: Vec<((UnitId, UnitId), GeoPoint)> =
        state.store.community_centres().await?.into_iter().map(|(c, s, p)| ((c, s), p)).collect();
    Ok(match geo::nearest(point, &centres, MAX_COMMUNITY_DISTANCE_M) {
        Some(((community, street), _)) => {
            CasePlace { street_id: Some(street), community_id: Some(community), accountable_unit_id: None }
        }
        None => CasePlace::default(),
    })
}

/// Validates nothing: stores an already validated intake, placed by its map point.
async fn register(state: &AppState, actor: &Actor, case: &NewCase) -> Result<Case, AppError> {
    let place = place(state, case.point).await?;
    let stored = state.store.insert_case(actor, case, place, actor.at, None).await?;
    tracing::info!(case_no = %stored.case_no, kind = case.kind.code(), channel = case.channel.code(), "case received");
    Ok(stored)
}

fn form_input(form: &FormData) -> CaseInput {
    CaseInput {
        kind: form.get("kind").into(),
        title: form.get("title").into(),
        description: form.get("description").into(),
        address: form.get("address").into(),
        lat: form.get("lat").into(),
        lon: form.get("lon").into(),
        name: form.get("name").into(),
        phone: form.get("phone").into(),
    }
}

#[derive(Template)]
#[template(path = "submit.html")]
struct SubmitPage {
    ctx: PageCtx,
    input: CaseInput,
    errors: ValidationErrors,
    kinds: Vec<(&'static str, &'static str)>,
}

impl SubmitPage {
    fn error(&self, field: &str) -> &'static str {
        self.errors.code_for(field).map(|c| self.ctx.err(c)).unwrap_or("")
    }
}

fn kind_options(lang: Lang, kinds: &[CaseKind]) -> Vec<(&'static str, &'static str)> {
    kinds.iter().map(|k| (k.code(), lang.t(&format!("kind.{}", k.code())))).collect()
}

async fn submit_page(ReqLang(lang): ReqLang, MaybeStaff(staff): MaybeStaff) -> Response {
    let input = CaseInput { kind: "help".into(), ..Default::default() };
    render(&SubmitPage {
        ctx: PageCtx::new(lang, staff.as_ref()),
        input,
        errors: ValidationErrors::default(),
        kinds: kind_options(lang, &CaseKind::PUBLIC),
    })
}

#[derive(Template)]
#[template(path = "submitted.html")]
struct SubmittedPage {
    ctx: PageCtx,
    case_no: String,
    last4: String,
}

async fn submit_form(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    form: FormData,
) -> Result<Response, AppError> {
    let input = form_input(&form);
    match input.validate(Channel::Web, &CaseKind::PUBLIC) {
        Ok(case) => {
            let stored = register(&state, &Actor::resident(addr.0, now_ms()), &case).await?;
            Ok(render(&SubmittedPage {
                ctx: PageCtx::new(lang, staff.as_ref()),
                case_no: stored.case_no.to_string(),
                last4: case.phone.last4().to_owned(),
            }))
        }
        Err(errors) => {
            let mut r = render(&SubmitPage {
                ctx: PageCtx::new(lang, staff.as_ref()),
                input,
                errors,
                kinds: kind_options(lang, &CaseKind::PUBLIC),
            });
            *r.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(r)
        }
    }
}

/// Outcome of a tracking attempt.
enum Tracked {
    Found(PublicCaseView),
    NotFound,
    Throttled,
}

/// Looks a case up for the public, counting misses per address so case numbers cannot be enumerated.
async fn track(state: &AppState, addr: &ClientAddr, case_no: &str, last4: &str) -> Result<Tracked, AppError> {
    let now = now_ms();
    let since = now - THROTTLE_WINDOW_MS;
    let key = format!("track:addr:{}", addr.0);
    if state.store.count_failures(&key, since).await? >= MAX_TRACK_FAILURES_PER_ADDRESS {
        return Ok(Tracked::Throttled);
    }
    let found = match (CaseNo::parse(case_no), parse_last4(last4)) {
        (Some(no), Some(last4)) => state.store.track_case(&no, &last4).await?,
        _ => None,
    };
    match found {
        Some(view) => Ok(Tracked::Found(view)),
        None => {
            state.store.record_failure(&key, now, since).await?;
            Ok(Tracked::NotFound)
        }
    }
}

#[derive(Template)]
#[template(path = "track.html")]
struct TrackPage {
    ctx: PageCtx,
    case_no: String,
    last4: String,
    message: &'static str,
    view: Option<PublicCaseView>,
}

async fn track_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    query: QueryData,
) -> Result<Response, AppError> {
    let case_no = query.get("case_no").trim().to_owned();
    let last4 = query.get("last4").trim().to_owned();
    let ctx = PageCtx::new(lang, staff.as_ref());
    if case_no.is_empty() && last4.is_empty() {
        return Ok(render(&TrackPage { ctx, case_no, last4, message: "", view: None }));
    }
    let (message, view, status) = match track(&state, &addr, &case_no, &last4).await? {
        Tracked::Found(view) => ("", Some(view), StatusCode::OK),
        Tracked::NotFound => (lang.t("track.not_found"), None, StatusCode::NOT_FOUND),
        Tracked::Throttled => (lang.t("track.throttled"), None, StatusCode::TOO_MANY_REQUESTS),
    };
    let mut r = render(&TrackPage { ctx, case_no, last4, message, view });
    *r.status_mut() = status;
    Ok(r)
}

/// A case row as the staff pages show it.
struct CaseRow {
    case: Case,
    place: String,
    phone: String,
}

/// Staff who must call residents see the whole number; everyone else a masked one.
fn phone_for(staff: &Staff, phone: &str) -> String {
    if staff.session.user.roles.iter().any(|r| r.calls_residents()) { phone.to_owned() } else { mask_phone(phone) }
}

async fn unit_names(state: &AppState) -> Result<HashMap<UnitId, String>, AppError> {
    Ok(state.store.list_units().await?.into_iter().map(|u| (u.unit.id, u.unit.name)).collect())
}

fn place_name(names: &HashMap<UnitId, String>, case: &Case, lang: Lang) -> String {
    match (case.street_id.and_then(|s| names.get(&s)), case.community_id.and_then(|c| names.get(&c))) {
        (Some(s), Some(c)) => format!("{s} · {c}"),
        (Some(s), None) => s.clone(),
        _ => lang.t("cases.unplaced").to_owned(),
    }
}

fn require_case_worker(staff: &Staff) -> Result<(), AppError> {
    if staff.session.user.roles.iter().any(|r| r.works_cases()) { Ok(()) } else { Err(AppError::Forbidden) }
}

#[derive(Template)]
#[template(path = "cases_list.html")]
struct ListPage {
    ctx: PageCtx,
    rows: Vec<CaseRow>,
    total: i64,
    page: u32,
    pages: u32,
    kind: String,
    kinds: Vec<(&'static str, &'static str)>,
}

impl ListPage {
    fn page_link(&self, page: u32) -> String {
        if self.kind.is_empty() { format!("?page={page}") } else { format!("?page={page}&kind={}", self.kind) }
    }
}

async fn list_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    query: QueryData,
) -> Result<Response, AppError> {
    require_case_worker(&staff)?;
    let kind = CaseKind::parse(query.get("kind"));
    let filter = CaseFilter { kind, ..CaseFilter::new(staff.scope(), now_ms()) };
    let page = state.store.list_cases(&filter, PageRequest::new(query.page(), 20)).await?;
    let names = unit_names(&state).await?;
    let pages = page.pages();
    let rows = page
        .items
        .into_iter()
        .map(|case| CaseRow { place: place_name(&names, &case, lang), phone: phone_for(&staff, &case.phone), case })
        .collect();
    Ok(render(&ListPage {
        ctx: PageCtx::new(lang, Some(&staff)),
        rows,
        total: page.total,
        page: page.page,
        pages,
        kind: kind.map(|k| k.code().to_owned()).unwrap_or_default(),
        kinds: kind_options(lang, &CaseKind::ALL),
    }))
}

/// The case, if it exists and the staff member's scope covers it; otherwise `NotFound` either way, so the answer
/// does not reveal that a case outside one's scope exists.
async fn visible_case(state: &AppState, staff: &Staff, case_no: &str) -> Result<Case, AppError> {
    require_case_worker(staff)?;
    let no = CaseNo::parse(case_no).ok_or(AppError::NotFound)?;
    let case = state.store.get_case_by_no(&no).await?;
    if staff.scope().allows(case.place()) { Ok(case) } else { Err(AppError::NotFound) }
}

#[derive(Template)]
#[template(path = "case_detail.html")]
struct CasePage {
    ctx: PageCtx,
    row: CaseRow,
    timeline: Vec<gongzhi_domain::cases::TimelineEntry>,
}

async fn case_page(
    State(state): State<AppState>,
    ReqLang(lang): ReqLang,
    staff: Staff,
    Path(case_no): Path<String>,
) -> Result<Response, AppError> {
    let case = visible_case(&state, &staff, &case_no).await?;
    let timeline = state.store.case_timeline(case.id, false).await?;
    let names = unit_names(&state).await?;
    let row = CaseRow { place: place_name(&names, &case, lang), phone: phone_for(&staff, &case.phone), case };
    Ok(render(&CasePage { ctx: PageCtx::new(lang, Some(&staff)), row, timeline }))
}

fn json_input(body: &JsonObject) -> (CaseInput, ValidationErrors, String) {
    let mut errors = ValidationErrors::default();
    let input = CaseInput {
        kind: body.string(&mut errors, "kind"),
        title: body.string(&mut errors, "title"),
        description: body.string(&mut errors, "description"),
        address: body.string(&mut errors, "address"),
        lat: body.number(&mut errors, "lat"),
        lon: body.number(&mut errors, "lon"),
        name: body.string(&mut errors, "name"),
        phone: body.string(&mut errors, "phone"),
    };
    let channel = body.string(&mut errors, "channel");
    (input, errors, channel)
}

/// `POST /api/v1/cases`: public intake (channel `api`, the residents' kinds), or staff intake with a Bearer token of
/// an intake operator or dispatcher, who may also give the channel and register petitions and disputes.
async fn api_create(
    State(state): State<AppState>,
    MaybeStaff(staff): MaybeStaff,
    addr: ClientAddr,
    body: JsonObject,
) -> Result<Response, AppError> {
    let (input, mut errors, channel_code) = json_input(&body);
    let intake_staff = staff.as_ref().filter(|s| s.has(Role::Intake) || s.has(Role::Dispatcher));
    let (channel, kinds): (Channel, &[CaseKind]) = match intake_staff {
        Some(_) if !channel_code.is_empty() => match Channel::parse(&channel_code) {
            Some(c) => (c, &CaseKind::ALL),
            None => {
                errors.add("channel", "invalid_choice");
                (Channel::Api, &CaseKind::ALL)
            }
        },
        Some(_) => (Channel::Api, &CaseKind::ALL),
        None => (Channel::Api, &CaseKind::PUBLIC),
    };
    let validated = input.validate(channel, kinds);
    let case = match validated {
        Ok(case) if errors.is_empty() => case,
        Ok(_) => return Err(AppError::Validation(errors)),
        Err(domain_errors) => return Err(AppError::Validation(merge_errors(errors, Some(domain_errors)))),
    };
    let actor = match intake_staff {
        Some(s) => s.actor(&addr),
        None => Actor::resident(addr.0.clone(), now_ms()),
    };
    let stored = register(&state, &actor, &case).await?;
    let body = json!({
        "case_no": stored.case_no,
        "status": stored.status.code(),
        "kind": stored.kind.code(),
        "channel": stored.channel.code(),
        "received_at": iso(stored.received_at),
        "track_url": format!("/track?case_no={}", stored.case_no),
    });
    let location = format!("/api/v1/cases/{}", stored.case_no);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(body)).into_response())
}

fn iso(at: i64) -> String {
    jiff::Timestamp::from_millisecond(at).map(|t| t.to_string()).unwrap_or_default()
}

fn case_json(staff: &Staff, case: &Case) -> serde_json::Value {
    json!({
        "case_no": case.case_no,
        "kind": case.kind.code(),
        "channel": case.channel.code(),
        "status": case.status.code(),
        "title": case.title,
        "description": case.description,
        "address": case.address,
        "point": case.point.map(|p| json!({ "lat": p.lat, "lon": p.lon, "crs": "WGS84" })),
        "resident_name": case.resident_name,
        "phone": phone_for(staff, &case.phone),
        "street_id": case.street_id.map(|u| u.to_string()),
        "community_id": case.community_id.map(|u| u.to_string()),
        "accountable_unit": case.accountable_unit_id.map(|u| u.to_string()),
        "agent": case.agent_id.map(|u| u.to_string()),
        "received_at": iso(case.received_at),
    })
}

async fn api_get(State(state): State<AppState>, staff: Staff, Path(case_no): Path<String>) -> Result<Response, AppError> {
    let case = visible_case(&state, &staff, &case_no).await?;
    let timeline = state.store.case_timeline(case.id, false).await?;
    let mut body = case_json(&staff, &case);
    body["timeline"] = timeline
        .iter()
        .map(|e| json!({ "at": iso(e.at), "event": e.event, "public": e.public, "actor": e.actor, "note": e.note }))
        .collect();
    Ok(Json(body).into_response())
}

async fn api_list(State(state): State<AppState>, staff: Staff, query: QueryData) -> Result<Response, AppError> {
    require_case_worker(&staff)?;
    let kind = match query.get("kind") {
        "" => None,
        code => Some(CaseKind::parse(code).ok_or_else(|| {
            let mut e = ValidationErrors::default();
            e.add("kind", "invalid_choice");
            AppError::Validation(e)
        })?),
    };
    let per_page = query.get("per_page").parse().unwrap_or(20);
    let page = state.store.list_cases(&CaseFilter { kind, ..CaseFilter::new(staff.scope(), now_ms()) }, PageRequest::new(query.page(), per_page)).await?;
    Ok(Json(json!({
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
        "items": page.items.iter().map(|c| case_json(&staff, c)).collect::<Vec<_>>(),
    }))
    .into_response())
}

async fn api_track(State(state): State<AppState>, addr: ClientAddr, query: QueryData) -> Result<Response, AppError> {
    let mut errors = ValidationErrors::default();
    if CaseNo::parse(query.get("case_no")).is_none() {
        errors.add("case_no", if query.get("case_no").is_empty() { "required" } else { "invalid" });
    }
    if parse_last4(query.get("phone_last4")).is_none() {
        errors.add("phone_last4", if query.get("phone_last4").is_empty() { "required" } else { "invalid" });
    }
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    match track(&state, &addr, query.get("case_no"), query.get("phone_last4")).await? {
        Tracked::Found(view) => Ok(Json(json!({
            "case_no": view.case_no,
            "kind": view.kind.code(),
            "status": view.status.code(),
            "title": view.title,
            "received_at": iso(view.received_at),
            "timeline": view.timeline.iter().map(|e| json!({ "at": iso(e.at), "event": e.event, "note": e.note })).collect::<Vec<_>>(),
        }))
        .into_response()),
        Tracked::NotFound => Err(AppError::NotFound),
        Tracked::Throttled => Err(AppError::TooManyRequests),
    }
}
